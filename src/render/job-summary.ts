// The job summary (the markdown written to GITHUB_STEP_SUMMARY): the whole story of the run on
// one page, with the same plan and iteration pieces as the tracking comment plus the objective
// and the final verdict with per-task results.
import { questionsList } from './findings.js';
import { fitMarkdown, type Detail } from './fit.js';
import { clip, escapeInline, escapeMarkdown } from './escape.js';
import { errorSection, isolationNote, FIELD_LIMITS, iterationTable, linksLine, passCount, planChecklist, planDetails, quoted, sessionNote, taskResultsTable, totalsLine } from './parts.js';
import { statusHeadline, statusSentence } from './status.js';
import type { ErrorBlock, LoopView } from './view.js';

/** GitHub takes at most 1 MiB of summary per step; a UTF-16 code unit is at most 3 UTF-8 bytes. */
export const JOB_SUMMARY_LIMIT = Math.floor((1024 * 1024) / 3);

export const JOB_SUMMARY_TRIM_NOTE = "_This summary was trimmed to fit GitHub's job summary limit; the full plan and reviews are in the run's artifacts._";

const VERDICT_WORDS = { approve: 'Approved', revise: 'Changes requested', needs_human: 'Needs a person', abort: 'Aborted' } as const;

export function jobSummary(view: LoopView): string {
  return fitMarkdown((detail) => summaryBody(view, detail), JOB_SUMMARY_LIMIT, JOB_SUMMARY_TRIM_NOTE);
}

/** The summary of a run that failed before there was a loop to show (no tracking comment yet). */
export function failureSummary(error: ErrorBlock): string {
  return ['## codex-cto: Failed', errorSection(error)].join('\n\n');
}

function summaryBody(view: LoopView, detail: Detail): string {
  const loop = view.state.loop;
  const sections: (string | null)[] = [
    `## codex-cto: ${statusHeadline(view)}`,
    statusSentence(view),
    linksLine(view),
    isolationNote(view),
    sessionNote(view),
    view.error === null ? null : errorSection(view.error),
    '### Objective',
    quoted(loop.objective),
  ];
  if (loop.plan !== null) {
    sections.push('### Plan', planChecklist(loop.plan, loop.last_review, detail), planDetails(loop.plan, detail));
  }
  sections.push('### Iterations', iterationTable(loop.iterations));
  const review = loop.last_review;
  if (review !== null) {
    sections.push(
      '### Final verdict',
      `**${VERDICT_WORDS[review.verdict]}**: ${passCount(review)}.`,
      escapeMarkdown(clip(review.summary, FIELD_LIMITS.prose)),
      review.reason === null ? null : `**Reason:** ${escapeInline(clip(review.reason, FIELD_LIMITS.prose))}`,
      review.verdict === 'needs_human' ? questionsList(review.questions) : null,
      taskResultsTable(review, loop.plan?.tasks ?? [], detail),
    );
  }
  sections.push('### Cost', totalsLine(loop, view.maxBudgetUsd ?? null));
  return sections.filter((section): section is string => section !== null && section !== '').join('\n\n');
}
