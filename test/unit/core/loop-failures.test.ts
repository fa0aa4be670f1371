import { describe, expect, it } from 'vitest';
import type { Limits } from '../../../src/core/ports.js';
import { runLoop, type LoopInput } from '../../../src/core/loop.js';
import { CtoError, InvalidAnswerError } from '../../../src/core/model/errors.js';
import { aReview, scriptedPorts } from '../../support/fake-ports.js';

const input: LoopInput = { objective: 'Add a greeting', context: '' };
const limits: Limits = { maxIterations: 5, escalateAfter: 3, maxBudgetUsd: null, requirePlanApproval: false };

describe('runLoop: a failed implementation', () => {
  it('keeps the work, is not reviewed, and fails saying what happened', async () => {
    const { ports, calls } = scriptedPorts({
      implementations: [{ ok: false, stopReason: 'error_max_turns', resultText: 'Reached maximum number of turns (30)' }],
      commits: ['0123456789abcdef0123'],
    });
    const { state, error } = await runLoop(input, ports, limits);

    expect(state.phase).toBe('failed');
    expect(state.stop_reason).toBe(
      'Claude Code stopped in iteration 1 without finishing (error_max_turns): Reached maximum number of turns (30). ' +
        'The work so far is committed as 0123456789ab.',
    );
    expect(error).toBeInstanceOf(CtoError);
    expect((error as CtoError).kind).toBe('agent-failed');
    expect((error as CtoError).message).toBe(state.stop_reason);
    expect(calls.saves).toEqual([
      'codex-cto iteration 1: Add a greeting\n\nThe implementation stopped early; this commit keeps its work.',
    ]);
    expect(calls.verifications).toHaveLength(0);
    expect(calls.reviews).toHaveLength(0);
    expect(state.iterations).toEqual([
      expect.objectContaining({ number: 1, verdict: null, commit: '0123456789abcdef0123', verification_passed: null }),
    ]);
    expect(calls.artifacts.map((artifact) => artifact.name)).toEqual(['plan-001.json', 'claude-001.json']);
  });

  it('ends budget_exhausted, not failed, when Claude ran out of budget', async () => {
    const { ports, calls } = scriptedPorts({
      implementations: [{ costUsd: 0.7 }, { ok: false, stopReason: 'error_max_budget_usd', costUsd: 0.35 }],
      reviews: [aReview('revise')],
    });
    const { state, error } = await runLoop(input, ports, { ...limits, maxBudgetUsd: 1 });

    expect(error).toBeNull();
    expect(state.phase).toBe('budget_exhausted');
    expect(state.stop_reason).toBe('The budget of $1.00 ran out during iteration 2 ($1.05 spent). The work so far is committed as sha-2.');
    expect(calls.saves).toHaveLength(2);
    expect(calls.reviews).toHaveLength(1);
    expect(state.iterations[1]).toMatchObject({ number: 2, verdict: null, commit: 'sha-2' });
  });
});

