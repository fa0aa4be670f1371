// What each agent sees from one iteration to the next, and how the loop follows the verdict's rules:
// the whole review reaches the implementer, the reviewer remembers its findings and the head it judged,
// revised verification runs from the next iteration on, and questions only a person can answer pause the loop.
import { describe, expect, it } from 'vitest';
import type { Limits, VerificationResult } from '../../../src/core/ports.js';
import { initialState, runLoop, type LoopInput } from '../../../src/core/loop.js';
import { aPlan, aReview, passed, scriptedPorts } from '../../support/fake-ports.js';
import { finding } from '../../support/codex-fixtures.js';

const input: LoopInput = { objective: 'Add a greeting', context: 'Issue #1: please greet, and handle an empty name.' };
const limits: Limits = { maxIterations: 5, escalateAfter: 3, maxBudgetUsd: null, requirePlanApproval: false };
const PASS_ALL = [
  { task_id: 'T1', status: 'pass' as const, feedback: '' },
  { task_id: 'T2', status: 'pass' as const, feedback: '' },
];

function failing(command: string, output: string): VerificationResult {
  return { ...passed(command), exitCode: 1, output };
}

describe('runLoop: what the implementer and the reviewer see', () => {
  it('gives the reviewer the issue text and, from the second review on, its open findings and the commit it judged', async () => {
    const revise = aReview('revise', { task_reviews: PASS_ALL, findings: [finding({ priority: 'P1', title: 'Empty name', task_id: 'T1' })] });
    const approve = aReview('approve', { previous_findings: [{ id: 'F1.1', status: 'resolved', note: '' }] });
    const { ports, calls } = scriptedPorts({ implementations: [{}, {}], reviews: [revise, approve] });
    const { state } = await runLoop(input, ports, limits);

    expect(state.phase).toBe('approved');
    expect(calls.reviews[0]).toMatchObject({ context: input.context, previousReview: null, humanFeedback: null });
    expect(calls.reviews[1]?.previousReview).toMatchObject({
      iteration: 1,
      verdict: 'revise',
      commit: 'sha-1',
      findings: [{ id: 'F1.1', raised_in: 1, priority: 'P1', title: 'Empty name', path: 'src/greet.ts', start_line: 3, task_id: 'T1' }],
    });
    // Resolved: nothing stays open once approved.
    expect(state.open_findings).toEqual([]);
    expect(state.reviewed_commit).toBe('sha-2');
  });

  it('hands a revise that rests only on a P1 line comment to the implementer, with the diff stat so far', async () => {
    const revise = aReview('revise', { task_reviews: PASS_ALL, findings: [finding({ priority: 'P1', body: 'greet("") returns "Hello, !"', start_line: 3, end_line: 5 })] });
    const { ports, calls } = scriptedPorts({ implementations: [{}, {}], reviews: [revise, aReview('approve')] });
    await runLoop(input, ports, limits);

    const second = calls.implementations[1];
    expect(second?.diffStat).toBe(' src/a.ts | 2 +-\n 1 file changed');
    expect(second?.feedback?.failing).toEqual([]);
    expect(second?.feedback?.findings).toEqual([{ id: 'F1.1', raised_in: 1, ...finding({ priority: 'P1', body: 'greet("") returns "Hello, !"', start_line: 3, end_line: 5 }) }]);
  });

  it('hands the failed verification, head and tail of its output, to the implementer and to the reviewer', async () => {
    const output = `${'.'.repeat(20_000)}\nnot ok 3 - empty name\n# fail 1`;
    const { ports, calls } = scriptedPorts({
      implementations: [{}, {}],
      reviews: [aReview('revise', { task_reviews: PASS_ALL }), aReview('approve')],
      verification: (commands) => (calls.verifications.length === 1 ? commands.map((command) => failing(command, output)) : commands.map(passed)),
    });
    await runLoop(input, ports, limits);

    expect(calls.reviews[0]?.verification[0]?.output).toBe(output);
    const failed = calls.implementations[1]?.feedback?.failedVerification;
    expect(failed).toHaveLength(1);
    expect(failed?.[0]).toMatchObject({ command: 'npm test', exit_code: 1, timed_out: false });
    expect(failed?.[0]?.output.endsWith('not ok 3 - empty name\n# fail 1')).toBe(true);
  });

  it('passes a person\'s feedback saved with the loop to both agents in the next iteration only, and names who asked', async () => {
    const feedback = { from: 'mona', items: [{ id: 'H1', text: 'Use "Hello, stranger!" for an empty name.', path: null, line: null, thread: null }] };
    const judged = { requirement: 'Hello, stranger', feedback_id: 'H1', status: 'not_met' as const, note: 'Still empty.' };
    const { ports, calls } = scriptedPorts({ implementations: [{}, {}], reviews: [aReview('revise', { requirements: [judged] }), aReview('approve')] });
    const { state } = await runLoop(input, ports, limits, { ...initialState(input.objective), human_feedback: feedback });

    expect(calls.implementations.map((call) => call.humanFeedback)).toEqual([feedback, null]);
    expect(calls.reviews.map((call) => call.humanFeedback)).toEqual([feedback, null]);
    expect(state.iterations.map((record) => record.requested_by)).toEqual(['mona', null]);
    expect(state.human_feedback).toBeNull();
  });
});

