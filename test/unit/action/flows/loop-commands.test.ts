// The comment commands on the GitHub side, without agents: how each is acknowledged and logged, what a
// stop writes into the tracking comment, that each takes the loop's lock first, and that a loop another run
// holds (the person told who holds it and what to repeat), or no loop, is left alone.
import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../../../src/action/flows/loop-commands.js';
import type { FlowContext } from '../../../../src/action/flows/context.js';
import type { Trigger } from '../../../../src/action/event/trigger.js';
import type { CommentRef } from '../../../../src/action/github/issues.js';
import { readMarker, renderMarker, MARKER_PREFIX } from '../../../../src/action/tracking/state-marker.js';
import type { LoopCommand } from '../../../../src/core/loop-requests.js';
import type { TrackingState } from '../../../../src/core/model/schema-types.js';
import { trackingState } from '../../../support/render-fixtures.js';
import type { LoopLock } from '../../../../src/action/flows/lock-scope.js';

const BOT = 'github-actions[bot]';

const HELD: LoopLock = { held: true };

function world(saved: TrackingState | null, lock: LoopLock = HELD) {
  const calls: string[] = [];
  const written: string[] = [];
  const tracking: CommentRef[] = saved === null ? [] : [{ id: 501, nodeId: 'IC_501', url: '', body: renderMarker(saved), author: { login: BOT, type: 'Bot' } }];
  const ctx = {
    settings: { commandPrefix: '/cto', branchPrefix: 'codex-cto/', maxIterations: 5, escalateAfter: 3, maxBudgetUsd: 10, requirePlanApproval: false },
    runner: { runId: '900', runUrl: 'https://run/900', serverUrl: 'https://github.example', repo: { owner: 'o', repo: 'r' } },
    botLogin: BOT,
    redact: (text: string) => text,
    holdLoop: async (branch: string) => {
      calls.push(`lock ${branch}`);
      return lock;
    },
    log: (line: string) => calls.push(`log ${line}`),
    branchUrl: (branch: string) => `https://tree/${branch}`,
    pullUrl: (n: number) => `https://pull/${n}`,
    issues: {
      findComments: async (thread: number, prefix: string) => (prefix === MARKER_PREFIX && thread === 12 ? tracking : []),
      react: async (id: number, content: string) => void calls.push(`react ${id} ${content}`),
      createComment: async (thread: number, body: string) => void calls.push(`reply ${thread} ${body}`),
      updateComment: async (id: number, body: string) => {
        calls.push(`update ${id}`);
        written.push(body);
      },
    },
  } as unknown as FlowContext;
  return { ctx, calls, written };
}

function command(word: LoopCommand): Extract<Trigger, { kind: 'command' }> {
  return {
    kind: 'command',
    command: word,
    args: '',
    text: '',
    via: 'comment',
    target: { number: 12, title: 't', body: '', author: { login: 'mona', type: 'User' }, labels: [], locked: false, state: 'open', pullRequest: null },
    onPullRequest: false,
    comment: { id: 77, body: `/cto ${word}`, createdAt: '2026-01-01T00:00:00Z' },
    actor: { login: 'mona', type: 'User', id: 1 },
  };
}

describe('handleCommand', () => {
  it('stops an escalated loop: eyes on the comment, the tracking comment says who stopped it, nothing runs', async () => {
    const { ctx, calls, written } = world(trackingState({ phase: 'escalated', stop_reason: 'three revises' }));
    expect(await handleCommand(ctx, command('stop'))).toBe(null);
    expect(calls).toEqual(['lock codex-cto/issue-12', 'react 77 eyes', 'update 501']);
    const read = readMarker(written[0] ?? '', { login: BOT, type: 'Bot' }, BOT);
    expect(read.ok && read.state.loop).toMatchObject({ phase: 'stopped', stop_reason: '@mona asked to stop' });
    expect(read.ok && read.state.run).toBe(null);
  });

  it('acknowledges a stop of a loop that already ended, and says so in the log', async () => {
    const { ctx, calls } = world(trackingState({ phase: 'approved' }));
    await handleCommand(ctx, command('stop'));
    expect(calls).toEqual(['lock codex-cto/issue-12', 'react 77 eyes', 'log codex-cto: ignoring `/cto stop`: the loop already ended (approved).']);
  });

  it.each([
    ['approve', 'revise', 'the loop is revise, not waiting for plan approval'],
    ['continue', 'implementing', 'the loop is implementing; only a paused or ended loop can continue'],
  ] as const)('ignores `%s` on a loop that is %s, without a reaction', async (word, phase, why) => {
    const { ctx, calls } = world(trackingState({ phase }));
    await handleCommand(ctx, command(word));
    expect(calls).toEqual(['lock codex-cto/issue-12', `log codex-cto: ignoring \`/cto ${word}\`: ${why}.`]);
  });

  it('leaves a loop another run holds alone: a reply names the run and what to repeat; a stop gets eyes only', async () => {
    const busy: LoopLock = { held: false, holder: { run: { runId: '899', attempt: '2' }, takenAt: '2026-01-01T10:00:00.000Z' } };
    for (const word of ['stop', 'continue', 'approve', 'review'] as const) {
      const { ctx, calls } = world(trackingState({ phase: 'escalated' }), busy);
      expect(await handleCommand(ctx, command(word))).toBe(null);
      const again = word === 'continue' ? `\`/cto ${word}\` with your feedback again` : `\`/cto ${word}\` again`;
      expect(calls.filter((call) => !call.startsWith('log '))).toEqual([
        'lock codex-cto/issue-12',
        word === 'stop'
          ? 'react 77 eyes'
          : `reply 12 **codex-cto did not act on this:** [run 899](https://github.example/o/r/actions/runs/899/attempts/2) (attempt 2) is working on this loop (\`codex-cto/issue-12\`, since 2026-01-01T10:00:00.000Z), and one loop takes one run at a time. Once it has finished, comment ${again}.`,
      ]);
      expect(calls).toContainEqual(expect.stringMatching(/^log codex-cto: run 899 \(attempt 2, https:\/\/github.example\/o\/r\/actions\/runs\/899\/attempts\/2\) is already working on the loop on codex-cto\/issue-12/));
    }
  });

  it('ignores a command on a thread without a loop', async () => {
    const { ctx, calls } = world(null);
    await handleCommand(ctx, command('continue'));
    expect(calls).toEqual(['lock codex-cto/issue-12', 'log codex-cto: `/cto continue` on #12: no codex-cto loop found here; ignoring.']);
  });
});
