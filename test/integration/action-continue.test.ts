// An escalated loop and what people do with it, run as the runner runs the bundled action, each step a
// separate workflow run (its own run id), as on GitHub: the loop escalates after one revise; its own
// tracking comment never triggers it; `/cto review` on the escalated PR reviews the head and leaves the
// loop paused; `/cto continue` resumes it until approval, with one tracking comment throughout and the
// needs-human label gone. The earlier run's Claude session is not on the new runner, so Claude starts
// a new session that is given the whole picture: the plan and the reviewer's requests.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf } from '../support/action-world.js';
import { watchWrites } from '../support/api-writes.js';
import type { Issue, IssueComment } from '../support/github/model.js';
import { issueCommentCreatedPayload, issuesLabeledPayload } from '../support/payloads.js';
import type { ClaudeTurn } from '../support/anthropic-server.js';
import type { ActionRun } from '../support/runner.js';
import { CLAUDE_SCRIPT, codexScript, OBJECTIVE, REVISE, requestText } from '../support/scenario.js';
import type { CodexTurn } from '../support/openai-server.js';

const INPUTS = { 'escalate-after': '1' };
const NEEDS_HUMAN = 'codex-cto:needs-human';
const FEEDBACK = "Add a test that greet('Ada', { shout: false }) returns 'Hello, Ada!'.";

/**
 * The greeter story's reviews; `/cto review` on the escalated PR reviews iteration 1 again, remembering the
 * first review: it finds the same gap still open (marked unresolved, not raised anew).
 */
function codexForContinue(ctx: { index: number; body: unknown }): CodexTurn {
  const text = requestText(ctx.body);
  if (text.includes('review iteration 1') && text.includes('## Your previous review')) {
    return { message: JSON.stringify({ ...REVISE, previous_findings: [{ id: 'F1.1', status: 'unresolved', note: 'Still untested.' }], findings: [] }) };
  }
  return codexScript()(ctx);
}

/** The greeter story; a new session that opens with the reviewer's requests goes straight to the fix. */
function claudeScript({ index, body }: { index: number; body: any }): ClaudeTurn {
  const opening = JSON.stringify(body?.messages?.[0]?.content ?? '');
  const turns = opening.includes("Reviewer's summary") ? CLAUDE_SCRIPT.slice(3) : CLAUDE_SCRIPT;
  return turns[Math.min(index, turns.length - 1)] as ClaudeTurn;
}

