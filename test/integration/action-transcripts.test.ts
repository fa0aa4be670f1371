// A loop's memory across workflow runs, run as the runner runs the bundled action with the runner's
// artifact service emulated (the real @actions/artifact inside the action, the REST artifact routes on the
// emulated GitHub): each run uploads its transcripts, redacted; `/cto continue` in a later run brings
// Claude Code's session back from that artifact and the model sees the earlier turns; when the artifact is
// gone, Claude starts afresh with the whole picture in its prompt; a failed upload is a warning; with
// uploads off nothing goes up.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf } from '../support/action-world.js';
import type { ClaudeTurn } from '../support/anthropic-server.js';
import { FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY } from '../support/agent-home.js';
import type { Issue } from '../support/github/model.js';
import { issueCommentCreatedPayload, issuesLabeledPayload } from '../support/payloads.js';
import type { Artifact } from '../support/runner-services/index.js';
import type { ActionRun } from '../support/runner.js';
import { CLAUDE_SCRIPT, codexScript, OBJECTIVE } from '../support/scenario.js';

const INPUTS = { 'escalate-after': '1' };
/** What Claude says at the end of iteration 1, a key it should never have seen included: the upload must mask it. */
const LEAKY_SUMMARY = `T1 done: greet accepts { shout }. T2 done: added a test for shout: true. Key: ${FAKE_ANTHROPIC_KEY}`;
const SCRIPT: ClaudeTurn[] = CLAUDE_SCRIPT.map((turn, i) => (i === 2 ? { text: LEAKY_SUMMARY } : turn));

