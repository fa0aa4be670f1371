// What GitHub said about the workflow token's rate limits, read from every answer the client gets: the
// `x-ratelimit-*` headers, and every refusal for a primary or secondary limit. Progress edits ask it
// whether they may go on (`progressAllowance`): they are the first thing to give way, so that the loop's
// own writes (comments, the pull request, reviews, check runs) are never the ones GitHub refuses.

export interface RateReading {
  limit: number;
  remaining: number;
  /** UTC epoch seconds at which the window ends. */
  reset: number;
  resource: string;
}

export type RateLimitKind = 'primary' | 'secondary';

export interface RateGauge {
  /** Takes the headers of any answer (success or failure). */
  observeHeaders(headers: Record<string, unknown> | undefined): void;
  /** Takes a refusal for a rate limit (the client's throttling handlers report each one, retried or not). */
  observeLimited(kind: RateLimitKind, atMs: number): void;
  snapshot(): RateSnapshot;
}

export interface RateSnapshot {
  /** The latest reading per resource (`core`, `graphql`). */
  readings: Readonly<Record<string, RateReading>>;
  /** When GitHub last refused a request for a rate limit, and which; null when it never did. */
  limited: { kind: RateLimitKind; atMs: number } | null;
}

export function createRateGauge(): RateGauge {
  const readings: Record<string, RateReading> = {};
  let limited: RateSnapshot['limited'] = null;
  return {
    observeHeaders(headers) {
      const reading = readingOf(headers);
      if (reading !== null) readings[reading.resource] = reading;
    },
    observeLimited(kind, atMs) {
      limited = { kind, atMs };
    },
    snapshot: () => ({ readings: { ...readings }, limited }),
  };
}

/** The reading in a set of response headers, or null when they carry none (or nonsense). */
export function readingOf(headers: Record<string, unknown> | undefined): RateReading | null {
  if (!headers) return null;
  const number = (name: string): number | null => {
    const value = headers[name];
    const parsed = typeof value === 'string' || typeof value === 'number' ? Number(value) : Number.NaN;
    return Number.isFinite(parsed) && parsed >= 0 ? parsed : null;
  };
  const limit = number('x-ratelimit-limit');
  const remaining = number('x-ratelimit-remaining');
  const reset = number('x-ratelimit-reset');
  if (limit === null || remaining === null || limit === 0) return null;
  const resource = typeof headers['x-ratelimit-resource'] === 'string' ? headers['x-ratelimit-resource'] : 'core';
  return { limit, remaining, reset: reset ?? 0, resource };
}

/**
 * - `go`: edit at the configured interval;
 * - `slow`: the repository's budget is half spent: edit at a quarter of the pace;
 * - `stop`: a quarter of the budget is left (no progress edit until a later answer says otherwise), or
 *   GitHub refused a request for a rate limit (none for the rest of the run): whatever remains goes to the loop's own writes (every job
 *   of the repository shares the budget, so the reserve is kept for the others as well).
 */
export type ProgressAllowance = 'go' | 'slow' | 'stop';

export const SLOW_BELOW = 0.5;
export const STOP_BELOW = 0.25;
/** The factor `slow` stretches the interval by. */
export const SLOW_FACTOR = 4;

export function progressAllowance(snapshot: RateSnapshot, nowMs: number): ProgressAllowance {
  if (snapshot.limited !== null) return 'stop';
  let allowance: ProgressAllowance = 'go';
  for (const reading of Object.values(snapshot.readings)) {
    // A window that has ended says nothing about the next one.
    if (reading.reset > 0 && reading.reset * 1000 <= nowMs) continue;
    const left = reading.remaining / reading.limit;
    if (left < STOP_BELOW) return 'stop';
    if (left < SLOW_BELOW) allowance = 'slow';
  }
  return allowance;
}
