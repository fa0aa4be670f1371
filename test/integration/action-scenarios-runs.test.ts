// The bundled action, run as the runner runs it: re-runs of the same workflow run (after it completed,
// and after it failed midway) reuse the tracking comment, branch and PR; a workflow_dispatch runs the
// loop with or without an issue. Real CLIs, scripted model servers, the emulated GitHub, a real git remote.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf, type ActionWorld } from '../support/action-world.js';
import { branchNames, checkRunsOn, headOf, markerState, pullRequests, reviewsOn, theTrackingComment, trackingComments } from '../support/action-views.js';
import type { ClaudeScript, ClaudeTurn } from '../support/anthropic-server.js';
import { issuesLabeledPayload, workflowDispatchPayload, type Payload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { APPROVE, CLAUDE_SCRIPT, codexScript, OBJECTIVE } from '../support/scenario.js';

const approveAtOnce = codexScript({ review1: [{ message: JSON.stringify(APPROVE) }] });

function labelledIssue(world: ActionWorld): { issue: number; payload: Payload } {
  const issue = world.issue(OBJECTIVE, 'Callers want a louder greeting.', { labels: ['codex-cto'] });
  const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
  return { issue: issue.number, payload };
}

describe('a re-run of a completed run (same run id, attempt 2) changes nothing', () => {
  const world = useActionWorld({ codex: approveAtOnce });
  let first: ActionRun;
  let second: ActionRun;
  let issue: number;
  let requestsAfterFirst: { codex: number; claude: number };

  beforeAll(async () => {
    const labelled = labelledIssue(world);
    issue = labelled.issue;
    first = await world.run({ event: 'issues', payload: labelled.payload, runId: '4242', runAttempt: '1' });
    requestsAfterFirst = { codex: world.openai.requests.length, claude: world.anthropic.requests.length };
    second = await world.run({ event: 'issues', payload: labelled.payload, runId: '4242', runAttempt: '2' });
  }, 300_000);

  it('approves in the first attempt', () => {
    expect(first.exitCode, logOf(first)).toBe(0);
    expect(first.outputs.verdict).toBe('approve');
  });

  it('exits 0 in the second attempt, saying the loop was already approved', () => {
    expect(second.exitCode, logOf(second)).toBe(0);
    expect(second.stdout).toMatch(/already approved; nothing to do/);
    expect(world.openai.requests.length).toBe(requestsAfterFirst.codex);
    expect(world.anthropic.requests.length).toBe(requestsAfterFirst.claude);
  });

  it('leaves exactly one tracking comment, one work branch and one PR', async () => {
    expect(trackingComments(world, issue)).toHaveLength(1);
    expect(await branchNames(world)).toEqual([`codex-cto/issue-${issue}`, 'main']);
    expect(pullRequests(world)).toHaveLength(1);
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('a re-run after the first attempt failed midway reuses the comment, branch and PR', () => {
  // During the first attempt Claude's API refuses the turn after iteration 1 wrote its files, so the
  // work is committed and the PR opened before the run fails. A 400 is not retried by the CLI.
  let apiRefuses = true;
  const claude: ClaudeScript = ({ index }): ClaudeTurn => {
    if (index === 2 && apiRefuses) return { status: 400, error: 'The request was refused.' };
    return CLAUDE_SCRIPT[index] ?? { status: 500, error: `no turn ${index}` };
  };
  const world = useActionWorld({ claude });
  let first: ActionRun;
  let second: ActionRun;
  let issue: number;
  let commentAfterFirst: number;
  let prAfterFirst: number;

  beforeAll(async () => {
    const labelled = labelledIssue(world);
    issue = labelled.issue;
    first = await world.run({ event: 'issues', payload: labelled.payload, runId: '5151', runAttempt: '1' });
    commentAfterFirst = theTrackingComment(world, issue).id;
    prAfterFirst = pullRequests(world)[0]?.number ?? 0;
    apiRefuses = false;
    second = await world.run({ event: 'issues', payload: labelled.payload, runId: '5151', runAttempt: '2' });
  }, 300_000);

  it('fails the first attempt with the work pushed and the PR open', () => {
    expect(first.exitCode, logOf(first)).toBe(1);
    expect(first.errors.join('\n')).toMatch(/Claude Code stopped in iteration 1/);
    expect(prAfterFirst).toBeGreaterThan(0);
  });

  it('approves in the second attempt', () => {
    expect(second.exitCode, logOf(second)).toBe(0);
    expect(second.outputs.verdict).toBe('approve');
    expect(second.outputs['pr-number']).toBe(String(prAfterFirst));
  });

  it('edits the same tracking comment and keeps one branch and one PR', async () => {
    const comment = theTrackingComment(world, issue);
    expect(comment.id).toBe(commentAfterFirst);
    expect(markerState(comment).loop.phase).toBe('approved');
    expect(await branchNames(world)).toEqual([`codex-cto/issue-${issue}`, 'main']);
    expect(pullRequests(world).map((p) => p.number)).toEqual([prAfterFirst]);
  });

  it('posts a verdict for every review of the second attempt, the last one on the head commit', async () => {
    expect(reviewsOn(world, prAfterFirst)).toHaveLength(2);
    const head = await headOf(world, `codex-cto/issue-${issue}`);
    expect(checkRunsOn(world, head as string).map((c) => c.conclusion)).toEqual(['success']);
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('workflow_dispatch with an objective and no issue', () => {
  const world = useActionWorld({ codex: approveAtOnce });
  let run: ActionRun;
  let pr: number;

  beforeAll(async () => {
    const payload = workflowDispatchPayload(world.gh, { repo: world.project.fullName, sender: world.project.logins.maintainer, inputs: { objective: OBJECTIVE } });
    run = await world.run({ event: 'workflow_dispatch', payload, runId: '777' });
    pr = Number(run.outputs['pr-number']);
  }, 300_000);

  it('runs the loop to an approval on a branch named after the run', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(run.outputs.branch).toBe('codex-cto/run-777');
  });

  it('puts the plan in the PR body and in the job summary', () => {
    const pull = pullRequests(world).find((p) => p.number === pr);
    expect(pull?.body).toContain('Add the shout option');
    expect(pull?.body).toContain('Test the shout option');
    expect(pull?.body).not.toContain('Closes #');
    expect(run.summary).toContain('Add the shout option');
    expect(run.summary).toMatch(/approved/i);
  });

  it('keeps the tracking comment on the PR, the only comment anywhere', () => {
    const comment = theTrackingComment(world, pr);
    expect(markerState(comment).loop.phase).toBe('approved');
    expect(world.project.repo.comments.size).toBe(1);
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('workflow_dispatch with an objective and an issue', () => {
  const world = useActionWorld({ codex: approveAtOnce });
  let run: ActionRun;
  let issue: number;

  beforeAll(async () => {
    issue = world.issue('Louder greetings', 'Callers want a louder greeting.').number;
    const inputs = { objective: OBJECTIVE, issue: String(issue) };
    const payload = workflowDispatchPayload(world.gh, { repo: world.project.fullName, sender: world.project.logins.maintainer, inputs });
    run = await world.run({ event: 'workflow_dispatch', payload, runId: '778' });
  }, 300_000);

  it('runs the loop to an approval on the issue branch', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(run.outputs.branch).toBe(`codex-cto/issue-${issue}`);
  });

  it('tracks the loop on the issue, and the PR closes it', () => {
    expect(markerState(theTrackingComment(world, issue)).loop.phase).toBe('approved');
    const pulls = pullRequests(world);
    expect(pulls).toHaveLength(1);
    expect(trackingComments(world, pulls[0]?.number as number)).toEqual([]);
    expect(pulls[0]?.body).toContain(`Closes #${issue}`);
    expect(world.gh.violations()).toEqual([]);
  });
});