describe('an escalated loop: its own comment, /cto review, /cto continue', () => {
  const world = useActionWorld({ claude: claudeScript, codex: codexForContinue });
  let issue: Issue;
  let escalation: ActionRun;
  let prNumber: number;
  let branch: string;

  const tracking = (): IssueComment[] =>
    world.gh.state.commentsOf(world.project.repo, issue).filter((c) => c.author === 'github-actions[bot]' && c.body.includes('codex-cto:state'));
  const labels = (): string[] => world.gh.state.labelsOf(world.project.repo, issue).map((l) => l.name).sort();
  const pull = (): Issue => world.gh.state.requireIssue(world.project.repo, prNumber);
  const command = (body: string, runId: string): Promise<ActionRun> => {
    const id = world.comment(pull(), body, world.project.logins.maintainer);
    const payload = issueCommentCreatedPayload(world.gh, { repo: world.project.fullName, comment: id });
    return world.run({ event: 'issue_comment', payload, inputs: INPUTS, runId });
  };

  beforeAll(async () => {
    issue = world.issue(OBJECTIVE, 'Callers want a louder greeting.', { labels: ['codex-cto'] });
    const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
    escalation = await world.run({ event: 'issues', payload, inputs: INPUTS, runId: '7001' });
    prNumber = Number(escalation.outputs['pr-number']);
    branch = escalation.outputs.branch ?? '';
  }, 300_000);

  it('escalates after one revise: label, mention, one tracking comment', () => {
    expect(escalation.exitCode, logOf(escalation)).toBe(0);
    expect(escalation.outputs.verdict).toBe('revise');
    expect(escalation.outputs.iterations).toBe('1');
    expect(labels()).toEqual(['codex-cto', NEEDS_HUMAN]);
    expect(tracking()).toHaveLength(1);
    expect(tracking()[0]?.body).toMatch(/escalated|paused/i);
    expect(tracking()[0]?.body).toContain('@mona');
    expect(pull().pull?.draft).toBe(true);
    expect(world.gh.violations()).toEqual([]);
  });

  it('never starts on its own tracking comment, nor on a person’s copy of it', async () => {
    const own = tracking()[0] as IssueComment;
    const watch = watchWrites(world.gh);
    try {
      const ownPayload = issueCommentCreatedPayload(world.gh, { repo: world.project.fullName, comment: own.id });
      const byBot = await world.run({ event: 'issue_comment', payload: ownPayload, inputs: { ...INPUTS, 'allowed-bots': 'github-actions[bot]' }, runId: '7002' });
      expect(byBot.exitCode, logOf(byBot)).toBe(0);
      expect(byBot.stdout).toMatch(/^codex-cto: ignoring this event: comment \d+ carries a codex-cto state marker/m);

      const copy = world.comment(issue, `${own.body.replace('### codex-cto', '/cto review\n\n### codex-cto')}`, world.project.logins.maintainer);
      const copyPayload = issueCommentCreatedPayload(world.gh, { repo: world.project.fullName, comment: copy });
      const byPerson = await world.run({ event: 'issue_comment', payload: copyPayload, inputs: INPUTS, runId: '7003' });
      expect(byPerson.exitCode, logOf(byPerson)).toBe(0);
      expect(byPerson.stdout).toMatch(/^codex-cto: ignoring this event: comment \d+ carries a codex-cto state marker/m);
      expect(watch.writes()).toEqual([]);
    } finally {
      watch.stop();
    }
  }, 120_000);

  describe('/cto review on the escalated PR', () => {
    let review: ActionRun;
    let claudeCalls: number;
    let headBefore: string | null;

    beforeAll(async () => {
      claudeCalls = world.anthropic.requests.length;
      headBefore = await world.gh.git.resolveBranch(world.project.owner, world.project.name, branch);
      review = await command('/cto review', '7004');
    }, 300_000);

    it('reviews the head and posts the verdict as a review and a check run', async () => {
      expect(review.exitCode, logOf(review)).toBe(0);
      expect(review.outputs.verdict).toBe('revise');
      const reviews = world.project.repo.reviews.filter((r) => r.pullNumber === prNumber);
      expect(reviews).toHaveLength(2);
      expect(reviews[1]?.commitId).toBe(headBefore);
      const checks = [...world.project.repo.checkRuns.values()].filter((c) => c.headSha === headBefore);
      expect(checks.map((c) => c.name)).toEqual(['codex-cto/review', 'codex-cto/review']);
      // The loop's memory reaches this review too: the first review's open finding and the commit it judged.
      const prompt = requestText(world.openai.requests.at(-1)?.body);
      expect(prompt).toContain(`## Your previous review (iteration 1: revise)\\n\\nIt judged commit \``);
      expect(prompt).toContain('- F1.1 [P1] shout: false is not tested at test/greet.test.js:9-11 (task T2)');
      expect(prompt).toContain('## The request');
      expect(world.gh.violations()).toEqual([]);
    });

    it('leaves the loop paused: no Claude, no commit, still escalated with the label', async () => {
      expect(world.anthropic.requests.length).toBe(claudeCalls);
      expect(await world.gh.git.resolveBranch(world.project.owner, world.project.name, branch)).toBe(headBefore);
      expect(labels()).toEqual(['codex-cto', NEEDS_HUMAN]);
      expect(tracking()).toHaveLength(1);
      expect(tracking()[0]?.body).toMatch(/escalated|paused/i);
      expect(tracking()[0]?.body).toContain('/cto continue');
    });
  });

  describe('/cto continue on the escalated PR', () => {
    let resumed: ActionRun;
    let claudeCalls: number;
    let commentId: number;

    beforeAll(async () => {
      claudeCalls = world.anthropic.requests.length;
      resumed = await command('/cto continue', '7005');
      commentId = world.gh.state.commentsOf(world.project.repo, pull()).at(-1)?.id ?? 0;
    }, 300_000);

    it('resumes the loop and ends approved', () => {
      expect(resumed.exitCode, logOf(resumed)).toBe(0);
      expect(resumed.outputs.verdict).toBe('approve');
      expect(resumed.outputs.iterations).toBe('2');
      expect(resumed.outputs['pr-number']).toBe(String(prNumber));
      expect(world.project.repo.comments.get(commentId)?.reactions.map((r) => r.content)).toEqual(['rocket']);
      expect(world.gh.violations()).toEqual([]);
    });

    it('gives a new Claude session the plan and the reviewer’s requests, and it writes the fix', async () => {
      expect(resumed.outputs['session-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(resumed.outputs['session-id']).not.toBe(escalation.outputs['session-id']);
      const opening = world.anthropic.requests[claudeCalls];
      // Nothing from an earlier conversation: the session is new.
      expect(opening?.index).toBe(0);
      expect((opening?.body.messages as { role: string }[]).map((m) => m.role)).not.toContain('assistant');
      const prompt = JSON.stringify(opening?.body.messages);
      expect(prompt).toContain('Add the shout option');
      expect(prompt).toContain(JSON.stringify(FEEDBACK).slice(1, -1));
      const test = await world.gh.git.readFile(world.project.owner, world.project.name, branch, 'test/greet.test.js');
      expect(test).toContain('does not shout when shout is false');
    });

    it('updates the one tracking comment and takes the needs-human label away', () => {
      expect(tracking()).toHaveLength(1);
      const body = tracking()[0]?.body ?? '';
      expect(body).toMatch(/approved/i);
      expect(body).toMatch(/\|\s*1\s*\|.*revise/i);
      expect(body).toMatch(/\|\s*2\s*\|.*approve/i);
      expect(labels()).toEqual(['codex-cto']);
    });

    it('takes the PR out of draft with a passing check on the new head', async () => {
      expect(pull().pull?.draft).toBe(false);
      const head = await world.gh.git.resolveBranch(world.project.owner, world.project.name, branch);
      const checks = [...world.project.repo.checkRuns.values()].filter((c) => c.headSha === head);
      expect(checks.map((c) => [c.name, c.conclusion])).toEqual([['codex-cto/review', 'success']]);
    });
  });
});
