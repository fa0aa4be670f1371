// GitHub failing under the bundled action: server errors and secondary rate limits are retried with
// back-off and the run goes on; a server error that outlasts the retries ends the run visibly, with the
// work already pushed. Real CLIs, the emulated GitHub with injected faults (not counted as violations).
import { beforeAll, describe, expect, it } from 'vitest';
import { theTrackingComment } from '../support/action-views.js';
import { useActionWorld, logOf } from '../support/action-world.js';
import { SECONDARY_RATE_LIMIT_BODY } from '../support/github/faults.js';
import type { Issue } from '../support/github/model.js';
import type { ActionRun } from '../support/runner.js';
import { expectVisibleFailure } from '../support/failure-checks.js';
import { branchHistory, CLAUDE_ONE_ITERATION, codexApprovesFirst, failureRun, labelledIssue, runForLabel, workBranch } from '../support/failure-runs.js';

const COMMENT_ROUTE = '/repos/{owner}/{repo}/issues/comments/{comment_id}';
const REVIEW_ROUTE = '/repos/{owner}/{repo}/pulls/{pull_number}/reviews';
const CHECK_RUN_ROUTE = '/repos/{owner}/{repo}/check-runs';

describe('a 502 twice on the comment update and a secondary rate limit on the review', () => {
  const world = useActionWorld({ codex: codexApprovesFirst(), claude: CLAUDE_ONE_ITERATION });
  let issue: Issue;
  let run: ActionRun;

  beforeAll(async () => {
    issue = labelledIssue(world);
    world.gh.inject({ method: 'PATCH', route: COMMENT_ROUTE, status: 502, times: 2, body: { message: 'Server Error' } });
    world.gh.inject({ method: 'POST', route: REVIEW_ROUTE, status: 403, times: 1, headers: { 'retry-after': '1' }, body: SECONDARY_RATE_LIMIT_BODY });
    run = await runForLabel(world, issue);
  }, 300_000);

  it('retries each and still ends approved', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(run.errors).toEqual([]);
  });

  it('hit every injected failure, and retried each request until it went through', () => {
    expect(world.gh.pendingFaults()).toEqual([]);
    const injected = world.gh.requests({ injected: true });
    expect(injected.map((r) => [r.route, r.status])).toEqual([
      [COMMENT_ROUTE, 502],
      [COMMENT_ROUTE, 502],
      [REVIEW_ROUTE, 403],
    ]);
    // Each failed request was followed by a successful one on the same route.
    const reviews = world.gh.requests({ method: 'POST', route: REVIEW_ROUTE, injected: false });
    expect(reviews.map((r) => r.status)).toEqual([200]);
  });

  it('logs the rate-limit wait', () => {
    expect(run.stdout).toMatch(/secondary rate limit on POST .*reviews; retry 1 in 1 s/);
  });

  it('leaves the tracking comment approved and the review posted', async () => {
    const comment = theTrackingComment(world, issue.number);
    expect(comment.body).toMatch(/codex-cto: Approved/);
    expect(world.project.repo.reviews).toHaveLength(1);
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('a 502 on the check run that outlasts the retries', () => {
  const world = useActionWorld({ codex: codexApprovesFirst(), claude: CLAUDE_ONE_ITERATION });
  let issue: Issue;
  let run: ActionRun;

  beforeAll(async () => {
    issue = labelledIssue(world);
    world.gh.inject({ method: 'POST', route: CHECK_RUN_ROUTE, status: 502, times: 50, body: { message: 'Server Error' } });
    run = await runForLabel(world, issue);
  }, 300_000);

  it('gives up after a bounded number of retries', () => {
    // The first try and three retries (1 s, 4 s, 9 s apart), then no more.
    expect(world.gh.requests({ route: CHECK_RUN_ROUTE }).length).toBe(4);
  });

  it('fails the step, with the error and what to do in the log, the job summary and the tracking comment', () => {
    const body = expectVisibleFailure(world, failureRun(run, issue), {
      headline: /^Failed$/,
      error: [/The GitHub API failed/, /Could not create the check run: GitHub answered 502/],
      hint: /Re-run the workflow in a few minutes/,
    });
    expect(body).toMatch(/Once the cause is fixed, comment `\/cto continue`/);
  });

  it('has the work committed and pushed before it failed', async () => {
    const history = await branchHistory(world, workBranch(issue.number));
    expect(history[0]?.author).toBe('github-actions[bot]');
    const greet = await world.gh.git.readFile(world.project.owner, world.project.name, workBranch(issue.number), 'src/greet.js');
    expect(greet).toContain('shout');
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});
