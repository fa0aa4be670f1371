// The job is cancelled while Claude works on iteration 2: the main step of the bundled action is
// signalled as the runner does, then the post step runs with the state main saved. The tracking comment
// must not stay "working": it says the job ended and how to resume, iteration 1 stays pushed, and
// `/cto continue` does resume the loop.
import { beforeAll, describe, expect, it } from 'vitest';
import { theTrackingComment } from '../support/action-views.js';
import { useActionWorld, logOf } from '../support/action-world.js';
import type { ClaudeScript, ClaudeTurn } from '../support/anthropic-server.js';
import type { Issue } from '../support/github/model.js';
import { issueCommentCreatedPayload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { CLAUDE_SCRIPT } from '../support/scenario.js';
import { branchHistory, labelledIssue, runForLabel, waitFor, workBranch } from '../support/failure-runs.js';

/**
 * Claude's turns, except that the first turn of iteration 2 gets no answer while the job runs. Once
 * released (the continued run), iteration 2's turns answer, in a resumed session or in the new one a
 * runner without the old session starts.
 */
function claudeHangingInIteration2(): { script: ClaudeScript; release: () => void } {
  let released = false;
  const script: ClaudeScript = ({ index }) => {
    if (!released) return index === 3 ? { hang: true } : (CLAUDE_SCRIPT[index] as ClaudeTurn);
    return CLAUDE_SCRIPT[3 + (index >= 3 ? index - 3 : index)] as ClaudeTurn;
  };
  return { script, release: () => (released = true) };
}

describe('the job cancelled while Claude works on iteration 2', () => {
  const claude = claudeHangingInIteration2();
  const world = useActionWorld({ claude: claude.script });
  let issue: Issue;
  let run: ActionRun;
  let whileWorking = '';
  let resumed: ActionRun;

  beforeAll(async () => {
    issue = labelledIssue(world);
    const claudeIsWorking = (async () => {
      await waitFor('Claude to start iteration 2', () => world.anthropic.requests.some((r) => r.index === 3));
      whileWorking = theTrackingComment(world, issue.number).body;
    })();
    run = await runForLabel(world, issue, { post: true, runId: '3000001', cancelMain: { when: claudeIsWorking, signal: 'SIGINT' } });
  }, 300_000);

  it('was working on iteration 2 when the job was cancelled', () => {
    expect(whileWorking).toMatch(/### codex-cto: Implementing iteration 2 of 5/);
    // What the post step is told: the comment was last written in a working phase, so it has work to do.
    expect(run.state['tracking-phase']).toBe('implementing');
    expect(run.exitCode === null ? run.signal : run.exitCode, logOf(run)).not.toBe(0);
  });

  it('has the post step move the comment to a final state that says the job ended and how to resume', async () => {
    expect(run.post?.exitCode, run.post?.stdout).toBe(0);
    expect(run.post?.warnings.join('\n')).toMatch(/the job ended before the loop/);
    const { body } = theTrackingComment(world, issue.number);
    expect(body).toMatch(/### codex-cto: Failed/);
    expect(body).not.toMatch(/Implementing|Claude Code is working/);
    expect(body).toContain('The job ended before the loop did');
    expect(body).toContain('Comment `/cto continue` to resume the loop.');
    expect(run.post?.summary).toMatch(/codex-cto: Failed/);
    expect(run.post?.summary).toContain('The job ended before the loop did');
    expect(run.post?.summary).toContain('Comment `/cto continue` to resume the loop.');
  });

  it('kept iteration 1 pushed and reviewed', async () => {
    const history = await branchHistory(world, workBranch(issue.number));
    expect(history[0]?.author).toBe('github-actions[bot]');
    const greet = await world.gh.git.readFile(world.project.owner, world.project.name, workBranch(issue.number), 'src/greet.js');
    expect(greet).toContain('shout');
    expect(world.project.repo.reviews).toHaveLength(1);
  });

  it('resumes on `/cto continue` and finishes the loop', async () => {
    claude.release();
    const comment = world.comment(issue, '/cto continue', world.project.logins.maintainer);
    const payload = issueCommentCreatedPayload(world.gh, { repo: world.project.fullName, comment, sender: world.project.logins.maintainer });
    resumed = await world.run({ event: 'issue_comment', payload, runId: '3000002', post: true });
    expect(resumed.exitCode, logOf(resumed)).toBe(0);
    expect(resumed.outputs.verdict).toBe('approve');
    expect(resumed.outputs.iterations).toBe('2');
    const { body } = theTrackingComment(world, issue.number);
    expect(body).toMatch(/### codex-cto: Approved/);
    const test = await world.gh.git.readFile(world.project.owner, world.project.name, workBranch(issue.number), 'test/greet.test.js');
    expect(test).toContain('does not shout when shout is false');
  }, 300_000);

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});
