// Small markdown builders shared by the tracking comment, the job summary, the PR body, the
// review body and the check run: one place that decides how a task, a plan, an iteration table
// or a task-results table looks. Every piece of model or user text passes an escape here.
import type { IterationRecord, LoopState, Plan, Review, Task, TaskReview } from '../core/model/schema-types.js';
import { clip, code, escapeInline, escapeMarkdown, escapePreformatted, escapeTableCell, link } from './escape.js';
import type { Detail } from './fit.js';
import { formatCount, formatDuration, formatUsd, plural } from './format.js';
import type { ErrorBlock, LoopView } from './view.js';

/** Caps on single untrusted fields, so one runaway string cannot crowd out the rest. */
export const FIELD_LIMITS = {
  title: 200,
  target: 200,
  criterion: 400,
  prose: 4_000,
  feedback: 1_500,
  comment: 2_000,
  errorMessage: 4_000,
  objective: 3_000,
} as const;

/** `**T1** Add the parser — `src/parser.ts`` */
export function taskLine(task: Pick<Task, 'id' | 'title' | 'target'>): string {
  const target = code(clip(task.target, FIELD_LIMITS.target));
  const title = escapeInline(clip(task.title, FIELD_LIMITS.title));
  const head = title === '' ? taskId(task.id) : `${taskId(task.id)} ${title}`;
  return target === '' ? head : `${head} — ${target}`;
}

/** `**T1**`; an id that escapes to nothing still shows as something, never as `****`. */
export function taskId(id: string): string {
  return `**${escapeInline(clip(id, 40)) || '(no id)'}**`;
}

/** `  - text` under a list item; nothing for empty text, since an empty item after a line turns that line into a heading. */
function nestedItems(items: readonly string[]): string[] {
  return items.filter((item) => item !== '').map((item) => `  - ${item}`);
}

/** The acceptance criteria of a task as a nested list under its item. */
function criteriaLines(task: Task): string[] {
  return nestedItems(task.acceptance_criteria.map((criterion) => escapeInline(clip(criterion, FIELD_LIMITS.criterion))));
}

/**
 * The plan as a task list, each task ticked when the last review passed it (and marked when it
 * did not). Acceptance criteria are nested unless the detail is `minimal`.
 */
export function planChecklist(plan: Plan, lastReview: Review | null, detail: Detail): string {
  const reviews = new Map<string, TaskReview>((lastReview?.task_reviews ?? []).map((entry) => [entry.task_id, entry]));
  const lines: string[] = [];
  for (const task of plan.tasks) {
    const status = reviews.get(task.id)?.status;
    const box = status === 'pass' ? '[x]' : '[ ]';
    const suffix = status === 'fail' || status === 'partial' ? ` _(${status})_` : '';
    lines.push(`- ${box} ${taskLine(task)}${suffix}`);
    if (detail !== 'minimal') lines.push(...criteriaLines(task));
  }
  return lines.length > 0 ? lines.join('\n') : '_The plan has no tasks._';
}

/** A plain task list without boxes (PR body, revised tasks), criteria nested when asked. */
export function taskList(tasks: readonly Task[], withCriteria: boolean): string {
  return tasks.flatMap((task) => [`- ${taskLine(task)}`, ...(withCriteria ? criteriaLines(task) : [])]).join('\n');
}

/** Analysis, strategy and verification commands, folded; nothing below `full` detail. */
export function planDetails(plan: Plan, detail: Detail): string | null {
  if (detail !== 'full') return null;
  const items = plan.verification.map((command) => code(clip(command, FIELD_LIMITS.target))).filter((item) => item !== '');
  const commands = items.length > 0 ? items.map((item) => `- ${item}`).join('\n') : '_none_';
  const assumptions = plan.assumptions.map((assumption) => `- ${escapeInline(clip(assumption, FIELD_LIMITS.criterion))}`).filter((item) => item !== '- ');
  return [
    '<details>',
    '<summary>Analysis, strategy and verification</summary>',
    '',
    '**Analysis**',
    '',
    escapeMarkdown(clip(plan.analysis, FIELD_LIMITS.prose)) || '_none_',
    '',
    '**Strategy**',
    '',
    escapeMarkdown(clip(plan.strategy, FIELD_LIMITS.prose)) || '_none_',
    '',
    ...(assumptions.length === 0 ? [] : ['**Assumptions**', '', assumptions.join('\n'), '']),
    '**Verification commands**',
    '',
    commands,
    '',
    '</details>',
  ].join('\n');
}

/**
 * One row per iteration: verdict, tasks passed, verification, Claude turns, cost, duration. The
 * engine records an iteration before its review; while `phase` is still verifying or reviewing,
 * that unreviewed last record reads `in progress` instead of `not reviewed`.
 */
