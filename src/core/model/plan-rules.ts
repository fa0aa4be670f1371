// The rules of plans and reviews that a JSON schema cannot say: unique ids, dependencies that exist and
// form no cycle, file targets inside the repository, revised tasks that still make a sound plan once
// merged, and an approval that agrees with its own task results. Pure functions; schemas.ts quotes
// their errors back to Codex in the repair turn, and the engine applies the verdict rule again before
// it acts on a review.
import type { Plan, Review, Task } from './schema-types.js';

/** Actions whose target is a file in the repository (the others name a command). */
const FILE_ACTIONS: ReadonlySet<Task['action']> = new Set(['create_file', 'modify_file', 'delete_file']);

/** Rules every task list obeys, in a plan and in a review's revised tasks: ids, titles, file targets. */
export function taskListErrors(tasks: readonly Task[], list: string): string[] {
  const errors: string[] = [];
  const firstUse = new Map<string, number>();
  tasks.forEach((task, i) => {
    if (task.id.trim() === '') errors.push(`${list}[${i}].id: must not be empty`);
    else if (firstUse.has(task.id)) errors.push(`${list}[${i}].id: "${task.id}" is already the id of ${list}[${firstUse.get(task.id)}]`);
    else firstUse.set(task.id, i);
    if (task.title.trim() === '') errors.push(`${list}[${i}].title: must not be empty`);
    const problem = FILE_ACTIONS.has(task.action) ? repositoryPathProblem(task.target) : null;
    if (problem) errors.push(`${list}[${i}].target: task "${task.id}" (${task.action}): ${problem}`);
  });
  return errors;
}

/** Dependencies that name no task or the task itself, and the first cycle, in the plan's own words. */
export function dependencyErrors(tasks: readonly Task[], list: string): string[] {
  const errors: string[] = [];
  const ids = new Set(tasks.map((task) => task.id));
  tasks.forEach((task, i) => {
    task.dependencies.forEach((dependency, j) => {
      const at = `${list}[${i}].dependencies[${j}]`;
      if (dependency === task.id) errors.push(`${at}: task "${task.id}" depends on itself`);
      else if (!ids.has(dependency)) errors.push(`${at}: no task has id "${dependency}"`);
    });
  });
  const cycle = findCycle(tasks);
  if (cycle) errors.push(`${list}: dependency cycle ${cycle.join(' -> ')}`);
  return errors;
}

/**
 * Problems of the plan that the revised tasks would leave behind once merged into it (a dependency on a
 * task that does not exist, a cycle): the merged plan is what the next iteration works from.
 */
export function mergedPlanErrors(plan: Plan, revised: readonly Task[]): string[] {
  if (revised.length === 0) return [];
  const merged = mergeRevisedTasks(plan, revised).tasks;
  const ids = new Set(merged.map((task) => task.id));
  const errors: string[] = [];
  merged.forEach((task) => {
    for (const dependency of task.dependencies) {
      if (dependency === task.id) errors.push(`revised_tasks: merged into the plan, task "${task.id}" depends on itself`);
      else if (!ids.has(dependency)) {
        errors.push(`revised_tasks: merged into the plan, task "${task.id}" depends on "${dependency}", which no task of the plan has`);
      }
    }
  });
  const cycle = findCycle(merged);
  if (cycle) errors.push(`revised_tasks: merged into the plan, the dependencies form a cycle ${cycle.join(' -> ')}`);
  return errors;
}

/** Revised tasks replace the task with the same id in place; new ids are appended in order. */
export function mergeRevisedTasks(plan: Plan, revised: readonly Task[]): Plan {
  if (revised.length === 0) return plan;
  const byId = new Map(revised.map((task) => [task.id, task]));
  const tasks = plan.tasks.map((task) => byId.get(task.id) ?? task);
  const known = new Set(plan.tasks.map((task) => task.id));
  const added = [...byId.values()].filter((task) => !known.has(task.id));
  return { ...plan, tasks: [...tasks, ...added] };
}

/**
 * Why `path` is not a plain path inside the repository, or null when it is one. Both separators count
 * (a model may write Windows paths), and `.git` is refused in the spellings that reach it on some file
 * systems (`.GIT`, `.git.`, the 8.3 name `git~1`).
 */
