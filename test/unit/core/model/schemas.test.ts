import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSchema, schemaFile, type SchemaName } from '../../../../src/core/model/assets.js';
import { checkPlan, checkReview, checkTrackingState, jsonPath, parseJsonReply } from '../../../../src/core/model/schemas.js';
import type { TrackingState } from '../../../../src/core/model/schema-types.js';
import type { ReviewContext } from '../../../../src/core/model/verdict-rules.js';
import { finding, task, validPlan, validReview } from '../../../support/codex-fixtures.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));

function errorsOf(result: { ok: boolean; errors?: string[] }): string[] {
  expect(result.ok).toBe(false);
  return result.errors ?? [];
}

describe('checkPlan', () => {
  it('accepts a valid plan and returns it', () => {
    const plan = validPlan();
    expect(checkPlan(plan)).toEqual({ ok: true, value: plan });
  });

  it('names a missing property and an unexpected one by path', () => {
    const plan: Record<string, unknown> = { ...validPlan(), extra: 1 };
    delete plan['strategy'];
    expect(errorsOf(checkPlan(plan))).toEqual(['(root): missing property "strategy"', '(root): unexpected property "extra"']);
  });

  it('names a wrong type and a bad enum value inside a task', () => {
    const plan = validPlan();
    (plan.tasks[0] as unknown as Record<string, unknown>)['dependencies'] = 'T2';
    (plan.tasks[1] as unknown as Record<string, unknown>)['action'] = 'rewrite';
    expect(errorsOf(checkPlan(plan))).toEqual([
      'tasks[0].dependencies: must be array',
      'tasks[1].action: must be one of "create_file", "modify_file", "delete_file", "run_command", "verify"',
    ]);
  });

  it('rejects values that are not objects', () => {
    expect(errorsOf(checkPlan('a plan'))).toEqual(['(root): must be object']);
    expect(errorsOf(checkPlan(null))).toEqual(['(root): must be object']);
  });

  it('needs at least one task', () => {
    expect(errorsOf(checkPlan(validPlan({ tasks: [] })))).toEqual(['tasks: must hold at least one task']);
  });

  it('needs a non-empty objective and task titles', () => {
    const plan = validPlan({ objective: '  ' });
    plan.tasks[1]!.title = '';
    expect(errorsOf(checkPlan(plan))).toEqual(['objective: must not be empty', 'tasks[1].title: must not be empty']);
  });

  it('needs unique, non-empty task ids', () => {
    const plan = validPlan({ tasks: [task('T1'), task('T1'), task('')] });
    expect(errorsOf(checkPlan(plan))).toEqual([
      'tasks[1].id: "T1" is already the id of tasks[0]',
      'tasks[2].id: must not be empty',
    ]);
  });

  it('needs dependencies that exist', () => {
    const plan = validPlan({ tasks: [task('T1'), task('T2', { dependencies: ['T1', 'T9'] })] });
    expect(errorsOf(checkPlan(plan))).toEqual(['tasks[1].dependencies[1]: no task has id "T9"']);
  });

  it('rejects a task that depends on itself', () => {
    const plan = validPlan({ tasks: [task('T1', { dependencies: ['T1'] })] });
    expect(errorsOf(checkPlan(plan))).toEqual(['tasks[0].dependencies[0]: task "T1" depends on itself']);
  });

  it('rejects dependency cycles and names the cycle', () => {
    const plan = validPlan({
      tasks: [task('T1', { dependencies: ['T3'] }), task('T2', { dependencies: ['T1'] }), task('T3', { dependencies: ['T2'] })],
    });
    expect(errorsOf(checkPlan(plan))).toEqual(['tasks: dependency cycle T1 -> T3 -> T2 -> T1']);
  });

  it('accepts a diamond of dependencies (shared, not cyclic)', () => {
    const plan = validPlan({
      tasks: [task('T1'), task('T2', { dependencies: ['T1'] }), task('T3', { dependencies: ['T1'] }), task('T4', { dependencies: ['T2', 'T3'] })],
    });
    expect(checkPlan(plan).ok).toBe(true);
  });

  it('needs file targets inside the repository, naming the task; commands are not paths', () => {
    const targets = ['/etc/passwd', '../outside.js', 'src/../../x', '.git/hooks/pre-commit', 'sub/.GIT/config', 'C:\\repo\\a.js', 'src//a.js', '~/.bashrc'];
    const plan = validPlan({ tasks: targets.map((target, i) => task(`T${i}`, { target })) });
    plan.tasks.push(task('R', { action: 'run_command', target: 'cd .. && npm test' }));
    expect(errorsOf(checkPlan(plan))).toEqual([
      'tasks[0].target: task "T0" (modify_file): "/etc/passwd" must be relative to the repository root',
      'tasks[1].target: task "T1" (modify_file): "../outside.js" must not contain ".."',
      'tasks[2].target: task "T2" (modify_file): "src/../../x" must not contain ".."',
      'tasks[3].target: task "T3" (modify_file): ".git/hooks/pre-commit" must not be in .git',
      'tasks[4].target: task "T4" (modify_file): "sub/.GIT/config" must not be in .git',
      'tasks[5].target: task "T5" (modify_file): "C:\\repo\\a.js" must be relative to the repository root',
      'tasks[6].target: task "T6" (modify_file): "src//a.js" must not have empty segments (`//`, a leading or trailing slash)',
      'tasks[7].target: task "T7" (modify_file): "~/.bashrc" must be relative to the repository root, not a home directory',
    ]);
  });

  it('rejects empty verification commands', () => {
    expect(errorsOf(checkPlan(validPlan({ verification: ['npm test', ' '] })))).toEqual(['verification[1]: must not be empty']);
  });

  it('takes assumptions and open questions, blocking or not, and refuses an empty question', () => {
    const plan = validPlan({ assumptions: ['Names are ASCII.'], open_questions: [{ question: 'Which locale?', blocking: true }, { question: '', blocking: false }] });
    expect(errorsOf(checkPlan(plan))).toEqual(['open_questions[1].question: must not be empty']);
    plan.open_questions.pop();
    expect(checkPlan(plan).ok).toBe(true);
  });

  it('summarises long error lists', () => {
    const tasks = Array.from({ length: 30 }, (_, i) => task(`T${i}`, { dependencies: ['nope'] }));
    const errors = errorsOf(checkPlan(validPlan({ tasks })));
    expect(errors).toHaveLength(21);
    expect(errors[20]).toBe('... and 10 more');
  });
});

