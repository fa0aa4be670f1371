// Two runs of the bundled action for the same issue at once (the label added twice, or a re-delivered
// event): the second tries to take the loop's lock, finds the first holding it, says so in its log and job
// summary, and leaves without touching the loop; the first goes on undisturbed to approval and gives the
// lock back.
import { beforeAll, describe, expect, it } from 'vitest';
import { trackingComments } from '../support/action-views.js';
import { watchWrites } from '../support/api-writes.js';
import { useActionWorld, logOf } from '../support/action-world.js';
import type { Issue } from '../support/github/model.js';
import type { RequestRecord } from '../support/github/server.js';
import type { ActionRun } from '../support/runner.js';
import { labelledIssue, loopLocks, runForLabel, waitFor, workBranch } from '../support/failure-runs.js';

const PULLS_ROUTE = '/repos/{owner}/{repo}/pulls';

describe('a second run while the first is working on the same issue', () => {
  const world = useActionWorld();
  let issue: Issue;
  let first: ActionRun;
  let second: ActionRun;
  let secondRequests: RequestRecord[] = [];
  let secondWrites: string[] = [];
  let commentWhileBoth = '';

  beforeAll(async () => {
    issue = labelledIssue(world);
    // The first run is held while it opens the PR (its push done, its comment saying it works), so
    // every request that reaches GitHub until it is let go comes from the second run.
    let reached = false;
    let letGo: () => void = () => {};
    const held = new Promise<void>((resolve) => (letGo = resolve));
    world.gh.on({
      method: 'POST',
      route: PULLS_ROUTE,
      times: 1,
      run: async () => {
        reached = true;
        await held;
      },
    });
    const firstDone = runForLabel(world, issue, { runId: '4000001' });
    try {
      await waitFor('the first run to open its PR', () => reached);
      commentWhileBoth = trackingComments(world, issue.number)[0]?.body ?? '';
      // The second job's checkout (actions/checkout's fetch) comes before the action and is not its doing.
      const workspace = await world.checkout();
      const from = world.gh.requests().at(-1)?.seq ?? 0;
      const watch = watchWrites(world.gh);
      second = await runForLabel(world, issue, { runId: '4000002', workspace });
      secondWrites = watch.writes();
      watch.stop();
      secondRequests = world.gh.requests().filter((r) => r.seq > from);
    } finally {
      letGo();
      first = await firstDone;
    }
  }, 300_000);

  it('held the first run while its comment said it was at work', () => {
    expect(commentWhileBoth).toMatch(/### codex-cto: Verifying iteration 1 of 5/);
  });

  it('has the second run see the first and leave, successfully, naming it in the log and the job summary', () => {
    expect(second.exitCode, logOf(second)).toBe(0);
    expect(second.stdout).toMatch(/codex-cto: run 4000001 \(attempt 1, http:\/\/\S+\/actions\/runs\/4000001\) is already working on the loop on codex-cto\/issue-\d+ \(since \S+\); leaving it alone\./);
    expect(second.summary).toMatch(/^## codex-cto: Busy\n\n\*\*codex-cto did not act on this:\*\* \[run 4000001\]\(http:\/\/\S+\/actions\/runs\/4000001\) is working on this loop/);
    expect(second.errors).toEqual([]);
    expect(second.outputs).toEqual({});
  });

  it("has the second run write nothing but its attempt at the lock, and read the holder's record", () => {
    const repo = `/repos/${world.project.fullName}`;
    expect(secondWrites).toEqual([`POST ${repo}/git/commits`, `POST ${repo}/git/refs`]);
    expect(secondRequests.filter((r) => r.route === '/repos/{owner}/{repo}/git/refs').map((r) => r.status)).toEqual([422]);
    expect(secondRequests.filter((r) => r.route === '/repos/{owner}/{repo}/actions/runs/{run_id}').map((r) => `${r.path} ${r.status}`)).toEqual([`${repo}/actions/runs/4000001 200`]);
    expect(secondRequests.filter((r) => r.kind === 'git')).toEqual([]);
    expect(world.anthropic.requests.filter((r) => r.index === 0)).toHaveLength(1);
  });

  it('lets the first run finish undisturbed: one comment, one PR, approved', async () => {
    expect(first.exitCode, logOf(first)).toBe(0);
    expect(first.outputs.verdict).toBe('approve');
    const comments = trackingComments(world, issue.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/### codex-cto: Approved/);
    const pulls = [...world.project.repo.issues.values()].filter((i) => i.pull);
    expect(pulls.map((p) => p.pull?.headRef)).toEqual([workBranch(issue.number)]);
  });

  it('has the first run give the lock back when it ends', async () => {
    expect(first.state['loop-lock']).toBe('');
    expect(await loopLocks(world)).toEqual([]);
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});
