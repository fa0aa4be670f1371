// The body of the PR review that carries the reviewer's verdict: headline, summary, per-task
// results, the abort reason, a warning about hidden Unicode characters the change adds, revised
// tasks for the next iteration, and the findings that could not be attached inline because their
// line is outside the diff.
import type { Plan, Review, ReviewComment } from '../core/model/schema-types.js';
import { clip, code, escapeInline, escapeMarkdown } from './escape.js';
import { fitMarkdown, GITHUB_TEXT_LIMIT, type Detail } from './fit.js';
import { FIELD_LIMITS, passCount, taskId, taskList, taskResultsTable } from './parts.js';
import { hiddenCharactersSection } from './hidden-characters.js';
import { NO_HIDDEN_CHARACTERS, type HiddenCharacterScan } from '../core/model/trojan-source.js';

export { diffLinesFromFiles, parsePatchLines, splitComments, type DiffLines } from './inline-comments.js';

export interface ReviewBodyInput {
  review: Review;
  /** The plan the work was judged against (for task titles); null for a review without one. */
  plan: Plan | null;
  /** The loop's iteration and its cap; null for a one-off review of someone else's PR. */
  iteration: number | null;
  maxIterations: number | null;
  /** How many findings were posted as inline comments. */
  inlineCount: number;
  /** Findings whose line is outside the diff (see `splitComments`). */
  foldedComments: readonly ReviewComment[];
  /** Hidden Unicode characters the change adds (Trojan Source); a warning section when there are any. */
  hiddenCharacters?: HiddenCharacterScan;
}

export const VERDICT_HEADLINES: Readonly<Record<Review['verdict'], string>> = {
  approve: 'Approved',
  revise: 'Changes requested',
  abort: 'Aborted',
};

export const REVIEW_TRIM_NOTE = "_This review was trimmed to fit GitHub's 65,536-character limit; the full review is in the workflow run's artifacts._";

export function reviewBody(input: ReviewBodyInput): string {
  return fitMarkdown((detail) => renderReview(input, detail), GITHUB_TEXT_LIMIT, REVIEW_TRIM_NOTE);
}

/** The text of one inline comment: the finding, escaped like any other model text. */
export function inlineCommentBody(body: string): string {
  return escapeMarkdown(clip(body, FIELD_LIMITS.comment));
}

function renderReview(input: ReviewBodyInput, detail: Detail): string {
  const { review } = input;
  const iteration =
    input.iteration === null ? null : input.maxIterations === null ? `Iteration ${input.iteration}` : `Iteration ${input.iteration} of ${input.maxIterations}`;
  // The plan's titles win: the results are about the tasks as they were in this iteration.
  const tasks = [...review.revised_tasks, ...(input.plan?.tasks ?? [])];
  const sections: (string | null)[] = [
    `### codex-cto review: ${VERDICT_HEADLINES[review.verdict]}`,
    [iteration, review.task_reviews.length > 0 ? passCount(review) : null].filter((part) => part !== null).join(' · ') || null,
    escapeMarkdown(clip(review.summary, FIELD_LIMITS.prose)) || null,
    review.reason === null || review.reason.trim() === '' ? null : `**Reason:** ${escapeInline(clip(review.reason, FIELD_LIMITS.prose))}`,
    ...hiddenCharactersSection(input.hiddenCharacters ?? NO_HIDDEN_CHARACTERS, detail),
    '#### Tasks',
    taskResultsTable(review, tasks, detail),
    ...revisedTasks(review, detail),
    ...foldedFindings(input.foldedComments, detail),
    inlineNote(input.inlineCount),
    '<sub>Reviewed by Codex in a read-only sandbox; the code was written by Claude Code.</sub>',
  ];
  return sections.filter((section): section is string => section !== null).join('\n\n');
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

function foldedFindings(comments: readonly ReviewComment[], detail: Detail): string[] {
  if (comments.length === 0) return [];
  const bodyLimit = detail === 'full' ? FIELD_LIMITS.comment : 300;
  const items = comments.map((comment) => {
    const where = code(`${clip(comment.path, FIELD_LIMITS.target)}:${comment.line}`);
    return detail === 'minimal' ? `- ${where}` : `- ${where}: ${escapeInline(clip(comment.body, bodyLimit))}`;
  });
  return ['#### Findings outside the diff', 'These lines are not part of the diff, so the findings are listed here instead of inline.', items.join('\n')];
}
