import { describe, expect, it } from 'vitest';
import {
  budgetLeft,
  codexTokens,
  endIn,
  enterPhase,
  feedbackFrom,
  initialState,
  previousReviewOf,
  isEndPhase,
  iterationRecord,
  mergeRevisedTasks,
  nextIteration,
  startIteration,
  verificationPassed,
  withImplementation,
  withIteration,
  withPlan,
  withReview,
  withVerification,
} from '../../../src/core/state.js';
import type { LoopState } from '../../../src/core/model/schema-types.js';
import { aPlan, aReview, aTask, anImplementation, passed, usage } from '../../support/fake-ports.js';
import { finding } from '../../support/codex-fixtures.js';

/** Freezes a state all the way down, so a transition that mutates its input throws. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/** Reviewed in iteration `k`, at commit `sha-<k>` (or at an unknown head). */
function at(k: number, commit: string | null = `sha-${k}`): { iteration: number; commit: string | null } {
  return { iteration: k, commit };
}

function planned(): LoopState {
  return frozen(withPlan(initialState('Add a greeting'), aPlan(), usage(0, 0)));
}

describe('initialState', () => {
  it('starts in planning with nothing spent and no plan', () => {
    expect(initialState('Fix the bug')).toEqual({
      version: 2,
      objective: 'Fix the bug',
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
    });
  });
});

describe('phases', () => {
  it('entering a working phase clears the previous stop reason', () => {
    const paused = frozen(endIn(planned(), 'escalated', 'three revises'));
    expect(paused).toMatchObject({ phase: 'escalated', stop_reason: 'three revises' });
    expect(enterPhase(paused, 'implementing')).toMatchObject({ phase: 'implementing', stop_reason: null });
  });

  it('knows which phases end a run', () => {
    expect(isEndPhase('approved')).toBe(true);
    expect(isEndPhase('awaiting_plan_approval')).toBe(true);
    expect(isEndPhase('revise')).toBe(false);
    expect(isEndPhase('reviewing')).toBe(false);
  });
});

describe('sums', () => {
  it('counts codex input and output tokens, not cached or reasoning ones twice', () => {
    expect(codexTokens({ input_tokens: 100, cached_input_tokens: 80, output_tokens: 20, reasoning_output_tokens: 15 })).toBe(120);
    const state = withPlan(frozen(initialState('x')), aPlan(), usage(100, 20));
    expect(withReview(frozen(state), aReview('approve'), usage(30, 5), at(1)).codex_tokens).toBe(155);
  });

  it('adds Claude cost and keeps the last known session', () => {
    const first = withImplementation(planned(), anImplementation({ costUsd: 0.1, sessionId: 's-1' }));
    const second = withImplementation(frozen(first), anImplementation({ costUsd: 0.2, sessionId: null }));
    expect(second.total_cost_usd).toBe(0.3);
    expect(second.session_id).toBe('s-1');
  });

  it('budget left is what remains, never negative, and null without a budget', () => {
    const spent = frozen({ ...planned(), total_cost_usd: 0.75 });
    expect(budgetLeft(spent, 2)).toBe(1.25);
    expect(budgetLeft(spent, 0.5)).toBe(0);
    expect(budgetLeft(spent, null)).toBeNull();
  });
});

