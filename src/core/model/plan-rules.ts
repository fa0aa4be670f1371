// The rules of plans and reviews that a JSON schema cannot say: unique ids, dependencies that exist and
// form no cycle, file targets inside the repository, revised tasks that still make a sound plan once
// merged. Pure functions; schemas.ts quotes their errors back to Codex in the repair turn. Whether a
// verdict follows from its findings is verdict-rules.ts.
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

/** The plan the next iteration works from after a review: revised tasks merged in, revised verification in place. */
export function mergeRevision(plan: Plan, review: Pick<Review, 'revised_tasks' | 'revised_verification'>): Plan {
  const merged = mergeRevisedTasks(plan, review.revised_tasks);
  return review.revised_verification === null ? merged : { ...merged, verification: [...review.revised_verification] };
}

/** Rules of a list of verification commands, in a plan and in a review's revised verification: no empty command. */
export function verificationErrors(commands: readonly string[], list: string): string[] {
  const errors: string[] = [];
  commands.forEach((command, i) => {
    if (command.trim() === '') errors.push(`${list}[${i}]: must not be empty`);
  });
  return errors;
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
