// The `codex-cto/review` check run on the head commit, which branch protection can require.
//
// Conclusions: GitHub's branch protection treats `success`, `neutral` and `skipped` as passing,
// so only an approval may pass. Therefore:
// - approve -> success;
// - revise, needs_human, and every state that ended without an approval (escalated, capped, budget
//   exhausted, stopped), reviewed or not -> action_required: a person or another iteration must act;
// - abort, and a run that failed -> failure;
// - neutral only while there is nothing to judge yet (planning, waiting for plan approval, the
//   first iteration in progress); fronts normally post an in-progress check instead.
import type { LoopState, Plan, Review } from '../core/model/schema-types.js';
import { clip, escapeInline, escapeMarkdown, stripInvisible } from './escape.js';
import { fitMarkdown, GITHUB_TEXT_LIMIT, type Detail } from './fit.js';
import { FIELD_LIMITS, passCount, taskResultsTable } from './parts.js';
import { findingsSections, questionsList, requirementsSection } from './findings.js';
import { VERDICT_HEADLINES } from './review-body.js';

export type CheckConclusion = 'success' | 'action_required' | 'neutral' | 'failure';

export interface CheckRunOutput {
  conclusion: CheckConclusion;
  /** Plain text, one line. */
  title: string;
  /** Markdown: the verdict and the reviewer's summary. */
  summary: string;
  /** Markdown: per-task results and every finding with its place. */
  text: string;
}

export interface CheckRunContext {
  /** The plan, for task titles in the results table. */
  plan?: Plan | null;
  /** Why the loop ended or paused (the state's `stop_reason`). */
  stopReason?: string | null;
}

const CHECK_TEXT_LIMIT = GITHUB_TEXT_LIMIT - 1; // check-run summary and text: at most 65,535
const TRIM_NOTE = '_Trimmed to fit the check run; the full review is in the workflow run._';

const UNREVIEWED_TITLES: Readonly<Record<LoopState['phase'], string>> = {
  planning: 'Planning',
  awaiting_plan_approval: 'Waiting for plan approval',
  implementing: 'Implementing',
  verifying: 'Verifying',
  reviewing: 'Reviewing',
  approved: 'Approved',
  revise: 'Changes requested',
  escalated: 'Not approved: escalated to a human',
  aborted: 'Aborted',
  capped: 'Not approved: iteration limit reached',
  budget_exhausted: 'Not approved: budget exhausted',
  stopped: 'Not approved: stopped',
  failed: 'codex-cto failed',
};

export function checkRunFor(review: Review | null, phase: LoopState['phase'], context: CheckRunContext = {}): CheckRunOutput {
  const conclusion = conclusionFor(review, phase);
  const title = titleFor(review, phase);
  const stop = context.stopReason?.trim() ?? '';
  const reason = stop === '' ? null : escapeInline(clip(stop, FIELD_LIMITS.prose));
  const summary = fitMarkdown((detail) => summaryFor(review, phase, reason, detail), CHECK_TEXT_LIMIT, TRIM_NOTE);
  const text = review === null ? '' : fitMarkdown((detail) => textFor(review, context.plan ?? null, detail), CHECK_TEXT_LIMIT, TRIM_NOTE);
  return { conclusion, title, summary, text };
}

/** The conclusion for a verdict in a phase; see the rules at the top of this file. */
export function conclusionFor(review: Review | null, phase: LoopState['phase']): CheckConclusion {
  if (phase === 'failed' || phase === 'aborted' || review?.verdict === 'abort') return 'failure';
  if (review?.verdict === 'approve' || phase === 'approved') return 'success';
  if (review?.verdict === 'revise' || review?.verdict === 'needs_human') return 'action_required';
  const nothingToJudgeYet = phase === 'planning' || phase === 'awaiting_plan_approval' || phase === 'implementing' || phase === 'verifying' || phase === 'reviewing';
  return nothingToJudgeYet ? 'neutral' : 'action_required';
}

function titleFor(review: Review | null, phase: LoopState['phase']): string {
  if (phase === 'failed') return UNREVIEWED_TITLES.failed;
  if (review === null) return UNREVIEWED_TITLES[phase];
  const headline = VERDICT_HEADLINES[review.verdict];
  const title = review.task_reviews.length > 0 ? `${headline}: ${passCount(review)}` : headline;
  return stripInvisible(title).replace(/\s+/g, ' ');
}

function summaryFor(review: Review | null, phase: LoopState['phase'], reason: string | null, detail: Detail): string {
  const lines: (string | null)[] = [`**${titleFor(review, phase)}**`];
  if (review !== null) {
    lines.push(escapeMarkdown(clip(review.summary, detail === 'full' ? FIELD_LIMITS.prose : 500)) || null);
    if (review.reason !== null && review.reason.trim() !== '') lines.push(`**Reason:** ${escapeInline(clip(review.reason, FIELD_LIMITS.prose))}`);
    if (review.verdict === 'needs_human') lines.push(questionsList(review.questions));
  }
  // The stop reason says more than the verdict when the loop did not simply follow it.
  if (reason !== null && phase !== 'approved' && phase !== 'revise') lines.push(reason);
  return lines.filter((line): line is string => line !== null).join('\n\n');
}

function textFor(review: Review, plan: Plan | null, detail: Detail): string {
  const tasks = [...review.revised_tasks, ...(plan?.tasks ?? [])];
  const sections = review.task_reviews.length > 0 || plan !== null ? ['### Tasks', taskResultsTable(review, tasks, detail)] : [];
  // Every finding with its text: the check run is read on its own, away from the diff.
  sections.push(...findingsSections(review.findings, new Set(review.findings), detail, '###'), ...requirementsSection(review, detail, '###'));
  return sections.join('\n\n');
}