describe('reviews', () => {
  it('a revise grows the streak, anything else resets it', () => {
    const once = withReview(planned(), aReview('revise'), usage(0, 0), at(1));
    const twice = withReview(frozen(once), aReview('revise'), usage(0, 0), at(2));
    expect(twice.consecutive_revises).toBe(2);
    expect(withReview(frozen(twice), aReview('approve'), usage(0, 0), at(3)).consecutive_revises).toBe(0);
    expect(withReview(frozen(twice), aReview('abort'), usage(0, 0), at(3)).consecutive_revises).toBe(0);
  });

  it('the plan absorbs revised tasks: same id replaced in place, new ids appended', () => {
    const revised = [aTask('T3'), aTask('T1', { title: 'Redo T1' })];
    const state = withReview(planned(), aReview('revise', { revised_tasks: revised }), usage(0, 0), at(1));
    expect(state.plan?.tasks.map((task) => [task.id, task.title])).toEqual([
      ['T1', 'Redo T1'],
      ['T2', 'Task T2'],
      ['T3', 'Task T3'],
    ]);
    expect(state.last_review?.verdict).toBe('revise');
  });

  it('merging no revised tasks keeps the plan as it is', () => {
    const plan = frozen(aPlan());
    expect(mergeRevisedTasks(plan, [])).toBe(plan);
  });

  it('the plan takes the revised verification in place of its own from the next iteration on', () => {
    const state = withReview(planned(), aReview('revise', { revised_verification: ['npm ci', 'npm test -- greet'] }), usage(0, 0), at(1));
    expect(state.plan?.verification).toEqual(['npm ci', 'npm test -- greet']);
    expect(withReview(frozen(state), aReview('revise'), usage(0, 0), at(2)).plan?.verification).toEqual(['npm ci', 'npm test -- greet']);
  });

  it('remembers the head each review judged; unchanged work keeps the last one', () => {
    const first = withReview(planned(), aReview('revise'), usage(0, 0), at(1, 'abc'));
    expect(first.reviewed_commit).toBe('abc');
    expect(withReview(frozen(first), aReview('revise'), usage(0, 0), at(2, null)).reviewed_commit).toBe('abc');
  });

  it('carries open findings: resolved ones go, unmarked and unresolved ones stay, new ones get ids', () => {
    const first = withReview(planned(), aReview('revise', { findings: [finding({ title: 'A', priority: 'P1' }), finding({ title: 'B' })] }), usage(0, 0), at(1));
    expect(first.open_findings.map((f) => [f.id, f.title])).toEqual([['F1.1', 'A'], ['F1.2', 'B']]);
    const second = withReview(
      frozen(first),
      aReview('revise', { previous_findings: [{ id: 'F1.1', status: 'resolved', note: '' }], findings: [finding({ title: 'C' })] }),
      usage(0, 0),
      at(2),
    );
    expect(second.open_findings.map((f) => [f.id, f.title])).toEqual([['F1.2', 'B'], ['F2.1', 'C']]);
  });

  it('keeps the verification commands that failed, with the head and tail of their output', () => {
    const long = `${'x'.repeat(5_000)}\nFAILED (failures=2)`;
    const state = withVerification(planned(), [passed('npm run lint'), { ...passed('npm test'), exitCode: 1, output: long }, { ...passed('slow'), exitCode: null, timedOut: true, output: '' }]);
    expect(state.failed_verification.map((f) => [f.command, f.exit_code, f.timed_out])).toEqual([['npm test', 1, false], ['slow', null, true]]);
    const output = state.failed_verification[0]?.output ?? '';
    expect(output.startsWith('xxx')).toBe(true);
    expect(output).toMatch(/\[\.\.\. \d+ bytes of the output cut \.\.\.\]/);
    expect(output.endsWith('FAILED (failures=2)')).toBe(true);
    expect(Buffer.byteLength(output)).toBeLessThan(3_100);
    expect(withVerification(frozen(state), [passed('npm test')]).failed_verification).toEqual([]);
  });

  it('feedback is the whole last review: summary, open findings, failing tasks and verification, unmet requirements, questions', () => {
    expect(feedbackFrom(planned())).toBeNull();
    const review = aReview('revise', {
      summary: 'Almost.',
      task_reviews: [
        { task_id: 'T1', status: 'pass', feedback: '' },
        { task_id: 'T2', status: 'partial', feedback: 'Half done.' },
        { task_id: 'T3', status: 'fail', feedback: 'Missing.' },
      ],
      requirements: [
        { requirement: 'Greets', feedback_id: null, status: 'met', note: '' },
        { requirement: 'Handles []', feedback_id: null, status: 'not_met', note: 'Throws.' },
      ],
      findings: [finding({ priority: 'P1' })],
      revised_tasks: [aTask('T4')],
      revised_verification: ['npm test'],
    });
    const verified = withVerification(planned(), [{ ...passed('npm test'), exitCode: 1, output: 'not ok 2' }]);
    const state = withIteration(withReview(frozen(verified), review, usage(0, 0), at(1)), iterationRecord({ ...startIteration(1, aPlan()), review }));
    expect(feedbackFrom(frozen(state))).toEqual({
      iteration: 1,
      verdict: 'revise',
      summary: 'Almost.',
      reason: null,
      failing: [
        { task_id: 'T2', status: 'partial', feedback: 'Half done.' },
        { task_id: 'T3', status: 'fail', feedback: 'Missing.' },
      ],
      revisedTasks: [aTask('T4')],
      revisedVerification: ['npm test'],
      findings: [{ id: 'F1.1', raised_in: 1, ...finding({ priority: 'P1' }) }],
      failedVerification: [{ command: 'npm test', exit_code: 1, timed_out: false, output: 'not ok 2' }],
      requirements: [{ requirement: 'Handles []', feedback_id: null, status: 'not_met', note: 'Throws.' }],
      questions: [],
    });
  });

  it('the next reviewer remembers the last verdict, its open findings and the commit it judged', () => {
    expect(previousReviewOf(planned())).toBeNull();
    const review = aReview('needs_human', { summary: 'Ask.', findings: [finding()] });
    const state = withIteration(withReview(planned(), review, usage(0, 0), at(2, 'abc')), iterationRecord({ ...startIteration(2, aPlan()), review }));
    expect(previousReviewOf(frozen(state))).toEqual({
      iteration: 2,
      verdict: 'needs_human',
      summary: 'Ask.',
      findings: [{ id: 'F2.1', raised_in: 2, ...finding() }],
      commit: 'abc',
      questions: ['Which greeting should be the default?'],
    });
  });
});

