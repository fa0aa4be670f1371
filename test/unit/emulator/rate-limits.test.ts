// GitHub's primary and secondary rate limits as the emulator counts and enforces them, on a clock the
// test moves by hand.
import { describe, expect, it } from 'vitest';
import { gate, isMutation } from '../../support/github/rate-limit-gate.js';
import { budgetOf, manualClock, rateLimitHeaders, RateLimiter, type RateLimitedRequest } from '../../support/github/rate-limits.js';
import { World } from '../../support/github/state.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const read: RateLimitedRequest = { resource: 'core', budget: 'repo:o/r', contentBudget: 'installation:bot', workflowToken: true, contentGenerating: false };
const write: RateLimitedRequest = { ...read, contentGenerating: true };

function limiter(policy: ConstructorParameters<typeof RateLimiter>[0] = {}) {
  const clock = manualClock(1_700_000_000_000);
  return { clock, limits: new RateLimiter({ enforce: true, clock: clock.now, ...policy }) };
}

describe('primary rate limit', () => {
  it("gives the workflow token 1,000 requests an hour per repository and reports them as GitHub's headers do", () => {
    const { clock, limits } = limiter();
    const first = limits.admit(read);
    expect(first).toMatchObject({ allowed: true, status: { limit: 1000, remaining: 999, used: 1, resource: 'core' } });
    expect(rateLimitHeaders(first.status)).toEqual({
      'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999', 'x-ratelimit-used': '1',
      'x-ratelimit-reset': String((clock.now() + HOUR) / 1000), 'x-ratelimit-resource': 'core',
    });
    for (let i = 0; i < 999; i++) limits.admit(read);
    expect(limits.admit(read)).toMatchObject({ allowed: false, limit: 'primary', status: { remaining: 0, used: 1000 } });
    expect(limits.admit({ ...read, budget: 'repo:o/other' })).toMatchObject({ allowed: true });
    expect(limits.admit({ ...read, resource: 'graphql' })).toMatchObject({ allowed: true, status: { resource: 'graphql', used: 1 } });
    clock.advance(HOUR);
    expect(limits.admit(read)).toMatchObject({ allowed: true, status: { remaining: 999 } });
  });

  it('gives other tokens 5,000 an hour, and scales the hour by timeScale', () => {
    const { clock, limits } = limiter({ timeScale: 3600, workflowTokenPerHour: 2 });
    expect(limits.admit({ ...read, workflowToken: false, budget: 'user:mona' }).status.limit).toBe(5000);
    limits.admit(read);
    limits.admit(read);
    expect(limits.admit(read)).toMatchObject({ allowed: false, limit: 'primary' });
    clock.advance(1000);
    expect(limits.admit(read)).toMatchObject({ allowed: true });
  });

  it('counts but never refuses when not enforced', () => {
    const { limits } = limiter({ enforce: false, workflowTokenPerHour: 1, contentPerMinute: 1 });
    for (let i = 0; i < 5; i++) expect(limits.admit(write).allowed).toBe(true);
    expect(limits.status(read)).toMatchObject({ used: 5, remaining: 0 });
  });
});

