// The rules of a loop across runs, as tables: every request (start and each command) on every saved phase,
// with iterations and budget left or used up; what a review made on request does to the loop; failing,
// stopping and rescuing; and the cap in force that every view reads.
import { describe, expect, it } from 'vitest';
import {
  admit,
  afterReview,
  capAfterContinue,
  capInForce,
  continueAfterPause,
  failed,
  needsRescue,
  rescued,
  reviewedIteration,
  startState,
  stopped,
  verdictPhase,
  type Admission,
} from '../../../src/core/lifecycle.js';
import type { LoopRequest } from '../../../src/core/loop-requests.js';
import type { Limits } from '../../../src/core/ports.js';
import type { IterationRecord, LoopState, Review } from '../../../src/core/model/schema-types.js';
import { initialState, isEndPhase, type Phase } from '../../../src/core/state.js';

const PHASES: readonly Phase[] = [
  'planning', 'awaiting_plan_approval', 'implementing', 'verifying', 'reviewing',
  'approved', 'revise', 'escalated', 'aborted', 'capped', 'budget_exhausted', 'stopped', 'failed',
];
const CONTINUABLE: readonly Phase[] = ['escalated', 'capped', 'stopped', 'budget_exhausted', 'failed', 'revise'];

/** Three iterations and $10 configured. */
const LIMITS: Limits = { maxIterations: 3, escalateAfter: 2, maxBudgetUsd: 10, requirePlanApproval: true };
const NO_USAGE = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0 };

function iteration(number: number): IterationRecord {
  return { number, verdict: 'revise', tasks_passed: 0, tasks_total: 1, claude_turns: 1, cost_usd: 1, duration_ms: 1, commit: null, verification_passed: null, requested_by: null };
}

/** A saved loop in `phase` that ran `done` iterations and spent `spent` dollars, its cap as saved. */
function saved(phase: Phase, done: number, spent: number, cap: number | null = null): LoopState {
  return {
    ...initialState('Greet by name'),
    phase,
    plan: { objective: 'Greet by name', analysis: '', strategy: '', assumptions: [], open_questions: [], tasks: [{ id: 'T1', title: 't', action: 'modify_file', target: 'a.js', description: '', acceptance_criteria: [], dependencies: [] }], verification: [] },
    iterations: Array.from({ length: done }, (_, i) => iteration(i + 1)),
    total_cost_usd: spent,
    consecutive_revises: phase === 'escalated' ? 2 : 0,
    stop_reason: isEndPhase(phase) ? `ended ${phase}` : null,
    max_iterations: cap,
    human_feedback: null,
  };
}

const REQUESTS: readonly LoopRequest[] = [
  { kind: 'start', objective: 'Greet by name' },
  { kind: 'approve' },
  { kind: 'continue', feedback: null },
  { kind: 'revise', feedback: { from: 'mona', items: [{ id: 'H1', text: 'Trim the name.', path: null, line: null, thread: null }] } },
  { kind: 'stop', reason: '@mona asked to stop' },
  { kind: 'review' },
];

/** Iterations left or none (the cap reached), budget left or spent. */
const SITUATIONS = [
  { left: 'iterations and budget left', done: 1, spent: 1 },
  { left: 'no iterations left', done: 3, spent: 1 },
  { left: 'no budget left', done: 1, spent: 10 },
  { left: 'neither left', done: 3, spent: 10 },
] as const;

/** What the lifecycle must answer, written out per request as the rules read in words. */
function expected(request: LoopRequest, phase: Phase, done: number, spent: number): string {
  switch (request.kind) {
    case 'start':
      if (phase === 'approved') return 'ignore: was already approved; nothing to do';
      if (phase === 'escalated' || phase === 'capped') return `ignore: is ${phase} -> continue`;
      if (phase === 'awaiting_plan_approval') return `ignore: is ${phase} -> approve`;
      return 'run: new loop to 3';
    case 'approve':
      return phase === 'awaiting_plan_approval' ? 'run: awaiting_plan_approval to 3' : `ignore: is ${phase}, not waiting for plan approval`;
    case 'continue': {
      if (!CONTINUABLE.includes(phase)) return `ignore: is ${phase}; only a paused or ended loop can continue`;
      const cap = phase === 'capped' || done >= 3 ? done + 3 : 3;
      return `run: revise to ${cap}${phase === 'escalated' ? ', escalation over' : ''}`;
    }
    case 'revise':
      if (![...CONTINUABLE, 'approved'].includes(phase)) return `ignore: is ${phase}; feedback is taken once the loop has work to show`;
      if (done >= 3) return 'ignore: has used its 3 iterations -> continue';
      if (spent >= 10) return 'ignore: has no budget left -> continue';
      return `run: revise to 3${phase === 'escalated' ? ', escalation over' : ''}`;
    case 'stop':
      return isEndPhase(phase) && phase !== 'escalated' && phase !== 'awaiting_plan_approval' ? `ignore: already ended (${phase})` : 'stop';
    case 'review':
      return 'review';
  }
}

