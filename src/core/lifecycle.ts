// The rules of a loop across runs, in one place. A loop outlives the run that started it: it pauses (plan
// approval, escalation, the iteration cap, the budget), is resumed with more iterations, reviewed on
// request, stopped, fails, and is rescued when its job dies. Each rule is a pure function of the saved
// state and the limits; a front asks, then acts in its own world (on GitHub: reactions, labels, the
// tracking comment) and words the answer for its people (the command prefix is the front's).
import type { ActiveRun, HumanFeedback, LoopState, Review } from './model/schema-types.js';
import { withFeedback } from './human-feedback.js';
import { decideVerdict } from './decide.js';
import type { ReviewContext } from './model/verdict-rules.js';
import type { LoopCommand, LoopRequest } from './loop-requests.js';
import type { Limits, TokenUsage } from './ports.js';
import { endIn, initialState, isEndPhase, withCap, withReview, type Phase } from './state.js';

export type Admission =
  /** Run the loop from `state` (a new loop, or the saved one resumed) within `limits`. */
  | { kind: 'run'; state: LoopState; limits: Limits; endsEscalation: boolean }
  /** Write `state` (the loop stopped); nothing runs. */
  | { kind: 'stop'; state: LoopState }
  /** Review the work once, then ask `afterReview`. */
  | { kind: 'review' }
  /**
   * Leave the loop as it is. `reason` completes "the loop ..." (`is escalated`); `goOnWith` is the
   * command that would take it on from here, when one would.
   */
  | { kind: 'ignore'; reason: string; goOnWith: LoopCommand | null };

/** Phases a person ends with `continue`: paused, or ended in a way more work can fix. */
const CONTINUABLE: ReadonlySet<Phase> = new Set(['escalated', 'capped', 'stopped', 'budget_exhausted', 'failed', 'revise']);

/** Phases a person's feedback can start an iteration from: any pause or end with work to show, but an abort. */
const REVISABLE: ReadonlySet<Phase> = new Set([...CONTINUABLE, 'approved']);

/** End phases that still wait for a person, so a stop has something to stop. */
const WAITING: ReadonlySet<Phase> = new Set(['escalated', 'awaiting_plan_approval']);

/** The iteration cap in force: the one saved with the loop; a loop saved before caps were saved has the configured one. */
export function capInForce(loop: LoopState, configured: number): number {
  return loop.max_iterations ?? configured;
}

/** The state a new loop starts from, its cap saved with it. */
export function startState(objective: string, limits: Limits): LoopState {
  return withCap(initialState(objective), limits.maxIterations);
}

/**
 * Whether and how `request` runs on the loop saved as `saved` (null: no loop yet), given the configured
 * `limits`. A start on a paused loop waits for the command that resumes it and one on an approved loop
 * does nothing; any other loop (failed, stopped, aborted, or left by a run that died) starts over.
 */
export function admit(request: LoopRequest, saved: LoopState | null, limits: Limits): Admission {
  if (request.kind === 'start') return admitStart(request.objective, saved, limits);
  if (saved === null) return ignore('does not exist here');
  const phase = saved.phase;
  switch (request.kind) {
    case 'approve':
      if (phase !== 'awaiting_plan_approval') return ignore(`is ${phase}, not waiting for plan approval`);
      return resume(saved, saved, limits, limits.maxIterations);
    case 'continue':
      if (!CONTINUABLE.has(phase)) return ignore(`is ${phase}; only a paused or ended loop can continue`);
      return resume(saved, withFeedback(continueAfterPause(saved), request.feedback), limits, capAfterContinue(saved, limits.maxIterations));
    case 'revise':
      return admitRevise(saved, request.feedback, limits);
    case 'stop':
      if (isEndPhase(phase) && !WAITING.has(phase)) return ignore(`already ended (${phase})`);
      return { kind: 'stop', state: stopped(saved, request.reason) };
    case 'review':
      return { kind: 'review' };
  }
}

/**
 * A person's feedback as one more iteration: on a loop that has ended or paused with work to show, within
 * the cap in force and the budget (a human-requested iteration counts like any other). A loop with no
 * iteration left is answered with `continue`, which raises the cap.
 */
function admitRevise(saved: LoopState, feedback: HumanFeedback, limits: Limits): Admission {
  const phase = saved.phase;
  if (!REVISABLE.has(phase)) return ignore(`is ${phase}; feedback is taken once the loop has work to show`);
  const cap = capInForce(saved, limits.maxIterations);
  if (saved.iterations.length >= cap) return ignore(`has used its ${cap} iterations`, 'continue');
  if (limits.maxBudgetUsd !== null && saved.total_cost_usd >= limits.maxBudgetUsd) return ignore('has no budget left', 'continue');
  return resume(saved, withFeedback(continueAfterPause(saved), feedback), limits, cap);
}

