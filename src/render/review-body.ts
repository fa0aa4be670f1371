// The body of the PR review that carries the reviewer's verdict: headline, summary, the questions for a
// person, per-task results, the abort reason, a warning about hidden Unicode characters the change adds,
// the findings by priority (blocking ones, then suggestions; those outside the diff with their text), the
// marks on earlier findings, the requirements of the request, and the revisions for the next iteration.
import type { Finding, OpenFinding, Plan, Review } from '../core/model/schema-types.js';
import { clip, escapeInline, escapeMarkdown } from './escape.js';
import { fitMarkdown, GITHUB_TEXT_LIMIT, type Detail } from './fit.js';
import { FIELD_LIMITS, passCount, taskId, taskList, taskResultsTable } from './parts.js';
import { findingsCount, findingsSections, previousFindingsSection, questionsList, requirementsSection, revisedVerificationSection } from './findings.js';
import { hiddenCharactersSection } from './hidden-characters.js';
import { NO_HIDDEN_CHARACTERS, type HiddenCharacterScan } from '../core/model/trojan-source.js';

export { diffLinesFromFiles, parsePatchLines, splitFindings, type DiffLines, type InlineFinding } from './inline-comments.js';
export { inlineFindingBody } from './findings.js';

export interface ReviewBodyInput {
  review: Review;
  /** The plan the work was judged against (for task titles); null for a review without one. */
  plan: Plan | null;
  /** The loop's iteration and its cap; null for a one-off review of someone else's PR. */
  iteration: number | null;
  maxIterations: number | null;
  /** How many findings were posted as inline comments. */
  inlineCount: number;
  /** Findings whose line is outside the diff (see `splitFindings`): listed with their text. */
  foldedFindings: readonly Finding[];
  /** The findings the review marked (from earlier reviews), for their titles. */
  earlierFindings?: readonly OpenFinding[];
  /** Hidden Unicode characters the change adds (Trojan Source); a warning section when there are any. */
  hiddenCharacters?: HiddenCharacterScan;
}

export const VERDICT_HEADLINES: Readonly<Record<Review['verdict'], string>> = {
  approve: 'Approved',
  revise: 'Changes requested',
  needs_human: 'Needs a person',
  abort: 'Aborted',
};

export const REVIEW_TRIM_NOTE = "_This review was trimmed to fit GitHub's 65,536-character limit; the full review is in the workflow run's artifacts._";

export function reviewBody(input: ReviewBodyInput): string {
  return fitMarkdown((detail) => renderReview(input, detail), GITHUB_TEXT_LIMIT, REVIEW_TRIM_NOTE);
}

function renderReview(input: ReviewBodyInput, detail: Detail): string {
  const { review } = input;
  const iteration =
    input.iteration === null ? null : input.maxIterations === null ? `Iteration ${input.iteration}` : `Iteration ${input.iteration} of ${input.maxIterations}`;
  // The plan's titles win: the results are about the tasks as they were in this iteration.
  const tasks = [...review.revised_tasks, ...(input.plan?.tasks ?? [])];
  const facts = [iteration, review.task_reviews.length > 0 ? passCount(review) : null, findingsCount(review.findings)];
  const sections: (string | null)[] = [
    `### codex-cto review: ${VERDICT_HEADLINES[review.verdict]}`,
    facts.filter((part) => part !== null).join(' · ') || null,
    escapeMarkdown(clip(review.summary, FIELD_LIMITS.prose)) || null,
    review.reason === null || review.reason.trim() === '' ? null : `**Reason:** ${escapeInline(clip(review.reason, FIELD_LIMITS.prose))}`,
    ...questionsSection(review),
    ...hiddenCharactersSection(input.hiddenCharacters ?? NO_HIDDEN_CHARACTERS, detail),
    ...(review.task_reviews.length > 0 || input.plan !== null ? ['#### Tasks', taskResultsTable(review, tasks, detail)] : []),
    ...findingsSections(review.findings, new Set(input.foldedFindings), detail),
    ...previousFindingsSection(review, input.earlierFindings ?? [], detail),
    ...requirementsSection(review, detail),
    ...revisedTasks(review, detail),
    ...revisedVerificationSection(review),
    inlineNote(input.inlineCount),
    '<sub>Reviewed by Codex in a read-only sandbox; the code was written by Claude Code.</sub>',
  ];
  return sections.filter((section): section is string => section !== null).join('\n\n');
}

function questionsSection(review: Review): string[] {
  if (review.verdict !== 'needs_human') return [];
  const list = questionsList(review.questions);
  return list === null ? [] : ['#### Questions for a person', list];
}

function inlineNote(count: number): string | null {
  if (count <= 0) return null;
  return count === 1 ? '_1 finding is attached to the diff as an inline comment._' : `_${count} findings are attached to the diff as inline comments._`;
}

function revisedTasks(review: Review, detail: Detail): string[] {
  if (review.revised_tasks.length === 0) return [];
  const list =
    detail === 'minimal'
      ? review.revised_tasks.map((task) => taskId(task.id)).join(', ')
      : taskList(review.revised_tasks, detail === 'full');
  return ['#### Revised tasks for the next iteration', list];
}
