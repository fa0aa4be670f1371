// GitHub's rate limits, as its REST and GraphQL documentation describes them ("Rate limits for the
// REST API", "Rate limits and query limits for the GraphQL API"):
// - primary: the workflow's GITHUB_TOKEN has 1,000 requests per hour per repository (REST) and
//   1,000 points per hour per repository (GraphQL); a user's token 5,000 per hour. Every response
//   carries x-ratelimit-limit, -remaining, -used, -reset (UTC epoch seconds) and -resource.
//   Over the limit, REST answers 403 or 429 with x-ratelimit-remaining 0; GraphQL answers 200
//   with an error of type RATE_LIMITED.
// - secondary, for content: "no more than 80 content-generating requests per minute and no more
//   than 500 content-generating requests per hour". A refusal is a 403 or 429 whose message says
//   "secondary rate limit", with retry-after.
// What GitHub does not publish is chosen here and said where it is chosen (limits-and-assumptions.md
// lists both). Pure: the clock is given.

export type RateLimitResource = 'core' | 'graphql';

export interface RateLimitPolicy {
  /** Refuse requests over a limit; when off, requests are counted and reported in headers only. */
  enforce?: boolean;
  /** Divides every window: 60 turns GitHub's hour into a minute and its minute into a second. */
  timeScale?: number;
  /** Milliseconds since the epoch; real time by default. Headers and retry-after are on this clock. */
  clock?: () => number;
  /** GitHub documents 403 or 429 for a refused REST request; which one this emulator sends. */
  status?: 403 | 429;
  /** Requests per (scaled) hour per repository for the workflow token (GitHub: 1,000). */
  workflowTokenPerHour?: number;
  /** Requests per (scaled) hour for a user's token or another app's installation (GitHub: at least 5,000). */
  otherTokensPerHour?: number;
  /** Content-generating requests per (scaled) minute (GitHub: 80). */
  contentPerMinute?: number;
  /** Content-generating requests per (scaled) hour (GitHub: 500). */
  contentPerHour?: number;
}

export type ResolvedPolicy = Required<RateLimitPolicy>;

export const GITHUB_RATE_LIMITS: Omit<ResolvedPolicy, 'clock'> = {
  enforce: false,
  timeScale: 1,
  status: 403,
  workflowTokenPerHour: 1_000,
  otherTokensPerHour: 5_000,
  contentPerMinute: 80,
  contentPerHour: 500,
};

/** One request as the limiter sees it. */
export interface RateLimitedRequest {
  resource: RateLimitResource;
  /** Whose primary budget it spends (see `budgetOf`). */
  budget: string;
  /**
   * Whose content budget it spends: one per identity across REST and GraphQL ("content creation
   * limits include actions taken on the GitHub web interface as well as via the REST API and GraphQL API").
   */
  contentBudget: string;
  /** The workflow token's budget is the smaller one. */
  workflowToken: boolean;
  contentGenerating: boolean;
}

export interface RateStatus {
  limit: number;
  remaining: number;
  used: number;
  /** UTC epoch seconds at which the window ends. */
  reset: number;
  resource: RateLimitResource;
}

export type Admission =
  | { allowed: true; status: RateStatus }
  | { allowed: false; limit: 'primary'; status: RateStatus }
  | { allowed: false; limit: 'secondary'; status: RateStatus; retryAfter: number };

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * Whose primary budget a request spends. GitHub counts the workflow token per repository; for GraphQL
 * the repository is not in the path, so the emulator counts the workflow token's GraphQL points per
 * token. Content budgets are per identity (`budgetOf(grant, null)`): one workflow token serves every
 * repository of the emulator, so its repositories share one.
 */
export function budgetOf(grant: { kind: 'installation' | 'user'; login: string }, repoFullName: string | null): string {
  if (grant.kind === 'installation' && repoFullName) return `repo:${repoFullName.toLowerCase()}`;
  return `${grant.kind}:${grant.login.toLowerCase()}`;
}

export class RateLimiter {
  private current: ResolvedPolicy = { ...GITHUB_RATE_LIMITS, clock: Date.now };
  /** Primary windows: fixed, starting with the first request after the last one ended (budget/resource -> window). */
  private readonly windows = new Map<string, { start: number; used: number }>();
  /** Admitted content-generating requests per budget, oldest first (a sliding window: GitHub does not say). */
  private readonly content = new Map<string, number[]>();

  constructor(policy: RateLimitPolicy = {}) {
    this.configure(policy);
  }

