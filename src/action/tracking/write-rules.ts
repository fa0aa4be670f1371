// When the tracking comment is written as the loop moves. Every write is one API request, so the comment
// is written at phase changes and milestones only; the facts in between reach it with the next write.
import type { LoopEvent } from '../../core/ports.js';
import type { Phase } from '../../core/state.js';

/**
 * - `write`: at once; a deferred phase change would leave the comment showing a phase the loop has left for
 *   as long as Claude works.
 * - `defer`: with the next write, moments later.
 * - `write-reading-status`: at once, reading the and PR's status back in the same request, for the
 *   stop check that follows (ports.ts, Control).
 */
export type TrackingWrite = 'write' | 'defer' | 'write-reading-status';

const EVENT_WRITES: Readonly<Record<Exclude<LoopEvent['type'], 'phase'>, TrackingWrite>> = {
  plan: 'write',
  // Claude's result, the verification, the commit: the next phase change follows moments later.
  implemented: 'defer',
  verified: 'defer',
  saved: 'defer',
  // The verdict is on the PR at once (review, check run); the comment shows it with the write that follows
  // the stop check: the next iteration's phase, or the end.
  reviewed: 'defer',
  finished: 'write',
};

const PHASE_WRITES: Readonly<Partial<Record<Phase, TrackingWrite>>> = {
  // The announcement of an iteration, which the stop check reads the thread after.
  implementing: 'write-reading-status',
  // Over as soon as it begins: `revise` only leads, after the stop check, to the next iteration or the end.
  revise: 'defer',
};

export function trackingWriteFor(event: LoopEvent): TrackingWrite {
  if (event.type === 'phase') return PHASE_WRITES[event.phase] ?? 'write';
  return EVENT_WRITES[event.type];
}
