import { describe, expect, it } from 'vitest';
import {
  commitMessage,
  decideFailedImplementation,
  decideVerdict,
  gateIteration,
  planPauseReason,
  PLAN_APPROVAL_REASON,
} from '../../../src/core/decide.js';
import type { ReviewContext } from '../../../src/core/model/verdict-rules.js';
import type { Limits } from '../../../src/core/ports.js';
import { initialState } from '../../../src/core/state.js';
import type { LoopState } from '../../../src/core/model/schema-types.js';
import { aPlan, aReview, aTask, anImplementation } from '../../support/fake-ports.js';
import { finding } from '../../support/codex-fixtures.js';

const limits: Limits = { maxIterations: 3, escalateAfter: 2, maxBudgetUsd: 1, requirePlanApproval: false };

function stateWith(change: Partial<LoopState>): LoopState {
  return { ...initialState('Add a greeting'), ...change };
}

/** What the review was judged against: the state's plan, a green verification and no earlier findings by default. */
function judged(state: LoopState, change: Partial<ReviewContext> = {}): ReviewContext {
  return { plan: state.plan, verificationFailed: false, openFindings: [], ...change };
}

describe('gateIteration', () => {
  it('lets an iteration start within every limit', () => {
    expect(gateIteration(stateWith({ total_cost_usd: 0.99 }), limits, 3)).toEqual({ kind: 'continue' });
  });

  it('caps once the iteration number passes the limit', () => {
    expect(gateIteration(stateWith({}), limits, 4)).toEqual({
      kind: 'end',
      phase: 'capped',
      reason: 'Reached the limit of 3 iterations without an approving review.',
    });
  });

  it('ends when the spend reaches the budget, and never without a budget', () => {
    expect(gateIteration(stateWith({ total_cost_usd: 1 }), limits, 2)).toEqual({
      kind: 'end',
      phase: 'budget_exhausted',
      reason: 'The budget of $1.00 is used up ($1.00 spent).',
    });
    expect(gateIteration(stateWith({ total_cost_usd: 100 }), { ...limits, maxBudgetUsd: null }, 2)).toEqual({ kind: 'continue' });
  });
});

describe('decideVerdict', () => {
  it('approve ends approved', () => {
    expect(decideVerdict(stateWith({}), aReview('approve'), 2, limits, judged(stateWith({})))).toEqual({
      kind: 'end',
      phase: 'approved',
      reason: 'Approved in iteration 2.',
    });
  });

  it('abort ends with the reviewer reason, or the summary when the reason is empty', () => {
    expect(decideVerdict(stateWith({}), aReview('abort', { reason: 'Out of scope.' }), 1, limits, judged(stateWith({})))).toMatchObject({
      phase: 'aborted',
      reason: 'Out of scope.',
    });
    expect(decideVerdict(stateWith({}), aReview('abort', { reason: ' ', summary: 'Cannot work.' }), 1, limits, judged(stateWith({})))).toMatchObject({
      phase: 'aborted',
      reason: 'Cannot work.',
    });
  });

  it('refuses to approve when a task review fails or is partial: the approval is decided as a revise', () => {
    const plan = aPlan();
    for (const status of ['fail', 'partial'] as const) {
      const review = aReview('approve', { task_reviews: [{ task_id: 'T1', status: 'pass', feedback: '' }, { task_id: 'T2', status, feedback: 'No.' }] });
      expect(decideVerdict(stateWith({ plan }), review, 1, limits, judged(stateWith({ plan })))).toEqual({ kind: 'continue' });
      expect(decideVerdict(stateWith({ plan }), review, 3, limits, judged(stateWith({ plan })))).toMatchObject({ kind: 'end', phase: 'capped' });
    }
  });

  it('refuses to approve when a task of the plan, revised ones included, has no review', () => {
    const onlyT1 = aReview('approve', { task_reviews: [{ task_id: 'T1', status: 'pass', feedback: '' }] });
    expect(decideVerdict(stateWith({ plan: aPlan() }), onlyT1, 1, limits, judged(stateWith({ plan: aPlan() })))).toEqual({ kind: 'continue' });
    const withT3 = aPlan({ tasks: [aTask('T1'), aTask('T2'), aTask('T3')] });
    expect(decideVerdict(stateWith({ plan: withT3 }), aReview('approve'), 1, limits, judged(stateWith({ plan: withT3 })))).toEqual({ kind: 'continue' });
    expect(decideVerdict(stateWith({ plan: aPlan() }), aReview('approve'), 1, limits, judged(stateWith({ plan: aPlan() })))).toMatchObject({ phase: 'approved' });
  });

  it('revise continues below the streak and cap limits', () => {
    expect(decideVerdict(stateWith({ consecutive_revises: 1 }), aReview('revise'), 1, limits, judged(stateWith({ consecutive_revises: 1 })))).toEqual({ kind: 'continue' });
  });

  it('revise escalates once the streak reaches escalateAfter, before the cap', () => {
    expect(decideVerdict(stateWith({ consecutive_revises: 2 }), aReview('revise'), 3, limits, judged(stateWith({ consecutive_revises: 2 })))).toEqual({
      kind: 'end',
      phase: 'escalated',
      reason: '2 revise verdicts in a row: a person should look before the loop goes on.',
    });
  });

  it('refuses to approve beside a red verification or a P1 finding: the approval is decided as a revise', () => {
    const state = stateWith({ plan: aPlan() });
    expect(decideVerdict(state, aReview('approve'), 1, limits, judged(state, { verificationFailed: true }))).toEqual({ kind: 'continue' });
    const blocking = aReview('approve', { findings: [finding({ priority: 'P1', task_id: null })] });
    expect(decideVerdict(state, blocking, 1, limits, judged(state))).toEqual({ kind: 'continue' });
    const suggestion = aReview('approve', { findings: [finding({ priority: 'P3', task_id: null })] });
    expect(decideVerdict(state, suggestion, 1, limits, judged(state))).toMatchObject({ phase: 'approved' });
  });

  it('needs_human ends escalated, saying how many questions wait for a person', () => {
    const state = stateWith({ plan: aPlan() });
    expect(decideVerdict(state, aReview('needs_human'), 2, limits, judged(state))).toEqual({
      kind: 'end',
      phase: 'escalated',
      reason: 'The reviewer needs a person to answer a question before the work goes on.',
    });
    const two = aReview('needs_human', { questions: ['Keep the old flag?', 'Which locale?'] });
    expect(decideVerdict(state, two, 1, limits, judged(state))).toMatchObject({ phase: 'escalated', reason: expect.stringContaining('answer 2 questions') });
  });

  it('revise on the last allowed iteration caps', () => {
    expect(decideVerdict(stateWith({ consecutive_revises: 1 }), aReview('revise'), 3, limits, judged(stateWith({ consecutive_revises: 1 })))).toMatchObject({
      kind: 'end',
      phase: 'capped',
    });
  });
});

