// Missing workflow permissions under the bundled action: each refusal ends the run with a message that
// names what to grant (`issues: write`, `checks: write`, `pull-requests: write`) or which repository
// setting to turn on, the work already done stays pushed, and GitHub saw no invalid request.
import { beforeAll, describe, expect, it } from 'vitest';
import { trackingComments } from '../support/action-views.js';
import { useActionWorld, logOf, type ActionWorld } from '../support/action-world.js';
import type { Issue } from '../support/github/model.js';
import type { ActionRun } from '../support/runner.js';
import { expectVisibleFailure } from '../support/failure-checks.js';
import { branchHistory, CLAUDE_ONE_ITERATION, codexApprovesFirst, failureRun, labelledIssue, runForLabel, workBranch } from '../support/failure-runs.js';

const CHECK_RUN_ROUTE = '/repos/{owner}/{repo}/check-runs';
const PULLS_ROUTE = '/repos/{owner}/{repo}/pulls';
const NOT_ACCESSIBLE = { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' };

/** The log, the job summary and the exit code say the run failed, once, with `pattern` in the error. */
function expectFailedWith(run: ActionRun, pattern: RegExp): void {
  expect(run.exitCode, logOf(run)).not.toBe(0);
  expect(run.exitCode, logOf(run)).not.toBeNull();
  expect(run.errors.join('\n'), logOf(run)).toMatch(pattern);
  expect(run.errors, 'the failure is reported once').toHaveLength(1);
  expect(run.summary).toMatch(/codex-cto: Failed/);
  expect(run.summary).toMatch(pattern);
}

/** The common checks of a failed run (comment, log, summary, exit, no secrets, no violation), for a missing permission. */
function expectPermissionFailure(world: ActionWorld, run: ActionRun, issue: Issue, error: RegExp, hint: RegExp): string {
  const body = expectVisibleFailure(world, failureRun(run, issue), { headline: /^Failed$/, error: [/The workflow lacks a permission/, error], hint });
  expect(run.errors, 'the failure is reported once').toHaveLength(1);
  return body;
}

/** The first iteration's work is on the branch on the remote, committed by the bot. */
async function expectWorkPushed(world: ActionWorld, issue: Issue): Promise<void> {
  const history = await branchHistory(world, workBranch(issue.number));
  expect(history[0]?.author).toBe('github-actions[bot]');
  const greet = await world.gh.git.readFile(world.project.owner, world.project.name, workBranch(issue.number), 'src/greet.js');
  expect(greet).toContain('shout');
}

describe('a workflow token with read-only permissions', () => {
  const world = useActionWorld({ codex: codexApprovesFirst(), claude: CLAUDE_ONE_ITERATION });
  let issue: Issue;
  let run: ActionRun;

  beforeAll(async () => {
    // `permissions: read-all` in the workflow: the same token, now read-only.
    world.gh.state.addToken(world.gh.workflowToken, { login: 'github-actions[bot]', kind: 'installation', permission: 'read' });
    issue = labelledIssue(world);
    run = await runForLabel(world, issue);
  }, 300_000);

  it('fails at its first write, the loop lock, naming `contents: write`, in the log and the job summary', () => {
    expectFailedWith(run, /Could not record the loop lock: GitHub answered 403 \(Resource not accessible by integration\b/);
    expect(run.errors.join('\n')).toContain('Grant `contents: write`');
    expect(run.summary).toContain('Grant `contents: write`');
  });

  it('leaves no comment (GitHub refuses it) and runs no agent', () => {
    expect(trackingComments(world, issue.number)).toEqual([]);
    expect(world.openai.requests).toHaveLength(0);
    expect(world.anthropic.requests).toHaveLength(0);
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('403 "Resource not accessible by integration" on the check run', () => {
  const world = useActionWorld({ codex: codexApprovesFirst(), claude: CLAUDE_ONE_ITERATION });
  let issue: Issue;
  let run: ActionRun;

  beforeAll(async () => {
    issue = labelledIssue(world);
    world.gh.inject({ method: 'POST', route: CHECK_RUN_ROUTE, status: 403, times: 10, body: NOT_ACCESSIBLE });
    run = await runForLabel(world, issue);
  }, 300_000);

  it('asks once (a refusal is not retried) and names `checks: write`', () => {
    expect(world.gh.requests({ route: CHECK_RUN_ROUTE })).toHaveLength(1);
    expectPermissionFailure(world, run, issue, /Could not create the check run: GitHub answered 403/, /Grant `checks: write` in the workflow's `permissions:` block/);
    expect(run.errors.join('\n')).toContain('Grant `checks: write`');
  });

  it('posted the review and kept the work pushed', async () => {
    expect(world.project.repo.reviews).toHaveLength(1);
    await expectWorkPushed(world, issue);
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('404 on opening the pull request', () => {
  const world = useActionWorld({ codex: codexApprovesFirst(), claude: CLAUDE_ONE_ITERATION });
  let issue: Issue;
  let run: ActionRun;

  beforeAll(async () => {
    issue = labelledIssue(world);
    world.gh.inject({ method: 'POST', route: PULLS_ROUTE, status: 404, times: 10, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } });
    run = await runForLabel(world, issue);
  }, 300_000);

  it('names `pull-requests: write`, in the log, the summary and the tracking comment', () => {
    expectPermissionFailure(world, run, issue, /Could not open the pull request: GitHub answered 404/, /Grant `pull-requests: write`/);
  });

  it('pushed the work before asking for the PR', async () => {
    await expectWorkPushed(world, issue);
    expect(world.openai.requests.filter((r) => JSON.stringify(r.body).includes('review iteration'))).toHaveLength(0);
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('"Allow GitHub Actions to create and approve pull requests" off', () => {
  const world = useActionWorld({ codex: codexApprovesFirst(), claude: CLAUDE_ONE_ITERATION, allowActionsToCreatePullRequests: false });
  let issue: Issue;
  let run: ActionRun;

  beforeAll(async () => {
    issue = labelledIssue(world);
    run = await runForLabel(world, issue);
  }, 300_000);

  it('names the repository setting, and the token alternative', () => {
    const body = expectPermissionFailure(world, run, issue, /GitHub Actions is not permitted to create or approve pull requests/, /Allow GitHub Actions to create and approve pull requests/);
    expect(body).toContain('Settings &gt; Actions &gt; General');
    expect(body).toContain('GitHub App token or PAT');
    expect(run.summary).toMatch(/Allow GitHub Actions to create and approve pull requests/);
  });

  it('opened no PR but kept the work pushed', async () => {
    expect([...world.project.repo.issues.values()].filter((i) => i.pull)).toHaveLength(0);
    await expectWorkPushed(world, issue);
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});
