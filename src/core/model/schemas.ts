// Validation of what Codex returns (plan, review) and of the state kept in the tracking comment.
// The JSON schemas are the contract Codex answers against; the semantic rules (plan-rules.ts) catch
// what a schema cannot say (unique ids, dependencies that exist, no cycles, targets inside the
// repository, a verdict that agrees with its task results). Error strings name the
// JSON path and the problem in a few words: they are quoted back to Codex in the repair turn
// and shown to people.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readSchema, type SchemaName } from './assets.js';
import type { LoopState, Plan, Review, TrackingState } from './schema-types.js';
import { dependencyErrors, mergedPlanErrors, mergeRevisedTasks, repositoryPathProblem, taskListErrors, verificationErrors } from './plan-rules.js';
import { reviewContradictions, settleReview, type ReviewContext } from './verdict-rules.js';

export type Checked<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      errors: string[];
      /** What to act on when a repair turn does not fix the errors: set only when they have a safe reading. */
      fallback?: T;
    };

/** A check's result before the contradiction rule; `shaped` is the value when only semantic rules failed. */
type RuleChecked<T> = { ok: true; value: T } | { ok: false; errors: string[]; shaped?: T };

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
  return withoutValue(check('plan', value, (plan: Plan) => planRules(plan)));
}

/**
 * A review is also checked against itself and its context (verdict-rules.ts): an `approve` beside anything
 * that blocks, a `revise` that rests on nothing, earlier findings left unmarked. Such contradictions are
 * reported like any error, for the repair turn, and carry a fallback (the review's safe reading, the reason
 * stated) for when the repair turn does not resolve them.
 */
export function checkReview(value: unknown, context: ReviewContext): Checked<Review> {
  const checked = check('review', value, (review: Review) => reviewRules(review, context.plan));
  const review = checked.ok ? checked.value : checked.shaped;
  const contradictions = review === undefined ? [] : reviewContradictions(review, context).map((c) => c.error);
  if (contradictions.length === 0) return withoutValue(checked);
  if (!checked.ok) return { ok: false, errors: cap([...checked.errors, ...contradictions]) };
  return { ok: false, errors: cap(contradictions), fallback: settleReview(checked.value, context) };
}

export function checkTrackingState(value: unknown): Checked<TrackingState> {
  return withoutValue(check('tracking', value, () => []));
}

/** A loop's state as a front saved it (the local CLI keeps it in `.codex-cto/<run-id>/run.json`). */
export function checkLoopState(value: unknown): Checked<LoopState> {
  return withoutValue(check('state', value, () => []));
}

function withoutValue<T>(checked: RuleChecked<T>): Checked<T> {
  return checked.ok ? checked : { ok: false, errors: checked.errors };
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

function check<T>(name: SchemaName, value: unknown, rules: (value: T) => string[]): RuleChecked<T> {
  const validate = validator(name);
  if (!validate(value)) return { ok: false, errors: cap(schemaErrors(validate.errors ?? [])) };
  const errors = rules(value as T);
  return errors.length > 0 ? { ok: false, errors: cap(errors), shaped: value as T } : { ok: true, value: value as T };
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
  errors.push(...taskListErrors(plan.tasks, 'tasks'));
  errors.push(...dependencyErrors(plan.tasks, 'tasks'));
  errors.push(...verificationErrors(plan.verification, 'verification'));
  plan.open_questions.forEach((open, i) => {
    if (open.question.trim() === '') errors.push(`open_questions[${i}].question: must not be empty`);
  });
  return errors;
}

function reviewRules(review: Review, plan: Plan | null): string[] {
  const errors: string[] = [];
  if (review.summary.trim() === '') errors.push('summary: must not be empty');
  if (review.verdict === 'abort' && (review.reason ?? '').trim() === '') {
    errors.push('reason: an abort needs a non-empty reason');
  }
  if (review.verdict === 'needs_human' && !review.questions.some((question) => question.trim() !== '')) {
    errors.push('questions: a needs_human verdict asks at least one question a person can answer');
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
  const revisedErrors = taskListErrors(review.revised_tasks, 'revised_tasks');
  errors.push(...revisedErrors);
  // The plan the next iteration works from is the merge; it must still be sound.
  if (plan && revisedErrors.length === 0) errors.push(...mergedPlanErrors(plan, review.revised_tasks));
  if (review.revised_verification !== null) {
    if (review.revised_verification.length === 0) errors.push('revised_verification: name at least one command, or use null to keep the plan\'s');
    errors.push(...verificationErrors(review.revised_verification, 'revised_verification'));
  }
  const tasks = plan && revisedErrors.length === 0 ? new Set(mergeRevisedTasks(plan, review.revised_tasks).tasks.map((task) => task.id)) : null;
  review.findings.forEach((finding, i) => {
    const at = `findings[${i}]`;
    if (finding.title.trim() === '') errors.push(`${at}.title: must not be empty`);
    if (finding.start_line < 1) errors.push(`${at}.start_line: must be 1 or more`);
    if (finding.end_line < finding.start_line) errors.push(`${at}.end_line: must not be before start_line (${finding.start_line})`);
    if (!(finding.confidence >= 0 && finding.confidence <= 1)) errors.push(`${at}.confidence: must be between 0 and 1`);
    const problem = repositoryPathProblem(finding.path);
    if (problem) errors.push(`${at}.path: ${problem}`);
    if (finding.task_id !== null && tasks !== null && !tasks.has(finding.task_id)) errors.push(`${at}.task_id: the plan has no task "${finding.task_id}"`);
  });
  return errors;
}
