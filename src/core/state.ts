// Pure transitions of the loop state. Every change the engine makes to LoopState goes through one of
// these functions, which return a new state and never touch the old one, so each step is unit tested
// without ports or fakes.
import type { FailedCommand, IterationRecord, LoopState, Plan, Review } from './model/schema-types.js';
import type { ImplementOutcome, PreviousReview, ReviewFeedback, TokenUsage, VerificationResult } from './ports.js';
import { mergeRevisedTasks, mergeRevision } from './model/plan-rules.js';
import { carryFindings } from './model/verdict-rules.js';
import { headAndTail } from './model/excerpt.js';

export { mergeRevisedTasks } from './model/plan-rules.js';

export type Phase = LoopState['phase'];
/** Phases in which a run ends (or pauses until a person acts). */
export type EndPhase = Extract<
  Phase,
  'awaiting_plan_approval' | 'approved' | 'escalated' | 'aborted' | 'capped' | 'budget_exhausted' | 'stopped' | 'failed'
>;
/** Phases a run passes through while it works. */
export type WorkPhase = Exclude<Phase, EndPhase>;

export const STATE_VERSION = 2;

/** Bytes kept of a failed verification command's output in the state (head and tail). */
const FAILED_OUTPUT_BYTES = 3_000;

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
    open_findings: [],
    reviewed_commit: null,
    failed_verification: [],
    stop_reason: null,
    max_iterations: null,
    human_feedback: null,
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

/** Keeps the verification commands that failed, with the ends of their output, for the next iteration. */
export function withVerification(state: LoopState, results: readonly VerificationResult[]): LoopState {
  const failed: FailedCommand[] = results
    .filter((result) => result.timedOut || result.exitCode !== 0)
    .map((result) => ({
      command: result.command,
      exit_code: result.exitCode,
      timed_out: result.timedOut,
      output: headAndTail(result.output, FAILED_OUTPUT_BYTES, 'the output'),
    }));
  return { ...state, failed_verification: failed };
}

/** Where a review happened: the iteration it judged and the head commit it saw (null when unknown). */
export interface ReviewedAt {
  iteration: number;
  commit: string | null;
}

/**
 * Takes in a verdict: the plan absorbs the revised tasks and the revised verification, the revise streak
 * grows on `revise` and starts over on anything else, the findings not marked resolved stay open (with the
 * new ones), and the review becomes the feedback for the next iteration and the memory of the next review.
 */
export function withReview(state: LoopState, review: Review, usage: TokenUsage, at: ReviewedAt): LoopState {
  return {
    ...state,
    plan: state.plan === null ? null : mergeRevision(state.plan, review),
    last_review: review,
    open_findings: carryFindings(review, state.open_findings, at.iteration),
    reviewed_commit: at.commit ?? state.reviewed_commit,
    consecutive_revises: review.verdict === 'revise' ? state.consecutive_revises + 1 : 0,
    codex_tokens: state.codex_tokens + codexTokens(usage),
  };
}

/** Adds the record of an iteration, or replaces the record with the same number. */
export function withIteration(state: LoopState, record: IterationRecord): LoopState {
  const others = state.iterations.filter((existing) => existing.number !== record.number);
  return { ...state, iterations: [...others, record].sort((a, b) => a.number - b.number) };
}

/** The iteration the last review judged (the last with a verdict); 0 before any. */
function lastReviewedIteration(state: LoopState): number {
  return state.iterations.filter((record) => record.verdict !== null).at(-1)?.number ?? state.iterations.length;
}

/** What the implementer is told to fix: the whole last review; null before the first review. */
export function feedbackFrom(state: LoopState): ReviewFeedback | null {
  const review = state.last_review;
  if (review === null) return null;
  return {
    iteration: lastReviewedIteration(state),
    verdict: review.verdict,
    summary: review.summary,
    reason: review.reason,
    failing: review.task_reviews.filter((task) => task.status !== 'pass'),
    revisedTasks: review.revised_tasks,
    revisedVerification: review.revised_verification,
    findings: state.open_findings,
    failedVerification: state.failed_verification,
    requirements: review.requirements.filter((requirement) => requirement.status !== 'met'),
    questions: review.questions,
  };
}

/** What the next reviewer remembers of the last review; null before the first review. */
export function previousReviewOf(state: LoopState): PreviousReview | null {
  const review = state.last_review;
  if (review === null) return null;
  return {
    iteration: lastReviewedIteration(state),
    verdict: review.verdict,
    summary: review.summary,
    findings: state.open_findings,
    commit: state.reviewed_commit,
    questions: review.questions,
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
  /** Who asked for this iteration with their feedback; null when the loop went on by itself. */
  requestedBy: string | null;
}

export function startIteration(number: number, plan: Plan, requestedBy: string | null = null): IterationDraft {
  return { number, plan, implementation: null, verification: null, commit: null, review: null, reviewDurationMs: 0, requestedBy };
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
    requested_by: draft.requestedBy,
  };
}

/** Money is kept to a millionth of a dollar so sums stay readable in the tracking marker. */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
