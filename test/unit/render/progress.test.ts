import { describe, expect, it } from 'vitest';
import type { ImplementOutcome, LoopEvent, VerificationResult } from '../../../src/core/ports.js';
import { ascii, progressLine } from '../../../src/render/progress.js';
import { approveReview, loopState, reviseReview, samplePlan } from '../../support/render-fixtures.js';
import { NO_HIDDEN_CHARACTERS } from '../../../src/core/model/trojan-source.js';

const state = loopState();
const outcome = (ok: boolean): ImplementOutcome => ({
  ok,
  sessionId: 's',
  turns: 12,
  costUsd: 0.4213,
  durationMs: 95_000,
  resultText: '',
  stopReason: ok ? 'success' : 'error_max_turns',
  permissionDenials: [],
});
const result = (exitCode: number | null, timedOut = false): VerificationResult => ({ command: 'npm test', exitCode, timedOut, durationMs: 1, output: '' });

describe('progressLine', () => {
  it('prints one plain line per step of an iteration', () => {
    const events: LoopEvent[] = [
      { type: 'phase', phase: 'planning', iteration: 0, state },
      { type: 'plan', plan: samplePlan(), state, artifact: 'plan-001.json' },
      { type: 'phase', phase: 'implementing', iteration: 2, state },
      { type: 'implemented', iteration: 2, outcome: outcome(true), state, artifact: 'claude-002.json' },
      { type: 'phase', phase: 'verifying', iteration: 2, state },
      { type: 'verified', iteration: 2, results: [result(0), result(1), result(0, true)], state },
      { type: 'saved', iteration: 2, commit: '0123456789abcdef0123', state },
      { type: 'phase', phase: 'reviewing', iteration: 2, state },
      { type: 'reviewed', iteration: 2, review: reviseReview(), hiddenCharacters: NO_HIDDEN_CHARACTERS, earlierFindings: [], feedback: null, commit: null, state, artifact: 'review-002.json' },
      { type: 'phase', phase: 'revise', iteration: 2, state },
    ];
    expect(events.map((event) => progressLine(event, 5))).toEqual([
      'planning...',
      'plan ready: 3 tasks, 2 verification commands',
      '[iteration 2/5] implementing...',
      '[iteration 2/5] implemented: 12 turns, $0.42, 1m 35s',
      '[iteration 2/5] verifying...',
      '[iteration 2/5] verification: 1/3 commands passed',
      '[iteration 2/5] committed 0123456789ab',
      '[iteration 2/5] reviewing...',
      '[iteration 2/5] verdict: revise (1/3 tasks pass, 1 blocking finding, 1 suggestion)',
      null,
    ]);
  });

  it('puts the questions of a needs_human verdict on its line, flattened', () => {
    const review = { ...approveReview(), verdict: 'needs_human' as const, questions: ['Keep `--format`?', 'Which\nlocale?'] };
    expect(progressLine({ type: 'reviewed', iteration: 1, review, hiddenCharacters: NO_HIDDEN_CHARACTERS, earlierFindings: [], feedback: null, commit: null, state, artifact: 'a' })).toBe(
      '[iteration 1] verdict: needs_human (3/3 tasks pass); asks: Keep `--format`? | Which locale?',
    );
  });

  it('reports a stopped implementation, no commit and no verification', () => {
    expect(progressLine({ type: 'implemented', iteration: 1, outcome: outcome(false), state, artifact: 'a' })).toBe(
      '[iteration 1] implementation stopped (error_max_turns): 12 turns, $0.42, 1m 35s',
    );
    expect(progressLine({ type: 'saved', iteration: 1, commit: null, state }, 3)).toBe('[iteration 1/3] no changes to commit');
    expect(progressLine({ type: 'verified', iteration: 1, results: [], state }, 3)).toBe('[iteration 1/3] no verification commands');
  });

  it('ends with the final state, flattened to ASCII', () => {
    const finished = loopState({ phase: 'failed', total_cost_usd: 1.2, stop_reason: 'Codex failed:\n::error::boom — “quoted”\u001b[31m' });
    expect(progressLine({ type: 'finished', state: finished })).toBe('finished: failed after 0 iterations, $1.20: Codex failed: ::error::boom ? ?quoted??[31m');
    expect(progressLine({ type: 'finished', state: loopState({ phase: 'approved' }) })).toBe('finished: approved after 0 iterations, $0.00');
  });
});

describe('ascii', () => {
  it('cuts long text with three dots', () => {
    expect(ascii('abcdefghij', 6)).toBe('abc...');
    expect(ascii('  a \n b ', 10)).toBe('a b');
  });
});