describe('iteration records', () => {
  it('summarises an implemented, verified, committed and reviewed iteration', () => {
    const draft = {
      ...startIteration(2, aPlan()),
      implementation: anImplementation({ turns: 7, costUsd: 0.4, durationMs: 2_000 }),
      verification: [passed('npm test'), { ...passed('npm run lint'), durationMs: 30 }],
      commit: 'abc',
      review: aReview('revise', { revised_tasks: [aTask('T2'), aTask('T3')] }),
      reviewDurationMs: 500,
    };
    expect(iterationRecord(frozen(draft))).toEqual({
      number: 2,
      verdict: 'revise',
      tasks_passed: 1,
      tasks_total: 3,
      claude_turns: 7,
      cost_usd: 0.4,
      duration_ms: 2_540,
      commit: 'abc',
      verification_passed: true,
      requested_by: null,
    });
  });

  it('an iteration that stopped early has no verdict and no verification', () => {
    const draft = { ...startIteration(1, aPlan()), implementation: anImplementation({ ok: false }), commit: 'def' };
    expect(iterationRecord(draft)).toMatchObject({ verdict: null, tasks_passed: 0, tasks_total: 2, commit: 'def', verification_passed: null });
  });

  it('verification passes only when every command exits 0 in time', () => {
    expect(verificationPassed([])).toBeNull();
    expect(verificationPassed([passed('a'), passed('b')])).toBe(true);
    expect(verificationPassed([passed('a'), { ...passed('b'), exitCode: 1 }])).toBe(false);
    expect(verificationPassed([{ ...passed('a'), exitCode: null, timedOut: true }])).toBe(false);
  });

  it('a record replaces the one with the same number and keeps the order', () => {
    const record = (number: number, commit: string | null) => iterationRecord({ ...startIteration(number, aPlan()), commit });
    const one = withIteration(planned(), record(1, 'a'));
    const two = withIteration(frozen(one), record(2, null));
    const updated = withIteration(frozen(two), record(2, 'b'));
    expect(updated.iterations.map((it) => [it.number, it.commit])).toEqual([[1, 'a'], [2, 'b']]);
    expect(nextIteration(updated)).toBe(3);
  });
});