function admitStart(objective: string, saved: LoopState | null, limits: Limits): Admission {
  const phase = saved?.phase;
  if (phase === 'approved') return ignore('was already approved; nothing to do');
  if (phase === 'escalated' || phase === 'capped') return ignore(`is ${phase}`, 'continue');
  if (phase === 'awaiting_plan_approval') return ignore(`is ${phase}`, 'approve');
  return { kind: 'run', state: startState(objective, limits), limits, endsEscalation: false };
}

/**
 * `saved` resumed from `state`: the run never waits for plan approval again and works to `cap`, which is
 * saved with the loop; an escalation, a person's look asked for, is over.
 */
function resume(saved: LoopState, state: LoopState, limits: Limits, cap: number): Admission {
  return {
    kind: 'run',
    state: withCap(state, cap),
    limits: { ...limits, maxIterations: cap, requirePlanApproval: false },
    endsEscalation: saved.phase === 'escalated',
  };
}

/**
 * The cap after `continue`: a capped loop (or one that already ran as many iterations as configured) gets
 * another round of the configured iterations; any other pause goes on up to the configured cap.
 */
export function capAfterContinue(loop: LoopState, configured: number): number {
  const done = loop.iterations.length;
  return loop.phase === 'capped' || done >= configured ? done + configured : configured;
}

/** What `continue` means for the state: the revise streak starts over and the loop may iterate again. */
export function continueAfterPause(state: LoopState): LoopState {
  return { ...state, phase: 'revise', consecutive_revises: 0, stop_reason: null };
}

function ignore(reason: string, goOnWith: LoopCommand | null = null): Admission {
  return { kind: 'ignore', reason, goOnWith };
}

/** The loop stopped by a person, for `reason` (`@mona asked to stop`). */
export function stopped(loop: LoopState, reason: string): LoopState {
  return { ...loop, phase: 'stopped', stop_reason: reason };
}

/** The iteration a review of the loop's work judges: the last one recorded, or the first. */
export function reviewedIteration(loop: LoopState | null): number {
  return Math.max(1, loop?.iterations.length ?? 1);
}

/** Where a review made on request leaves the loop. */
export interface AfterReview {
  /** The loop with the verdict taken in, to save. */
  state: LoopState;
  /** The run that goes on at once (a revise with iterations and budget left); null when the loop waits. */
  goOn: Extract<Admission, { kind: 'run' }> | null;
}

/**
 * A review made on request, outside a loop run: the verdict is taken in and decided as the loop would (the
 * cap in force, the revise streak), and a revise that leaves iterations and budget goes on at once.
 */
export function afterReview(loop: LoopState, review: Review, usage: TokenUsage, limits: Limits, seen: { commit: string; context: ReviewContext }): AfterReview {
  const cap = capInForce(loop, limits.maxIterations);
  const iteration = reviewedIteration(loop);
  const reviewed = withReview(loop, review, usage, { iteration, commit: seen.commit });
  const decision = decideVerdict(reviewed, review, iteration, { ...limits, maxIterations: cap }, seen.context);
  const decided = decision.kind === 'end' ? endIn(reviewed, decision.phase, decision.reason) : { ...reviewed, phase: 'revise' as const };
  const state = withCap(decided, cap);
  const budgetLeft = limits.maxBudgetUsd === null || state.total_cost_usd < limits.maxBudgetUsd;
  const goOn = state.phase === 'revise' && state.iterations.length < cap && budgetLeft;
  return { state, goOn: goOn ? { kind: 'run', state, limits: { ...limits, maxIterations: cap, requirePlanApproval: false }, endsEscalation: false } : null };
}

/** The phase a verdict on work outside any loop stands for (a person's pull request). */
export function verdictPhase(review: Review): Phase {
  switch (review.verdict) {
    case 'approve':
      return 'approved';
    case 'abort':
      return 'aborted';
    case 'needs_human':
      return 'escalated';
    case 'revise':
      return 'revise';
  }
}

/** A run that failed: a loop that had already ended (or paused) keeps its phase; one at work is now failed. */
export function failed(loop: LoopState, reason: string): LoopState {
  if (isEndPhase(loop.phase)) return loop;
  return { ...loop, phase: 'failed', stop_reason: loop.stop_reason ?? reason };
}

/** Whether a loop last written in `phase` by a job that died needs rescuing: it still shows work going on. */
export function needsRescue(phase: Phase): boolean {
  return !isEndPhase(phase);
}

/**
 * The loop as a dead job (cancelled, killed, timed out) leaves it, when `run` is that job and the loop was
 * at work; null when there is nothing to rescue.
 */
export function rescued(loop: LoopState, heldBy: ActiveRun | null, deadRun: string): LoopState | null {
  if (heldBy?.id !== deadRun || !needsRescue(loop.phase)) return null;
  return { ...loop, phase: 'failed', stop_reason: `The job ended while ${phaseWords(loop.phase)} (cancelled or timed out).` };
}

/** A phase as words (`budget_exhausted` -> `budget exhausted`). */
export function phaseWords(phase: Phase): string {
  return phase.replace(/_/g, ' ');
}
