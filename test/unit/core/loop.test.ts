import { describe, expect, it } from 'vitest';
import type { Limits } from '../../../src/core/ports.js';
import { continueAfterPause } from '../../../src/core/lifecycle.js';
import { initialState, runLoop, type LoopInput } from '../../../src/core/loop.js';
import { aPlan, aReview, aTask, scriptedPorts } from '../../support/fake-ports.js';

const input: LoopInput = { objective: 'Add a greeting', context: 'Issue #1: please greet.' };
const limits: Limits = { maxIterations: 5, escalateAfter: 3, maxBudgetUsd: null, requirePlanApproval: false };

describe('runLoop: verdicts', () => {
  it('approves on the first iteration', async () => {
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [aReview('approve')] });
    const { state, error } = await runLoop(input, ports, limits);

    expect(error).toBeNull();
    expect(state.phase).toBe('approved');
    expect(state.stop_reason).toBe('Approved in iteration 1.');
    expect(calls.plans).toEqual([{ objective: 'Add a greeting', context: 'Issue #1: please greet.' }]);
    expect(calls.implementations).toHaveLength(1);
    expect(calls.implementations[0]).toMatchObject({ iteration: 1, feedback: null, sessionId: null, budgetUsd: null, plan: aPlan() });
    expect(calls.verifications).toEqual([['npm test']]);
    expect(calls.saves).toEqual(['codex-cto iteration 1: Add a greeting']);
    expect(calls.reviews[0]).toMatchObject({
      iteration: 1,
      diffStat: ' src/a.ts | 2 +-\n 1 file changed',
      baseRef: 'main',
      headRef: 'codex-cto/issue-1',
      verification: [{ command: 'npm test', exitCode: 0 }],
      implementation: { ok: true, sessionId: 'session-1' },
    });
    expect(state.iterations).toEqual([
      {
        number: 1,
        verdict: 'approve',
        tasks_passed: 2,
        tasks_total: 2,
        claude_turns: 4,
        cost_usd: 0.5,
        duration_ms: 1_110,
        commit: 'sha-1',
        verification_passed: true,
        requested_by: null,
      },
    ]);
    expect(state.session_id).toBe('session-1');
  });

  it('revise then approve: the second implementation gets the feedback, the session and the evolved plan', async () => {
    const revise = aReview('revise', { summary: 'T2 is wrong.', revised_tasks: [aTask('T3')] });
    const approve = aReview('approve');
    approve.task_reviews.push({ task_id: 'T3', status: 'pass', feedback: '' });
    const { ports, calls } = scriptedPorts({ implementations: [{}, {}], reviews: [revise, approve] });
    const { state, error } = await runLoop(input, ports, limits);

    expect(error).toBeNull();
    expect(state.phase).toBe('approved');
    expect(calls.implementations).toHaveLength(2);
    const second = calls.implementations[1];
    expect(second?.iteration).toBe(2);
    expect(second?.sessionId).toBe('session-1');
    expect(second?.feedback).toMatchObject({
      iteration: 1,
      verdict: 'revise',
      summary: 'T2 is wrong.',
      failing: [{ task_id: 'T2', status: 'fail', feedback: 'Fix T2.' }],
      revisedTasks: [aTask('T3')],
    });
    expect(second?.plan.tasks.map((task) => task.id)).toEqual(['T1', 'T2', 'T3']);
    expect(state.plan?.tasks.map((task) => task.id)).toEqual(['T1', 'T2', 'T3']);
    expect(state.iterations.map((it) => [it.number, it.verdict, it.tasks_passed, it.tasks_total])).toEqual([
      [1, 'revise', 1, 3],
      [2, 'approve', 3, 3],
    ]);
    expect(state.consecutive_revises).toBe(0);
    expect(state.session_id).toBe('session-2');
  });

  it('escalates after escalateAfter consecutive revises', async () => {
    const { ports, calls } = scriptedPorts({
      implementations: [{}, {}, {}],
      reviews: [aReview('revise'), aReview('revise'), aReview('revise')],
    });
    const { state, error } = await runLoop(input, ports, limits);

    expect(error).toBeNull();
    expect(state.phase).toBe('escalated');
    expect(state.consecutive_revises).toBe(3);
    expect(state.stop_reason).toContain('3 revise verdicts in a row');
    expect(calls.implementations).toHaveLength(3);
  });

  it('aborts with the reviewer reason', async () => {
    const { ports, calls } = scriptedPorts({
      implementations: [{}],
      reviews: [aReview('abort', { reason: 'The issue asks for a breaking change.' })],
    });
    const { state, error } = await runLoop(input, ports, limits);

    expect(error).toBeNull();
    expect(state.phase).toBe('aborted');
    expect(state.stop_reason).toBe('The issue asks for a breaking change.');
    expect(calls.implementations).toHaveLength(1);
  });

  it('caps after maxIterations revises when escalation is further away', async () => {
    const { ports, calls } = scriptedPorts({ implementations: [{}, {}], reviews: [aReview('revise'), aReview('revise')] });
    const { state, error } = await runLoop(input, ports, { ...limits, maxIterations: 2, escalateAfter: 5 });

    expect(error).toBeNull();
    expect(state.phase).toBe('capped');
    expect(state.stop_reason).toBe('Reached the limit of 2 iterations without an approving review.');
    expect(calls.implementations).toHaveLength(2);
    expect(state.iterations).toHaveLength(2);
  });
});

