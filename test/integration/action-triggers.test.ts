// Who and what may start work, run as the runner runs the bundled action. Every event codex-cto must
// not act on ends with exit 0, one log line saying why, no model call and no write to GitHub (reads,
// such as learning its own identity or the actor's permission, are fine). The allow-lists let exactly
// the listed people and bots in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf } from '../support/action-world.js';
import { watchWrites, type WriteWatch } from '../support/api-writes.js';
import type { Issue } from '../support/github/model.js';
import { HUMAN_PR_REVIEW_TURNS, openHumanPullRequest } from '../support/human-pr.js';
import {
  issueCommentCreatedPayload,
  issueCommentEditedPayload,
  issuesLabeledPayload,
  issuesOpenedPayload,
  pushPayload,
  type Payload,
} from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { codexScript } from '../support/scenario.js';

const RENOVATE = 'renovate[bot]';
/** A machine user whose PAT the workflow passes as github-token: codex-cto posts as a `User`. */
const MACHINE = 'cto-machine';
const MACHINE_TOKEN = 'ghp_machineUserToken00000000000000000000';

/** The one line the action logs when it leaves an event alone. */
const LEAVE_LINE = /^codex-cto: (?:ignoring this event|not starting): .*$/gm;

describe('events codex-cto leaves alone', () => {
  const world = useActionWorld({ codex: codexScript({ review1: HUMAN_PR_REVIEW_TURNS }) });
  let watch: WriteWatch;
  let pr: Issue;
  let issue: Issue;

  beforeAll(async () => {
    world.gh.state.addAccount({ login: RENOVATE, type: 'Bot' });
    world.gh.state.addAccount({ login: MACHINE });
    world.gh.state.addToken(MACHINE_TOKEN, { login: MACHINE, kind: 'user' });
    world.gh.state.setPermission(world.project.repo, MACHINE, 'write');
    ({ pr } = await openHumanPullRequest(world, { branch: 'mona/greet-all', agentConfig: false }));
    issue = world.issue('Greet in French', 'Bonjour, please.');
    watch = watchWrites(world.gh);
  }, 120_000);

  afterAll(async () => {
    watch?.stop();
  });

  const repo = (): string => world.project.fullName;
  const commentOn = (target: Issue, body: string, author: string): Payload =>
    issueCommentCreatedPayload(world.gh, { repo: repo(), comment: world.comment(target, body, author) });

  /** Runs the event and checks it was left alone for `reason`. */
  async function expectLeftAlone(event: string, payload: Payload, reason: RegExp, inputs: Record<string, string> = {}): Promise<ActionRun> {
    watch.reset();
    const modelCalls = world.openai.requests.length + world.anthropic.requests.length;
    const run = await world.run({ event, payload, inputs });
    expect(run.exitCode, logOf(run)).toBe(0);
    const lines = run.stdout.match(LEAVE_LINE) ?? [];
    expect(lines, logOf(run)).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
    expect(watch.writes()).toEqual([]);
    expect(world.openai.requests.length + world.anthropic.requests.length).toBe(modelCalls);
    expect(run.errors).toEqual([]);
    expect(world.gh.violations()).toEqual([]);
    return run;
  }

  it('ignores /cto review by a reader', async () => {
    await expectLeftAlone('issue_comment', commentOn(pr, '/cto review', world.project.logins.reader), /not starting: rita has read permission/);
  });

  it('ignores /cto review by a bot that is not in allowed-bots', async () => {
    await expectLeftAlone('issue_comment', commentOn(pr, '/cto review', RENOVATE), /renovate\[bot\].* bot .*allowed-bots/);
  });

  it('lets only an exact login in allowed-bots count', async () => {
    const payload = commentOn(pr, '/cto review', RENOVATE);
    await expectLeftAlone('issue_comment', payload, /renovate\[bot\].* bot .*allowed-bots/, { 'allowed-bots': 'dependabot[bot], renovate-approve[bot]' });
  });

  it('ignores /cto review inside a fenced code block', async () => {
    const body = 'To ask for a review, comment:\n\n```\n/cto review\n```\n';
    await expectLeftAlone('issue_comment', commentOn(pr, body, world.project.logins.maintainer), /has no .?\/cto.? command line/);
  });

  it('ignores /cto review in a quote', async () => {
    const body = '> /cto review\n\nDid someone ask for this?';
    await expectLeftAlone('issue_comment', commentOn(pr, body, world.project.logins.maintainer), /has no .?\/cto.? command line/);
  });

  it('ignores a label that is not the trigger label', async () => {
    world.gh.state.addLabels(world.project.repo, issue, ['enhancement']);
    const payload = issuesLabeledPayload(world.gh, { repo: repo(), issue: issue.number, label: 'enhancement', sender: world.project.logins.maintainer });
    await expectLeftAlone('issues', payload, /label .?enhancement.? is not the trigger label/);
  });

  it('ignores a newly opened issue', async () => {
    await expectLeftAlone('issues', issuesOpenedPayload(world.gh, { repo: repo(), issue: issue.number }), /`issues` action .?opened.? is not handled/);
  });

  it('ignores a push', async () => {
    const { owner, name } = world.project;
    const before = (await world.gh.git.resolveBranch(owner, name, 'main')) as string;
    await world.gh.git.commitFiles(owner, name, { branch: 'main', files: { 'NOTES.md': 'notes\n' }, message: 'Add notes' });
    const [commit] = await world.gh.git.log(owner, name, 'main', 1);
    const payload = pushPayload(world.gh, { repo: repo(), sender: world.project.logins.maintainer, ref: 'refs/heads/main', before, commits: [commit!] });
    await expectLeftAlone('push', payload, /event .?push.? is not one codex-cto handles/);
  });

  it('ignores an edited comment, even when the edit adds /cto review', async () => {
    const id = world.comment(pr, 'Looks good to me.', world.project.logins.maintainer);
    const comment = world.project.repo.comments.get(id)!;
    comment.body = 'Looks good to me.\n\n/cto review';
    const payload = issueCommentEditedPayload(world.gh, { repo: repo(), comment: id, from: 'Looks good to me.' });
    await expectLeftAlone('issue_comment', payload, /`issue_comment` action .?edited.? is not handled/);
  });

  it('refuses the trigger label added by a triager, who can label but not write', async () => {
    world.gh.state.addLabels(world.project.repo, issue, ['codex-cto']);
    const payload = issuesLabeledPayload(world.gh, { repo: repo(), issue: issue.number, label: 'codex-cto', sender: world.project.logins.triager });
    await expectLeftAlone('issues', payload, /not starting: tri has triage permission/);
    expect(world.gh.state.commentsOf(world.project.repo, issue)).toEqual([]);
  });

  it('never acts on a comment by the workflow identity, not even when allowed-bots lists it', async () => {
    await expectLeftAlone('issue_comment', commentOn(pr, '/cto review', 'github-actions[bot]'), /github-actions\[bot\].* bot .*allowed-bots/);
    const listed = commentOn(pr, '/cto review', 'github-actions[bot]');
    await expectLeftAlone('issue_comment', listed, /written by codex-cto itself/, { 'allowed-bots': 'github-actions[bot]' });
  });

  it('never acts on its own comment when it posts as a machine user (a PAT)', async () => {
    const payload = commentOn(pr, '/cto review', MACHINE);
    await expectLeftAlone('issue_comment', payload, /written by codex-cto itself \(.?cto-machine.?\)/, { 'github-token': MACHINE_TOKEN });
  });

  describe('the allow-lists', () => {
    async function expectReviewed(payload: Payload, inputs: Record<string, string>): Promise<void> {
      const reviewsBefore = world.project.repo.reviews.filter((r) => r.pullNumber === pr.number).length;
      const run = await world.run({ event: 'issue_comment', payload, inputs });
      expect(run.exitCode, logOf(run)).toBe(0);
      expect(run.stdout).not.toMatch(LEAVE_LINE);
      expect(run.outputs.verdict, logOf(run)).toBe('revise');
      expect(world.project.repo.reviews.filter((r) => r.pullNumber === pr.number)).toHaveLength(reviewsBefore + 1);
      const commentId = (payload.comment as { id: number }).id;
      expect(world.project.repo.comments.get(commentId)?.reactions.map((r) => r.content)).toEqual(['eyes']);
      expect(world.gh.violations()).toEqual([]);
    }

    it('allowed-users lets a reader in', async () => {
      await expectReviewed(commentOn(pr, '/cto review', world.project.logins.reader), { 'allowed-users': 'rita' });
    }, 180_000);

    it('allowed-bots lets in the bot whose exact login it lists', async () => {
      await expectReviewed(commentOn(pr, '/cto review', RENOVATE), { 'allowed-bots': RENOVATE });
    }, 180_000);
  });
});
