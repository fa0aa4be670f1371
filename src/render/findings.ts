// How the reviewer's judgement beyond the task table looks, wherever it is shown (the review body, the
// check run, inline comments, the tracking comment): findings by priority (P0 and P1 block, P2 and P3
// are suggestions), the marks on earlier findings, the requirements of the request, the questions for a
// person and revised verification commands. Every piece of model text passes an escape here.
import type { Finding, OpenFinding, Review } from '../core/model/schema-types.js';
import { isBlocking } from '../core/model/verdict-rules.js';
import { clip, code, escapeInline, escapeMarkdown } from './escape.js';
import type { Detail } from './fit.js';
import { FIELD_LIMITS } from './parts.js';

/** `src/a.ts:3` or `src/a.ts:3-7`, as inline code. */
export function findingPlace(finding: Pick<Finding, 'path' | 'start_line' | 'end_line'>): string {
  const lines = finding.end_line > finding.start_line ? `${finding.start_line}-${finding.end_line}` : `${finding.start_line}`;
  return code(`${clip(finding.path, FIELD_LIMITS.target)}:${lines}`);
}

/** `**P1** Title — `src/a.ts:3` · task T2`; the body follows after a colon when given. */
export function findingLine(finding: Finding, body: string | null): string {
  const title = escapeInline(clip(finding.title, FIELD_LIMITS.title)) || '(untitled)';
  const task = finding.task_id === null ? '' : ` · task ${escapeInline(clip(finding.task_id, 40))}`;
  const text = body === null || body.trim() === '' ? '' : `: ${escapeInline(body)}`;
  return `**${finding.priority}** ${title} — ${findingPlace(finding)}${task}${text}`;
}

/**
 * The findings in two sections: those that block and the suggestions. A finding posted inline is named
 * with its place (its text is on the diff); one whose lines are outside the diff carries its text here.
 */
export function findingsSections(findings: readonly Finding[], folded: ReadonlySet<Finding>, detail: Detail, heading = '####'): string[] {
  const limit = detail === 'full' ? FIELD_LIMITS.comment : 300;
  const item = (finding: Finding): string => {
    if (detail === 'minimal') return `- **${finding.priority}** ${findingPlace(finding)}`;
    return `- ${findingLine(finding, folded.has(finding) ? clip(finding.body, limit) : null)}`;
  };
  const blocking = findings.filter(isBlocking);
  const suggestions = findings.filter((finding) => !isBlocking(finding));
  const sections: string[] = [];
  if (blocking.length > 0) sections.push(`${heading} Blocking findings`, blocking.map(item).join('\n'));
  if (suggestions.length > 0) sections.push(`${heading} Suggestions`, '_P2 and P3 findings do not block the change._', suggestions.map(item).join('\n'));
  return sections;
}

/** `1 blocking finding, 2 suggestions`, or null when there are none. */
export function findingsCount(findings: readonly Finding[]): string | null {
  if (findings.length === 0) return null;
  const blocking = findings.filter(isBlocking).length;
  const suggestions = findings.length - blocking;
  const parts = [
    blocking === 0 ? null : `${blocking} blocking ${blocking === 1 ? 'finding' : 'findings'}`,
    suggestions === 0 ? null : `${suggestions} ${suggestions === 1 ? 'suggestion' : 'suggestions'}`,
  ];
  return parts.filter((part) => part !== null).join(', ');
}

/** The text of one inline comment: priority and title, the finding, and what it concerns. */
export function inlineFindingBody(finding: Finding): string {
  const kind = isBlocking(finding) ? finding.priority : `${finding.priority}, suggestion`;
  const title = escapeInline(clip(finding.title, FIELD_LIMITS.title)) || '(untitled)';
  const facts = [`confidence ${formatConfidence(finding.confidence)}`, finding.task_id === null ? null : `task ${escapeInline(clip(finding.task_id, 40))}`];
  return [
    `**${kind}: ${title}**`,
    escapeMarkdown(clip(finding.body, FIELD_LIMITS.comment)),
    `<sub>${facts.filter((fact) => fact !== null).join(' · ')}</sub>`,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/** How the review marked the earlier findings; titles come from `earlier` when it has them. */
export function previousFindingsSection(review: Review, earlier: readonly OpenFinding[], detail: Detail): string[] {
  if (review.previous_findings.length === 0 || detail === 'minimal') return [];
  const byId = new Map(earlier.map((finding) => [finding.id, finding]));
  const items = review.previous_findings.map((mark) => {
    const finding = byId.get(mark.id);
    const name = finding === undefined ? '' : ` **${finding.priority}** ${escapeInline(clip(finding.title, FIELD_LIMITS.title))}`;
    const note = mark.note.trim() === '' ? '' : ` — ${escapeInline(clip(mark.note, detail === 'full' ? FIELD_LIMITS.feedback : 300))}`;
    return `- ${escapeInline(clip(mark.id, 40))}${name}: ${mark.status}${note}`;
  });
  return ['#### Earlier findings', items.join('\n')];
}

const REQUIREMENT_WORDS: Readonly<Record<Review['requirements'][number]['status'], string>> = {
  met: 'met',
  not_met: '**not met**',
  needs_human: '**needs a person**',
};

/** The request's requirements with the reviewer's judgement of each. */
export function requirementsSection(review: Review, detail: Detail, heading = '####'): string[] {
  if (review.requirements.length === 0) return [];
  const shown = detail === 'minimal' ? review.requirements.filter((requirement) => requirement.status !== 'met') : review.requirements;
  if (shown.length === 0) return [];
  const items = shown.map((requirement) => {
    const note = detail === 'full' && requirement.note.trim() !== '' ? ` — ${escapeInline(clip(requirement.note, FIELD_LIMITS.feedback))}` : '';
    return `- ${REQUIREMENT_WORDS[requirement.status]}: ${escapeInline(clip(requirement.requirement, FIELD_LIMITS.criterion))}${note}`;
  });
  return [`${heading} Requirements of the request`, items.join('\n')];
}

/** The questions a person must answer, numbered; nothing when there are none. */
export function questionsList(questions: readonly string[]): string | null {
  const items = questions.filter((question) => question.trim() !== '').map((question, i) => `${i + 1}. ${escapeInline(clip(question, FIELD_LIMITS.prose))}`);
  return items.length === 0 ? null : items.join('\n');
}

/** The verification commands the review puts in place of the plan's. */
export function revisedVerificationSection(review: Review): string[] {
  if (review.revised_verification === null) return [];
  const items = review.revised_verification.map((command) => `- ${code(clip(command, FIELD_LIMITS.target))}`);
  return ['#### Revised verification for the next iteration', items.join('\n')];
}

function formatConfidence(confidence: number): string {
  return Number.isFinite(confidence) ? String(Math.round(confidence * 100) / 100) : '?';
}