describe('runLoop: hidden characters in the change', () => {
  it('hands what the repository found to the reviewer and to the front with the verdict', async () => {
    const hiddenCharacters = { findings: [{ path: 'src/a.ts', line: 3, kinds: ['bidi-control' as const], codePoints: ['U+202E'] }], more: 0, complete: true };
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [aReview('approve')], hiddenCharacters });
    await runLoop(input, ports, limits);

    expect(calls.reviews[0]?.hiddenCharacters).toEqual(hiddenCharacters);
    const reviewed = calls.events.find((event) => event.type === 'reviewed');
    expect(reviewed?.type === 'reviewed' && reviewed.hiddenCharacters).toEqual(hiddenCharacters);
  });
});

describe('runLoop: a review that contradicts itself', () => {
  it('never ends approved on an approval with a failing task: it counts as revise and the loop goes on', async () => {
    const approveWithFail = aReview('approve', { task_reviews: [{ task_id: 'T1', status: 'pass', feedback: '' }, { task_id: 'T2', status: 'fail', feedback: 'Broken.' }] });
    const { ports, calls } = scriptedPorts({ implementations: [{}, {}], reviews: [approveWithFail, aReview('approve')] });
    const { state, error } = await runLoop(input, ports, limits);

    expect(error).toBeNull();
    expect(state.iterations.map((it) => it.verdict)).toEqual(['revise', 'approve']);
    expect(calls.implementations[1]?.feedback?.failing).toEqual([{ task_id: 'T2', status: 'fail', feedback: 'Broken.' }]);
    const first = calls.events.find((event) => event.type === 'reviewed');
    expect(first?.type === 'reviewed' && first.review.verdict).toBe('revise');
    expect(first?.type === 'reviewed' && first.review.reason).toBe('The reviewer answered approve, but task T2 is fail; codex-cto counts the verdict as revise.');
    expect(state.phase).toBe('approved');
  });

  it('never ends approved on an approval that leaves a task of the plan unreviewed', async () => {
    const approveOne = aReview('approve', { task_reviews: [{ task_id: 'T1', status: 'pass', feedback: '' }] });
    const { ports } = scriptedPorts({ implementations: [{}], reviews: [approveOne] });
    const { state, error } = await runLoop(input, ports, { ...limits, maxIterations: 1 });

    expect(error).toBeNull();
    expect(state.phase).toBe('capped');
    expect(state.last_review?.reason).toContain('task T2 was not reviewed');
  });

  it('fails clearly, keeping the plan as it was, when revised tasks would leave an unsound plan', async () => {
    const revise = aReview('revise', { revised_tasks: [aTask('T3', { dependencies: ['T9'] })] });
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [revise] });
    const { state, error } = await runLoop(input, ports, limits);

    expect(state.phase).toBe('failed');
    expect(String(error)).toContain('task "T3" depends on "T9", which no task of the plan has');
    expect(state.plan?.tasks.map((task) => task.id)).toEqual(['T1', 'T2']);
    expect(calls.implementations).toHaveLength(1);
  });

  it('fails clearly when a revised task targets a file outside the repository', async () => {
    const revise = aReview('revise', { revised_tasks: [aTask('T3', { target: '.git/hooks/pre-commit' })] });
    const { ports } = scriptedPorts({ implementations: [{}], reviews: [revise] });
    const { state, error } = await runLoop(input, ports, limits);

    expect(state.phase).toBe('failed');
    expect(String(error)).toContain('revised_tasks[0].target: task "T3" (modify_file): ".git/hooks/pre-commit" must not be in .git');
  });
});

