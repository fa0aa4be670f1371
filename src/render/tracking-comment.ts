// The one tracking comment per issue (or per PR for a dispatch without an issue), edited in
// place as the loop runs: status, links, the plan as a checklist, the iteration table, totals,
// and the hidden state marker as the last line so later runs can continue the loop.
import { fitMarkdown, GITHUB_TEXT_LIMIT, type Detail } from './fit.js';
import { formatUtc } from './format.js';
import { errorSection, isolationNote, iterationTable, linksLine, planChecklist, planDetails, sessionNote, totalsLine } from './parts.js';
import { questionsList } from './findings.js';
import { unresolvedList } from './unresolved.js';
import { clip, escapeInline } from './escape.js';
import { FIELD_LIMITS } from './parts.js';
import { statusHeadline, statusSentence } from './status.js';
import { liveProgressSection } from './live-progress.js';
import type { LoopView, TrackingView } from './view.js';

export type { ErrorBlock, LoopView, TrackingView } from './view.js';

export const TRACKING_TRIM_NOTE =
  "_This comment was trimmed to fit GitHub's 65,536-character limit; the full plan and reviews are in the workflow run's job summary and artifacts._";

/**
 * The tracking comment's markdown, never longer than GitHub's limit: detail is dropped first
 * (folded analysis, then acceptance criteria), and the marker is always kept whole.
 */
export function trackingComment(view: TrackingView): string {
  const room = GITHUB_TEXT_LIMIT - view.marker.length - 2;
  const body = fitMarkdown((detail) => trackingBody(view, detail), room, TRACKING_TRIM_NOTE);
  return `${body}\n\n${view.marker}`;
}

function trackingBody(view: LoopView, detail: Detail): string {
  const loop = view.state.loop;
  const sections: (string | null)[] = [
    `### codex-cto: ${statusHeadline(view)}`,
    statusSentence(view),
    linksLine(view),
    isolationNote(view),
    sessionNote(view),
    view.error === null ? null : errorSection(view.error),
    ...questionsSection(view),
    // Shown only while the comment says Claude implements: a later phase's write drops it.
    loop.phase === 'implementing' && view.live ? liveProgressSection(view.live) : null,
  ];
  if (loop.plan !== null) {
    sections.push('#### Plan', planChecklist(loop.plan, loop.last_review, detail), planDetails(loop.plan, detail));
  }
  if (loop.iterations.length > 0) sections.push('#### Iterations', iterationTable(loop.iterations, loop.phase));
  if (loop.plan !== null || loop.iterations.length > 0) sections.push(totalsLine(loop, view.maxBudgetUsd ?? null));
  sections.push(footer(view.updatedAt ?? null));
  return sections.filter((section): section is string => section !== null).join('\n\n');
}

/** What the loop waits for a person to answer: the reviewer's questions, or the plan's open questions. */
function questionsSection(view: LoopView): string[] {
  const loop = view.state.loop;
  if (loop.phase === 'escalated' && loop.last_review?.verdict === 'needs_human') {
    const list = questionsList(loop.last_review.questions);
    return list === null ? [] : ['#### Questions from the reviewer', list];
  }
  if (loop.phase === 'escalated' || loop.phase === 'capped') {
    const list = unresolvedList(loop);
    return list === null ? [] : ['#### What the reviewer could not get resolved', list];
  }
  if (loop.phase === 'awaiting_plan_approval' && loop.plan !== null && loop.plan.open_questions.length > 0) {
    const items = loop.plan.open_questions.map(
      (open, i) => `${i + 1}. ${open.blocking ? '**Blocking:** ' : ''}${escapeInline(clip(open.question, FIELD_LIMITS.prose))}`,
    );
    return ['#### Questions from the planner', items.join('\n')];
  }
  return [];
}

function footer(updatedAt: string | null): string {
  const time = updatedAt === null ? null : formatUtc(updatedAt);
  const when = time === null ? '' : ` Last updated ${time}.`;
  return `<sub>codex-cto edits this comment as the work goes on.${when}</sub>`;
}
