// Pure transitions of the loop state. Every change the engine makes to LoopState goes through one of
// these functions, which return a new state and never touch the old one, so each step is unit tested
// without ports or fakes.
import type { IterationRecord, LoopState, Plan, Review } from './model/schema-types.js';
import type { ImplementOutcome, ImplementRequest, TokenUsage, VerificationResult } from './ports.js';
import { mergeRevisedTasks } from './model/plan-rules.js';

export { mergeRevisedTasks } from './model/plan-rules.js';

export type Phase = LoopState['phase'];
/** Phases in which a run ends (or pauses until a person acts). */
export type EndPhase = Extract<
  Phase,
  'awaiting_plan_approval' | 'approved' | 'escalated' | 'aborted' | 'capped' | 'budget_exhausted' | 'stopped' | 'failed'
>;
/** Phases a run passes through while it works. */
export type WorkPhase = Exclude<Phase, EndPhase>;

export const STATE_VERSION = 1;

const END_PHASES: readonly Phase[] = [
  'awaiting_plan_approval', 'approved', 'escalated', 'aborted', 'capped', 'budget_exhausted', 'stopped', 'failed',
];

export function isEndPhase(phase: Phase): phase is EndPhase {
  return END_PHASES.includes(phase);
}

export function initialState(objective: string): LoopState {
  return {
    version: STATE_VERSION,
    objective,
    phase: 'planning',
    plan: null,
    iterations: [],
    session_id: null,
    total_cost_usd: 0,
    codex_tokens: 0,
    consecutive_revises: 0,
    last_review: null,
    stop_reason: null,
    max_iterations: null,
  };
}

/** The number of the iteration that would run next. */
export function nextIteration(state: LoopState): number {
  return state.iterations.length + 1;
}

/** Entering a working phase clears the reason the previous run stopped for. */
export function enterPhase(state: LoopState, phase: WorkPhase): LoopState {
  return { ...state, phase, stop_reason: null };
}

export function endIn(state: LoopState, phase: EndPhase, reason: string | null): LoopState {
  return { ...state, phase, stop_reason: reason };
}

/** The loop with its iteration cap in force saved: every view of the loop reads the cap from here. */
export function withCap(state: LoopState, maxIterations: number): LoopState {
  return { ...state, max_iterations: maxIterations };
}

/** Codex tokens counted against a run: what went in plus what came out (cached and reasoning are subsets). */
export function codexTokens(usage: TokenUsage): number {
  return usage.input_tokens + usage.output_tokens;
}

export function withPlan(state: LoopState, plan: Plan, usage: TokenUsage): LoopState {
  return { ...state, plan, codex_tokens: state.codex_tokens + codexTokens(usage) };
}

export function withImplementation(state: LoopState, outcome: ImplementOutcome): LoopState {
  return {
    ...state,
    total_cost_usd: roundUsd(state.total_cost_usd + outcome.costUsd),
    session_id: outcome.sessionId ?? state.session_id,
  };
}

/**
 * Takes in a verdict: the plan absorbs the revised tasks, the revise streak grows on `revise` and
 * starts over on anything else, and the review becomes the feedback for the next iteration.
 */
export function withReview(state: LoopState, review: Review, usage: TokenUsage): LoopState {
  return {
    ...state,
    plan: state.plan === null ? null : mergeRevisedTasks(state.plan, review.revised_tasks),
    last_review: review,
    consecutive_revises: review.verdict === 'revise' ? state.consecutive_revises + 1 : 0,
    codex_tokens: state.codex_tokens + codexTokens(usage),
  };
}

/** Adds the record of an iteration, or replaces the record with the same number. */
export function withIteration(state: LoopState, record: IterationRecord): LoopState {
  const others = state.iterations.filter((existing) => existing.number !== record.number);
  return { ...state, iterations: [...others, record].sort((a, b) => a.number - b.number) };
}

/** What the implementer is told to fix, from the last verdict; null before the first review. */
export function feedbackFrom(review: Review | null): ImplementRequest['feedback'] {
  if (review === null) return null;
  return {
    summary: review.summary,
    failing: review.task_reviews.filter((task) => task.status !== 'pass'),
    revisedTasks: review.revised_tasks,
  };
}

/** USD the implementer may still spend; null when the run has no budget. Never negative. */
export function budgetLeft(state: LoopState, maxBudgetUsd: number | null): number | null {
  if (maxBudgetUsd === null) return null;
  return roundUsd(Math.max(0, maxBudgetUsd - state.total_cost_usd));
}

export function verificationPassed(results: readonly VerificationResult[]): boolean | null {
  if (results.length === 0) return null;
  return results.every((result) => result.exitCode === 0 && !result.timedOut);
}

/** Everything known about one iteration so far; it becomes an IterationRecord at any point. */
export interface IterationDraft {
  number: number;
  /** The plan the implementer worked from. */
  plan: Plan;
  implementation: ImplementOutcome | null;
  verification: VerificationResult[] | null;
  commit: string | null;
  review: Review | null;
  reviewDurationMs: number;
}

export function startIteration(number: number, plan: Plan): IterationDraft {
  return { number, plan, implementation: null, verification: null, commit: null, review: null, reviewDurationMs: 0 };
}

export function iterationRecord(draft: IterationDraft): IterationRecord {
  const { implementation, verification, review } = draft;
  const passed = new Set(review?.task_reviews.filter((task) => task.status === 'pass').map((task) => task.task_id));
  const tasks = review ? mergeRevisedTasks(draft.plan, review.revised_tasks).tasks : draft.plan.tasks;
  const durations = [
    implementation?.durationMs ?? 0,
    ...(verification ?? []).map((result) => result.durationMs),
    draft.reviewDurationMs,
  ];
  return {
    number: draft.number,
    verdict: review?.verdict ?? null,
    tasks_passed: passed.size,
    tasks_total: tasks.length,
    claude_turns: implementation?.turns ?? 0,
    cost_usd: roundUsd(implementation?.costUsd ?? 0),
    duration_ms: Math.round(durations.reduce((sum, ms) => sum + ms, 0)),
    commit: draft.commit,
    verification_passed: verification === null ? null : verificationPassed(verification),
  };
}

/** Money is kept to a millionth of a dollar so sums stay readable in the tracking marker. */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
