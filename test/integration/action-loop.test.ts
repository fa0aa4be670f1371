// The bundled action, run as the runner runs it, on a labelled issue: plan comment, PR, review, revise,
// resumed fix, approval. Real codex and claude binaries, scripted model servers, the emulated GitHub
// (every request and response checked against the official OpenAPI description), a real git remote.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf } from '../support/action-world.js';
import { plainOctokitFor } from '../support/github/fixtures.js';
import { issuesLabeledPayload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { OBJECTIVE } from '../support/scenario.js';
import { graphqlField } from '../support/api-writes.js';

describe('label -> plan -> PR -> revise -> resumed fix -> approve', () => {
  const world = useActionWorld();
  let run: ActionRun;
  let issueNumber: number;
  /** The first field of every GraphQL document the action sent, in order. */
  const graphql: string[] = [];
  /** The GraphQL documents themselves. */
  const documents: string[] = [];

  beforeAll(async () => {
    world.gh.on({ route: '/graphql', run: (event) => {
      graphql.push(graphqlField(event.body) ?? '?');
      documents.push(String((event.body as { query?: unknown } | undefined)?.query));
    } });
    const issue = world.issue(OBJECTIVE, 'Callers want a louder greeting. Keep the default unchanged.', { labels: ['codex-cto'] });
    issueNumber = issue.number;
    const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
    run = await world.run({ event: 'issues', payload, post: true });
  }, 300_000);

  it('ends approved with the outputs set once', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(run.outputs.iterations).toBe('2');
    expect(run.outputs.branch).toBe(`codex-cto/issue-${issueNumber}`);
    expect(run.outputs['pr-number']).toMatch(/^\d+$/);
    expect(run.outputs['session-id']).not.toBe('');
    expect(Number(run.outputs['total-cost-usd'])).toBeGreaterThan(0);
    expect(run.outputs['plan-file']).toMatch(/plan-001\.json$/);
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });

  it('asks GitHub only what it must: the stop check rides on the edit that announces each iteration, and no file listing', () => {
    expect(graphql).toEqual(['viewer', 'updateIssueComment', 'updateIssueComment', 'updateIssueComment']);
    // The approved loop's last write takes the PR out of draft in the same request.
    expect(documents.at(-1)).toContain('markPullRequestReadyForReview');
    expect(world.project.repo.issues.get(Number(run.outputs['pr-number']))?.pull?.draft).toBe(false);
    const api = world.gh.requests().filter((r) => r.kind === 'rest' || r.kind === 'graphql');
    expect(api.filter((r) => r.route?.endsWith('/files'))).toEqual([]);
    // 9 to start and plan (one reads the repository's config file from the base branch, two take the loop
    // lock), then 6 per iteration (the benchmark's target: see docs/benchmarks.md), the last one's including
    // the lock given back; the post step, seeing the comment written in an end phase, asks nothing.
    expect(api.filter((r) => r.route?.includes('/contents/'))).toHaveLength(1);
    expect(api.filter((r) => r.route?.includes('/git/')).map((r) => r.method)).toEqual(['POST', 'POST', 'DELETE']);
    expect(api).toHaveLength(21);
  });

  it('keeps one tracking comment, edited in place, with the plan ticked and the iteration table', async () => {
    const api = plainOctokitFor(world.gh, world.project.tokens.maintainer);
    const { data: comments } = await api.rest.issues.listComments({ owner: world.project.owner, repo: world.project.name, issue_number: issueNumber });
    const tracking = comments.filter((c) => c.body?.includes('codex-cto:state'));
    expect(tracking).toHaveLength(1);
    const body = tracking[0]?.body ?? '';
    expect(tracking[0]?.user?.login).toBe('github-actions[bot]');
    expect(body).toMatch(/approved/i);
    expect(body).toContain('- [x] **T1**');
    expect(body).toContain('- [x] **T2**');
    expect(body).toContain('<details>');
    expect(body).toMatch(/\|\s*1\s*\|.*revise/i);
    expect(body).toMatch(/\|\s*2\s*\|.*approve/i);
    expect(body).toContain('/actions/runs/');
    expect(comments.length).toBe(1);
  });

  it('opens one PR from the bot, closing the issue, ready for review once approved', async () => {
    const api = plainOctokitFor(world.gh, world.project.tokens.maintainer);
    const { data: pulls } = await api.rest.pulls.list({ owner: world.project.owner, repo: world.project.name, state: 'all' });
    expect(pulls).toHaveLength(1);
    const pull = pulls[0];
    expect(pull?.head.ref).toBe(`codex-cto/issue-${issueNumber}`);
    expect(pull?.user?.login).toBe('github-actions[bot]');
    expect(pull?.body).toContain(`Closes #${issueNumber}`);
    expect(pull?.draft).toBe(false);
  });

  it('commits as the bot, with the resumed fix on the branch', async () => {
    const log = await world.gh.git.log(world.project.owner, world.project.name, `codex-cto/issue-${issueNumber}`, 10);
    expect(log.slice(0, 2).map((c) => c.authorName)).toEqual(['github-actions[bot]', 'github-actions[bot]']);
    const test = await world.gh.git.readFile(world.project.owner, world.project.name, `codex-cto/issue-${issueNumber}`, 'test/greet.test.js');
    expect(test).toContain('does not shout when shout is false');
    const files = await world.gh.git.listFiles(world.project.owner, world.project.name, `codex-cto/issue-${issueNumber}`);
    expect(files.some((f) => f.startsWith('.codex-cto'))).toBe(false);
  });

  it('posts each verdict as a COMMENT review (no reviewer identity), inline findings inside the diff', async () => {
    const api = plainOctokitFor(world.gh, world.project.tokens.maintainer);
    const pr = Number(run.outputs['pr-number']);
    const { data: reviews } = await api.rest.pulls.listReviews({ owner: world.project.owner, repo: world.project.name, pull_number: pr });
    expect(reviews.map((r) => r.state)).toEqual(['COMMENTED', 'COMMENTED']);
    expect(reviews[0]?.body).toMatch(/revise|changes/i);
    expect(reviews[1]?.body).toMatch(/approve/i);
    const stored = world.project.repo.reviews.filter((r) => r.pullNumber === pr);
    expect(stored.flatMap((r) => r.comments.map((c) => [c.path, c.startLine, c.line]))).toEqual([['test/greet.test.js', 9, 11]]);
  });

  it('marks the head commit with a successful codex-cto/review check run', async () => {
    const api = plainOctokitFor(world.gh, world.project.tokens.maintainer);
    const head = await world.gh.git.resolveBranch(world.project.owner, world.project.name, `codex-cto/issue-${issueNumber}`);
    const { data } = await api.rest.checks.listForRef({ owner: world.project.owner, repo: world.project.name, ref: head as string });
    expect(data.check_runs.map((c) => [c.name, c.conclusion])).toEqual([['codex-cto/review', 'success']]);
  });

  it('writes the job summary and leaves nothing for the post step to rescue', () => {
    expect(run.summary).toContain('T1');
    expect(run.summary).toMatch(/approved/i);
    expect(run.post?.exitCode).toBe(0);
    expect(run.post?.warnings ?? []).toEqual([]);
    expect(run.state['tracking-phase']).toBe('approved');
  });

  it('sends Claude no GitHub token and Codex the persona', () => {
    const claudeText = JSON.stringify(world.anthropic.requests.map((r) => r.body));
    expect(claudeText).not.toContain(world.gh.workflowToken);
    const codexText = JSON.stringify(world.openai.requests.map((r) => r.body.input));
    expect(codexText).toContain('You are the CTO of this repository');
    expect(codexText).not.toContain(world.gh.workflowToken);
  });
});
