// What the renderers of the loop's state (tracking comment, job summary) are given. Everything
// is data the front already fetched; the renderers never read the clock, the environment or
// the network. Text inside may come from a model or a user: the renderers escape it.
import type { TrackingState } from '../core/model/schema-types.js';
import type { LiveProgressView } from './live-progress.js';

/** A failure to show the user: what broke, the (already redacted) message, and what to do. */
export interface ErrorBlock {
  title: string;
  message: string;
  /** One sentence on how to fix it; null for the generic advice. */
  hint: string | null;
}

export interface LoopView {
  /** The loop's state and where it lives on GitHub (requester, issue, PR, branch). */
  state: TrackingState;
  maxIterations: number;
  /** The Claude budget for the whole loop in USD; null or absent when there is no cap. */
  maxBudgetUsd?: number | null;
  /** The comment command prefix from the settings (`/cto`), for the commands the text suggests. */
  commandPrefix: string;
  /** The workflow run working on the loop (or the last one that did). */
  runUrl: string | null;
  branchUrl: string | null;
  prUrl: string | null;
  error: ErrorBlock | null;
  /** ISO 8601 time of this rendering, shown so a stale comment is recognisable; null or absent to omit. */
  updatedAt?: string | null;
  /** True when agents run as the runner user (`isolation: none`): said plainly, every time. */
  isolationOff?: boolean;
  /** The page of the transcripts artifact the loop's last run uploaded; null or absent when there is none. */
  transcriptsUrl?: string | null;
  /** What became of Claude Code's session at the start of this run; null or absent when it had none to resume. */
  session?: SessionCarry | null;
  /** What Claude is doing, while it implements; null or absent otherwise. */
  live?: LiveProgressView | null;
}

/** Claude Code's session at the start of a run: resumed from an earlier run's artifact, or started afresh. */
export type SessionCarry = { kind: 'resumed'; runId: string } | { kind: 'fresh'; reason: string };

export interface TrackingView extends LoopView {
  /** The hidden state marker, rendered elsewhere; appended verbatim as the comment's last line. */
  marker: string;
}