describe('planPauseReason', () => {
  it('pauses a plan with a blocking question, whatever the settings, and otherwise only when approval is required', () => {
    const blocking = aPlan({ open_questions: [{ question: 'Which locale?', blocking: true }, { question: 'Colour?', blocking: false }] });
    expect(planPauseReason(blocking, false)).toBe('The plan has a question a person must answer before the work starts; answer, then approve the plan.');
    const open = aPlan({ open_questions: [{ question: 'Colour?', blocking: false }] });
    expect(planPauseReason(open, false)).toBeNull();
    expect(planPauseReason(open, true)).toBe(PLAN_APPROVAL_REASON);
  });
});

describe('decideFailedImplementation', () => {
  it('a budget stop ends budget_exhausted and says where the work is', () => {
    const outcome = anImplementation({ ok: false, stopReason: 'error_max_budget_usd' });
    expect(decideFailedImplementation(stateWith({ total_cost_usd: 1.02 }), outcome, 2, limits, '0123456789abcdef')).toEqual({
      phase: 'budget_exhausted',
      reason: 'The budget of $1.00 ran out during iteration 2 ($1.02 spent). The work so far is committed as 0123456789ab.',
    });
  });

  it('any other stop fails with what Claude said', () => {
    const outcome = anImplementation({ ok: false, stopReason: 'error_max_turns', resultText: 'Reached max turns (30)\nmore' });
    expect(decideFailedImplementation(stateWith({}), outcome, 1, limits, null)).toEqual({
      phase: 'failed',
      reason: 'Claude Code stopped in iteration 1 without finishing (error_max_turns): Reached max turns (30). There were no changes to commit.',
    });
  });
});

describe('commitMessage', () => {
  it('names the iteration and the first line of the objective', () => {
    expect(commitMessage('Add a greeting\n\nwith details', 2, 'implemented')).toBe('codex-cto iteration 2: Add a greeting');
  });

  it('explains commits that keep unfinished work', () => {
    expect(commitMessage('Add a greeting', 1, 'implementation-failed')).toBe(
      'codex-cto iteration 1: Add a greeting\n\nThe implementation stopped early; this commit keeps its work.',
    );
    expect(commitMessage('Add a greeting', 1, 'error')).toContain('stopped on an error');
  });

  it('keeps the subject short', () => {
    const subject = commitMessage('x'.repeat(500), 12, 'implemented');
    expect(subject.length).toBe(72);
    expect(subject.endsWith('…')).toBe(true);
  });
});