describe('runLoop: limits and control', () => {
  it('gives the second iteration only what is left of the budget and stops before a third', async () => {
    const { ports, calls } = scriptedPorts({
      implementations: [{ costUsd: 0.6 }, { costUsd: 0.5 }],
      reviews: [aReview('revise'), aReview('revise')],
    });
    const { state, error } = await runLoop(input, ports, { ...limits, maxBudgetUsd: 1 });

    expect(error).toBeNull();
    expect(calls.implementations.map((request) => request.budgetUsd)).toEqual([1, 0.4]);
    expect(state.phase).toBe('budget_exhausted');
    expect(state.stop_reason).toBe('The budget of $1.00 is used up ($1.10 spent).');
    expect(state.total_cost_usd).toBeCloseTo(1.1, 9);
    expect(calls.implementations).toHaveLength(2);
  });

  it('stops between iterations when asked, with the reason given', async () => {
    const { ports, calls } = scriptedPorts({
      implementations: [{}],
      reviews: [aReview('revise')],
      stops: [null, 'Stopped by @maintainer with /cto stop.'],
    });
    const { state, error } = await runLoop(input, ports, limits);

    expect(error).toBeNull();
    expect(state.phase).toBe('stopped');
    expect(state.stop_reason).toBe('Stopped by @maintainer with /cto stop.');
    expect(calls.stopChecks).toBe(2);
    expect(calls.implementations).toHaveLength(1);
    expect(state.iterations).toHaveLength(1);
  });

  it('announces each iteration before asking whether to stop, and asks nothing once the cap is reached', async () => {
    const { ports, calls } = scriptedPorts({ implementations: [{}, {}], reviews: [aReview('revise'), aReview('revise')] });
    const askedAfter: string[] = [];
    const scripted = ports.control.stopRequested;
    ports.control.stopRequested = async () => {
      const last = calls.events.at(-1);
      askedAfter.push(last?.type === 'phase' ? `${last.phase} ${last.iteration}` : String(last?.type));
      return scripted();
    };
    const { state } = await runLoop(input, ports, { ...limits, maxIterations: 2 });

    expect(state.phase).toBe('capped');
    expect(askedAfter).toEqual(['implementing 1', 'implementing 2']);
  });

  it('a stop asked for at the announcement ends the run before any work of that iteration', async () => {
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [aReview('revise')], stops: [null, 'asked to stop'] });
    const { state } = await runLoop(input, ports, limits);

    expect(state.phase).toBe('stopped');
    expect(calls.saves).toHaveLength(1);
    expect(calls.verifications).toHaveLength(1);
    expect(state.iterations.map((i) => i.number)).toEqual([1]);
    expect(calls.events.at(-1)).toMatchObject({ type: 'finished', state: { phase: 'stopped', stop_reason: 'asked to stop' } });
  });

  it('pauses for plan approval, and resuming from that state implements the same plan', async () => {
    const paused = scriptedPorts({});
    const first = await runLoop(input, paused.ports, { ...limits, requirePlanApproval: true });

    expect(first.error).toBeNull();
    expect(first.state.phase).toBe('awaiting_plan_approval');
    expect(first.state.plan).toEqual(aPlan());
    expect(paused.calls.implementations).toHaveLength(0);
    expect(paused.calls.saves).toHaveLength(0);
    expect(paused.calls.events.at(-1)?.type).toBe('finished');

    const resumed = scriptedPorts({ implementations: [{}], reviews: [aReview('approve')] });
    const second = await runLoop(input, resumed.ports, { ...limits, requirePlanApproval: true }, first.state);

    expect(second.state.phase).toBe('approved');
    expect(resumed.calls.plans).toHaveLength(0);
    expect(resumed.calls.implementations[0]).toMatchObject({ iteration: 1, plan: aPlan() });
    expect(second.state.stop_reason).toBe('Approved in iteration 1.');
  });

  it('after an escalation, a resume with the revise streak reset iterates up to the cap', async () => {
    const reviseThrice = scriptedPorts({
      implementations: [{}, {}, {}],
      reviews: [aReview('revise'), aReview('revise'), aReview('revise', { summary: 'Still T2.' })],
    });
    const escalated = await runLoop(input, reviseThrice.ports, limits);
    expect(escalated.state.phase).toBe('escalated');

    const resumed = scriptedPorts({ implementations: [{}, {}], reviews: [aReview('revise'), aReview('revise')] });
    const { state, error } = await runLoop(input, resumed.ports, limits, continueAfterPause(escalated.state));

    expect(error).toBeNull();
    expect(resumed.calls.plans).toHaveLength(0);
    expect(resumed.calls.implementations.map((request) => request.iteration)).toEqual([4, 5]);
    expect(resumed.calls.implementations[0]?.sessionId).toBe('session-3');
    expect(resumed.calls.implementations[0]?.feedback?.summary).toBe('Still T2.');
    expect(state.phase).toBe('capped');
    expect(state.consecutive_revises).toBe(2);
    expect(state.iterations.map((it) => it.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a resume that only resets the streak continues too (the phase is left to the front)', async () => {
    const start = { ...initialState('Add a greeting'), plan: aPlan(), phase: 'escalated' as const, consecutive_revises: 0 };
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [aReview('approve')] });
    const { state } = await runLoop(input, ports, limits, start);
    expect(calls.implementations).toHaveLength(1);
    expect(state.phase).toBe('approved');
  });

  it('refuses limits that make no sense', async () => {
    const { ports } = scriptedPorts({});
    await expect(runLoop(input, ports, { ...limits, maxIterations: 0 })).rejects.toThrow(/maxIterations/);
    await expect(runLoop(input, ports, { ...limits, maxBudgetUsd: -1 })).rejects.toThrow(/maxBudgetUsd/);
  });
});