describe('runLoop: verdicts that follow from the findings', () => {
  it('runs the revised verification from the next iteration on, and a green run then approves', async () => {
    const revise = aReview('revise', { task_reviews: PASS_ALL, revised_verification: ['npm ci', 'npm test -- greet'] });
    const { ports, calls } = scriptedPorts({
      implementations: [{}, {}],
      reviews: [revise, aReview('approve')],
      verification: (commands) => commands.map((command) => (command === 'npm test' ? failing(command, 'Missing script: "test"') : passed(command))),
    });
    const { state } = await runLoop(input, ports, limits);

    expect(calls.verifications).toEqual([['npm test'], ['npm ci', 'npm test -- greet']]);
    expect(calls.implementations[1]?.plan.verification).toEqual(['npm ci', 'npm test -- greet']);
    expect(calls.implementations[1]?.feedback?.revisedVerification).toEqual(['npm ci', 'npm test -- greet']);
    expect(state.phase).toBe('approved');
    expect(state.iterations.map((it) => it.verification_passed)).toEqual([false, true]);
  });

  it('never ends approved beside a red verification or a P1 finding, whoever answered: it counts as revise', async () => {
    const { ports } = scriptedPorts({
      implementations: [{}],
      reviews: [aReview('approve')],
      verification: (commands) => commands.map((command) => failing(command, 'boom')),
    });
    const red = await runLoop(input, ports, { ...limits, maxIterations: 1 });
    expect(red.state.phase).toBe('capped');
    expect(red.state.last_review).toMatchObject({ verdict: 'revise', reason: expect.stringContaining('a verification command failed') });

    const { ports: again } = scriptedPorts({ implementations: [{}], reviews: [aReview('approve', { findings: [finding({ priority: 'P1', title: 'Crashes' })] })] });
    const blocked = await runLoop(input, again, { ...limits, maxIterations: 1 });
    expect(blocked.state.last_review).toMatchObject({ verdict: 'revise', reason: expect.stringContaining('finding "Crashes" is P1') });
  });

  it('approves with P2/P3 findings left as suggestions, which stay open for the next review to mark', async () => {
    const { ports } = scriptedPorts({ implementations: [{}], reviews: [aReview('approve', { findings: [finding({ priority: 'P3' })] })] });
    const { state } = await runLoop(input, ports, limits);
    expect(state.phase).toBe('approved');
    expect(state.open_findings.map((f) => [f.id, f.priority])).toEqual([['F1.1', 'P3']]);
  });

  it('ends escalated on needs_human, the questions kept in the state for the tracking comment', async () => {
    const question = 'Should an empty name raise or greet "stranger"?';
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [aReview('needs_human', { questions: [question] })] });
    const { state, error } = await runLoop(input, ports, limits);

    expect(error).toBeNull();
    expect(state.phase).toBe('escalated');
    expect(state.stop_reason).toBe('The reviewer needs a person to answer a question before the work goes on.');
    expect(state.last_review?.questions).toEqual([question]);
    expect(state.iterations.map((it) => it.verdict)).toEqual(['needs_human']);
    expect(calls.implementations).toHaveLength(1);
  });

  it('pauses for plan approval before any work when the plan has a blocking question, whatever the settings', async () => {
    const plan = aPlan({ open_questions: [{ question: 'Which locale?', blocking: true }] });
    const { ports, calls } = scriptedPorts({ plan });
    const { state } = await runLoop(input, ports, limits);
    expect(state.phase).toBe('awaiting_plan_approval');
    expect(state.stop_reason).toContain('a question a person must answer');
    expect(calls.implementations).toHaveLength(0);

    const { ports: open } = scriptedPorts({ plan: aPlan({ open_questions: [{ question: 'Colour?', blocking: false }] }), implementations: [{}], reviews: [aReview('approve')] });
    expect((await runLoop(input, open, limits)).state.phase).toBe('approved');
  });

  it('fails clearly on revised verification that names no command', async () => {
    const { ports } = scriptedPorts({ implementations: [{}], reviews: [aReview('revise', { revised_verification: [] })] });
    const { state, error } = await runLoop(input, ports, limits);
    expect(state.phase).toBe('failed');
    expect(String((error as Error).message)).toContain("The review's revised verification is unsound: it names no command");
    expect(state.plan?.verification).toEqual(['npm test']);
  });
});
