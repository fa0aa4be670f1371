// Which iteration the headline names. The engine records the iteration in progress as soon as its
// implementation returns, so from verifying on the last record is the one in progress.
import { describe, expect, it } from 'vitest';
import { statusHeadline, statusSentence } from '../../../src/render/status.js';
import { iteration, reviseReview, samplePlan, trackingState, trackingView } from '../../support/render-fixtures.js';

type Phase = 'implementing' | 'verifying' | 'reviewing' | 'revise';

const view = (phase: Phase, numbers: number[]) =>
  trackingView(trackingState({
    phase,
    plan: samplePlan(),
    iterations: numbers.map((n, i) => iteration(n, i === numbers.length - 1 && phase !== 'implementing' && phase !== 'revise' ? { verdict: null } : {})),
    last_review: numbers.length > 0 ? reviseReview() : null,
  }));
const headline = (phase: Phase, numbers: number[]): string => statusHeadline(view(phase, numbers));

describe('statusHeadline names the iteration in progress', () => {
  it('while Claude works, before the iteration has a record', () => {
    expect(headline('implementing', [])).toBe('Implementing iteration 1 of 5');
    expect(headline('implementing', [1])).toBe('Implementing iteration 2 of 5');
  });

  it('while verifying and reviewing, when the last record is the iteration in progress', () => {
    expect(headline('verifying', [1])).toBe('Verifying iteration 1 of 5');
    expect(headline('reviewing', [1])).toBe('Reviewing iteration 1 of 5');
    expect(headline('reviewing', [1, 2])).toBe('Reviewing iteration 2 of 5');
  });

  it('between iterations, the last one recorded', () => {
    expect(statusSentence(view('revise', [1, 2]))).toContain('changes in iteration 2 of 5');
  });
});
