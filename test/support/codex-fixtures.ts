// Small valid plans and reviews for tests; each call returns a fresh object to change freely.
import type { Plan, Review, Task } from '../../src/core/model/schema-types.js';

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
    tasks: [task('T1'), task('T2', { action: 'create_file', target: 'test/greet.test.js', dependencies: ['T1'] })],
    verification: ['node --test'],
    ...overrides,
  };
}

export function validReview(overrides: Partial<Review> = {}): Review {
  return {
    verdict: 'revise',
    summary: 'T1 is done; the test in T2 is missing.',
    reason: null,
    task_reviews: [
      { task_id: 'T1', status: 'pass', feedback: '' },
      { task_id: 'T2', status: 'fail', feedback: 'Create test/greet.test.js covering greet("Ada").' },
    ],
    revised_tasks: [task('T3', { action: 'create_file', target: 'test/greet.test.js' })],
    comments: [{ path: 'src/greet.ts', line: 3, body: 'Trim the name before use.' }],
    ...overrides,
  };
}
