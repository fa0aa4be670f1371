// The pull request a loop job publishes to: opened after the first push (looked for first only on a
// branch that was already on the remote), its head followed push by push, verdicts posted on that head.
import { describe, expect, it } from 'vitest';
import { LoopPullRequest, type PullRequestScope } from '../../../../src/action/publish/pull-request.js';
import type { WorkBranch } from '../../../../src/action/publish/work-branch.js';
import type { PullRef } from '../../../../src/action/github/pulls.js';
import { Tracker, type TrackingThread } from '../../../../src/action/tracking/tracker.js';
import type { Git } from '../../../../src/workspace/git.js';
import { NO_HIDDEN_CHARACTERS } from '../../../../src/core/model/trojan-source.js';
import { approveReview, loopState, samplePlan, trackingState } from '../../../support/render-fixtures.js';

const pull = (number: number): PullRef => ({
  number, url: `https://github.example/o/r/pull/${number}`, nodeId: `PR_${number}`, state: 'open', merged: false, draft: true,
  headRef: 'codex-cto/issue-12', headSha: 'old', headRepo: 'o/r', baseRef: 'main', author: 'github-actions[bot]', title: 't', body: '',
});

function setup(options: { reused?: boolean; open?: PullRef | null; issue?: number | null; headSha?: string } = {}) {
  const calls: string[] = [];
  const thread: TrackingThread = {
    createComment: async (n) => {
      calls.push(`comment on ${n}`);
      return { id: 9, nodeId: 'IC_9', url: 'u', body: '', author: { login: 'bot', type: 'Bot' } };
    },
    updateComment: async () => void calls.push('comment updated'),
    updateCommentReadingStatus: async () => ({ issue: null, pr: null, comments: [] }),
  };
  const issue = options.issue === undefined ? 12 : options.issue;
  const tracker = new Tracker({ issues: thread, thread: issue, commentId: issue === null ? null : 9, state: trackingState({ plan: samplePlan() }, { issue }), links: { runUrl: 'r', branchUrl: null, prUrl: null }, settings: { maxIterations: 5, maxBudgetUsd: 10, commandPrefix: '/cto' } });
  const ctx: PullRequestScope = {
    pulls: {
      findOpen: async (branch, base) => {
        calls.push(`find ${branch} -> ${base}`);
        return options.open ?? null;
      },
      create: async (input) => {
        calls.push(`create ${input.branch} -> ${input.base}, draft ${input.draft}: ${input.title}`);
        return pull(13);
      },
      get: async (n) => {
        calls.push(`get ${n}`);
        return pull(n);
      },
    },
    verdictTarget: () => ({
      pulls: {
        review: async (n: number, input: { commitSha: string; event: string }) => {
          calls.push(`review ${n} at ${input.commitSha} (${input.event})`);
          return 'review-url';
        },
        checkRun: async (input: { sha: string }) => void calls.push(`check at ${input.sha}`),
      } as never,
      reviewerPulls: null,
      reviewerLogin: null,
      detailsUrl: null,
      log: () => undefined,
    }),
    settings: { draftPr: true },
  };
  const work: WorkBranch = { branch: 'codex-cto/issue-12', base: 'main', baseSha: 'base', reused: options.reused ?? false };
  const job = { issue, objective: 'Add a shout option\nwith details', requester: 'mona' };
  const pr = new LoopPullRequest(ctx, job, tracker, work, {} as Git, options.headSha ?? '');
  return { pr, tracker, calls };
}

const reviewed = { type: 'reviewed' as const, iteration: 1, review: approveReview(), hiddenCharacters: NO_HIDDEN_CHARACTERS, earlierFindings: [], feedback: null, commit: null, state: loopState({ phase: 'approved', plan: samplePlan() }), artifact: 'a' };

describe('LoopPullRequest', () => {
  it('opens a draft PR after the first push of a new branch, without looking for one, and links it', async () => {
    const { pr, tracker, calls } = setup();
    await pr.pushed('sha1');
    expect(calls).toEqual(['create codex-cto/issue-12 -> main, draft true: codex-cto: Add a shout option']);
    expect(tracker.state.pr).toBe(13);
    expect(tracker.view().prUrl).toBe('https://github.example/o/r/pull/13');
    expect(pr.known()).toMatchObject({ number: 13, headSha: 'sha1' });
  });

  it('finds the open PR of a branch that was already on the remote before opening one', async () => {
    const found = setup({ reused: true, open: pull(21) });
    await found.pr.pushed('sha1');
    expect(found.calls).toEqual(['find codex-cto/issue-12 -> main']);
    expect(found.tracker.state.pr).toBe(21);
    const none = setup({ reused: true, open: null });
    await none.pr.pushed('sha1');
    expect(none.calls).toEqual(['find codex-cto/issue-12 -> main', expect.stringMatching(/^create /)]);
  });

  it('follows the head after the PR exists, asking nothing of GitHub', async () => {
    const { pr, calls } = setup();
    await pr.pushed('sha1');
    await pr.pushed('sha2');
    expect(calls).toHaveLength(1);
    expect(pr.known()?.headSha).toBe('sha2');
  });

  it('moves the tracking comment of a dispatch without an issue onto the new PR', async () => {
    const { pr, calls } = setup({ issue: null });
    await pr.pushed('sha1');
    expect(calls).toEqual([expect.stringMatching(/^create /), 'comment on 13']);
  });

  it('posts a verdict on the head last pushed, reading the PR author once', async () => {
    const { pr, calls } = setup();
    await pr.publishVerdict(reviewed, 5);
    expect(calls).toEqual([]);
    await pr.pushed('sha1');
    calls.length = 0;
    await pr.publishVerdict(reviewed, 5);
    expect(calls).toEqual(['review 13 at sha1 (COMMENT)', 'check at sha1']);
  });

  it('posts on a reused branch before any push: the PR found in the saved state, the head as checked out', async () => {
    const { pr, tracker, calls } = setup({ reused: true, headSha: 'sha0' });
    tracker.update({ pr: 21 });
    await pr.publishVerdict(reviewed, 5);
    expect(calls).toEqual(['get 21', 'review 21 at sha0 (COMMENT)', 'check at sha0']);
    // Known only once this run opened or found it.
    expect(pr.known()).toBe(null);
  });
});
