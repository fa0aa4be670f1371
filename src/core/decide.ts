// Pure decisions of the loop: whether another iteration may start, what a verdict means, how a failed
// implementation ends the run, and the words people read about it (stop reasons, commit messages). Advice
// that names a setting is the front's (ports.ts, Advice).
import type { LoopState, Plan, Review } from './model/schema-types.js';
import { approvalContradictions, type ReviewContext } from './model/verdict-rules.js';
import type { ImplementationStop, ImplementOutcome, Limits } from './ports.js';
import type { EndPhase } from './state.js';

export type Decision = { kind: 'continue' } | { kind: 'end'; phase: EndPhase; reason: string; advice?: FailureAdvice };

/** How a failed run is reported: the kind of error, and why it stopped, for the front's advice. */
export interface FailureAdvice {
  kind: 'agent-failed' | 'timeout';
  stop: ImplementationStop;
}

const CONTINUE: Decision = { kind: 'continue' };

/** Claude's stop reason when its `--max-budget-usd` ran out. */
export const BUDGET_STOP_REASON = 'error_max_budget_usd';

/**
 * Checked before iteration `k`: the iteration cap, then the budget. Both are known without asking anyone;
 * a requested stop is checked once the iteration is announced (see the loop).
 */
export function gateIteration(state: LoopState, limits: Limits, k: number): Decision {
  if (k > limits.maxIterations) return { kind: 'end', phase: 'capped', reason: cappedReason(limits.maxIterations) };
  if (limits.maxBudgetUsd !== null && state.total_cost_usd >= limits.maxBudgetUsd) {
    return { kind: 'end', phase: 'budget_exhausted', reason: budgetReason(state, limits.maxBudgetUsd) };
  }
  return CONTINUE;
}

/**
 * After the review of iteration `k`; `state` already counts this verdict in consecutive_revises and holds
 * the plan with the review's revisions merged in; `context` is what the review was judged against. An
 * approval beside anything that blocks (verdict-rules.ts) is never taken: the reviewer port settles such
 * contradictions, and this decision refuses them again whoever answered. `needs_human` pauses the loop as
 * escalated, with the reviewer's questions on the tracking comment.
 */
export function decideVerdict(state: LoopState, review: Review, k: number, limits: Limits, context: ReviewContext): Decision {
  switch (review.verdict) {
    case 'approve':
      if (approvalContradictions(review, context).length > 0) return decideRevise(state, k, limits);
      return { kind: 'end', phase: 'approved', reason: `Approved in iteration ${k}.` };
    case 'abort':
      return { kind: 'end', phase: 'aborted', reason: review.reason?.trim() || review.summary };
    case 'needs_human':
      return { kind: 'end', phase: 'escalated', reason: needsHumanReason(review.questions.length) };
    case 'revise':
      return decideRevise(state, k, limits);
  }
}

/** Why a loop waits for a person after a needs_human verdict. */
export function needsHumanReason(questions: number): string {
  const asked = questions === 1 ? 'a question' : `${questions} questions`;
  return `The reviewer needs a person to answer ${asked} before the work goes on.`;
}

/**
 * Why a new plan waits before any work, or null when it may go on: the settings ask for approval, or the
 * plan has questions only a person can answer first.
 */
export function planPauseReason(plan: Plan, requirePlanApproval: boolean): string | null {
  const blocking = plan.open_questions.filter((open) => open.blocking).length;
  if (blocking > 0) {
    const asked = blocking === 1 ? 'a question' : `${blocking} questions`;
    return `The plan has ${asked} a person must answer before the work starts; answer, then approve the plan.`;
  }
  return requirePlanApproval ? PLAN_APPROVAL_REASON : null;
}

function decideRevise(state: LoopState, k: number, limits: Limits): Decision {
  if (state.consecutive_revises >= limits.escalateAfter) {
    return {
      kind: 'end',
      phase: 'escalated',
      reason: `${state.consecutive_revises} revise verdicts in a row: a person should look before the loop goes on.`,
    };
  }
  if (k >= limits.maxIterations) return { kind: 'end', phase: 'capped', reason: cappedReason(limits.maxIterations) };
  return CONTINUE;
}

/**
 * A failed implementation ends the run without a review: in `budget_exhausted` when money ran out,
 * else in `failed`. The reason says what happened and where the work went.
 */
export function decideFailedImplementation(
  state: LoopState,
  outcome: ImplementOutcome,
  k: number,
  limits: Limits,
  commit: string | null,
): { phase: 'budget_exhausted' | 'failed'; reason: string } {
  const kept = commit === null ? 'There were no changes to commit.' : `The work so far is committed as ${shortSha(commit)}.`;
  if (outcome.stopReason === BUDGET_STOP_REASON) {
    const budget = limits.maxBudgetUsd === null ? 'The budget' : `The budget of ${usd(limits.maxBudgetUsd)}`;
    return { phase: 'budget_exhausted', reason: `${budget} ran out during iteration ${k} (${usd(state.total_cost_usd)} spent). ${kept}` };
  }
  const said = firstLine(outcome.resultText);
  const detail = said ? `: ${said}` : '';
  // Claude's own sentence may already end with a full stop.
  const stop = /[.!?…]$/.test(detail) ? '' : '.';
  return {
    phase: 'failed',
    reason: `Claude Code stopped in iteration ${k} without finishing (${outcome.stopReason})${detail}${stop} ${kept}`,
  };
}

/** How an implementation that stopped early is reported, by Claude's stop reason. */
export function failedImplementationAdvice(stopReason: string): FailureAdvice {
  switch (stopReason) {
    case 'timeout':
      return { kind: 'timeout', stop: 'timeout' };
    case 'error_max_turns':
      return { kind: 'agent-failed', stop: 'turn-limit' };
    case 'api_error':
      return { kind: 'agent-failed', stop: 'api-error' };
    default:
      return { kind: 'agent-failed', stop: 'other' };
  }
}

export type SaveOccasion = 'implemented' | 'implementation-failed' | 'error';

/** The commit message for the work of iteration `k`; the subject names the iteration and the objective. */
export function commitMessage(objective: string, k: number, occasion: SaveOccasion): string {
  const prefix = `codex-cto iteration ${k}: `;
  const subject = `${prefix}${clip(firstLine(objective) || 'work', SUBJECT_MAX - prefix.length)}`;
  switch (occasion) {
    case 'implemented':
      return subject;
    case 'implementation-failed':
      return `${subject}\n\nThe implementation stopped early; this commit keeps its work.`;
    case 'error':
      return `${subject}\n\nThe loop stopped on an error; this commit keeps the work done so far.`;
  }
}

/** Git's customary limit for a subject line. */
const SUBJECT_MAX = 72;

export const PLAN_APPROVAL_REASON = 'The plan is waiting for approval.';

function cappedReason(maxIterations: number): string {
  return `Reached the limit of ${maxIterations} iteration${maxIterations === 1 ? '' : 's'} without an approving review.`;
}

function budgetReason(state: LoopState, maxBudgetUsd: number): string {
  return `The budget of ${usd(maxBudgetUsd)} is used up (${usd(state.total_cost_usd)} spent).`;
}

function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

function shortSha(sha: string): string {
  return sha.slice(0, 12);
}

function firstLine(text: string): string {
  return clip(text.trim().split('\n')[0]?.trim() ?? '', 200);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