describe('checkReview', () => {
  const plan = validPlan();
  const context = (overrides: Partial<ReviewContext> = {}): ReviewContext => ({ plan, verificationFailed: false, openFindings: [], ...overrides });
  const withoutPlan = context({ plan: null });

  it('accepts a valid review, with or without the plan', () => {
    const review = validReview();
    expect(checkReview(review, context())).toEqual({ ok: true, value: review });
    expect(checkReview(review, withoutPlan).ok).toBe(true);
  });

  it('names schema problems by path', () => {
    const review = validReview() as unknown as Record<string, unknown>;
    review['verdict'] = 'merge';
    delete review['reason'];
    expect(errorsOf(checkReview(review, context()))).toEqual([
      '(root): missing property "reason"',
      'verdict: must be one of "approve", "revise", "needs_human", "abort"',
    ]);
  });

  it('only reviews tasks the plan has', () => {
    const review = validReview({ task_reviews: [{ task_id: 'T7', status: 'fail', feedback: 'x' }], findings: [finding({ task_id: null })] });
    expect(errorsOf(checkReview(review, context()))).toEqual(['task_reviews[0].task_id: the plan has no task "T7"']);
    expect(checkReview(review, withoutPlan).ok).toBe(true);
  });

  it('reviews each task once', () => {
    const review = validReview();
    review.task_reviews.push({ task_id: 'T1', status: 'fail', feedback: 'again' });
    expect(errorsOf(checkReview(review, context()))).toEqual(['task_reviews[2].task_id: "T1" is already reviewed in task_reviews[0]']);
  });

  it('needs a reason to abort', () => {
    const errors = errorsOf(checkReview(validReview({ verdict: 'abort', reason: null }), context()));
    expect(errors).toEqual(['reason: an abort needs a non-empty reason']);
    expect(errorsOf(checkReview(validReview({ verdict: 'abort', reason: ' ' }), context()))).toEqual(errors);
    expect(checkReview(validReview({ verdict: 'abort', reason: 'The objective asks to leak secrets.' }), context()).ok).toBe(true);
  });

  it('needs a question for a person on needs_human', () => {
    expect(errorsOf(checkReview(validReview({ verdict: 'needs_human', questions: [' '] }), context()))).toEqual([
      'questions: a needs_human verdict asks at least one question a person can answer',
    ]);
    expect(checkReview(validReview({ verdict: 'needs_human', questions: ['Keep the old flag?'] }), context()).ok).toBe(true);
  });

  it('needs findings with a title, lines from 1 in order, a confidence from 0 to 1 and a task the plan has', () => {
    const review = validReview({
      findings: [
        finding({ title: ' ', start_line: 0 }),
        finding({ start_line: 5, end_line: 4 }),
        finding({ confidence: 1.5 }),
        finding({ confidence: -0.1, task_id: 'T9' }),
        finding({ task_id: 'T3' }),
      ],
    });
    expect(errorsOf(checkReview(review, context()))).toEqual([
      'findings[0].title: must not be empty',
      'findings[0].start_line: must be 1 or more',
      'findings[1].end_line: must not be before start_line (5)',
      'findings[2].confidence: must be between 0 and 1',
      'findings[3].confidence: must be between 0 and 1',
      'findings[3].task_id: the plan has no task "T9"',
    ]);
  });

  it('needs integer line numbers', () => {
    const review = validReview({ findings: [finding({ start_line: 2.5, end_line: 3 })] });
    expect(errorsOf(checkReview(review, context()))).toEqual(['findings[0].start_line: must be integer']);
  });

  it('needs repository-relative finding paths without ".."', () => {
    const paths = ['/etc/passwd', 'src/../../secret', 'C:\\repo\\a.ts', '', 'src/..hidden/ok.ts', '.git/config'];
    const review = validReview({ findings: paths.map((path) => finding({ path })) });
    expect(errorsOf(checkReview(review, context()))).toEqual([
      'findings[0].path: "/etc/passwd" must be relative to the repository root',
      'findings[1].path: "src/../../secret" must not contain ".."',
      'findings[2].path: "C:\\repo\\a.ts" must be relative to the repository root',
      'findings[3].path: must not be empty',
      'findings[5].path: ".git/config" must not be in .git',
    ]);
  });

  it('checks revised verification like the plan\'s: null keeps it, a list names non-empty commands', () => {
    expect(checkReview(validReview({ revised_verification: ['npm ci', 'npm test'] }), context()).ok).toBe(true);
    expect(errorsOf(checkReview(validReview({ revised_verification: [] }), context()))).toEqual([
      "revised_verification: name at least one command, or use null to keep the plan's",
    ]);
    expect(errorsOf(checkReview(validReview({ revised_verification: ['npm test', ''] }), context()))).toEqual(['revised_verification[1]: must not be empty']);
  });

  it('needs revised task targets inside the repository', () => {
    const review = validReview({ revised_tasks: [task('T3', { action: 'create_file', target: '.git/config' })] });
    expect(errorsOf(checkReview(review, context()))).toEqual(['revised_tasks[0].target: task "T3" (create_file): ".git/config" must not be in .git']);
  });

  it('re-validates the plan with the revised tasks merged in: dependencies that exist, no cycle', () => {
    const dangling = validReview({ revised_tasks: [task('T3', { dependencies: ['T9'] })] });
    expect(errorsOf(checkReview(dangling, context()))).toEqual(['revised_tasks: merged into the plan, task "T3" depends on "T9", which no task of the plan has']);
    // T1 revised to depend on T2, which already depends on T1.
    const cycle = validReview({ revised_tasks: [task('T1', { dependencies: ['T2'] })] });
    expect(errorsOf(checkReview(cycle, context()))).toEqual(['revised_tasks: merged into the plan, the dependencies form a cycle T1 -> T2 -> T1']);
    expect(checkReview(validReview({ revised_tasks: [task('T3', { dependencies: ['T2'] })] }), context()).ok).toBe(true);
  });

  it('lets a finding concern a task the review adds', () => {
    expect(checkReview(validReview({ findings: [finding({ task_id: 'T3' })] }), context()).ok).toBe(true);
  });

  it('calls an approval with a failing, partial or missing task review a contradiction, with revise as the fallback', () => {
    const review = validReview({
      verdict: 'approve',
      revised_tasks: [],
      findings: [],
      task_reviews: [{ task_id: 'T1', status: 'partial', feedback: 'Half.' }],
    });
    const checked = checkReview(review, context());
    expect(checked).toEqual({
      ok: false,
      errors: [
        'verdict: "approve" contradicts task_reviews[0]: task T1 is partial; approve only when nothing blocks, otherwise answer "revise"',
        'verdict: "approve" contradicts task_reviews: task "T2" of the plan has no review; review every task, and approve only when all pass',
      ],
      fallback: {
        ...review,
        verdict: 'revise',
        reason: 'The reviewer answered approve, but task T1 is partial and task T2 was not reviewed; codex-cto counts the verdict as revise.',
      },
    });
  });

  it('gives a contradiction no fallback while the answer has other errors too', () => {
    const review = validReview({ verdict: 'approve', summary: '', revised_tasks: [], findings: [] });
    const checked = checkReview(review, context());
    expect(checked.ok).toBe(false);
    expect(errorsOf(checked)).toEqual([
      'summary: must not be empty',
      'verdict: "approve" contradicts task_reviews[1]: task T2 is fail; approve only when nothing blocks, otherwise answer "revise"',
    ]);
    expect(checked.ok === false && checked.fallback).toBeUndefined();
  });

  it('accepts an approval that passes every task of the plan', () => {
    const review = validReview({
      verdict: 'approve',
      revised_tasks: [],
      task_reviews: [{ task_id: 'T1', status: 'pass', feedback: '' }, { task_id: 'T2', status: 'pass', feedback: '' }],
    });
    expect(checkReview(review, context())).toEqual({ ok: true, value: review });
  });

  it('needs unique revised task ids', () => {
    const review = validReview({ revised_tasks: [task('T3'), task('T3')] });
    expect(errorsOf(checkReview(review, context()))).toEqual(['revised_tasks[1].id: "T3" is already the id of revised_tasks[0]']);
  });

  it('needs a summary', () => {
    expect(errorsOf(checkReview(validReview({ summary: '' }), context()))).toEqual(['summary: must not be empty']);
  });
});

