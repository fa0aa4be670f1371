// The one Octokit: retries for 5xx, GitHub's recommended handling of primary and secondary rate limits,
// a timeout on every request, and errors translated into messages that say which permission is missing.
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import { CtoError } from '../../core/model/errors.js';
import { redactAroundMarkers } from '../tracking/state-marker.js';
import type { RateGauge } from './rate-gauge.js';

const CtoOctokit = Octokit.plugin(retry, throttling);
export type Api = InstanceType<typeof CtoOctokit>;

export interface ClientOptions {
  token: string;
  baseUrl: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Retries for 5xx and primary rate limits (bounded). */
  maxRetries?: number;
  /**
   * Retries after a secondary rate limit (bounded; GitHub says how long to wait in `retry-after`, a minute at
   * most). More than for anything else: when many jobs of a repository write at once, a write may be refused
   * several times before its turn comes, and giving up would fail a loop whose work is done.
   */
  secondaryRetries?: number;
  /** Milliseconds added to a secondary limit's wait, so jobs refused together do not all come back together. */
  jitterMs?: (retryAfterSeconds: number) => number;
  /**
   * How long one second of a retry's wait lasts, in milliseconds: the back-off after a 5xx (1 s, 4 s, 9 s)
   * and the `retry-after` of a rate limit are counted in these. 1000 (real seconds) unless a test of the
   * retries makes them short.
   */
  secondMs?: number;
  log?: (message: string) => void;
  /** Applied to every text the action sends (comment, PR and review bodies, titles, check run output). */
  redact?: (text: string) => string;
  /** Told of every answer's rate-limit headers and of every rate-limit refusal. */
  gauge?: RateGauge;
}

/**
 * Request options for a write that may be dropped (a progress edit): never retried, not for a 5xx and not
 * after a rate limit, so it never waits out a limit the loop's own writes will need to wait out.
 */
export const DROPPABLE: { retries: number; droppable: true } = { retries: 0, droppable: true };

function isDroppable(options: unknown): boolean {
  return (options as { request?: { droppable?: unknown } } | null)?.request?.droppable === true;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * A limiter group that starts every request at once; it stands in for the throttling plugin's `write` and
 * `notifications` groups, which space every write and GraphQL query 1 s apart (3 s for those that notify).
 * GitHub asks for that spacing from clients that make *many* mutative requests. A run of this action makes
 * a handful per iteration (the bench counts them), and the spacing cannot protect against bursts from
 * parallel jobs anyway, since it is per process; it only added seconds of waiting to every iteration. Rate
 * limits that are hit are still handled as GitHub asks: the plugin waits for Retry-After (or the reset) and
 * retries, which is what protects a repository where many runs start at once.
 */
const UNSPACED = {
  key: () => ({ schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => Promise.resolve(job(...args)) }),
} as unknown as NonNullable<ThrottlingOptions['write']>;

/** Up to half the wait GitHub asked for, at most 30 s. */
const randomJitter = (retryAfterSeconds: number): number => Math.random() * Math.min(30_000, retryAfterSeconds * 500);

export function createApi(options: ClientOptions): Api {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 3;
  const secondaryRetries = options.secondaryRetries ?? 20;
  const jitterMs = options.jitterMs ?? randomJitter;
  const secondMs = options.secondMs ?? 1000;
  const log = options.log ?? (() => {});
  const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const octokit = new CtoOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'codex-cto',
    request: { fetch: timedFetch },
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    // The retry count belongs here, not in `request`: a per-request `retries` makes the retry plugin
    // resend every failure at once, refused ones (403, 422) included, and bypass the back-off.
    retry: { retries: maxRetries, doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 451], retryAfterBaseValue: secondMs },
    throttle: {
      retryAfterBaseValue: secondMs,
      write: UNSPACED,
      notifications: UNSPACED,
      onRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        options.gauge?.observeLimited('primary', Date.now());
        if (isDroppable(request)) return false;
        log(`GitHub rate limit on ${request.method} ${request.url}; retry ${retryCount + 1} in ${retryAfter} s`);
        return retryCount < maxRetries;
      },
      onSecondaryRateLimit: async (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        options.gauge?.observeLimited('secondary', Date.now());
        if (isDroppable(request) || retryCount >= secondaryRetries) return false;
        log(`GitHub secondary rate limit on ${request.method} ${request.url}; retry ${retryCount + 1} in ${retryAfter} s`);
        // The plugin waits `retry-after` once this answers; the jitter is waited here, before it.
        const jitter = Math.max(0, jitterMs(retryAfter));
        if (jitter > 0) await new Promise((resolve) => setTimeout(resolve, jitter));
        return true;
      },
    },
  });
  const gauge = options.gauge;
  if (gauge) {
    // Every answer says how much of the budget is left; a refusal is reported by the handlers above.
    octokit.hook.after('request', (response) => gauge.observeHeaders(response.headers as Record<string, unknown>));
    octokit.hook.error('request', (error) => {
      gauge.observeHeaders((error as { response?: { headers?: Record<string, unknown> } }).response?.headers);
      throw error;
    });
  }
  const redact = options.redact;
  if (redact) {
    // The one redaction step for everything posted: whatever a model or a command printed, a token
    // shape or a configured secret never reaches GitHub.
    octokit.hook.before('request', (request) => {
      redactPosted(request as Record<string, unknown>, redact);
      // A GraphQL mutation carries the same fields among its variables.
      const variables = (request as { variables?: unknown }).variables;
      if (typeof variables === 'object' && variables !== null) redactPosted(variables as Record<string, unknown>, redact);
    });
  }
  return octokit;
}

