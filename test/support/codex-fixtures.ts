// Small valid plans and reviews for tests; each call returns a fresh object to change freely.
import type { Finding, Plan, Review, Task } from '../../src/core/model/schema-types.js';

export function task(id: string, overrides: Partial<Task> = {}): Task {
  return {
    id,
    title: `Task ${id}`,
    action: 'modify_file',
    target: 'src/greet.ts',
    description: `Do the work of ${id}.`,
    acceptance_criteria: [`${id} is done`],
    dependencies: [],
    ...overrides,
  };
}

export function validPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    objective: 'Greet people by name.',
    analysis: 'src/greet.ts prints a fixed greeting.',
    strategy: 'Add a name parameter and a test.',
    assumptions: [],
    open_questions: [],
    tasks: [task('T1'), task('T2', { action: 'create_file', target: 'test/greet.test.js', dependencies: ['T1'] })],
    verification: ['node --test'],
    ...overrides,
  };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    title: 'Trim the name',
    body: 'Trim the name before use.',
    priority: 'P2',
    confidence: 0.7,
    path: 'src/greet.ts',
    start_line: 3,
    end_line: 3,
    task_id: 'T1',
    ...overrides,
  };
}

export function validReview(overrides: Partial<Review> = {}): Review {
  return {
    previous_findings: [],
    task_reviews: [
      { task_id: 'T1', status: 'pass', feedback: '' },
      { task_id: 'T2', status: 'fail', feedback: 'Create test/greet.test.js covering greet("Ada").' },
    ],
    requirements: [],
    findings: [finding()],
    verdict: 'revise',
    summary: 'T1 is done; the test in T2 is missing.',
    reason: null,
    questions: [],
    revised_tasks: [task('T3', { action: 'create_file', target: 'test/greet.test.js' })],
    revised_verification: null,
    ...overrides,
  };
}
