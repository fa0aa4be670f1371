// One run per loop, whatever events arrive: the loop lock of the bundled action against the emulated GitHub
// and the real CLIs. A `/cto revise` comment and a Request-changes review on the same pull request at once:
// the run that holds the loop works, the other replies on the pull request naming the holder and what to
// repeat, and a loop of another issue goes on meanwhile. A main step killed while it held a lock: the post
// step gives it back; with no post step, the next run finds the holder's run completed and takes it over.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf } from '../support/action-world.js';
import { submitReview } from '../support/github/index.js';
import type { Issue } from '../support/github/model.js';
import { issueCommentCreatedPayload } from '../support/payloads.js';
import type { ClaudeTurn } from '../support/anthropic-server.js';
import type { CodexTurn } from '../support/openai-server.js';
import type { ActionRun } from '../support/runner.js';
import type { Review } from '../../src/core/model/schema-types.js';
import { APPROVE, CLAUDE_SCRIPT, OBJECTIVE, PLAN, requestText } from '../support/scenario.js';
import { labelledIssue, loopLocks, runForLabel, waitFor, workBranch } from '../support/failure-runs.js';

const FIRST_APPROVAL: Review = { ...APPROVE, previous_findings: [] };
/** Iteration 2 meets the person's feedback (H1). */
const FEEDBACK_MET: Review = {
  ...FIRST_APPROVAL,
  requirements: [...FIRST_APPROVAL.requirements, { requirement: 'Test the quiet case', feedback_id: 'H1', status: 'met', note: 'Added the shout: false test.' }],
  summary: 'The feedback is met.',
};

function codex({ body }: { index: number; body: unknown }): CodexTurn {
  const text = requestText(body);
  const json = (value: unknown): CodexTurn => ({ message: JSON.stringify(value) });
  if (text.includes('review iteration 2')) return json(FEEDBACK_MET);
  return json(text.includes('review iteration 1') ? FIRST_APPROVAL : PLAN);
}

function claude({ index, body }: { index: number; body: any }): ClaudeTurn {
  const opening = JSON.stringify(body?.messages?.[0]?.content ?? '');
  const turns = opening.includes("A person's feedback") ? CLAUDE_SCRIPT.slice(3) : CLAUDE_SCRIPT.slice(0, 3);
  return turns[Math.min(index, turns.length - 1)] as ClaudeTurn;
}

const REACTIONS = '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions';
const COMMENTS = '/repos/{owner}/{repo}/issues/{issue_number}/comments';

