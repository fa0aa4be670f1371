// Where the pipeline meets the rate limiter: which budget a request spends, whether it generates
// content, and GitHub's answer when it is refused. The messages are the ones GitHub sends (the
// primary one names the installation or user; the secondary one says "secondary rate limit", which
// is what Octokit's throttling plugin looks for).
import { Kind, parse } from 'graphql';
import type { ApiResponse } from './http.js';
import type { Account, TokenGrant } from './model.js';
import { ACTIONS_BOT } from './rules.js';
import { budgetOf, rateLimitHeaders, type RateLimitedRequest, type RateLimiter } from './rate-limits.js';

export const PRIMARY_RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits';
export const SECONDARY_RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export interface GateRequest {
  kind: 'rest' | 'graphql';
  method: string;
  body: unknown;
  identity: Account;
  grant: TokenGrant;
  /** `owner/name` when the REST path names a repository. */
  repoFullName: string | null;
  /** Stands for the installation in the primary refusal's message. */
  installationId: number;
  /** The x-github-request-id this response will carry (a secondary refusal quotes it). */
  requestId: string;
}

export interface GateOutcome {
  /** The x-ratelimit-* headers every response carries. */
  headers: Record<string, string>;
  refusal: ApiResponse | null;
  limited: 'primary' | 'secondary' | null;
}

export function gate(limiter: RateLimiter, request: GateRequest): GateOutcome {
  const limited: RateLimitedRequest = {
    resource: request.kind === 'graphql' ? 'graphql' : 'core',
    budget: budgetOf(request.grant, request.kind === 'rest' ? request.repoFullName : null),
    contentBudget: budgetOf(request.grant, null),
    workflowToken: request.grant.kind === 'installation' && request.identity.login === ACTIONS_BOT,
    contentGenerating: request.kind === 'graphql' ? isMutation(request.body) : request.method !== 'GET' && request.method !== 'HEAD',
  };
  const admission = limiter.admit(limited);
  const headers = rateLimitHeaders(admission.status);
  if (admission.allowed) return { headers, refusal: null, limited: null };
  const refusalStatus = limiter.policy().status;
  if (admission.limit === 'secondary') {
    return {
      headers,
      limited: 'secondary',
      refusal: {
        status: refusalStatus,
        headers: { ...headers, 'retry-after': String(admission.retryAfter) },
        body: {
          message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${request.requestId}.`,
          documentation_url: SECONDARY_RATE_LIMIT_DOCS,
        },
      },
    };
  }
  const message = request.grant.kind === 'installation'
    ? `API rate limit exceeded for installation ID ${request.installationId}.`
    : `API rate limit exceeded for user ID ${request.identity.id}.`;
  // GraphQL reports its primary limit inside a 200 answer, as an error of type RATE_LIMITED.
  const refusal: ApiResponse = request.kind === 'graphql'
    ? { status: 200, headers, body: { errors: [{ type: 'RATE_LIMITED', message }] } }
    : { status: refusalStatus, headers, body: { message, documentation_url: PRIMARY_RATE_LIMIT_DOCS } };
  return { headers, refusal, limited: 'primary' };
}

/**
 * GitHub does not list its content-generating requests; the emulator counts every REST request that
 * is not a read and every GraphQL mutation (the classes GitHub's secondary-limit point table
 * charges 5 points instead of 1).
 */
export function isMutation(body: unknown): boolean {
  const query = (body as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string') return false;
  try {
    return parse(query).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'mutation');
  } catch {
    return false;
  }
}
