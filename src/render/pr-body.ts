// The pull request's description: what was asked (quoted, since it is the requester's text),
// the plan in brief, the closing keyword for the issue, and how the PR came to be.
import type { Plan } from '../core/model/schema-types.js';
import { link, mention } from './escape.js';
import { fitMarkdown, GITHUB_TEXT_LIMIT, type Detail } from './fit.js';
import { plural } from './format.js';
import { quoted, taskId, taskList } from './parts.js';

export interface PrBodyInput {
  objective: string;
  /** The current plan; null only if the PR is opened before there is one. */
  plan: Plan | null;
  /** The issue the PR closes; null for a dispatch without an issue. */
  issue: number | null;
  /** Login of the person who started the loop. */
  requester: string;
  /** Link to the tracking comment; null while it has no URL yet. */
  trackingUrl: string | null;
  /** Whether the PR is opened as a draft (the `draft-pr` setting); true when absent. */
  draft?: boolean;
}

export const PR_BODY_TRIM_NOTE = "_Trimmed to fit GitHub's 65,536-character limit; the full plan is in the tracking comment._";

export function prBody(input: PrBodyInput): string {
  return fitMarkdown((detail) => renderPrBody(input, detail), GITHUB_TEXT_LIMIT, PR_BODY_TRIM_NOTE);
}

function renderPrBody(input: PrBodyInput, detail: Detail): string {
  const sections: string[] = ['### Objective', quoted(input.objective)];
  // Near the top, so that even a cut body still closes the issue.
  if (input.issue !== null) sections.push(`Closes #${input.issue}`);
  if (input.plan !== null && input.plan.tasks.length > 0) {
    const tasks = input.plan.tasks;
    const list = detail === 'minimal' ? tasks.map((task) => taskId(task.id)).join(', ') : taskList(tasks, false);
    sections.push(`### Plan (${plural(tasks.length, 'task')})`, list);
  }
  sections.push('---', footer(input));
  return sections.join('\n\n');
}

function footer(input: PrBodyInput): string {
  const tracking = input.trackingUrl === null ? '' : ` Progress and the review loop: ${link('tracking comment', input.trackingUrl)}.`;
  const draft = input.draft === false ? '' : ' It stays a draft until the reviewer approves it.';
  return (
    `Opened by codex-cto for ${mention(input.requester)}: Codex planned this change and reviews it in a read-only sandbox; ` +
    `Claude Code writes the code.${draft}${tracking}`
  );
}