/** Request parameters that carry text people will read. */
const POSTED_FIELDS = ['body', 'title', 'output', 'comments', 'description'] as const;

function redactPosted(fields: Record<string, unknown>, redact: (text: string) => string): void {
  for (const key of POSTED_FIELDS) {
    if (key in fields) fields[key] = redactDeep(fields[key], redact);
  }
}

export function redactDeep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redactAroundMarkers(value, redact);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)]));
  }
  return value;
}

/** What each kind of call needs in the workflow's `permissions:` block. */
export type Permission = 'issues: write' | 'pull-requests: write' | 'contents: write' | 'checks: write' | 'contents: read';

interface HttpError {
  status: number;
  message: string;
}

function asHttpError(error: unknown): HttpError | null {
  if (typeof error !== 'object' || error === null) return null;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number') return null;
  return { status, message: (error as { message?: string }).message ?? '' };
}

export function httpStatus(error: unknown): number | null {
  return asHttpError(error)?.status ?? null;
}

/**
 * Runs one API call and turns a failure into a CtoError that names what the user must change.
 * `what` is a short description of the call ("update the tracking comment").
 */
export async function call<T>(what: string, permission: Permission, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw explain(what, permission, error);
  }
}

/** The first error a GraphQL answer carried (GitHub answers 200 and lists errors with a `type`). */
function graphqlError(error: unknown): { type: string; message: string } | null {
  const first = (error as { errors?: { type?: unknown; message?: unknown }[] } | null)?.errors?.[0];
  if (!first || typeof first.type !== 'string') return null;
  return { type: first.type, message: typeof first.message === 'string' ? first.message : '' };
}

export function explain(what: string, permission: Permission, error: unknown): CtoError {
  const http = asHttpError(error);
  const graphql = http ? null : graphqlError(error);
  if (graphql?.type === 'FORBIDDEN') {
    return new CtoError(
      'permission',
      `Could not ${what}: GitHub refused it (FORBIDDEN: ${graphql.message.split('\n')[0]}).`,
      `Grant \`${permission}\` in the workflow's \`permissions:\` block (or use a token that has it).`,
      { cause: error },
    );
  }
  if (graphql?.type === 'NOT_FOUND') {
    return new CtoError(
      'github',
      `Could not ${what}: GitHub found no such thing (${graphql.message.split('\n')[0]}).`,
      `It may have been deleted or transferred; if it is there, grant \`${permission}\` in the workflow's \`permissions:\` block.`,
      { cause: error },
    );
  }
  if (!http) return new CtoError('github', `Could not ${what}: ${error instanceof Error ? error.message : String(error)}`, null, { cause: error });
  if (/not permitted to create or approve pull requests/i.test(http.message)) {
    return new CtoError(
      'permission',
      `Could not ${what}: GitHub Actions is not permitted to create or approve pull requests in this repository.`,
      'Enable "Allow GitHub Actions to create and approve pull requests" (Settings > Actions > General > Workflow permissions), or pass a GitHub App token or PAT as `github-token`.',
      { cause: error },
    );
  }
  if (http.status === 403 && /rate limit/i.test(http.message)) {
    return new CtoError('github', `Could not ${what}: GitHub's rate limit was still exceeded after retrying.`, 'Wait a few minutes and run the workflow again.', { cause: error });
  }
  if (http.status === 403 || http.status === 404) {
    return new CtoError(
      'permission',
      `Could not ${what}: GitHub answered ${http.status} (${http.message.split('\n')[0]}).`,
      `Grant \`${permission}\` in the workflow's \`permissions:\` block (or use a token that has it).`,
      { cause: error },
    );
  }
  const hint = http.status >= 500 ? 'GitHub kept failing after the retries; this is usually temporary. Re-run the workflow in a few minutes; work already done is kept on the branch.' : null;
  return new CtoError('github', `Could not ${what}: GitHub answered ${http.status} (${http.message.split('\n')[0]}).`, hint, { cause: error });
}
