// What the reviewer could not get resolved when a loop pauses for a person: the open P0/P1 findings, the
// tasks that did not pass, the unmet requirements and a person's feedback it found not done. Pure markdown.
import type { LoopState } from '../core/model/schema-types.js';
import { isBlocking } from '../core/model/verdict-rules.js';
import { clip, escapeInline } from './escape.js';
import { FIELD_LIMITS } from './parts.js';

/** Items listed at most; the rest are counted. */
const MAX_ITEMS = 12;

/** The list, or null when the last review names nothing that blocks. */
export function unresolvedList(loop: LoopState): string | null {
  const review = loop.last_review;
  if (review === null) return null;
  const items = [
    ...loop.open_findings.filter(isBlocking).map((finding) => `${finding.priority} finding ${finding.id}: ${line(finding.title)} (${line(finding.path)}:${finding.start_line})`),
    ...review.task_reviews.filter((task) => task.status !== 'pass').map((task) => `task ${line(task.task_id)} did not pass (${task.status}): ${line(task.feedback)}`),
    ...review.requirements
      .filter((requirement) => requirement.status === 'not_met')
      .map((requirement) => `${requirement.feedback_id === null ? 'requirement' : `your feedback ${requirement.feedback_id}`} not met: ${line(requirement.requirement)}${requirement.note.trim() === '' ? '' : ` — ${line(requirement.note)}`}`),
  ];
  if (items.length === 0) return null;
  const shown = items.slice(0, MAX_ITEMS).map((item) => `- ${item}`);
  if (items.length > shown.length) shown.push(`- … and ${items.length - shown.length} more`);
  return shown.join('\n');
}

function line(text: string): string {
  return escapeInline(clip(text, FIELD_LIMITS.title));
}