describe('secondary rate limit on content', () => {
  it('refuses the 81st content-generating request of a minute with retry-after until one leaves the window; reads go on', () => {
    const { clock, limits } = limiter();
    for (let i = 0; i < 80; i++) {
      expect(limits.admit(write).allowed).toBe(true);
      clock.advance(100);
    }
    const refused = limits.admit(write);
    expect(refused).toMatchObject({ allowed: false, limit: 'secondary', retryAfter: 52 });
    expect(limits.admit(read).allowed).toBe(true);
    clock.advance(52_000);
    expect(limits.admit(write).allowed).toBe(true);
  });

  it('shares one content budget between the primary budgets of an identity (REST and GraphQL alike)', () => {
    const { limits } = limiter({ contentPerMinute: 1 });
    expect(limits.admit(write).allowed).toBe(true);
    expect(limits.admit({ ...write, resource: 'graphql', budget: 'installation:bot' })).toMatchObject({ allowed: false, limit: 'secondary' });
    expect(limits.admit({ ...write, contentBudget: 'user:mona', budget: 'user:mona' }).allowed).toBe(true);
  });

  it('refuses the 501st of an hour even when each minute stays under 80', () => {
    const { clock, limits } = limiter();
    for (let i = 0; i < 500; i++) {
      expect(limits.admit(write).allowed).toBe(true);
      clock.advance(MINUTE / 50);
    }
    // The first of the 500 leaves the hour 50 minutes from now.
    expect(limits.admit(write)).toMatchObject({ allowed: false, limit: 'secondary', retryAfter: 3000 });
  });

  it('scales both windows and never asks to wait less than a second', () => {
    const { clock, limits } = limiter({ timeScale: 60, contentPerMinute: 2 });
    limits.admit(write);
    limits.admit(write);
    expect(limits.admit(write)).toMatchObject({ allowed: false, retryAfter: 1 });
    clock.advance(1000);
    expect(limits.admit(write).allowed).toBe(true);
  });
});

describe('the gate in front of the routes', () => {
  const world = new World();
  const bot = world.addAccount({ login: 'github-actions[bot]', type: 'Bot' });
  const mona = world.addAccount({ login: 'mona' });
  const botGrant = world.addToken('ghs', { login: bot.login, kind: 'installation' });
  const monaGrant = world.addToken('ghp', { login: 'mona', kind: 'user' });
  const request = { kind: 'rest' as const, method: 'POST', body: {}, identity: bot, grant: botGrant, repoFullName: 'o/r', installationId: 77, requestId: 'EMU:9' };

  it("answers GitHub's primary refusal: REST 403 (or 429) with remaining 0, GraphQL 200 with RATE_LIMITED", () => {
    const { limits } = limiter({ workflowTokenPerHour: 1, status: 429 });
    expect(gate(limits, request).refusal).toBeNull();
    expect(gate(limits, request)).toMatchObject({
      limited: 'primary',
      refusal: { status: 429, headers: { 'x-ratelimit-remaining': '0' }, body: { message: 'API rate limit exceeded for installation ID 77.' } },
    });
    const graphql = { ...request, kind: 'graphql' as const, body: { query: 'query { viewer { login } }' } };
    expect(gate(limits, graphql).refusal).toBeNull();
    expect(gate(limits, graphql).refusal).toMatchObject({ status: 200, body: { errors: [{ type: 'RATE_LIMITED' }] } });
    const user = { ...request, identity: mona, grant: monaGrant };
    const { limits: userLimits } = limiter({ otherTokensPerHour: 0 });
    expect(gate(userLimits, user).refusal?.body).toMatchObject({ message: `API rate limit exceeded for user ID ${mona.id}.` });
  });

  it('answers a secondary refusal with retry-after and a message Octokit recognises', () => {
    const { limits } = limiter({ contentPerMinute: 0 });
    const outcome = gate(limits, request);
    expect(outcome.limited).toBe('secondary');
    expect(outcome.refusal).toMatchObject({ status: 403, headers: { 'retry-after': '60', 'x-ratelimit-remaining': '1000' } });
    expect((outcome.refusal?.body as { message: string }).message).toMatch(/\bsecondary rate\b.*request ID EMU:9\.$/);
    expect(gate(limits, { ...request, method: 'GET' }).refusal).toBeNull();
  });

  it('counts the workflow token per repository, other tokens per identity, and mutations as content', () => {
    expect(budgetOf(botGrant, 'Octo/Widgets')).toBe('repo:octo/widgets');
    expect(budgetOf(botGrant, null)).toBe('installation:github-actions[bot]');
    expect(budgetOf(monaGrant, 'o/r')).toBe('user:mona');
    expect(isMutation({ query: '# edit\nmutation Edit($id: ID!) { updateIssueComment(input: {id: $id, body: "x"}) { clientMutationId } }' })).toBe(true);
    expect(isMutation({ query: 'query { viewer { login } }' })).toBe(false);
    expect(isMutation({ query: 'not graphql' })).toBe(false);
  });
});