/** The lifecycle's answer in the same words. */
function described(admission: Admission): string {
  switch (admission.kind) {
    case 'ignore':
      return `ignore: ${admission.reason}${admission.goOnWith ? ` -> ${admission.goOnWith}` : ''}`;
    case 'stop':
      return 'stop';
    case 'review':
      return 'review';
    case 'run': {
      const what = admission.state.plan === null ? 'new loop' : admission.state.phase;
      return `run: ${what} to ${admission.limits.maxIterations}${admission.endsEscalation ? ', escalation over' : ''}`;
    }
  }
}

describe('admit: every request on every saved phase', () => {
  const rows = REQUESTS.flatMap((request) => PHASES.flatMap((phase) => SITUATIONS.map((situation) => ({ request, phase, ...situation }))));

  it.each(rows)('$request.kind on a loop that is $phase, $left', ({ request, phase, done, spent }) => {
    const admission = admit(request, saved(phase, done, spent), LIMITS);
    expect(described(admission)).toBe(expected(request, phase, done, spent));
    if (admission.kind === 'run') {
      // The cap this run works to is saved with the loop; a resumed run never waits for plan approval again.
      expect(admission.state.max_iterations).toBe(admission.limits.maxIterations);
      expect(admission.limits.requirePlanApproval).toBe(request.kind === 'start');
      expect(admission.limits).toMatchObject({ escalateAfter: 2, maxBudgetUsd: 10 });
    }
  });

  it('covers 6 requests x 13 phases x 4 situations', () => {
    expect(rows).toHaveLength(6 * 13 * 4);
  });
});

describe('admit: what a taken request does to the loop', () => {
  it('starts a loop with nothing saved: planning, no plan, the configured cap saved', () => {
    const admission = admit({ kind: 'start', objective: 'Greet by name' }, null, LIMITS);
    expect(admission).toEqual({ kind: 'run', state: startState('Greet by name', LIMITS), limits: LIMITS, endsEscalation: false });
    expect(startState('Greet by name', LIMITS)).toEqual({ ...initialState('Greet by name'), max_iterations: 3 });
  });

  it('starts over a loop whose run died while at work (its comment and PR are reused by the front)', () => {
    const admission = admit({ kind: 'start', objective: 'New words' }, saved('implementing', 2, 4), LIMITS);
    expect(admission.kind === 'run' && admission.state).toEqual(startState('New words', LIMITS));
  });

  it('ignores every command when there is no loop', () => {
    for (const request of REQUESTS.filter((each) => each.kind !== 'start')) {
      expect(admit(request, null, LIMITS)).toEqual({ kind: 'ignore', reason: 'does not exist here', goOnWith: null });
    }
  });

  it('continues with the revise streak started over and the stop reason cleared', () => {
    const admission = admit({ kind: 'continue', feedback: null }, saved('escalated', 2, 3), LIMITS);
    expect(admission.kind === 'run' && admission.state).toMatchObject({ phase: 'revise', consecutive_revises: 0, stop_reason: null, total_cost_usd: 3 });
    expect(continueAfterPause(saved('escalated', 2, 3))).toMatchObject({ phase: 'revise', consecutive_revises: 0, stop_reason: null });
  });

  it('approves the plan as it is: the loop resumes from the saved state', () => {
    const waiting = saved('awaiting_plan_approval', 0, 0, 3);
    const admission = admit({ kind: 'approve' }, waiting, LIMITS);
    expect(admission.kind === 'run' && admission.state).toEqual(waiting);
  });

  it('stops a loop with the reason given, keeping everything else', () => {
    const loop = saved('escalated', 2, 3);
    expect(admit({ kind: 'stop', reason: '@mona asked to stop' }, loop, LIMITS)).toEqual({
      kind: 'stop',
      state: { ...loop, phase: 'stopped', stop_reason: '@mona asked to stop' },
    });
    expect(stopped(loop, 'x')).toEqual({ ...loop, phase: 'stopped', stop_reason: 'x' });
  });
});

describe('the cap in force', () => {
  it('is the one saved with the loop, else the configured one (a loop saved before caps were kept)', () => {
    expect(capInForce(saved('capped', 1, 0, 2), 1)).toBe(2);
    expect(capInForce(saved('capped', 1, 0, null), 1)).toBe(1);
  });

  it('grows by the configured iterations on a continue of a capped loop, or of one that ran that many', () => {
    expect(capAfterContinue(saved('capped', 1, 0, 1), 1)).toBe(2);
    expect(capAfterContinue(saved('capped', 2, 0, 2), 1)).toBe(3);
    expect(capAfterContinue(saved('escalated', 5, 0, 5), 5)).toBe(10);
    expect(capAfterContinue(saved('escalated', 2, 0, 5), 5)).toBe(5);
    expect(capAfterContinue(saved('failed', 0, 0, null), 5)).toBe(5);
  });

  it('after `continue` on a loop capped at 1, the resumed run and every view count to 2: iteration 2 of 2, not of 1', () => {
    const admission = admit({ kind: 'continue', feedback: null }, saved('capped', 1, 0, 1), { ...LIMITS, maxIterations: 1, escalateAfter: 1 });
    expect(admission.kind).toBe('run');
    if (admission.kind !== 'run') return;
    expect(admission.limits.maxIterations).toBe(2);
    expect(capInForce(admission.state, 1)).toBe(2);
  });
});

