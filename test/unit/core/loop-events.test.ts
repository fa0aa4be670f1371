import { describe, expect, it } from 'vitest';
import type { Limits, LoopEvent } from '../../../src/core/ports.js';
import { runLoop, type LoopInput } from '../../../src/core/loop.js';
import { aPlan, aReview, anImplementation, scriptedPorts, usage } from '../../support/fake-ports.js';

const input: LoopInput = { objective: 'Add a greeting', context: '' };
const limits: Limits = { maxIterations: 5, escalateAfter: 3, maxBudgetUsd: null, requirePlanApproval: false };

function describeEvent(event: LoopEvent): string {
  switch (event.type) {
    case 'phase':
      return `phase ${event.phase} ${event.iteration}`;
    case 'plan':
      return `plan ${event.artifact}`;
    case 'implemented':
    case 'reviewed':
      return `${event.type} ${event.iteration} ${event.artifact}`;
    case 'verified':
      return `verified ${event.iteration}`;
    case 'saved':
      return `saved ${event.iteration} ${event.commit}`;
    case 'finished':
      return `finished ${event.state.phase}`;
  }
}

async function reviseThenApprove() {
  const script = scriptedPorts({
    planUsage: usage(1_000, 200),
    implementations: [{ costUsd: 0.25 }, { costUsd: 0.5 }],
    reviews: [aReview('revise'), aReview('approve')],
    reviewUsage: usage(300, 40),
  });
  const result = await runLoop(input, script.ports, limits);
  return { ...script, result };
}

describe('runLoop: what it reports', () => {
  it('emits every step of a revise -> approve run in order', async () => {
    const { calls, result } = await reviseThenApprove();
    expect(calls.events.map(describeEvent)).toEqual([
      'phase planning 0',
      'plan artifacts/plan-001.json',
      'phase implementing 1',
      'implemented 1 artifacts/claude-001.json',
      'phase verifying 1',
      'verified 1',
      'saved 1 sha-1',
      'phase reviewing 1',
      'reviewed 1 artifacts/review-001.json',
      'phase revise 1',
      'phase implementing 2',
      'implemented 2 artifacts/claude-002.json',
      'phase verifying 2',
      'verified 2',
      'saved 2 sha-2',
      'phase reviewing 2',
      'reviewed 2 artifacts/review-002.json',
      'finished approved',
    ]);
    expect(calls.events.at(-1)?.state).toEqual(result.state);
  });

  it('every event carries the state as it was at that step', async () => {
    const { calls } = await reviseThenApprove();
    const saved = calls.events.find((event) => event.type === 'saved');
    expect(saved?.state.phase).toBe('verifying');
    expect(saved?.state.iterations[0]).toMatchObject({ number: 1, commit: 'sha-1', verdict: null, verification_passed: true });
    const reviewed = calls.events.find((event) => event.type === 'reviewed');
    expect(reviewed?.state.iterations[0]?.verdict).toBe('revise');
    expect(reviewed?.state.last_review?.verdict).toBe('revise');
  });

  it('writes the plan, Claude results, verification outputs and reviews as numbered artifacts', async () => {
    const { calls } = await reviseThenApprove();
    expect(calls.artifacts.map((artifact) => artifact.name)).toEqual([
      'plan-001.json',
      'claude-001.json',
      'verification-001.json',
      'review-001.json',
      'claude-002.json',
      'verification-002.json',
      'review-002.json',
    ]);
    expect(calls.artifacts[0]?.value).toEqual(aPlan());
    expect(calls.artifacts[1]?.value).toEqual(anImplementation({ costUsd: 0.25, sessionId: 'session-1' }));
    expect(calls.artifacts[2]?.value).toEqual(aPlan().verification.map((command) => expect.objectContaining({ command, exitCode: 0 })));
    expect(calls.artifacts[6]?.value).toEqual(aReview('approve'));
  });

  it('sums Codex tokens over plan and reviews, and Claude cost over iterations', async () => {
    const { result } = await reviseThenApprove();
    expect(result.state.codex_tokens).toBe(1_200 + 2 * 340);
    expect(result.state.total_cost_usd).toBe(0.75);
    expect(result.state.iterations.map((it) => it.cost_usd)).toEqual([0.25, 0.5]);
  });

  it('records failing verification as facts for the reviewer and the record', async () => {
    const { ports, calls } = scriptedPorts({
      implementations: [{}],
      reviews: [aReview('abort')],
      verification: (commands) => commands.map((command) => ({ command, exitCode: 2, timedOut: false, durationMs: 5, output: 'FAIL' })),
    });
    const { state } = await runLoop(input, ports, limits);
    expect(calls.reviews[0]?.verification).toEqual([{ command: 'npm test', exitCode: 2, timedOut: false, durationMs: 5, output: 'FAIL' }]);
    expect(state.iterations[0]?.verification_passed).toBe(false);
  });
});
