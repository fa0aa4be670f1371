// The rate gauge: what GitHub's answers said about the budget, and the rule that makes progress give way first.
import { describe, expect, it } from 'vitest';
import { createRateGauge, progressAllowance, readingOf, type RateSnapshot } from '../../../../src/action/github/rate-gauge.js';

const NOW = 1_800_000_000_000;
const RESET = NOW / 1000 + 1_800;
const headers = (remaining: number, limit = 1_000, resource = 'core') => ({
  'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(RESET), 'x-ratelimit-resource': resource,
});
const allowanceAfter = (...answers: Record<string, unknown>[]): ReturnType<typeof progressAllowance> => {
  const gauge = createRateGauge();
  for (const answer of answers) gauge.observeHeaders(answer);
  return progressAllowance(gauge.snapshot(), NOW);
};

describe('readingOf', () => {
  it('reads the x-ratelimit-* headers, and nothing from answers without them or with nonsense', () => {
    expect(readingOf(headers(420))).toEqual({ limit: 1_000, remaining: 420, reset: RESET, resource: 'core' });
    expect(readingOf({})).toBeNull();
    expect(readingOf(undefined)).toBeNull();
    expect(readingOf({ 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '3' })).toBeNull();
    expect(readingOf({ 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': '0' })).toBeNull();
    expect(readingOf({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '-1' })).toBeNull();
  });
});

describe('progressAllowance', () => {
  it('goes on while more than half the budget is left, slows below half, stops below a quarter', () => {
    expect(allowanceAfter()).toBe('go');
    expect(allowanceAfter(headers(500))).toBe('go');
    expect(allowanceAfter(headers(499))).toBe('slow');
    expect(allowanceAfter(headers(250))).toBe('slow');
    expect(allowanceAfter(headers(249))).toBe('stop');
  });

  it('goes by the latest answer of each resource, and the lowest of them', () => {
    expect(allowanceAfter(headers(100), headers(900))).toBe('go');
    expect(allowanceAfter(headers(900), headers(100, 1_000, 'graphql'))).toBe('stop');
  });

  it('forgets a reading whose window has ended', () => {
    const ended: RateSnapshot = { readings: { core: { limit: 1_000, remaining: 3, reset: NOW / 1000 - 1, resource: 'core' } }, limited: null };
    expect(progressAllowance(ended, NOW)).toBe('go');
  });

  it('stops for good once GitHub refused any request for a rate limit, primary or secondary', () => {
    for (const kind of ['primary', 'secondary'] as const) {
      const gauge = createRateGauge();
      gauge.observeHeaders(headers(990));
      gauge.observeLimited(kind, NOW - 3_600_000);
      expect(progressAllowance(gauge.snapshot(), NOW)).toBe('stop');
    }
  });
});
