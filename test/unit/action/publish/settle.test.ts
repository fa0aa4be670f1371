// What an ended loop leaves on GitHub: an approved PR out of draft (merged, or auto-merge when the merge
// is refused), the needs-human label on an escalated thread and off an approved one when asked.
import { describe, expect, it } from 'vitest';
import { NEEDS_HUMAN_LABEL, settleOnGitHub, type SettleScope } from '../../../../src/action/publish/settle.js';
import type { PullRef } from '../../../../src/action/github/pulls.js';
import type { Phase } from '../../../../src/core/state.js';

const PULL: PullRef = {
  number: 13, url: 'u', nodeId: 'PR_13', state: 'open', merged: false, draft: true, headRef: 'codex-cto/issue-12', headSha: 'abc123',
  headRepo: 'o/r', baseRef: 'main', author: 'github-actions[bot]', title: 't', body: '',
};

function scope(options: { autoMerge?: boolean; mergeRefused?: boolean; readyRefused?: boolean; stillDraft?: boolean } = {}) {
  const calls: string[] = [];
  const ctx: SettleScope = {
    issues: {
      addLabel: async (n, name) => void calls.push(`label ${n} +${name}`),
      removeLabel: async (n, name) => void calls.push(`label ${n} -${name}`),
    },
    pulls: {
      get: async (n) => {
        calls.push(`get ${n}`);
        return { ...PULL, draft: options.stillDraft ?? false };
      },
      markReady: async (pull) => {
        calls.push(`ready ${pull.number}`);
        if (options.readyRefused) throw new Error('refused');
      },
      merge: async (n, method, sha) => {
        calls.push(`merge ${n} ${method} ${sha}`);
        if (options.mergeRefused) throw new Error('required check pending');
      },
      enableAutoMerge: async (pull, method) => void calls.push(`auto-merge ${pull.number} ${method}`),
    },
    settings: { autoMerge: options.autoMerge ?? false, mergeMethod: 'squash' },
    log: (line) => calls.push(`log ${line}`),
  };
  return { ctx, calls };
}

const loop = (phase: Phase, extra: { pull?: PullRef | null; clearNeedsHuman?: boolean } = {}) => ({ pr: 13, issue: 12, phase, pull: PULL, clearNeedsHuman: false, ...extra });

describe('settleOnGitHub', () => {
  it('takes an approved PR out of draft, with the PR it was handed (no read)', async () => {
    const { ctx, calls } = scope();
    await settleOnGitHub(ctx, loop('approved'));
    expect(calls).toEqual(['ready 13']);
  });

  it('reads the PR when not handed it, and leaves a ready one as it is', async () => {
    const { ctx, calls } = scope();
    await settleOnGitHub(ctx, loop('approved', { pull: null }));
    expect(calls).toEqual(['get 13']);
  });

  it('takes a refused "ready" as done when someone else already marked the PR ready', async () => {
    const { ctx, calls } = scope({ readyRefused: true });
    await settleOnGitHub(ctx, loop('approved'));
    expect(calls).toEqual(['ready 13', 'get 13']);
    const still = scope({ readyRefused: true, stillDraft: true });
    await expect(settleOnGitHub(still.ctx, loop('approved'))).rejects.toThrow('refused');
  });

  it('merges with auto-merge on, and enables auto-merge when GitHub refuses the merge now', async () => {
    const merged = scope({ autoMerge: true });
    await settleOnGitHub(merged.ctx, loop('approved', { pull: { ...PULL, draft: false } }));
    expect(merged.calls).toEqual(['merge 13 squash abc123']);
    const refused = scope({ autoMerge: true, mergeRefused: true });
    await settleOnGitHub(refused.ctx, loop('approved', { pull: { ...PULL, draft: false } }));
    expect(refused.calls).toEqual(['merge 13 squash abc123', 'log Merging #13 now was refused (required check pending); enabling auto-merge instead', 'auto-merge 13 squash']);
  });

  it('takes the needs-human label off an approved loop only when asked (a review that approved a paused loop)', async () => {
    const { ctx, calls } = scope();
    await settleOnGitHub(ctx, loop('approved', { pull: { ...PULL, draft: false }, clearNeedsHuman: true }));
    expect(calls).toEqual([`label 12 -${NEEDS_HUMAN_LABEL}`]);
  });

  it('labels an escalated thread, the issue before the PR', async () => {
    const { ctx, calls } = scope();
    await settleOnGitHub(ctx, loop('escalated'));
    await settleOnGitHub(ctx, { ...loop('escalated'), issue: null });
    expect(calls).toEqual([`label 12 +${NEEDS_HUMAN_LABEL}`, `label 13 +${NEEDS_HUMAN_LABEL}`]);
  });

  it.each(['capped', 'aborted', 'failed', 'stopped', 'budget_exhausted', 'revise'] as const)('leaves GitHub as it is when the loop is %s', async (phase) => {
    const { ctx, calls } = scope({ autoMerge: true });
    await settleOnGitHub(ctx, loop(phase));
    expect(calls).toEqual([]);
  });
});
