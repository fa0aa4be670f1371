// A realistic scripted story for the real CLIs: a small "greeter" package, an objective, Codex's plan,
// a first implementation the reviewer sends back with specific findings, a fix in the resumed Claude
// session, and an approval. Used by the CLI and action integration tests and by the demo.
import type { Plan, Review } from '../../src/core/model/schema-types.js';
import type { ClaudeTurn } from './anthropic-server.js';
import type { CodexTurn } from './openai-server.js';

export const SAMPLE_FILES: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'greeter', version: '1.0.0', type: 'module', scripts: { test: 'node --test' } }, null, 2)}\n`,
  'src/greet.js': [
    '// Greets a person by name.',
    'export function greet(name) {',
    '  return `Hello, ${name}!`;',
    '}',
    '',
  ].join('\n'),
  'test/greet.test.js': [
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    "import { greet } from '../src/greet.js';",
    '',
    "test('greets by name', () => {",
    "  assert.equal(greet('Ada'), 'Hello, Ada!');",
    '});',
    '',
  ].join('\n'),
  'README.md': '# greeter\n\nA tiny greeting library.\n',
};

export const OBJECTIVE = 'Add a `shout` option to greet() that returns the greeting in upper case';

export const PLAN: Plan = {
  objective: OBJECTIVE,
  analysis: 'src/greet.js exports greet(name) and test/greet.test.js covers it with node:test; `npm test` runs `node --test`.',
  strategy: 'Add an optional second parameter `{ shout }` to greet, keep the default behaviour, and cover both cases with tests.',
  assumptions: ['Shouting upper-cases the whole greeting, the name included.'],
  open_questions: [],
  tasks: [
    {
      id: 'T1',
      title: 'Add the shout option',
      action: 'modify_file',
      target: 'src/greet.js',
      description: 'Accept an optional options object `{ shout = false }`; when shout is true return the greeting upper-cased.',
      acceptance_criteria: ["greet('Ada') returns 'Hello, Ada!'", "greet('Ada', { shout: true }) returns 'HELLO, ADA!'"],
      dependencies: [],
    },
    {
      id: 'T2',
      title: 'Test the shout option',
      action: 'modify_file',
      target: 'test/greet.test.js',
      description: 'Add tests for shout: true and for an explicit shout: false.',
      acceptance_criteria: ['a test asserts the upper-cased greeting', 'a test asserts shout: false keeps the normal greeting'],
      dependencies: ['T1'],
    },
  ],
  verification: ['npm test --silent'],
};

export const REVISE: Review = {
  previous_findings: [],
  task_reviews: [
    { task_id: 'T1', status: 'pass', feedback: '' },
    { task_id: 'T2', status: 'partial', feedback: "Add a test that greet('Ada', { shout: false }) returns 'Hello, Ada!'." },
  ],
  requirements: [
    { requirement: 'An opt-in shout option', feedback_id: null, status: 'met', note: 'greet(name, { shout }) in src/greet.js.' },
    { requirement: 'The default greeting stays unchanged', feedback_id: null, status: 'met', note: 'Covered by the existing test.' },
    { requirement: 'Tests for both cases', feedback_id: null, status: 'not_met', note: 'shout: false is not tested.' },
  ],
  findings: [
    {
      title: 'shout: false is not tested',
      body: 'Only `{ shout: true }` is covered here. Also cover `{ shout: false }`, which must keep the normal greeting.',
      priority: 'P1',
      confidence: 0.9,
      path: 'test/greet.test.js',
      start_line: 9,
      end_line: 11,
      task_id: 'T2',
    },
  ],
  verdict: 'revise',
  summary: 'The option works, but only shout: true is tested; the explicit shout: false case from T2 is missing.',
  reason: null,
  questions: [],
  revised_tasks: [],
  revised_verification: null,
};

export const APPROVE: Review = {
  previous_findings: [{ id: 'F1.1', status: 'resolved', note: '' }],
  task_reviews: [
    { task_id: 'T1', status: 'pass', feedback: '' },
    { task_id: 'T2', status: 'pass', feedback: '' },
  ],
  requirements: [
    { requirement: 'An opt-in shout option', feedback_id: null, status: 'met', note: 'greet(name, { shout }) in src/greet.js.' },
    { requirement: 'The default greeting stays unchanged', feedback_id: null, status: 'met', note: 'Covered by the existing test.' },
    { requirement: 'Tests for both cases', feedback_id: null, status: 'met', note: 'test/greet.test.js covers shout: true and shout: false.' },
  ],
  findings: [],
  verdict: 'approve',
  summary: 'Both tasks are done and `npm test` passes.',
  reason: null,
  questions: [],
  revised_tasks: [],
  revised_verification: null,
};

export const GREET_WITH_SHOUT = [
  '// Greets a person by name; `shout` upper-cases the greeting.',
  'export function greet(name, { shout = false } = {}) {',
  '  const greeting = `Hello, ${name}!`;',
  '  return shout ? greeting.toUpperCase() : greeting;',
  '}',
  '',
].join('\n');

export const TESTS_FIRST = SAMPLE_FILES['test/greet.test.js'] + [
  '',
  "test('shouts when asked', () => {",
  "  assert.equal(greet('Ada', { shout: true }), 'HELLO, ADA!');",
  '});',
  '',
].join('\n');

export const TESTS_FIXED = TESTS_FIRST + [
  '',
  "test('does not shout when shout is false', () => {",
  "  assert.equal(greet('Ada', { shout: false }), 'Hello, Ada!');",
  '});',
  '',
].join('\n');

/** Claude's turns: iteration 1 writes the option and one test; the resumed session adds the missing test. */
export const CLAUDE_SCRIPT: ClaudeTurn[] = [
  { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/src/greet.js', content: GREET_WITH_SHOUT } }], text: 'Adding the shout option.' },
  { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/test/greet.test.js', content: TESTS_FIRST } }] },
  { text: 'T1 done: greet accepts { shout }. T2 done: added a test for shout: true.' },
  { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/test/greet.test.js', content: TESTS_FIXED } }] },
  { text: 'Added the shout: false test as the reviewer asked.' },
];

/** All text of a Responses-API request, to tell the plan from the reviews. */
export function requestText(body: unknown): string {
  return JSON.stringify((body as { input?: unknown })?.input ?? '');
}

/**
 * Codex's answers by phase: the plan; review 1 looks at the diff in its sandbox, then asks for a
 * revision; review 2 approves. `overrides` replaces any answer (malformed replies, aborts, hangs).
 */
export function codexScript(overrides: { plan?: CodexTurn[]; review1?: CodexTurn[]; review2?: CodexTurn[]; review3?: CodexTurn[] } = {}) {
  const json = (value: unknown): CodexTurn => ({ message: JSON.stringify(value) });
  const plan = overrides.plan ?? [json(PLAN)];
  const review1 = overrides.review1 ?? [{ exec: { cmd: 'git diff --stat HEAD~1' } }, json(REVISE)];
  const review2 = overrides.review2 ?? [json(APPROVE)];
  const review3 = overrides.review3 ?? [json(APPROVE)];
  return ({ index, body }: { index: number; body: unknown }): CodexTurn => {
    const text = requestText(body);
    const turns = text.includes('review iteration 3') ? review3 : text.includes('review iteration 2') ? review2 : text.includes('review iteration') ? review1 : plan;
    return turns[Math.min(index, turns.length - 1)] as CodexTurn;
  };
}