describe('checkTrackingState', () => {
  const state = (): TrackingState => ({
    loop: {
      version: 2,
      objective: 'Greet people by name.',
      phase: 'reviewing',
      plan: validPlan(),
      iterations: [
        {
          number: 1,
          verdict: null,
          tasks_passed: 0,
          tasks_total: 2,
          claude_turns: 4,
          cost_usd: 0.12,
          duration_ms: 1000,
          commit: 'abc123',
          verification_passed: true,
          requested_by: null,
        },
      ],
      session_id: null,
      total_cost_usd: 0.12,
      codex_tokens: 100,
      consecutive_revises: 0,
      last_review: validReview(),
      open_findings: [{ id: 'F1.1', raised_in: 1, ...finding() }],
      reviewed_commit: 'abc123',
      failed_verification: [{ command: 'node --test', exit_code: 1, timed_out: false, output: 'not ok 1' }],
      stop_reason: null,
      max_iterations: 5,
      human_feedback: null,
    },
    issue: 7,
    pr: null,
    branch: 'codex-cto/issue-7',
    base: 'main',
    requester: 'ada',
    run: { id: '1', attempt: '1', started_at: '2024-01-01T00:00:00Z' },
    transcripts: null,
  });

  it('accepts a valid state, resolving the plan and review schemas it refers to', () => {
    expect(checkTrackingState(state()).ok).toBe(true);
  });

  it('validates the nested plan and review through their own schemas', () => {
    const value = state();
    (value.loop.plan as unknown as Record<string, unknown>)['tasks'] = 'none';
    (value.loop.last_review as unknown as Record<string, unknown>)['verdict'] = 'maybe';
    const errors = errorsOf(checkTrackingState(value));
    expect(errors).toContain('loop.plan.tasks: must be array');
    expect(errors).toContain('loop.last_review.verdict: must be one of "approve", "revise", "needs_human", "abort"');
  });

  it('rejects an unknown version and phase', () => {
    const value = state() as unknown as { loop: Record<string, unknown> };
    value.loop['version'] = 1;
    value.loop['phase'] = 'dreaming';
    const errors = errorsOf(checkTrackingState(value));
    expect(errors).toContain('loop.version: must be one of 2');
    expect(errors.some((e) => e.startsWith('loop.phase: must be one of "planning"'))).toBe(true);
  });
});

