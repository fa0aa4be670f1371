// Validation of what Codex returns (plan, review) and of the state kept in the tracking comment.
// The JSON schemas are the contract Codex answers against; the semantic rules catch what a
// schema cannot say (unique ids, dependencies that exist, no cycles). Error strings name the
// JSON path and the problem in a few words: they are quoted back to Codex in the repair turn
// and shown to people.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readSchema, type SchemaName } from './assets.js';
import type { Plan, Review, Task, TrackingState } from './schema-types.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** More errors than this are summarised: a long list helps neither Codex nor a person. */
const MAX_ERRORS = 20;

let validators: Map<SchemaName, ValidateFunction> | null = null;

function validator(name: SchemaName): ValidateFunction {
  if (!validators) {
    // Compiled once: state and tracking refer to plan and review by file name, so every schema
    // is registered under its file name before any is compiled.
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    const names: SchemaName[] = ['plan', 'review', 'state', 'tracking'];
    for (const each of names) ajv.addSchema(readSchema(each) as object, `${each}.schema.json`);
    validators = new Map(names.map((each) => [each, ajv.getSchema(`${each}.schema.json`) as ValidateFunction]));
  }
  return validators.get(name) as ValidateFunction;
}

export function checkPlan(value: unknown): Checked<Plan> {
  return check('plan', value, (plan: Plan) => planRules(plan));
}

export function checkReview(value: unknown, plan: Plan | null): Checked<Review> {
  return check('review', value, (review: Review) => reviewRules(review, plan));
}

export function checkTrackingState(value: unknown): Checked<TrackingState> {
  return check('tracking', value, () => []);
}

/** Reads a reply that should be one JSON object: surrounding whitespace and one ```json fence are tolerated, nothing more. */
export function parseJsonReply(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  let body = text.trim();
  const fenced = /^```(?:json)?[ \t]*\r?\n([\s\S]*?)\r?\n?```$/i.exec(body);
  if (fenced) body = (fenced[1] ?? '').trim();
  if (body === '') return { ok: false, error: 'the reply is empty' };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return { ok: false, error: `the reply is not valid JSON (${(error as Error).message})` };
  }
}

function check<T>(name: SchemaName, value: unknown, rules: (value: T) => string[]): Checked<T> {
  const validate = validator(name);
  if (!validate(value)) return { ok: false, errors: cap(schemaErrors(validate.errors ?? [])) };
  const errors = rules(value as T);
  return errors.length > 0 ? { ok: false, errors: cap(errors) } : { ok: true, value: value as T };
}

function cap(errors: string[]): string[] {
  const unique = [...new Set(errors)];
  if (unique.length <= MAX_ERRORS) return unique;
  return [...unique.slice(0, MAX_ERRORS), `... and ${unique.length - MAX_ERRORS} more`];
}

function schemaErrors(errors: readonly ErrorObject[]): string[] {
  // An anyOf failure is reported with the failures of each branch; those explain it better.
  return errors.filter((error) => error.keyword !== 'anyOf').map(describeSchemaError);
}

function describeSchemaError(error: ErrorObject): string {
  const at = jsonPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${at}: missing property "${String(params['missingProperty'])}"`;
    case 'additionalProperties':
      return `${at}: unexpected property "${String(params['additionalProperty'])}"`;
    case 'enum':
      return `${at}: must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `${at}: must be ${[params['type']].flat().join(' or ')}`;
    default:
      return `${at}: ${error.message ?? `fails ${error.keyword}`}`;
  }
}

/** `/tasks/0/id` -> `tasks[0].id`; the root is `(root)`. */
export function jsonPath(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

function planRules(plan: Plan): string[] {
  const errors: string[] = [];
  if (plan.objective.trim() === '') errors.push('objective: must not be empty');
  if (plan.tasks.length === 0) errors.push('tasks: must hold at least one task');
  errors.push(...taskRules(plan.tasks, 'tasks'));
  const ids = new Set(plan.tasks.map((task) => task.id));
  plan.tasks.forEach((task, i) => {
    task.dependencies.forEach((dependency, j) => {
      const at = `tasks[${i}].dependencies[${j}]`;
      if (dependency === task.id) errors.push(`${at}: task "${task.id}" depends on itself`);
      else if (!ids.has(dependency)) errors.push(`${at}: no task has id "${dependency}"`);
    });
  });
  const cycle = findCycle(plan.tasks);
  if (cycle) errors.push(`tasks: dependency cycle ${cycle.join(' -> ')}`);
  plan.verification.forEach((command, i) => {
    if (command.trim() === '') errors.push(`verification[${i}]: must not be empty`);
  });
  return errors;
}

/** Rules every task list obeys, in a plan and in a review's revised tasks. */
function taskRules(tasks: readonly Task[], list: string): string[] {
  const errors: string[] = [];
  const firstUse = new Map<string, number>();
  tasks.forEach((task, i) => {
    if (task.id.trim() === '') errors.push(`${list}[${i}].id: must not be empty`);
    else if (firstUse.has(task.id)) errors.push(`${list}[${i}].id: "${task.id}" is already the id of ${list}[${firstUse.get(task.id)}]`);
    else firstUse.set(task.id, i);
    if (task.title.trim() === '') errors.push(`${list}[${i}].title: must not be empty`);
  });
  return errors;
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

function reviewRules(review: Review, plan: Plan | null): string[] {
  const errors: string[] = [];
  if (review.summary.trim() === '') errors.push('summary: must not be empty');
  if (review.verdict === 'abort' && (review.reason ?? '').trim() === '') {
    errors.push('reason: an abort needs a non-empty reason');
  }
  const known = plan ? new Set(plan.tasks.map((task) => task.id)) : null;
  const reviewed = new Map<string, number>();
  review.task_reviews.forEach((taskReview, i) => {
    const at = `task_reviews[${i}].task_id`;
    if (known && !known.has(taskReview.task_id)) errors.push(`${at}: the plan has no task "${taskReview.task_id}"`);
    else if (reviewed.has(taskReview.task_id)) {
      errors.push(`${at}: "${taskReview.task_id}" is already reviewed in task_reviews[${reviewed.get(taskReview.task_id)}]`);
    } else reviewed.set(taskReview.task_id, i);
  });
  errors.push(...taskRules(review.revised_tasks, 'revised_tasks'));
  review.comments.forEach((comment, i) => {
    if (comment.line < 1) errors.push(`comments[${i}].line: must be 1 or more`);
    const problem = pathProblem(comment.path);
    if (problem) errors.push(`comments[${i}].path: ${problem}`);
  });
  return errors;
}

/** Why a comment path is not a plain repository-relative path, or null when it is one. */
function pathProblem(path: string): string | null {
  if (path.trim() === '') return 'must not be empty';
  if (/^([/\\]|[A-Za-z]:)/.test(path)) return `"${path}" must be relative to the repository root`;
  if (path.split(/[/\\]/).includes('..')) return `"${path}" must not contain ".."`;
  return null;
}