describe('transcripts across runs', () => {
  const world = useActionWorld({ runnerServices: true, claude: SCRIPT, codex: codexScript() });

  const services = () => {
    if (!world.services) throw new Error('the world runs without runner services');
    return world.services;
  };
  const artifactsOf = (runId: string): Artifact[] => services().state.artifacts.filter((a) => a.job.runId === runId && a.finalized);
  const filesOf = (artifact: Artifact): Map<string, string> =>
    new Map([...services().state.artifactFiles(artifact)].map(([name, content]) => [name, content.toString('utf8')]));
  const trackingOf = (issue: Issue): string =>
    world.gh.state.commentsOf(world.project.repo, issue).find((c) => c.author === 'github-actions[bot]' && c.body.includes('codex-cto:state'))?.body ?? '';
  const start = (issue: Issue, runId: string, inputs: Record<string, string> = INPUTS): Promise<ActionRun> => {
    const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
    return world.run({ event: 'issues', payload, inputs, runId });
  };
  const command = (pr: number, body: string, runId: string): Promise<ActionRun> => {
    const id = world.comment(world.gh.state.requireIssue(world.project.repo, pr), body, world.project.logins.maintainer);
    const payload = issueCommentCreatedPayload(world.gh, { repo: world.project.fullName, comment: id });
    return world.run({ event: 'issue_comment', payload, inputs: INPUTS, runId });
  };
  /** The Anthropic requests made after `from`, the first of which opens this run's Claude session. */
  const claudeRequestsSince = (from: number) => world.anthropic.requests.slice(from);

  describe('a run uploads its transcripts, and /cto continue resumes Claude from them', () => {
    let issue: Issue;
    let first: ActionRun;
    let uploaded: Artifact;
    let resumed: ActionRun;
    let claudeFrom: number;

    beforeAll(async () => {
      issue = world.issue(OBJECTIVE, 'Callers want a louder greeting.', { labels: ['codex-cto'] });
      first = await start(issue, '8001');
      uploaded = artifactsOf('8001')[0] as Artifact;
      claudeFrom = world.anthropic.requests.length;
      resumed = await command(Number(first.outputs['pr-number']), '/cto continue', '8002');
    }, 420_000);

    it('uploads one artifact named after the issue and iteration, with the plan, Claude, verification, review and session', () => {
      expect(first.exitCode, logOf(first)).toBe(0);
      expect(first.outputs.verdict).toBe('revise');
      expect(artifactsOf('8001').map((a) => a.name)).toEqual([`codex-cto-issue-${issue.number}-iteration-1`]);
      const files = filesOf(uploaded);
      expect([...files.keys()].sort()).toEqual(['claude-001.json', 'claude-001.jsonl', 'claude-session.jsonl', 'plan-001.json', 'review-001.json', 'verification-001.json']);
      expect(JSON.parse(files.get('plan-001.json') ?? '')).toMatchObject({ objective: OBJECTIVE });
      expect(JSON.parse(files.get('review-001.json') ?? '')).toMatchObject({ verdict: 'revise' });
      expect(JSON.parse(files.get('verification-001.json') ?? '')).toEqual([expect.objectContaining({ command: 'npm test --silent', exitCode: 0 })]);
      const sessionId = first.outputs['session-id'] ?? '';
      expect(files.get('claude-session.jsonl')).toContain(`"sessionId":"${sessionId}"`);
      expect(first.stdout).toContain(`codex-cto: uploaded the transcripts as artifact codex-cto-issue-${issue.number}-iteration-1`);
    });

    it('masks every secret in every file, as everything posted is', () => {
      const secrets = [FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY, world.gh.workflowToken, first.env.ACTIONS_RUNTIME_TOKEN ?? 'runtime token missing'];
      const files = filesOf(uploaded);
      for (const [name, text] of files) {
        for (const secret of secrets) expect(text.includes(secret), `${name} holds a secret`).toBe(false);
      }
      // The leak was there to mask: Claude's summary reached both its result and its session, masked.
      expect(files.get('claude-001.json')).toContain('Key: ***');
      // Claude's stream, kept as it went, is redacted the same way.
      expect(files.get('claude-001.jsonl')).toContain('Key: ***');
      expect(files.get('claude-session.jsonl')).toContain('Key: ***');
    });

    it('links the artifact from the tracking comment and the job summary', () => {
      const url = `/${world.project.fullName}/actions/runs/8001/artifacts/${uploaded.id}`;
      expect(first.summary).toContain(url);
      expect(first.summary).toMatch(/\[Transcripts\]\(http:\/\/github\.localhost:\d+\//);
      // The comment names the newest run's artifact: the continue replaced it.
      const latest = artifactsOf('8002')[0];
      expect(trackingOf(issue)).toContain(`/${world.project.fullName}/actions/runs/8002/artifacts/${latest?.id}`);
    });

    it('resumes the same Claude session in the later run: the model sees the earlier turns', () => {
      expect(resumed.exitCode, logOf(resumed)).toBe(0);
      expect(resumed.stdout).toContain(`codex-cto: Claude Code resumes session ${first.outputs['session-id']} from the artifact codex-cto-issue-${issue.number}-iteration-1 of run 8001.`);
      const requests = claudeRequestsSince(claudeFrom);
      expect(requests.length).toBeGreaterThan(0);
      // Three model turns of run 8001 are in the history of the first request of run 8002.
      expect(requests[0]?.index).toBe(3);
      expect(requests[0]?.headers['x-claude-code-session-id']).toBe(first.outputs['session-id']);
      const history = JSON.stringify(requests[0]?.body.messages);
      expect(history).toContain('Adding the shout option.');
      expect(history).toContain('T1 done: greet accepts { shout }.');
      expect(resumed.outputs.verdict).toBe('approve');
      expect(resumed.outputs['session-id']).toBe(first.outputs['session-id']);
      expect(trackingOf(issue)).toContain('Claude Code resumed its session from the transcripts of run 8001.');
    });

    it('uploads the later run too, its session holding both runs', () => {
      const later = artifactsOf('8002');
      expect(later.map((a) => a.name)).toEqual([`codex-cto-issue-${issue.number}-iteration-2`]);
      const files = filesOf(later[0] as Artifact);
      expect([...files.keys()].sort()).toEqual(['claude-002.json', 'claude-002.jsonl', 'claude-session.jsonl', 'review-002.json', 'verification-002.json']);
      const session = files.get('claude-session.jsonl') ?? '';
      expect(session).toContain('Adding the shout option.');
      expect(session).toContain('Added the shout: false test as the reviewer asked.');
    });
  });

  describe('when the earlier artifact is gone', () => {
    let issue: Issue;
    let first: ActionRun;
    let resumed: ActionRun;
    let claudeFrom: number;

    beforeAll(async () => {
      issue = world.issue(`${OBJECTIVE} (again)`, 'Callers want a louder greeting.', { labels: ['codex-cto'] });
      first = await start(issue, '8101');
      // Expired: GitHub answers the download with 410.
      for (const artifact of artifactsOf('8101')) artifact.expiresAt = new Date(Date.now() - 1000);
      claudeFrom = world.anthropic.requests.length;
      resumed = await command(Number(first.outputs['pr-number']), '/cto continue', '8102');
    }, 420_000);

    it('starts a fresh session whose prompt carries the plan and the findings, and says so', () => {
      expect(first.exitCode, logOf(first)).toBe(0);
      expect(resumed.exitCode, logOf(resumed)).toBe(0);
      expect(resumed.stdout).toMatch(/codex-cto: Claude Code starts a fresh session: the artifact of run 8101 could not be used \(.+\); its prompt carries the plan, the reviewer's findings and any feedback\./);
      const opening = claudeRequestsSince(claudeFrom)[0];
      expect(opening?.index).toBe(0);
      expect(opening?.headers['x-claude-code-session-id']).not.toBe(first.outputs['session-id']);
      const prompt = JSON.stringify(opening?.body.messages);
      expect(prompt).toContain('Add the shout option');
      expect(prompt).toContain('shout: false is not tested');
      expect(trackingOf(issue)).toMatch(/Claude Code started a fresh session \(the artifact of run 8101 could not be used/);
    });
  });

  describe('when the upload fails', () => {
    let run: ActionRun;

    beforeAll(async () => {
      const issue = world.issue('Plan a quieter greeting', 'Only the plan, please.', { labels: ['codex-cto'] });
      services().inject({ operation: 'CreateArtifact', status: 403, message: 'insufficient usage to create artifact' });
      run = await start(issue, '8301', { ...INPUTS, 'require-plan-approval': 'true' });
    }, 300_000);

    it('warns, and the loop goes on as if nothing happened', () => {
      expect(run.exitCode, logOf(run)).toBe(0);
      expect(services().pendingFaults()).toEqual([]);
      expect(run.warnings.some((w) => w.startsWith("codex-cto could not upload this run's transcripts (the loop itself is unaffected):"))).toBe(true);
      expect(artifactsOf('8301')).toEqual([]);
      expect(run.summary).toContain('## codex-cto: Waiting for plan approval');
      expect(run.summary).not.toContain('Transcripts');
    });
  });

  describe('with upload-artifacts off', () => {
    let run: ActionRun;

    beforeAll(async () => {
      const issue = world.issue('Plan a louder greeting', 'Only the plan, please.', { labels: ['codex-cto'] });
      run = await start(issue, '8201', { ...INPUTS, 'require-plan-approval': 'true', 'upload-artifacts': 'false' });
    }, 300_000);

    it('uploads nothing and says so; the artifact service is never called', () => {
      expect(run.exitCode, logOf(run)).toBe(0);
      expect(run.stdout).toContain('codex-cto: upload-artifacts is off');
      expect(artifactsOf('8201')).toEqual([]);
      expect(services().state.artifacts.filter((a) => a.job.runId === '8201')).toEqual([]);
      expect(run.summary).not.toContain('Transcripts');
    });
  });
});