export function iterationTable(iterations: readonly IterationRecord[], phase: LoopState['phase'] | null = null): string {
  if (iterations.length === 0) return '_No iteration has finished yet._';
  const working = phase === 'verifying' || phase === 'reviewing';
  const last = iterations[iterations.length - 1];
  const rows = iterations.map((record) => {
    const unreviewed = working && record === last ? 'in progress' : 'not reviewed';
    const verdict = record.verdict ?? unreviewed;
    const tasks = record.verdict === null ? '—' : `${record.tasks_passed}/${record.tasks_total}`;
    const verification = record.verification_passed === null ? '—' : record.verification_passed ? 'passed' : 'failed';
    const asked = record.requested_by === null ? '' : ` (asked by ${escapeTableCell(`@${record.requested_by}`)})`;
    return `| ${record.number}${asked} | ${verdict} | ${tasks} | ${verification} | ${record.claude_turns} | ${formatUsd(record.cost_usd)} | ${formatDuration(record.duration_ms)} |`;
  });
  return [
    '| Iteration | Verdict | Tasks passed | Verification | Claude turns | Cost | Duration |',
    '| ---: | --- | ---: | --- | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** The reviewer's per-task results: task (with its title when `tasks` has it; the last one with an id wins), status, feedback. */
export function taskResultsTable(review: Review, tasks: readonly Task[], detail: Detail): string {
  if (review.task_reviews.length === 0) return '_The review lists no per-task results._';
  const titles = new Map(tasks.map((task) => [task.id, task.title]));
  const feedbackLimit = detail === 'full' ? FIELD_LIMITS.feedback : 300;
  const rows = review.task_reviews.map((entry) => {
    const title = titles.get(entry.task_id);
    const named = title === undefined ? '' : escapeTableCell(clip(title, FIELD_LIMITS.title));
    const task = named === '' ? taskId(entry.task_id) : `${taskId(entry.task_id)} ${named}`;
    const feedback = entry.feedback.trim() === '' ? '—' : escapeTableCell(clip(entry.feedback, feedbackLimit));
    return `| ${task} | ${entry.status} | ${feedback} |`;
  });
  return ['| Task | Status | Feedback |', '| --- | --- | --- |', ...rows].join('\n');
}

/** How many of the review's task results pass, as `2 of 4 tasks pass`. */
export function passCount(review: Review): string {
  const passed = review.task_reviews.filter((entry) => entry.status === 'pass').length;
  const total = review.task_reviews.length;
  return `${passed} of ${total} ${total === 1 ? 'task passes' : 'tasks pass'}`;
}

/** Links to the workflow run, the branch and the pull request (whichever exist). */
export function linksLine(view: Pick<LoopView, 'state' | 'runUrl' | 'branchUrl' | 'prUrl' | 'transcriptsUrl'>): string | null {
  const links: string[] = [];
  if (view.runUrl !== null) links.push(link('Workflow run', view.runUrl));
  if (view.state.branch !== null) links.push(`Branch ${link(code(view.state.branch), view.branchUrl)}`);
  if (view.state.pr !== null) links.push(`Pull request ${link(`#${view.state.pr}`, view.prUrl)}`);
  else if (view.prUrl !== null) links.push(link('Pull request', view.prUrl));
  if (view.transcriptsUrl) links.push(link('Transcripts', view.transcriptsUrl));
  return links.length > 0 ? links.join(' · ') : null;
}

/** Claude cost (against the budget), Codex tokens and the number of iterations. */
export function totalsLine(loop: LoopState, maxBudgetUsd: number | null): string {
  const budget = maxBudgetUsd === null ? '' : ` of ${formatUsd(maxBudgetUsd)} budget`;
  return `**Totals:** Claude ${formatUsd(loop.total_cost_usd)}${budget} · Codex ${formatCount(loop.codex_tokens)} tokens · ${plural(loop.iterations.length, 'iteration')}`;
}

/** The objective as a block quote. */
export function quoted(text: string): string {
  return escapeMarkdown(clip(text, FIELD_LIMITS.objective))
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

const GENERIC_HINT = 'Check the workflow run log, fix the cause, then re-run the workflow; work already done is kept on the branch.';

/** The error, verbatim in a preformatted block, and what to do about it. */
export function errorSection(error: ErrorBlock): string {
  const title = escapeInline(clip(error.title, FIELD_LIMITS.title));
  const hint = error.hint === null ? '' : escapeInline(clip(error.hint, FIELD_LIMITS.prose));
  return [
    title === '' ? '**Error**' : `**Error: ${title}**`,
    '',
    '<pre>',
    escapePreformatted(clip(error.message, FIELD_LIMITS.errorMessage)),
    '</pre>',
    '',
    `**What to do:** ${hint === '' ? GENERIC_HINT : hint}`,
  ].join('\n');
}

/** The warning shown while agents run without isolation (`isolation: none`). */
export const ISOLATION_OFF_NOTE =
  "> [!WARNING]\n> Agent isolation is off (`isolation: none`): the agents run as the runner user and can read every secret of this job. See SECURITY.md.";

export function isolationNote(view: { isolationOff?: boolean }): string | null {
  return view.isolationOff ? ISOLATION_OFF_NOTE : null;
}

/** Whether Claude Code went on with its conversation of the earlier run, or started afresh and why. */
export function sessionNote(view: Pick<LoopView, 'session'>): string | null {
  const session = view.session ?? null;
  if (session === null) return null;
  if (session.kind === 'resumed') return `_Claude Code resumed its session from the transcripts of run ${escapeInline(session.runId)}._`;
  return `_Claude Code started a fresh session (${escapeInline(clip(session.reason, FIELD_LIMITS.prose))}); its prompt carries the plan, the reviewer's findings and any feedback._`;
}