describe('afterReview: a review made on request', () => {
  const review = (verdict: Review['verdict']): Review => ({
    verdict,
    summary: verdict,
    reason: verdict === 'abort' ? 'wrong direction' : null,
    previous_findings: [],
    task_reviews: [{ task_id: 'T1', status: verdict === 'approve' ? 'pass' : 'fail', feedback: '' }],
    requirements: [],
    findings: [],
    questions: [],
    revised_tasks: [],
    revised_verification: null,
  });

  const rows = [
    // verdict, iterations done, spent, revise streak before, cap saved -> phase, goes on
    { verdict: 'approve', done: 1, spent: 1, streak: 0, cap: null, phase: 'approved', goOn: false },
    { verdict: 'abort', done: 1, spent: 1, streak: 0, cap: null, phase: 'aborted', goOn: false },
    { verdict: 'revise', done: 1, spent: 1, streak: 0, cap: null, phase: 'revise', goOn: true },
    { verdict: 'revise', done: 1, spent: 10, streak: 0, cap: null, phase: 'revise', goOn: false },
    { verdict: 'revise', done: 3, spent: 1, streak: 0, cap: null, phase: 'capped', goOn: false },
    { verdict: 'revise', done: 3, spent: 1, streak: 0, cap: 6, phase: 'revise', goOn: true },
    { verdict: 'revise', done: 1, spent: 1, streak: 1, cap: null, phase: 'escalated', goOn: false },
    { verdict: 'approve', done: 3, spent: 10, streak: 1, cap: null, phase: 'approved', goOn: false },
  ] as const;

  it.each(rows)('$verdict after $done iteration(s), $$$spent spent, streak $streak, cap $cap -> $phase', ({ verdict, done, spent, streak, cap, phase, goOn }) => {
    const loop = { ...saved('escalated', done, spent, cap), consecutive_revises: streak };
    const after = afterReview(loop, review(verdict), NO_USAGE, LIMITS, { commit: 'head', context: { plan: loop.plan, verificationFailed: false, openFindings: [] } });
    expect(after.state.phase).toBe(phase);
    expect(after.state.last_review?.verdict).toBe(verdict);
    expect(after.state.max_iterations).toBe(cap ?? 3);
    expect(after.goOn !== null).toBe(goOn);
    if (after.goOn) {
      expect(after.goOn.state).toBe(after.state);
      expect(after.goOn.limits).toEqual({ ...LIMITS, maxIterations: cap ?? 3, requirePlanApproval: false });
    }
  });

  it('judges the last iteration recorded, or the first when none ran', () => {
    expect(reviewedIteration(saved('revise', 2, 0))).toBe(2);
    expect(reviewedIteration(saved('revise', 0, 0))).toBe(1);
    expect(reviewedIteration(null)).toBe(1);
  });

  it('gives a verdict outside any loop the phase it stands for', () => {
    expect([verdictPhase(review('approve')), verdictPhase(review('revise')), verdictPhase(review('abort'))]).toEqual(['approved', 'revise', 'aborted']);
  });
});

describe('runs that fail and die', () => {
  it.each(PHASES)('a run that fails in %s: a loop at work is failed with the reason, an ended one keeps its phase', (phase) => {
    const loop = { ...saved(phase, 1, 1), stop_reason: null };
    const after = failed(loop, 'GitHub refused');
    if (isEndPhase(phase)) expect(after).toBe(loop);
    else expect(after).toEqual({ ...loop, phase: 'failed', stop_reason: 'GitHub refused' });
    // Words already given for the end are kept either way.
    expect(failed({ ...loop, stop_reason: 'earlier words' }, 'GitHub refused').stop_reason).toBe('earlier words');
  });

  it.each(PHASES)('a job that dies while its loop is %s: rescued to failed only when it held the loop at work', (phase) => {
    const loop = saved(phase, 1, 1);
    const holder = { id: '7', attempt: '1', started_at: '2026-01-01T00:00:00Z' };
    expect(needsRescue(phase)).toBe(!isEndPhase(phase));
    expect(rescued(loop, holder, '8')).toBe(null);
    expect(rescued(loop, null, '7')).toBe(null);
    const after = rescued(loop, holder, '7');
    if (isEndPhase(phase)) expect(after).toBe(null);
    else expect(after).toEqual({ ...loop, phase: 'failed', stop_reason: `The job ended while ${phase.replace(/_/g, ' ')} (cancelled or timed out).` });
  });
});
