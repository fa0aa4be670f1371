// The tracking comment as the tracker writes it: created once, then edited in place only when it
// changes; told where it lives and which phase it shows; the iteration cap read from the loop's state;
// and found again by later runs only in the bot's own comments.
import { describe, expect, it } from 'vitest';
import { admit } from '../../../../src/core/lifecycle.js';
import type { CommentRef, LoopStatus } from '../../../../src/action/github/issues.js';
import { findTracking, Tracker, type TrackingThread } from '../../../../src/action/tracking/tracker.js';
import { MARKER_PREFIX, readMarker, renderMarker } from '../../../../src/action/tracking/state-marker.js';
import { iteration, loopState, trackingState } from '../../../support/render-fixtures.js';

const BOT = 'github-actions[bot]';
const SETTINGS = { maxIterations: 1, maxBudgetUsd: 10, commandPrefix: '/cto' };
const LINKS = { runUrl: 'https://github.example/o/r/actions/runs/1', branchUrl: null, prUrl: null };
const STATUS: LoopStatus = { issue: { state: 'OPEN', locked: false, labels: [] }, pr: null, comments: [] };

/** A thread that keeps the comment bodies written to it, in order. */
function thread() {
  const writes: string[] = [];
  const issues: TrackingThread = {
    createComment: async (_number, body) => {
      writes.push(`create ${body.length}`);
      return { id: 501, nodeId: 'IC_501', url: 'https://github.example/o/r/issues/12#issuecomment-501', body, author: { login: BOT, type: 'Bot' } };
    },
    updateComment: async (id, body) => {
      writes.push(`update ${id}`);
      bodies.push(body);
    },
    updateCommentReadingStatus: async (nodeId) => {
      writes.push(`update+read ${nodeId}`);
      return STATUS;
    },
  };
  const bodies: string[] = [];
  return { issues, writes, bodies };
}

