// When the loop job writes the tracking comment: every phase change at once (the iteration's announcement
// reading the thread back for the stop check), the facts in between and the moments over as soon as they
// begin with the next write.
import { describe, expect, it } from 'vitest';
import type { LoopEvent } from '../../../../src/core/ports.js';
import type { Phase } from '../../../../src/core/state.js';
import { trackingWriteFor } from '../../../../src/action/tracking/write-rules.js';
import { loopState } from '../../../support/render-fixtures.js';
import { NO_HIDDEN_CHARACTERS } from '../../../../src/core/model/trojan-source.js';

const state = loopState();
const phase = (p: Phase): LoopEvent => ({ type: 'phase', phase: p, iteration: 1, state });

describe('trackingWriteFor', () => {
  it.each([
    ['planning', 'write'],
    ['implementing', 'write-reading-status'],
    ['verifying', 'write'],
    ['reviewing', 'write'],
    ['revise', 'defer'],
  ] as const)('the %s phase: %s', (p, write) => {
    expect(trackingWriteFor(phase(p))).toBe(write);
  });

  it.each([
    ['plan', { type: 'plan', plan: state.plan!, state, artifact: 'a' }, 'write'],
    ['implemented', { type: 'implemented', iteration: 1, outcome: { ok: true, sessionId: null, turns: 1, costUsd: 0, durationMs: 0, resultText: '', stopReason: 'success', permissionDenials: [] }, state, artifact: 'a' }, 'defer'],
    ['verified', { type: 'verified', iteration: 1, results: [], state }, 'defer'],
    ['saved', { type: 'saved', iteration: 1, commit: null, state }, 'defer'],
    ['reviewed', { type: 'reviewed', iteration: 1, review: { verdict: 'approve', summary: '', reason: null, task_reviews: [], revised_tasks: [], comments: [] }, hiddenCharacters: NO_HIDDEN_CHARACTERS, state, artifact: 'a' }, 'defer'],
    ['finished', { type: 'finished', state }, 'write'],
  ] as const)('the %s event: %s', (_name, event, write) => {
    expect(trackingWriteFor(event as LoopEvent)).toBe(write);
  });

  it('writes one comment edit per iteration besides the announcement: verifying and reviewing', () => {
    const iteration: Phase[] = ['implementing', 'verifying', 'reviewing', 'revise'];
    expect(iteration.map((p) => trackingWriteFor(phase(p))).filter((write) => write !== 'defer')).toEqual(['write-reading-status', 'write', 'write']);
  });
});
