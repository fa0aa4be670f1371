// Representative loop data for the renderer tests: a three-task plan, reviews, iteration records
// and a tracking state that each test adjusts to the phase it renders.
import type { IterationRecord, LoopState, Plan, Review, TrackingState } from '../../src/core/model/schema-types.js';
import type { TrackingView } from '../../src/render/view.js';

export function samplePlan(): Plan {
  return {
    objective: 'Add a --json flag to the status command.',
    analysis: 'The CLI prints status as text in src/status.ts.\nThere are no tests for the output format yet.',
    strategy: 'Add a formatter module, wire the flag, then cover both formats with tests.',
    tasks: [
      {
        id: 'T1',
        title: 'Add a JSON formatter',
        action: 'create_file',
        target: 'src/format-json.ts',
        description: 'A pure function from the status object to a JSON string.',
        acceptance_criteria: ['Returns valid JSON', 'Keys are sorted'],
        dependencies: [],
      },
      {
        id: 'T2',
        title: 'Wire the --json flag',
        action: 'modify_file',
        target: 'src/cli.ts',
        description: 'Parse the flag and call the formatter.',
        acceptance_criteria: ['`status --json` prints JSON'],
        dependencies: ['T1'],
      },
      {
        id: 'T3',
        title: 'Test both formats',
        action: 'create_file',
        target: 'test/status.test.ts',
        description: 'Unit tests for text and JSON output.',
        acceptance_criteria: ['npm test passes'],
        dependencies: ['T1', 'T2'],
      },
    ],
    assumptions: [],
    open_questions: [],
    verification: ['npm test', 'node bin/cli.js status --json'],
  };
}

export function reviseReview(): Review {
  return {
    previous_findings: [],
    verdict: 'revise',
    summary: 'The formatter is fine, but the flag is parsed after the output is printed.',
    reason: null,
    questions: [],
    requirements: [
      { requirement: 'A --json flag on the status command', feedback_id: null, status: 'not_met', note: 'The flag is parsed too late to matter.' },
      { requirement: 'Text output unchanged', feedback_id: null, status: 'met', note: '' },
    ],
    revised_verification: null,
    task_reviews: [
      { task_id: 'T1', status: 'pass', feedback: '' },
      { task_id: 'T2', status: 'fail', feedback: 'Parse --json before printing; see cli.ts line 40.' },
      { task_id: 'T3', status: 'partial', feedback: 'Add a test for the JSON output.' },
    ],
    revised_tasks: [
      {
        id: 'T2',
        title: 'Parse --json before printing',
        action: 'modify_file',
        target: 'src/cli.ts',
        description: 'Move the flag parsing up.',
        acceptance_criteria: ['`status --json` prints only JSON'],
        dependencies: ['T1'],
      },
    ],
    findings: [
      { title: 'Output before the flag is read', body: 'This runs before the flag is read.', priority: 'P1', confidence: 0.9, path: 'src/cli.ts', start_line: 38, end_line: 40, task_id: 'T2' },
      { title: 'Undocumented flag', body: 'Document the new flag.', priority: 'P3', confidence: 0.6, path: 'README.md', start_line: 3, end_line: 3, task_id: null },
    ],
  };
}

export function approveReview(): Review {
  return {
    previous_findings: [],
    verdict: 'approve',
    summary: 'All tasks are done and the verification commands pass.',
    reason: null,
    questions: [],
    requirements: [],
    task_reviews: [
      { task_id: 'T1', status: 'pass', feedback: '' },
      { task_id: 'T2', status: 'pass', feedback: '' },
      { task_id: 'T3', status: 'pass', feedback: '' },
    ],
    revised_tasks: [],
    revised_verification: null,
    findings: [],
  };
}

export function abortReview(): Review {
  return {
    previous_findings: [],
    verdict: 'abort',
    summary: 'The objective conflicts with the existing public API.',
    reason: 'Changing the status output breaks every script that parses it.',
    questions: [],
    requirements: [],
    task_reviews: [{ task_id: 'T1', status: 'fail', feedback: 'Not needed.' }],
    revised_tasks: [],
    revised_verification: null,
    findings: [],
  };
}

export function iteration(number: number, overrides: Partial<IterationRecord> = {}): IterationRecord {
  return {
    number,
    verdict: 'revise',
    tasks_passed: 1,
    tasks_total: 3,
    claude_turns: 14,
    cost_usd: 0.4213,
    duration_ms: 192_400,
    commit: `abc${number}def`,
    verification_passed: false,
    requested_by: null,
    ...overrides,
  };
}

export function loopState(overrides: Partial<LoopState> = {}): LoopState {
  return {
    version: 2,
    objective: 'Add a --json flag to the status command.',
    phase: 'planning',
    plan: null,
    iterations: [],
    session_id: null,
    total_cost_usd: 0,
    codex_tokens: 0,
    consecutive_revises: 0,
    last_review: null,
    open_findings: [],
    reviewed_commit: null,
    failed_verification: [],
    stop_reason: null,
    max_iterations: null,
    human_feedback: null,
    ...overrides,
  };
}

export function trackingState(loop: Partial<LoopState> = {}, overrides: Partial<TrackingState> = {}): TrackingState {
  return {
    loop: loopState(loop),
    issue: 12,
    pr: null,
    branch: null,
    base: 'main',
    requester: 'octocat',
    run: null,
    transcripts: null,
    ...overrides,
  };
}

/** A view with links and fixed values; the marker is a stand-in for the real one. */
export function trackingView(state: TrackingState, overrides: Partial<TrackingView> = {}): TrackingView {
  return {
    state,
    maxIterations: 5,
    maxBudgetUsd: 10,
    commandPrefix: '/cto',
    runUrl: 'https://github.com/acme/widgets/actions/runs/42',
    branchUrl: state.branch === null ? null : `https://github.com/acme/widgets/tree/${state.branch}`,
    prUrl: state.pr === null ? null : `https://github.com/acme/widgets/pull/${state.pr}`,
    error: null,
    updatedAt: '2026-11-22T02:52:07Z',
    marker: '<!-- codex-cto:state TEST-MARKER -->',
    ...overrides,
  };
}

/** A state after two iterations (revise, then the one named by `last`). */
export function twoIterations(last: Review, phase: LoopState['phase']): TrackingState {
  const passed = last.task_reviews.filter((entry) => entry.status === 'pass').length;
  return trackingState(
    {
      phase,
      plan: samplePlan(),
      iterations: [
        iteration(1),
        iteration(2, { verdict: last.verdict, tasks_passed: passed, tasks_total: last.task_reviews.length, claude_turns: 6, cost_usd: 0.18, duration_ms: 65_000, verification_passed: true }),
      ],
      session_id: 'session-1',
      total_cost_usd: 0.6013,
      codex_tokens: 45_210,
      consecutive_revises: last.verdict === 'revise' ? 2 : 0,
      last_review: last,
    },
    { pr: 34, branch: 'codex-cto/issue-12' },
  );
}
