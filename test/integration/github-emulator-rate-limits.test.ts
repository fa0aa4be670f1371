// GitHub's rate limits in the emulated GitHub: the x-ratelimit-* headers on every response, and, when a
// test switches enforcement on, the refusals github.com sends (primary and secondary), which the
// action's own Octokit client (retry + throttling, src/github/client.ts) waits out.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/action/github/client.js';
import { nodeId } from '../support/github/model.js';
import {
  manualClock, plainOctokitFor, seedProject, startGitHubEmulator, type GitHubEmulator, type SeededProject,
} from '../support/github/index.js';

let gh: GitHubEmulator;
let project: SeededProject;
let other: SeededProject;

beforeAll(async () => {
  gh = await startGitHubEmulator();
  project = await seedProject(gh);
  other = await seedProject(gh, { name: 'gadgets' });
});

afterAll(async () => {
  await gh?.close();
});

beforeEach(() => {
  gh.rateLimits.configure({});
  gh.rateLimits.reset();
  gh.resetLog();
});

afterEach(() => {
  expect(gh.violations()).toEqual([]);
});

const repoArgs = () => ({ owner: project.owner, repo: project.name });

async function openIssue(): Promise<number> {
  return gh.state.addIssue(project.repo, { title: 'Busy', author: project.logins.maintainer }).number;
}