describe('Tracker', () => {
  it('creates the comment once, edits it afterwards, and skips a write that changes nothing', async () => {
    const { issues, writes } = thread();
    const seen: string[] = [];
    const tracker = new Tracker({ issues, thread: 12, commentId: null, state: trackingState(), links: LINKS, settings: SETTINGS, now: () => 0, onWritten: (t, c, p) => seen.push(`${t}/${c}/${p}`) });
    await tracker.save();
    await tracker.save();
    tracker.update({ loop: loopState({ phase: 'implementing' }) });
    await tracker.save();
    expect(writes).toEqual([expect.stringMatching(/^create \d+$/), 'update 501']);
    expect(seen).toEqual(['12/501/planning', '12/501/implementing']);
    expect(tracker.url).toBe('https://github.example/o/r/issues/12#issuecomment-501');
  });

  it('reads the loop status back with the write once the comment has a node id', async () => {
    const { issues, writes } = thread();
    const tracker = new Tracker({ issues, thread: 12, commentId: 501, commentNodeId: 'IC_501', state: trackingState(), links: LINKS, settings: SETTINGS });
    expect(await tracker.saveReadingStatus(12, null)).toEqual(STATUS);
    // Nothing changed: no write, so nothing read either.
    expect(await tracker.saveReadingStatus(12, null)).toBe(null);
    expect(writes).toEqual(['update+read IC_501']);
  });

  it("marks the PR ready with the approved loop's last write, and falls back to a plain write when it cannot", async () => {
    const { issues, writes } = thread();
    let ready = true;
    issues.updateCommentMarkingReady = async (nodeId, _body, pull) => {
      writes.push(`update+ready ${nodeId} ${pull}`);
      return ready;
    };
    const tracker = new Tracker({ issues, thread: 12, commentId: 501, commentNodeId: 'IC_501', state: trackingState(), links: LINKS, settings: SETTINGS });
    expect(await tracker.saveMarkingReady('PR_7')).toBe(true);
    // Nothing changed: no write, and the PR is left for the caller to mark ready.
    expect(await tracker.saveMarkingReady('PR_7')).toBe(false);
    // GitHub wrote the comment but refused the move out of draft.
    ready = false;
    tracker.update({ loop: loopState({ phase: 'approved' }) });
    expect(await tracker.saveMarkingReady('PR_7')).toBe(false);
    // Without the PR's node id the comment is written on its own.
    tracker.update({ loop: loopState({ phase: 'implementing' }) });
    expect(await tracker.saveMarkingReady('')).toBe(false);
    expect(writes).toEqual(['update+ready IC_501 PR_7', 'update+ready IC_501 PR_7', 'update 501']);
  });

  it('writes nothing for a dispatch without a thread until the PR is there to attach to', async () => {
    const { issues, writes } = thread();
    const tracker = new Tracker({ issues, thread: null, commentId: null, state: trackingState({}, { issue: null }), links: LINKS, settings: SETTINGS });
    await tracker.save();
    expect(writes).toEqual([]);
    await tracker.attach(8);
    expect(writes).toHaveLength(1);
  });

  it('carries the state marker, so the state reads back as written', async () => {
    const { issues, bodies } = thread();
    const state = trackingState({ phase: 'implementing', max_iterations: 4 });
    const tracker = new Tracker({ issues, thread: 12, commentId: 501, state, links: LINKS, settings: SETTINGS });
    await tracker.save();
    const read = readMarker(bodies[0] ?? '', { login: BOT, type: 'Bot' }, BOT);
    expect(read.ok && read.state).toEqual(state);
  });

  it('after `/cto continue` on a loop capped at 1 iteration, shows "iteration 2 of 2" (was "2 of 1")', async () => {
    const capped = loopState({ phase: 'capped', iterations: [iteration(1)], plan: { objective: 'o', analysis: '', strategy: '', assumptions: [], open_questions: [], tasks: [], verification: [] }, max_iterations: 1 });
    const admission = admit({ kind: 'continue', feedback: null }, capped, { maxIterations: 1, escalateAfter: 1, maxBudgetUsd: 10, requirePlanApproval: false });
    if (admission.kind !== 'run') throw new Error(`continue was not admitted: ${admission.kind}`);
    const { issues, bodies } = thread();
    const tracker = new Tracker({ issues, thread: 12, commentId: 501, state: trackingState({ ...admission.state, phase: 'implementing' }), links: LINKS, settings: SETTINGS });
    await tracker.save();
    expect(tracker.view().maxIterations).toBe(2);
    expect(bodies[0]).toContain('### codex-cto: Implementing iteration 2 of 2');
  });

  it('falls back to the configured cap for a loop saved before caps were kept', () => {
    const { issues } = thread();
    const tracker = new Tracker({ issues, thread: 12, commentId: 501, state: trackingState({ max_iterations: null }), links: LINKS, settings: { ...SETTINGS, maxIterations: 5 } });
    expect(tracker.view().maxIterations).toBe(5);
  });
});

describe('findTracking', () => {
  const comment = (id: number, login: string, body: string): CommentRef => ({ id, nodeId: `IC_${id}`, url: '', body, author: { login, type: login === BOT ? 'Bot' : 'User' } });

  it('takes the newest comment by the bot whose marker validates, logging every other marker', async () => {
    const older = renderMarker(trackingState({ phase: 'capped' }));
    const newer = renderMarker(trackingState({ phase: 'escalated' }));
    const logs: string[] = [];
    const issues = {
      findComments: async (_thread: number, prefix: string) => {
        expect(prefix).toBe(MARKER_PREFIX);
        return [comment(1, BOT, older), comment(2, 'mallory', newer), comment(3, BOT, newer), comment(4, BOT, `${MARKER_PREFIX}broken -->`)];
      },
    };
    const found = await findTracking(issues, 12, BOT, (line) => logs.push(line));
    expect(found).toMatchObject({ commentId: 3, commentNodeId: 'IC_3', state: { loop: { phase: 'escalated' } } });
    expect(logs).toEqual([
      expect.stringMatching(/^Ignoring a state marker in comment 2 by mallory: the comment was written by `mallory`/),
      expect.stringMatching(/^Ignoring a state marker in comment 4 by github-actions\[bot\]: /),
    ]);
  });

  it('finds nothing on a thread without a marker', async () => {
    expect(await findTracking({ findComments: async () => [] }, 12, BOT, () => undefined)).toBe(null);
  });
});