  /** Replaces the policy (unspecified fields: GitHub's numbers, not enforced); counts are kept. */
  configure(policy: RateLimitPolicy): void {
    this.current = { ...GITHUB_RATE_LIMITS, clock: Date.now, ...withoutUndefined(policy) };
    if (!(this.current.timeScale > 0)) throw new Error('timeScale must be positive');
  }

  policy(): ResolvedPolicy {
    return { ...this.current };
  }

  /** Forgets every count (a fresh hour for everyone). */
  reset(): void {
    this.windows.clear();
    this.content.clear();
  }

  /** Decides one request and, when it is let through, counts it. */
  admit(request: RateLimitedRequest): Admission {
    const now = this.current.clock();
    const window = this.window(request, now);
    const limit = this.primaryLimit(request);
    const enforce = this.current.enforce;
    if (enforce && window.used >= limit) return { allowed: false, limit: 'primary', status: this.describe(request, window, limit) };
    if (enforce && request.contentGenerating) {
      const retryAfter = this.contentRetryAfter(request.contentBudget, now);
      if (retryAfter !== null) return { allowed: false, limit: 'secondary', status: this.describe(request, window, limit), retryAfter };
    }
    window.used++;
    if (request.contentGenerating) this.content.set(request.contentBudget, [...this.recentContent(request.contentBudget, now), now]);
    return { allowed: true, status: this.describe(request, window, limit) };
  }

  /** The primary budget as headers would report it now, without counting anything. */
  status(request: Pick<RateLimitedRequest, 'resource' | 'budget' | 'workflowToken'>): RateStatus {
    return this.describe(request, this.window(request, this.current.clock()), this.primaryLimit(request));
  }

  private primaryLimit(request: Pick<RateLimitedRequest, 'workflowToken'>): number {
    return request.workflowToken ? this.current.workflowTokenPerHour : this.current.otherTokensPerHour;
  }

  private window(request: Pick<RateLimitedRequest, 'resource' | 'budget'>, now: number): { start: number; used: number } {
    const key = `${request.budget}\0${request.resource}`;
    const existing = this.windows.get(key);
    if (existing && now < existing.start + HOUR / this.current.timeScale) return existing;
    const fresh = { start: now, used: 0 };
    this.windows.set(key, fresh);
    return fresh;
  }

  private describe(request: Pick<RateLimitedRequest, 'resource'>, window: { start: number; used: number }, limit: number): RateStatus {
    return {
      limit,
      remaining: Math.max(0, limit - window.used),
      used: window.used,
      reset: Math.ceil((window.start + HOUR / this.current.timeScale) / 1000),
      resource: request.resource,
    };
  }

  private recentContent(budget: string, now: number): number[] {
    return (this.content.get(budget) ?? []).filter((at) => at > now - HOUR / this.current.timeScale);
  }

  /** Seconds until one more content-generating request fits both windows, or null when it fits now. */
  private contentRetryAfter(budget: string, now: number): number | null {
    const recent = this.recentContent(budget, now);
    this.content.set(budget, recent);
    const waits: number[] = [];
    for (const [span, allowed] of [[MINUTE, this.current.contentPerMinute], [HOUR, this.current.contentPerHour]] as const) {
      const inWindow = recent.filter((at) => at > now - span / this.current.timeScale);
      if (inWindow.length < allowed) continue;
      // The request fits once enough of the oldest ones have left the window.
      const freeing = allowed > 0 ? inWindow[inWindow.length - allowed] as number : now;
      waits.push(freeing + span / this.current.timeScale - now);
    }
    if (!waits.length) return null;
    return Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  }
}

/** The x-ratelimit-* headers of a response. */
export function rateLimitHeaders(status: RateStatus): Record<string, string> {
  return {
    'x-ratelimit-limit': String(status.limit),
    'x-ratelimit-remaining': String(status.remaining),
    'x-ratelimit-used': String(status.used),
    'x-ratelimit-reset': String(status.reset),
    'x-ratelimit-resource': status.resource,
  };
}

/** A clock a test moves by hand (`advance`), for windows that must not wait on real time. */
export function manualClock(start = Date.now()): { now: () => number; advance: (ms: number) => void } {
  let at = start;
  return { now: () => at, advance: (ms) => { at += ms; } };
}

function withoutUndefined(policy: RateLimitPolicy): RateLimitPolicy {
  return Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined)) as RateLimitPolicy;
}