describe('runLoop: an exception from a port', () => {
  it('reviewer throws: the loop fails with that error and still tries to save the work', async () => {
    const thrown = new CtoError('sandbox', 'bwrap: No permissions to create a new namespace');
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [thrown] });
    const result = await runLoop(input, ports, limits);

    expect(result.error).toBe(thrown);
    expect(result.state.phase).toBe('failed');
    expect(result.state.stop_reason).toBe('bwrap: No permissions to create a new namespace');
    expect(calls.saves).toHaveLength(2);
    expect(calls.saves[1]).toContain('The loop stopped on an error');
    expect(result.state.iterations).toEqual([expect.objectContaining({ number: 1, verdict: null, commit: 'sha-2' })]);
    expect(calls.events.at(-1)).toEqual({ type: 'finished', state: result.state });
  });

  it('a failing rescue save does not hide the first error', async () => {
    const thrown = new Error('reviewer crashed');
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [thrown], commits: ['sha-a', new Error('push rejected')] });
    const result = await runLoop(input, ports, limits);

    expect(result.error).toBe(thrown);
    expect(result.state.stop_reason).toBe('reviewer crashed');
    expect(calls.saves).toHaveLength(2);
    expect(result.state.iterations[0]?.commit).toBe('sha-a');
  });

  it('implementer throws: the work is saved and the iteration recorded with its commit', async () => {
    const { ports, calls } = scriptedPorts({ implementations: [new Error('claude could not start')] });
    const result = await runLoop(input, ports, limits);

    expect(result.state.phase).toBe('failed');
    expect(result.state.stop_reason).toBe('claude could not start');
    expect(calls.saves).toHaveLength(1);
    expect(result.state.iterations).toEqual([expect.objectContaining({ number: 1, commit: 'sha-1', claude_turns: 0 })]);
  });

  it('planner throws: the loop fails without touching the repository', async () => {
    const thrown = new CtoError('agent-output', 'the plan did not match the schema after one repair');
    const { ports, calls } = scriptedPorts({ plan: thrown });
    const result = await runLoop(input, ports, limits);

    expect(result.error).toBe(thrown);
    expect(result.state).toMatchObject({ phase: 'failed', plan: null, stop_reason: thrown.message });
    expect(calls.saves).toHaveLength(0);
    expect(calls.events.map((event) => event.type)).toEqual(['phase', 'finished']);
  });

  it('an answer that stayed invalid is kept beside the plans and reviews, its text whole', async () => {
    const thrown = new InvalidAnswerError('review', 'not json {', 'the review is still invalid after one repair turn');
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [thrown] });
    const result = await runLoop(input, ports, limits);

    expect(result.error).toBe(thrown);
    const kept = calls.artifacts.find((artifact) => artifact.name === 'review-invalid-001.json');
    expect(kept?.value).toEqual({ phase: 'review', error: thrown.message, reply: 'not json {' });
  });

  it('a stop check that throws fails the loop', async () => {
    const { ports } = scriptedPorts({});
    ports.control.stopRequested = async () => {
      throw new Error('could not read the PR');
    };
    const result = await runLoop(input, ports, limits);
    expect(result.state).toMatchObject({ phase: 'failed', stop_reason: 'could not read the PR' });
  });
});

describe('runLoop: the observer is part of the loop', () => {
  it('an observer failure mid-iteration fails the loop, saves the work and reports finished again', async () => {
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [aReview('approve')], observerFailsOn: 'reviewed' });
    const result = await runLoop(input, ports, limits);

    expect(result.state.phase).toBe('failed');
    expect(result.state.stop_reason).toBe('tracking comment could not be updated (reviewed)');
    expect(result.error).toBeInstanceOf(Error);
    expect(calls.saves).toHaveLength(2);
    expect(calls.events.at(-1)).toEqual({ type: 'finished', state: result.state });
  });

  it('an observer failure on the plan stops before any implementation', async () => {
    const { ports, calls } = scriptedPorts({ observerFailsOn: 'plan' });
    const result = await runLoop(input, ports, limits);

    expect(result.state.phase).toBe('failed');
    expect(calls.implementations).toHaveLength(0);
    expect(calls.saves).toHaveLength(0);
  });

  it('even a failed final report is an error the front must see', async () => {
    const { ports, calls } = scriptedPorts({ implementations: [{}], reviews: [aReview('approve')], observerFailsOn: 'finished' });
    const result = await runLoop(input, ports, limits);

    expect(result.state.phase).toBe('failed');
    expect(result.error).toBeInstanceOf(Error);
    expect(calls.saves).toHaveLength(1);
    expect(calls.events.filter((event) => event.type === 'finished')).toHaveLength(2);
  });

  it('an observer that never answers successfully still lets runLoop return', async () => {
    const { ports } = scriptedPorts({});
    ports.observer.emit = async () => {
      throw new Error('GitHub is down');
    };
    const result = await runLoop(input, ports, limits);
    expect(result.state).toMatchObject({ phase: 'failed', stop_reason: 'GitHub is down' });
  });
});
