// The one Octokit against the emulated GitHub: server errors are retried with back-off and a bound,
// secondary rate limits wait for `retry-after`, and refusals (403, 422) are never resent. One test waits
// real seconds; the others count a second of waiting as SECOND_MS, so the back-off is seen whole and quick.
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, explain } from '../../src/action/github/client.js';
import { startGitHubEmulator, type GitHubEmulator } from '../support/github/emulator.js';
import { SECONDARY_RATE_LIMIT_BODY, type FaultSpec } from '../support/github/faults.js';
import { seedProject } from '../support/github/fixtures.js';

const COMMENTS = '/repos/{owner}/{repo}/issues/{issue_number}/comments';
/** A second of the client's waits, in milliseconds, in the tests that speed them up. */
const SECOND_MS = 20;

/** Milliseconds between one attempt's arrival and the next's. */
const gapsOf = (arrivals: number[]): number[] => arrivals.slice(1).map((at, i) => at - (arrivals[i] as number));

describe('createApi against a failing GitHub', () => {
  let gh: GitHubEmulator | null = null;

  afterEach(async () => {
    await gh?.close();
    gh = null;
  });

  /**
   * A fresh emulator with `fault` armed; posts one comment the way the action does, with a second of
   * waiting lasting `secondMs` (real seconds unless given).
   */
  async function commentWith(fault: Omit<FaultSpec, 'method' | 'route'>, jitters: number[] = [], secondMs?: number) {
    await gh?.close();
    gh = await startGitHubEmulator();
    const project = await seedProject(gh);
    const issue = gh.state.addIssue(project.repo, { title: 'retries', body: '', author: project.logins.maintainer });
    gh.inject({ method: 'POST', route: COMMENTS, ...fault });
    const logs: string[] = [];
    const jitterMs = (retryAfter: number): number => {
      jitters.push(retryAfter);
      return 5;
    };
    const api = createApi({ token: gh.workflowToken, baseUrl: gh.url, log: (message) => logs.push(message), jitterMs, secondMs });
    const outcome = await api.rest.issues
      .createComment({ owner: project.owner, repo: project.name, issue_number: issue.number, body: 'hello' })
      .then((response) => ({ status: response.status, error: null as unknown }))
      .catch((error: unknown) => ({ status: (error as { status?: number }).status ?? 0, error }));
    const attempts = gh.requests({ method: 'POST', route: COMMENTS });
    return { ...outcome, attempts: attempts.length, gaps: gapsOf(attempts.map((r) => r.at)), logs };
  }

  it('resends a 502 until it goes through', async () => {
    const result = await commentWith({ status: 502, times: 2, body: { message: 'Server Error' } }, [], SECOND_MS);
    expect(result.status).toBe(201);
    expect(result.attempts).toBe(3);
  }, 60_000);

  it('gives up on a 502 that persists, after three retries backing off 1, 4 and 9 seconds', async () => {
    const result = await commentWith({ status: 502, times: 10, body: { message: 'Server Error' } }, [], SECOND_MS);
    expect(result.status).toBe(502);
    expect(result.attempts).toBe(4);
    // Each wait lasts at least its seconds (a timer never fires early; it may fire late on a busy machine).
    result.gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(((i + 1) ** 2) * SECOND_MS));
  }, 60_000);

  it('waits out a secondary rate limit, and says so', async () => {
    const result = await commentWith({ status: 403, times: 1, headers: { 'retry-after': '1' }, body: SECONDARY_RATE_LIMIT_BODY });
    expect(result.status).toBe(201);
    expect(result.attempts).toBe(2);
    expect(result.logs.join('\n')).toMatch(/secondary rate limit on POST .*comments; retry 1 in 1 s/);
  }, 60_000);

  it('waits out a secondary limit more often than other failures, each time with a little jitter, then gives up', async () => {
    const jitters: number[] = [];
    const through = await commentWith({ status: 403, times: 5, headers: { 'retry-after': '2' }, body: SECONDARY_RATE_LIMIT_BODY }, jitters, SECOND_MS);
    expect(through.status).toBe(201);
    expect(through.attempts).toBe(6);
    expect(jitters).toEqual([2, 2, 2, 2, 2]);
    // Every retry waited the jitter (5 ms) and then the two seconds GitHub asked for.
    for (const gap of through.gaps) expect(gap).toBeGreaterThanOrEqual(2 * SECOND_MS + 5);
    const refused = await commentWith({ status: 403, times: 30, headers: { 'retry-after': '2' }, body: SECONDARY_RATE_LIMIT_BODY }, [], SECOND_MS);
    expect(refused.status).toBe(403);
    expect(refused.attempts).toBe(21);
  }, 120_000);

  it('never resends a refusal, and names the permission it needs', async () => {
    const result = await commentWith({ status: 403, times: 5, body: { message: 'Resource not accessible by integration' } });
    expect(result.status).toBe(403);
    expect(result.attempts).toBe(1);
    expect(explain('comment on #1', 'issues: write', result.error).hint).toContain('`issues: write`');
  }, 60_000);

  it('never resends a validation failure', async () => {
    const result = await commentWith({ status: 422, times: 5, body: { message: 'Validation Failed', errors: [], documentation_url: 'https://docs.github.com/rest' } });
    expect(result.status).toBe(422);
    expect(result.attempts).toBe(1);
  }, 60_000);
});