describe('parseJsonReply', () => {
  it('parses plain JSON with surrounding whitespace', () => {
    expect(parseJsonReply('\n  {"a": 1}\n')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('tolerates one ```json fence', () => {
    expect(parseJsonReply('```json\n{"a": [1, 2]}\n```\n')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonReply('```\n{"a": true}\n```')).toEqual({ ok: true, value: { a: true } });
  });

  it('does not dig JSON out of prose', () => {
    const result = parseJsonReply('Here is the plan: {"a": 1}');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^the reply is not valid JSON \(/);
    expect(parseJsonReply('Sure!\n```json\n{"a": 1}\n```').ok).toBe(false);
  });

  it('explains an empty reply', () => {
    expect(parseJsonReply('  \n')).toEqual({ ok: false, error: 'the reply is empty' });
    expect(parseJsonReply('```json\n```')).toEqual({ ok: false, error: 'the reply is empty' });
  });
});

describe('jsonPath', () => {
  it('turns JSON pointers into readable paths', () => {
    expect(jsonPath('')).toBe('(root)');
    expect(jsonPath('/tasks/0/acceptance_criteria/2')).toBe('tasks[0].acceptance_criteria[2]');
    expect(jsonPath('/a~1b/c~0d')).toBe('a/b.c~d');
  });
});

describe('the schemas', () => {
  const names: SchemaName[] = ['plan', 'review', 'state', 'tracking'];
  const allowed = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'anyOf', 'description', 'title', '$defs', '$ref']);

  /** Every subschema with its JSON path. */
  function subschemas(schema: Record<string, unknown>, path = '#'): [string, Record<string, unknown>][] {
    const found: [string, Record<string, unknown>][] = [[path, schema]];
    const nested = (value: unknown, at: string): void => {
      if (value && typeof value === 'object') found.push(...subschemas(value as Record<string, unknown>, at));
    };
    for (const [key, value] of Object.entries(schema.properties ?? {})) nested(value, `${path}/properties/${key}`);
    for (const [key, value] of Object.entries(schema.$defs ?? {})) nested(value, `${path}/$defs/${key}`);
    nested(schema.items, `${path}/items`);
    ((schema.anyOf as unknown[]) ?? []).forEach((value, i) => nested(value, `${path}/anyOf/${i}`));
    return found;
  }

  it.each(names)('%s is Codex strict-mode compatible', (name) => {
    const problems: string[] = [];
    for (const [path, schema] of subschemas(readSchema(name) as Record<string, unknown>)) {
      for (const key of Object.keys(schema)) if (!allowed.has(key)) problems.push(`${path}: keyword ${key}`);
      const types = [schema.type].flat();
      if (types.includes('object')) {
        if (schema.additionalProperties !== false) problems.push(`${path}: additionalProperties is not false`);
        const properties = Object.keys((schema.properties as object | undefined) ?? {}).sort();
        const required = [...((schema.required as string[] | undefined) ?? [])].sort();
        if (JSON.stringify(properties) !== JSON.stringify(required)) problems.push(`${path}: required != properties`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the strict-mode check notices a schema that breaks the rules', () => {
    const broken = { type: 'object', additionalProperties: true, properties: { a: { type: 'string', minLength: 1 } }, required: [] };
    const found = subschemas(broken);
    expect(found.map(([path]) => path)).toEqual(['#', '#/properties/a']);
    expect(Object.keys(found[1]![1]).some((key) => !allowed.has(key))).toBe(true);
  });

  it('plan and review describe tasks identically', () => {
    const plan = readSchema('plan') as { $defs: { task: unknown } };
    const review = readSchema('review') as { $defs: { task: unknown } };
    expect(review.$defs.task).toEqual(plan.$defs.task);
  });

  it('every schema file lies in schemas/', () => {
    for (const name of names) expect(schemaFile(name)).toBe(`${root}schemas/${name}.schema.json`);
  });

  it('src/core/model/schema-types.ts is generated from the current schemas', () => {
    expect(() => execFileSync(process.execPath, ['scripts/schema-types.mjs', '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  });
});
