// The bundled action, run as the runner runs it, on the comment commands that steer a loop: a plan that
// waits for `/cto approve`, `/cto stop` on a paused loop, and `/cto stop` posted while a loop works.
// Real CLIs, scripted model servers, the emulated GitHub, a real git remote.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf, type ActionWorld } from '../support/action-world.js';
import { branchNames, markerState, pullRequests, theTrackingComment } from '../support/action-views.js';
import { issueCommentCreatedPayload, issuesLabeledPayload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { APPROVE, codexScript, OBJECTIVE } from '../support/scenario.js';
import type { Issue } from '../support/github/model.js';

const WITH_APPROVAL = { 'require-plan-approval': 'true' };

function labelled(world: ActionWorld): { issue: Issue; payload: ReturnType<typeof issuesLabeledPayload> } {
  const issue = world.issue(OBJECTIVE, 'Callers want a louder greeting.', { labels: ['codex-cto'] });
  const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
  return { issue, payload };
}

/** The maintainer comments `body` on the thread; the workflow run that comment starts (its own run id). */
async function commentRun(world: ActionWorld, thread: Issue, body: string, runId: string): Promise<{ run: ActionRun; comment: number }> {
  const comment = world.comment(thread, body, world.project.logins.maintainer);
  const payload = issueCommentCreatedPayload(world.gh, { repo: world.project.fullName, comment });
  const run = await world.run({ event: 'issue_comment', payload, runId, inputs: WITH_APPROVAL });
  return { run, comment };
}

function reactionsTo(world: ActionWorld, comment: number): string[] {
  return world.project.repo.comments.get(comment)?.reactions.map((r) => `${r.user}:${r.content}`) ?? [];
}

describe('require-plan-approval: the plan waits for `/cto approve`, which runs the loop', () => {
  const world = useActionWorld({ codex: codexScript({ review1: [{ message: JSON.stringify(APPROVE) }] }) });
  let issue: Issue;
  let planned: ActionRun;
  let approved: ActionRun;
  let approval: number;
  let branchesWhileWaiting: string[];
  let claudeWhileWaiting: number;

  beforeAll(async () => {
    const start = labelled(world);
    issue = start.issue;
    planned = await world.run({ event: 'issues', payload: start.payload, runId: '3001', inputs: WITH_APPROVAL });
    branchesWhileWaiting = await branchNames(world);
    claudeWhileWaiting = world.anthropic.requests.length;
    ({ run: approved, comment: approval } = await commentRun(world, issue, '/cto approve', '3002'));
  }, 300_000);

  it('stops the first run at "waiting for plan approval" with no branch and no Claude request', () => {
    expect(planned.exitCode, logOf(planned)).toBe(0);
    expect(branchesWhileWaiting).toEqual(['main']);
    expect(claudeWhileWaiting).toBe(0);
    expect(planned.summary).toMatch(/Waiting for plan approval/);
  });

  it('runs the loop to an approval on `/cto approve` by the maintainer', () => {
    expect(approved.exitCode, logOf(approved)).toBe(0);
    expect(approved.outputs.verdict).toBe('approve');
    expect(approved.outputs.iterations).toBe('1');
    expect(world.anthropic.requests.length).toBeGreaterThan(0);
  });

  it('reacts to the approving comment', () => {
    expect(reactionsTo(world, approval)).toEqual(['github-actions[bot]:rocket']);
  });

  it('keeps one tracking comment, now approved, and opens one PR that leaves draft', () => {
    const comment = theTrackingComment(world, issue.number);
    expect(comment.body).toMatch(/Approved/);
    expect(markerState(comment).loop.phase).toBe('approved');
    const pulls = pullRequests(world);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]?.pull?.draft).toBe(false);
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('`/cto stop` on a loop paused for plan approval', () => {
  const world = useActionWorld();
  let issue: Issue;
  let stopped: ActionRun;
  let stop: number;

  beforeAll(async () => {
    const start = labelled(world);
    issue = start.issue;
    const planned = await world.run({ event: 'issues', payload: start.payload, runId: '3101', inputs: WITH_APPROVAL });
    if (planned.exitCode !== 0) throw new Error(`the planning run failed:\n${logOf(planned)}`);
    ({ run: stopped, comment: stop } = await commentRun(world, issue, '/cto stop', '3102'));
  }, 300_000);

  it('exits 0 and reacts to the stop comment', () => {
    expect(stopped.exitCode, logOf(stopped)).toBe(0);
    expect(reactionsTo(world, stop)).toEqual(['github-actions[bot]:eyes']);
  });

  it('says stopped in the tracking comment, naming who asked', () => {
    const comment = theTrackingComment(world, issue.number);
    expect(comment.body).toMatch(/Stopped/);
    // A mention in the stop reason is defused (no second notification), so match the login and the words.
    expect(comment.body).toMatch(/@(&#8203;)?mona asked to stop/);
    expect(markerState(comment).loop.phase).toBe('stopped');
  });

  it('never starts Claude and makes no request GitHub would reject', () => {
    expect(world.anthropic.requests).toEqual([]);
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('`/cto stop` posted while a loop runs stops it before the next iteration', () => {
  // The default story: review 1 asks for changes, so without the stop a second iteration would run.
  const world = useActionWorld();
  let issue: Issue;
  let run: ActionRun;

  beforeAll(async () => {
    const start = labelled(world);
    issue = start.issue;
    world.gh.on({
      method: 'POST',
      route: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      when: 'after',
      times: 1,
      run: () => {
        world.comment(issue, 'Please hold on.\n/cto stop', world.project.logins.maintainer);
      },
    });
    run = await world.run({ event: 'issues', payload: start.payload, runId: '3201' });
  }, 300_000);

  it('ends the job successfully after one iteration', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.iterations).toBe('1');
    expect(run.outputs.verdict).toBe('revise');
  });

  it('says in the tracking comment that the maintainer asked to stop', () => {
    const comment = theTrackingComment(world, issue.number);
    expect(comment.body).toMatch(/Stopped/);
    // A mention in the stop reason is defused (no second notification), so match the login and the words.
    expect(comment.body).toMatch(/@(&#8203;)?mona asked to stop/);
    expect(markerState(comment).loop.phase).toBe('stopped');
  });

  it('runs no second iteration', () => {
    // Iteration 1 is Claude's turns 0-2; the resumed session would continue at turn 3.
    expect(world.anthropic.requests.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(world.openai.requests.some((r) => JSON.stringify(r.body.input).includes('review iteration 2'))).toBe(false);
  });

  it('keeps the PR a draft and makes no request GitHub would reject', () => {
    expect(pullRequests(world)[0]?.pull?.draft).toBe(true);
    expect(world.gh.violations()).toEqual([]);
  });
});
