// The status of the loop in words: a short headline per phase and a sentence saying what is
// happening or what the user can do next. Shared by the tracking comment and the job summary.
import type { LoopState } from '../core/model/schema-types.js';
import { clip, code, escapeInline, mention } from './escape.js';
import { formatUsd } from './format.js';
import { FIELD_LIMITS } from './parts.js';
import type { LoopView } from './view.js';

export type Phase = LoopState['phase'];

/** Phases in which a run is still working on the loop. */
export const ACTIVE_PHASES: ReadonlySet<Phase> = new Set(['planning', 'implementing', 'verifying', 'reviewing', 'revise']);

/**
 * The iteration the phase is about. The engine records the iteration in progress once its
 * implementation returns: while implementing it is the next one, from verifying on it is the last
 * record; in every other phase it is the last one recorded.
 */
export function currentIteration(loop: LoopState): number {
  return loop.phase === 'implementing' ? loop.iterations.length + 1 : loop.iterations.length;
}

/** `Implementing iteration 2 of 5`, `Approved`, `Escalated`: the headline for the phase. */
export function statusHeadline(view: LoopView): string {
  const loop = view.state.loop;
  const of = `iteration ${currentIteration(loop)} of ${view.maxIterations}`;
  switch (loop.phase) {
    case 'planning':
      return 'Planning';
    case 'awaiting_plan_approval':
      return 'Waiting for plan approval';
    case 'implementing':
      return `Implementing ${of}`;
    case 'verifying':
      return `Verifying ${of}`;
    case 'reviewing':
      return `Reviewing ${of}`;
    case 'approved':
      return 'Approved';
    case 'revise':
      return 'Revise';
    case 'escalated':
      return 'Escalated: needs a human';
    case 'aborted':
      return 'Aborted';
    case 'capped':
      return 'Iteration limit reached';
    case 'budget_exhausted':
      return 'Budget exhausted';
    case 'stopped':
      return 'Stopped';
    case 'failed':
      return 'Failed';
  }
}

/** What is happening now, or what happened and what the user can do about it (markdown). */
export function statusSentence(view: LoopView): string {
  const loop = view.state.loop;
  const command = (word: string): string => code(`${view.commandPrefix} ${word}`);
  const pr = view.state.pr === null ? 'the pull request' : `pull request #${view.state.pr}`;
  const k = currentIteration(loop);
  const budget = view.maxBudgetUsd ?? null;
  // The full stop is added before escaping: added after, `1` + `.` at a line start would be a list.
  const reason = escapeInline(sentence(clip(loop.stop_reason ?? '', FIELD_LIMITS.prose))) || null;
  switch (loop.phase) {
    case 'planning':
      return 'Codex is reading the repository and writing a plan.';
    case 'awaiting_plan_approval':
      if (loop.plan?.open_questions.some((open) => open.blocking)) {
        return `The planner has questions only a person can answer (below). A maintainer can comment ${command('approve')} followed by the answers on this issue to start the implementation.`;
      }
      return `Review the plan below; a maintainer can comment ${command('approve')} on this issue to start the implementation.`;
    case 'implementing':
      return loop.human_feedback === null
        ? 'Claude Code is working through the plan.'
        : `Claude Code is working on the feedback ${escapeInline(`@${loop.human_feedback.from}`)} gave (${loop.human_feedback.items.length} ${loop.human_feedback.items.length === 1 ? 'item' : 'items'}); the reviewer will judge each one.`;
    case 'verifying':
      return "Running the plan's verification commands.";
    case 'reviewing':
      return 'Codex is reviewing the changes in a read-only sandbox.';
    case 'approved':
      return `The reviewer approved iteration ${k}; ${pr} is ready for a human review.`;
    case 'revise':
      return `The reviewer asked for changes in iteration ${k} of ${view.maxIterations}; the next iteration starts now.`;
    case 'escalated':
      if (loop.last_review?.verdict === 'needs_human') {
        return `${mention(view.state.requester)}, the reviewer needs a person to answer before the work goes on (questions below); the loop paused after iteration ${k} of ${view.maxIterations}. Comment ${command('continue')} followed by your answer on ${pr} (on the same line or the lines below) to resume with it, or take over the branch.`;
      }
      return `${mention(view.state.requester)}, the reviewer asked for changes ${loop.consecutive_revises} times in a row, so the loop paused after iteration ${k} of ${view.maxIterations}; what it could not get resolved is below. Comment ${command('continue')} followed by your guidance on ${pr} to run more iterations (up to ${view.maxIterations} in all) with it, or take over the branch.`;
    case 'aborted':
      return `The reviewer stopped the work: ${reason ?? 'no reason given.'}`;
    case 'capped':
      return `${mention(view.state.requester)}, ${k} of ${view.maxIterations} iterations ran without an approval. Comment ${command('continue')} on ${pr}, followed by your guidance if you have some, to resume the loop, or take over the branch.`;
    case 'budget_exhausted':
      return `${mention(view.state.requester)}, the Claude budget${budget === null ? '' : ` of ${formatUsd(budget)}`} is spent (${formatUsd(loop.total_cost_usd)} so far). The work so far is on the branch; raise ${code('max-budget-usd')} in the workflow file and comment ${command('continue')} on ${pr}, or take over the branch.`;
    case 'stopped':
      return `${reason ?? 'The loop was stopped.'} The work so far is on the branch.`;
    case 'failed':
      return failedSentence(view, reason, command('continue'));
  }
}

function failedSentence(view: LoopView, reason: string | null, continueCommand: string): string {
  // Only claimed when an iteration really committed something: a failed plan leaves no work.
  const committed = view.state.branch !== null && view.state.loop.iterations.some((iteration) => iteration.commit !== null);
  const kept = committed ? ' Work already done is committed on the branch.' : '';
  const thread = view.state.issue !== null ? `issue #${view.state.issue}` : view.state.pr !== null ? `pull request #${view.state.pr}` : null;
  if (view.error !== null) {
    const resume = thread === null ? '' : ` Once the cause is fixed, comment ${continueCommand} on ${thread} to resume the loop.`;
    return `${escapeInline(sentence(clip(view.error.title, FIELD_LIMITS.title))) || 'The run failed.'}${kept} The error and what to do are below.${resume}`;
  }
  const then = thread === null ? 're-run the workflow' : `comment ${continueCommand} on ${thread} to resume the loop`;
  return `${reason ?? 'The run failed.'}${kept} Check the workflow run log for the cause, then ${then}.`;
}

/** Ends the text with a full stop unless it is empty or already ends a sentence. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