describe('rate-limit headers', () => {
  it('counts every REST and GraphQL request: the workflow token per repository, a user per account', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const first = await bot.rest.repos.get(repoArgs());
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999', 'x-ratelimit-used': '1', 'x-ratelimit-resource': 'core' });
    const reset = Number(first.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(Date.now() / 1000 + 3590);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3600);
    await expect(bot.rest.issues.get({ ...repoArgs(), issue_number: 9999 })).rejects.toMatchObject({
      status: 404, response: { headers: { 'x-ratelimit-used': '2', 'x-ratelimit-remaining': '998' } },
    });
    expect((await bot.rest.repos.get({ owner: other.owner, repo: other.name })).headers['x-ratelimit-used']).toBe('1');
    expect((await plainOctokitFor(gh, project.tokens.maintainer).rest.repos.get(repoArgs())).headers).toMatchObject({ 'x-ratelimit-limit': '5000', 'x-ratelimit-used': '1' });

    const graphql = await fetch(gh.graphqlUrl, {
      method: 'POST', headers: { authorization: `token ${gh.workflowToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query { viewer { login } }' }),
    });
    expect(Object.fromEntries([...graphql.headers].filter(([name]) => name.startsWith('x-ratelimit-') && name !== 'x-ratelimit-reset')))
      .toEqual({ 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999', 'x-ratelimit-used': '1', 'x-ratelimit-resource': 'graphql' });
  });
});

describe('primary rate limit, enforced', () => {
  it("refuses the workflow token's request over the hourly budget of its repository with 403 and remaining 0", async () => {
    gh.rateLimits.configure({ enforce: true, workflowTokenPerHour: 3 });
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    for (let i = 0; i < 3; i++) await bot.rest.repos.get(repoArgs());
    await expect(bot.rest.repos.get(repoArgs())).rejects.toMatchObject({
      status: 403,
      response: {
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '3', 'x-ratelimit-limit': '3' },
        data: { message: `API rate limit exceeded for installation ID ${project.repo.id}.`, documentation_url: expect.stringContaining('rate-limits-for-the-rest-api') },
      },
    });
    expect(gh.requests({ limited: 'primary' }).map((r) => [r.method, r.path, r.status])).toEqual([['GET', `/repos/${project.fullName}`, 403]]);
    expect((await bot.rest.repos.get({ owner: other.owner, repo: other.name })).status).toBe(200);
    expect((await plainOctokitFor(gh, project.tokens.maintainer).rest.repos.get(repoArgs())).status).toBe(200);
  });

  it('answers 429 when a test asks for it, and GraphQL with a RATE_LIMITED error in a 200', async () => {
    gh.rateLimits.configure({ enforce: true, workflowTokenPerHour: 1, status: 429 });
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    await bot.rest.repos.get(repoArgs());
    await expect(bot.rest.repos.get(repoArgs())).rejects.toMatchObject({ status: 429 });
    await bot.graphql('query { viewer { login } }');
    await expect(bot.graphql('query { viewer { login } }')).rejects.toMatchObject({
      errors: [{ type: 'RATE_LIMITED', message: expect.stringContaining('API rate limit exceeded') }],
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-resource': 'graphql' },
    });
  });
});

describe('secondary rate limit on content, enforced', () => {
  it('refuses content over the per-minute budget with retry-after, lets reads through, and frees up as the minute passes', async () => {
    const clock = manualClock();
    gh.rateLimits.configure({ enforce: true, contentPerMinute: 2, clock: clock.now });
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const issue = await openIssue();
    await bot.rest.issues.createComment({ ...repoArgs(), issue_number: issue, body: 'one' });
    clock.advance(20_000);
    await bot.rest.issues.createComment({ ...repoArgs(), issue_number: issue, body: 'two' });
    await expect(bot.rest.issues.createComment({ ...repoArgs(), issue_number: issue, body: 'three' })).rejects.toMatchObject({
      status: 403,
      response: {
        headers: { 'retry-after': '40', 'x-ratelimit-remaining': '998' },
        data: { message: expect.stringMatching(/^You have exceeded a secondary rate limit\. .*request ID EMU:\d+\.$/) },
      },
    });
    await expect(bot.graphql('mutation($id: ID!) { updateIssueComment(input: { id: $id, body: "x" }) { clientMutationId } }', { id: 'IC_x' }))
      .rejects.toMatchObject({ status: 403 });
    expect((await bot.rest.issues.listComments({ ...repoArgs(), issue_number: issue })).data.map((c) => c.body)).toEqual(['one', 'two']);
    clock.advance(40_000);
    expect((await bot.rest.issues.createComment({ ...repoArgs(), issue_number: issue, body: 'three' })).status).toBe(201);
    expect(gh.requests({ limited: 'secondary' })).toHaveLength(2);
  });
});

describe("the action's Octokit client against enforced limits", () => {
  const api = (log: string[]) => createApi({ token: gh.workflowToken, baseUrl: gh.url, log: (message) => log.push(message) });

  it('waits out a secondary rate limit (retry-after) and every write lands', async () => {
    // A minute lasts a second here: two comments a second, so four at once must wait once.
    gh.rateLimits.configure({ enforce: true, timeScale: 60, contentPerMinute: 2 });
    const log: string[] = [];
    const octokit = api(log);
    const issue = await openIssue();
    const started = Date.now();
    const posted = await Promise.all(['a', 'b', 'c', 'd'].map((body) => octokit.rest.issues.createComment({ ...repoArgs(), issue_number: issue, body })));
    expect(posted.map((p) => p.status)).toEqual([201, 201, 201, 201]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(gh.requests({ limited: 'secondary' }).length).toBeGreaterThanOrEqual(2);
    expect(log.some((line) => line.startsWith('GitHub secondary rate limit on POST'))).toBe(true);
    expect(gh.state.commentsOf(project.repo, gh.state.requireIssue(project.repo, issue)).map((c) => c.body).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('waits out a secondary rate limit on GraphQL mutations too (a 403 naming the secondary limit)', async () => {
    gh.rateLimits.configure({ enforce: true, timeScale: 60, contentPerMinute: 1 });
    const octokit = api([]);
    const issue = gh.state.requireIssue(project.repo, await openIssue());
    const comment = gh.state.addComment(project.repo, issue, { body: 'Planning', author: 'github-actions[bot]' });
    const edit = (body: string) => octokit.graphql('mutation($id: ID!, $body: String!) { updateIssueComment(input: { id: $id, body: $body }) { clientMutationId } }', { id: nodeId('IssueComment', comment.id), body });
    await Promise.all([edit('Implementing'), edit('Reviewing')]);
    expect(gh.requests({ limited: 'secondary' }).map((r) => r.path)).toEqual(['/api/graphql']);
    expect(['Implementing', 'Reviewing']).toContain(comment.body);
  });

  it('waits for x-ratelimit-reset when the primary budget is spent, then succeeds', async () => {
    // An hour lasts a second here: two requests a second.
    gh.rateLimits.configure({ enforce: true, timeScale: 3600, workflowTokenPerHour: 2 });
    const log: string[] = [];
    const octokit = api(log);
    for (let i = 0; i < 3; i++) expect((await octokit.rest.repos.get(repoArgs())).status).toBe(200);
    expect(gh.requests({ limited: 'primary' })).toHaveLength(1);
    expect(log.some((line) => line.startsWith('GitHub rate limit on GET'))).toBe(true);
  });
});