export function repositoryPathProblem(path: string): string | null {
  if (path.trim() === '') return 'must not be empty';
  if (/\p{Cc}/u.test(path)) return `"${path.replace(/\p{Cc}/gu, '?')}" must not contain control characters`;
  if (/^(?:[/\\]|[A-Za-z]:)/.test(path)) return `"${path}" must be relative to the repository root`;
  const segments = path.split(/[/\\]/);
  if (segments.includes('..')) return `"${path}" must not contain ".."`;
  if (segments[0]?.startsWith('~')) return `"${path}" must be relative to the repository root, not a home directory`;
  if (segments.some((segment) => /^\.git[. ]*$/i.test(segment) || /^git~\d+$/i.test(segment))) return `"${path}" must not be in .git`;
  if (segments.some((segment) => segment === '')) return `"${path}" must not have empty segments (\`//\`, a leading or trailing slash)`;
  if (segments.every((segment) => segment === '.')) return `"${path}" must name a file, not the repository root`;
  return null;
}

/** A task an approval leaves unsettled: not passed, or not reviewed at all. */
export interface ApprovalContradiction {
  taskId: string;
  status: 'fail' | 'partial' | 'unreviewed';
  /** Where the review says so (`task_reviews[1]`), or `task_reviews` for a task it leaves out. */
  at: string;
}

/**
 * The tasks an `approve` contradicts: every task of the plan (with the review's revised tasks merged in)
 * must have a review, and every review must be `pass`. Empty for other verdicts; without a plan only
 * the reviews given are judged.
 */
export function approvalContradictions(review: Review, plan: Plan | null): ApprovalContradiction[] {
  if (review.verdict !== 'approve') return [];
  const found: ApprovalContradiction[] = [];
  review.task_reviews.forEach((taskReview, i) => {
    if (taskReview.status !== 'pass') found.push({ taskId: taskReview.task_id, status: taskReview.status, at: `task_reviews[${i}]` });
  });
  if (plan !== null) {
    const reviewed = new Set(review.task_reviews.map((taskReview) => taskReview.task_id));
    for (const task of mergeRevisedTasks(plan, review.revised_tasks).tasks) {
      if (!reviewed.has(task.id)) found.push({ taskId: task.id, status: 'unreviewed', at: 'task_reviews' });
    }
  }
  return found;
}

/** The contradictions as validation errors, worded for the repair turn. */
export function contradictionErrors(contradictions: readonly ApprovalContradiction[]): string[] {
  return contradictions.map((c) =>
    c.status === 'unreviewed'
      ? `verdict: "approve" contradicts ${c.at}: task "${c.taskId}" of the plan has no review; review every task, and approve only when all pass`
      : `verdict: "approve" contradicts ${c.at}: task "${c.taskId}" is "${c.status}"; approve only when every task passes, otherwise answer "revise"`,
  );
}

/**
 * How codex-cto reads an approval that still contradicts its task results after the repair turn: as
 * `revise`, with the reason stated. Never an approval: the PR must not be marked ready on it.
 */
export function reviseInstead(review: Review, contradictions: readonly ApprovalContradiction[]): Review {
  const said = contradictions.map((c) => (c.status === 'unreviewed' ? `task ${c.taskId} was not reviewed` : `task ${c.taskId} is ${c.status}`));
  const list = said.length <= 3 ? joinWords(said) : `${said.slice(0, 3).join(', ')} and ${said.length - 3} more`;
  return {
    ...review,
    verdict: 'revise',
    reason: `The reviewer answered approve, but ${list}; codex-cto counts the verdict as revise.`,
  };
}

/** The review as the loop may act on it: an approval that contradicts its task results becomes `revise`. */
export function settleApproval(review: Review, plan: Plan | null): Review {
  const contradictions = approvalContradictions(review, plan);
  return contradictions.length === 0 ? review : reviseInstead(review, contradictions);
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * The first dependency cycle among tasks (self-dependencies are reported on their own), or null.
 * Iterative depth-first search, linear in tasks + dependencies, so a hostile plan with thousands of
 * chained tasks cannot exhaust the stack.
 */
function findCycle(tasks: readonly Task[]): string[] | null {
  const edges = new Map<string, string[]>();
  for (const task of tasks) {
    if (!edges.has(task.id)) edges.set(task.id, task.dependencies.filter((d) => d !== task.id && d !== ''));
  }
  const state = new Map<string, 'open' | 'done'>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const next: number[] = [0];
    state.set(start, 'open');
    while (path.length > 0) {
      const id = path[path.length - 1] as string;
      const deps = edges.get(id) ?? [];
      const i = next[next.length - 1] as number;
      if (i >= deps.length) {
        state.set(id, 'done');
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const dep = deps[i] as string;
      if (!edges.has(dep) || state.get(dep) === 'done') continue;
      if (state.get(dep) === 'open') return [...path.slice(path.indexOf(dep)), dep];
      state.set(dep, 'open');
      path.push(dep);
      next.push(0);
    }
  }
  return null;
}
