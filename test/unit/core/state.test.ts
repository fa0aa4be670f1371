import { describe, expect, it } from 'vitest';
import {
  budgetLeft,
  codexTokens,
  endIn,
  enterPhase,
  feedbackFrom,
  initialState,
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
} from '../../../src/core/state.js';
import type { LoopState } from '../../../src/core/model/schema-types.js';
import { aPlan, aReview, aTask, anImplementation, passed, usage } from '../../support/fake-ports.js';

/** Freezes a state all the way down, so a transition that mutates its input throws. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

function planned(): LoopState {
  return frozen(withPlan(initialState('Add a greeting'), aPlan(), usage(0, 0)));
}

describe('initialState', () => {
  it('starts in planning with nothing spent and no plan', () => {
    expect(initialState('Fix the bug')).toEqual({
      version: 1,
      objective: 'Fix the bug',
      phase: 'planning',
      plan: null,
      iterations: [],
      session_id: null,
      total_cost_usd: 0,
      codex_tokens: 0,
      consecutive_revises: 0,
      last_review: null,
      stop_reason: null,
      max_iterations: null,
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
    expect(withReview(frozen(state), aReview('approve'), usage(30, 5)).codex_tokens).toBe(155);
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
    const once = withReview(planned(), aReview('revise'), usage(0, 0));
    const twice = withReview(frozen(once), aReview('revise'), usage(0, 0));
    expect(twice.consecutive_revises).toBe(2);
    expect(withReview(frozen(twice), aReview('approve'), usage(0, 0)).consecutive_revises).toBe(0);
    expect(withReview(frozen(twice), aReview('abort'), usage(0, 0)).consecutive_revises).toBe(0);
  });

  it('the plan absorbs revised tasks: same id replaced in place, new ids appended', () => {
    const revised = [aTask('T3'), aTask('T1', { title: 'Redo T1' })];
    const state = withReview(planned(), aReview('revise', { revised_tasks: revised }), usage(0, 0));
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

  it('feedback carries the summary, the tasks that did not pass and the revised tasks', () => {
    expect(feedbackFrom(null)).toBeNull();
    const review = aReview('revise', {
      summary: 'Almost.',
      task_reviews: [
        { task_id: 'T1', status: 'pass', feedback: '' },
        { task_id: 'T2', status: 'partial', feedback: 'Half done.' },
        { task_id: 'T3', status: 'fail', feedback: 'Missing.' },
      ],
      revised_tasks: [aTask('T4')],
    });
    expect(feedbackFrom(review)).toEqual({
      summary: 'Almost.',
      failing: [
        { task_id: 'T2', status: 'partial', feedback: 'Half done.' },
        { task_id: 'T3', status: 'fail', feedback: 'Missing.' },
      ],
      revisedTasks: [aTask('T4')],
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