describe('a revise comment and a review on one pull request at once', () => {
  const world = useActionWorld({ claude, codex });
  let issue: Issue;
  let prNumber: number;
  let revise: ActionRun;
  let review: ActionRun;
  let other: ActionRun;
  let otherIssue: Issue;
  let locksWhileHeld: string[] = [];

  beforeAll(async () => {
    issue = labelledIssue(world);
    const first = await runForLabel(world, issue, { runId: '6100' });
    expect(first.exitCode, logOf(first)).toBe(0);
    prNumber = Number(first.outputs['pr-number']);
    const pull = world.gh.state.requireIssue(world.project.repo, prNumber);
    const repo = world.project.fullName;
    // The revise run is held once it holds the loop (it reacts to the comment after taking the lock and
    // reading the loop), so the review's run and another issue's loop run while it does.
    let reached = false;
    let letGo: () => void = () => {};
    const held = new Promise<void>((resolve) => (letGo = resolve));
    world.gh.on({ method: 'POST', route: REACTIONS, times: 1, run: async () => { reached = true; await held; } });
    const comment = world.comment(pull, '/cto revise Please test the quiet case too.', world.project.logins.maintainer);
    const reviseDone = world.run({ event: 'issue_comment', payload: issueCommentCreatedPayload(world.gh, { repo, comment }), runId: '6200' });
    try {
      await waitFor('the revise run to hold the loop', () => reached);
      locksWhileHeld = await loopLocks(world);
      const submitted = await submitReview(world.gh, { repo, pull: prNumber, as: world.project.logins.maintainer, event: 'REQUEST_CHANGES', body: 'Rename greet to hello.' });
      review = await world.run({ event: 'pull_request_review', payload: submitted.payload, runId: '6300' });
      otherIssue = world.issue(OBJECTIVE, 'Same change, another loop.', { labels: ['codex-cto'] });
      other = await runForLabel(world, otherIssue, { runId: '6400' });
    } finally {
      letGo();
      revise = await reviseDone;
    }
  }, 600_000);

  it('had exactly one lock while the revise run held the loop, and no lock left after', async () => {
    expect(locksWhileHeld).toEqual([expect.stringMatching(new RegExp(`^refs/codex-cto/locks/${workBranch(issue.number)} [0-9a-f]{40}$`))]);
    expect(await loopLocks(world)).toEqual([]);
  });

  it('has the revise run do the work: one more iteration, approved', () => {
    expect(revise.exitCode, logOf(revise)).toBe(0);
    expect(revise.outputs.iterations).toBe('2');
    expect(revise.outputs.verdict).toBe('approve');
  });

  it('has the review run leave the loop alone and tell the reviewer who holds it and what to do again', () => {
    expect(review.exitCode, logOf(review)).toBe(0);
    expect(review.outputs).toEqual({});
    expect(review.stdout).toMatch(/codex-cto: run 6200 \(attempt 1, \S+\/actions\/runs\/6200\) is already working on the loop on codex-cto\/issue-\d+/);
    const pull = world.gh.state.requireIssue(world.project.repo, prNumber);
    const replies = world.gh.state.commentsOf(world.project.repo, pull).filter((c) => c.body.includes('did not act on this'));
    expect(replies.map((c) => c.author)).toEqual(['github-actions[bot]']);
    expect(replies[0]?.body).toMatch(/^\*\*codex-cto did not act on this:\*\* \[run 6200\]\(\S+\/actions\/runs\/6200\) is working on this loop \(`codex-cto\/issue-\d+`, since \S+\), and one loop takes one run at a time\. Once it has finished, request changes again, or comment `\/cto revise` with your feedback\.$/);
    expect(review.summary).toContain('## codex-cto: Busy');
  });

  it('never ran an agent for the review: every model request came from the runs that held a loop', () => {
    const feedbackSeen = world.anthropic.requests.some((r) => JSON.stringify(r.body.messages).includes('Rename greet to hello'));
    expect(feedbackSeen).toBe(false);
  });

  it("lets another issue's loop run while this one is held", () => {
    expect(other.exitCode, logOf(other)).toBe(0);
    expect(other.outputs.verdict).toBe('approve');
    expect(other.outputs.branch).toBe(workBranch(otherIssue.number));
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('a main step that dies holding the lock', () => {
  const world = useActionWorld({ claude, codex });

  /** Runs the label trigger on `issue` and kills the main step as it writes its first comment (the lock held by then). */
  async function killedRun(issue: Issue, runId: string, post: boolean): Promise<ActionRun> {
    let reached = false;
    let letGo: () => void = () => {};
    const held = new Promise<void>((resolve) => (letGo = resolve));
    world.gh.on({ method: 'POST', route: COMMENTS, times: 1, run: async () => { reached = true; await held; } });
    const when = waitFor('the first comment', () => reached);
    try {
      return await runForLabel(world, issue, { runId, post, cancelMain: { when, signal: 'SIGKILL' } });
    } finally {
      letGo();
    }
  }

  it('is released by the post step from what the main step saved (the lock it took, and when)', async () => {
    const issue = labelledIssue(world);
    const run = await killedRun(issue, '7100', true);
    expect(run.signal).toBe('SIGKILL');
    expect(run.state['loop-lock']).toMatch(/"ref":"refs\/codex-cto\/locks\/codex-cto\/issue-\d+","sha":"[0-9a-f]{40}","takenAt":\d+/);
    expect(run.post?.exitCode, run.post?.stdout).toBe(0);
    expect(run.post?.stdout).toContain(`codex-cto: released the loop lock refs/codex-cto/locks/${workBranch(issue.number)} the main step left.`);
    expect(await loopLocks(world)).toEqual([]);
  }, 300_000);

  it('is taken over by the next run once the dead run has completed, and that run finishes the loop', async () => {
    const issue = labelledIssue(world);
    const dead = await killedRun(issue, '7200', false);
    expect(dead.signal).toBe('SIGKILL');
    const [left] = await loopLocks(world);
    expect(left).toMatch(new RegExp(`^refs/codex-cto/locks/${workBranch(issue.number)} `));
    expect(world.gh.state.workflowRuns.get(7200)?.status).toBe('completed');

    const next = await runForLabel(world, issue, { runId: '7300' });
    expect(next.exitCode, logOf(next)).toBe(0);
    expect(next.stdout).toContain(`codex-cto: took over the loop lock refs/codex-cto/locks/${workBranch(issue.number)} from run 7200 (attempt 1), which has ended.`);
    expect(next.outputs.verdict).toBe('approve');
    expect(await loopLocks(world)).toEqual([]);
    expect(world.gh.violations()).toEqual([]);
  }, 300_000);
});
