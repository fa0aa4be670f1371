// `/cto continue <guidance>` on a paused loop, each step a separate workflow run of the bundled action: the
// loop escalates after one revise, the guidance resumes it (reaching both agents, judged by the reviewer),
// it pauses again at its cap of 2, and `/cto continue <more guidance>` raises the cap to 4 for iteration 3.
// Every version of the tracking comment, every review and check run counts within the cap in force.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf } from '../support/action-world.js';
import type { Issue } from '../support/github/model.js';
import { issueCommentCreatedPayload, issuesLabeledPayload } from '../support/payloads.js';
import type { ClaudeTurn } from '../support/anthropic-server.js';
import type { CodexTurn } from '../support/openai-server.js';
import type { ActionRun } from '../support/runner.js';
import type { Review } from '../../src/core/model/schema-types.js';
import { APPROVE, CLAUDE_SCRIPT, OBJECTIVE, PLAN, REVISE, requestText } from '../support/scenario.js';

const INPUTS = { 'escalate-after': '1', 'max-iterations': '2' };
const GUIDANCE = 'Name the quiet test "does not shout when shout is false".';
const MORE_GUIDANCE = 'Good. Leave the README alone.';

/** Iteration 2 fixes the test but the reviewer still wants more: the guidance is met, T2 stays partial. */
const STILL_REVISE: Review = {
  ...REVISE,
  previous_findings: [{ id: 'F1.1', status: 'resolved', note: '' }],
  findings: [],
  requirements: [...REVISE.requirements, { requirement: 'Name the quiet test', feedback_id: 'H1', status: 'met', note: 'Named as asked.' }],
  summary: 'The guidance is followed; T2 still lacks an assertion message.',
};

const FINAL: Review = {
  ...APPROVE,
  previous_findings: [],
  requirements: [...APPROVE.requirements, { requirement: 'README unchanged', feedback_id: 'H1', status: 'met', note: 'README.md is untouched.' }],
};

function codex({ body }: { index: number; body: unknown }): CodexTurn {
  const text = requestText(body);
  const json = (value: unknown): CodexTurn => ({ message: JSON.stringify(value) });
  if (text.includes('review iteration 3')) return json(FINAL);
  if (text.includes('review iteration 2')) return json(STILL_REVISE);
  if (text.includes('review iteration 1')) return json(REVISE);
  return json(PLAN);
}

function claude({ index, body }: { index: number; body: any }): ClaudeTurn {
  const opening = JSON.stringify(body?.messages?.[0]?.content ?? '');
  const turns = opening.includes("Reviewer's summary") ? CLAUDE_SCRIPT.slice(3) : CLAUDE_SCRIPT;
  return turns[Math.min(index, turns.length - 1)] as ClaudeTurn;
}

describe('/cto continue with guidance, after an escalation and after the cap', () => {
  const world = useActionWorld({ claude, codex });
  let issue: Issue;
  let prNumber: number;
  const runs: ActionRun[] = [];
  /** Every body the tracking comment was given, in order, with the run that wrote it. */
  const versions: { run: number; body: string }[] = [];
  let currentRun = 0;
  const trackingBodyOf = (body: unknown): string | null => {
    const record = body as { body?: unknown; variables?: { body?: unknown } } | null;
    const text = typeof record?.body === 'string' ? record.body : typeof record?.variables?.body === 'string' ? record.variables.body : null;
    return text !== null && text.includes('codex-cto:state') ? text : null;
  };
  const promptsOf = (from: number, iteration: number) =>
    world.openai.requests.slice(from).map((r) => requestText(r.body)).find((t) => t.includes(`review iteration ${iteration}`)) ?? '';

  const command = async (body: string, runId: string): Promise<ActionRun> => {
    currentRun += 1;
    const pull = world.gh.state.requireIssue(world.project.repo, prNumber);
    const id = world.comment(pull, body, world.project.logins.maintainer);
    const run = await world.run({ event: 'issue_comment', payload: issueCommentCreatedPayload(world.gh, { repo: world.project.fullName, comment: id }), inputs: INPUTS, runId });
    runs.push(run);
    return run;
  };

  const marks = { claude: [] as number[], codex: [] as number[] };

  beforeAll(async () => {
    for (const route of ['/repos/{owner}/{repo}/issues/{issue_number}/comments', '/repos/{owner}/{repo}/issues/comments/{comment_id}', '/graphql']) {
      world.gh.on({ route, run: (event) => {
        const body = trackingBodyOf(event.body);
        if (body !== null && event.method !== 'GET') versions.push({ run: currentRun, body });
      } });
    }
    issue = world.issue(OBJECTIVE, 'Callers want a louder greeting.', { labels: ['codex-cto'] });
    const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
    runs.push(await world.run({ event: 'issues', payload, inputs: INPUTS, runId: '9201' }));
    prNumber = Number(runs[0]?.outputs['pr-number']);
    marks.claude.push(world.anthropic.requests.length);
    marks.codex.push(world.openai.requests.length);
    await command(`/cto continue ${GUIDANCE}`, '9202');
    marks.claude.push(world.anthropic.requests.length);
    marks.codex.push(world.openai.requests.length);
    await command(`/cto continue\n${MORE_GUIDANCE}`, '9203');
  }, 600_000);

  it('escalates, resumes with the guidance to the cap of 2, then runs iteration 3 of 4 to an approval', () => {
    for (const run of runs) expect(run.exitCode, logOf(run)).toBe(0);
    expect(runs.map((run) => [run.outputs.iterations, run.outputs.verdict])).toEqual([['1', 'revise'], ['2', 'revise'], ['3', 'approve']]);
    const final = versions.at(-1)?.body ?? '';
    expect(final).toMatch(/### codex-cto: Approved/);
    expect(final).toMatch(/\| 2 \(asked by @&#8203;mona\) \| revise \|/);
    expect(final).toMatch(/\| 3 \(asked by @&#8203;mona\) \| approve \|/);
    expect(world.gh.violations()).toEqual([]);
  });

  it('asks concretely on escalation, and says how to answer', () => {
    const escalated = versions.filter((v) => v.run === 0).at(-1)?.body ?? '';
    expect(escalated).toMatch(/### codex-cto: Escalated: needs a human/);
    expect(escalated).toContain('Comment `/cto continue` followed by your guidance on pull request');
    expect(escalated).toContain('#### What the reviewer could not get resolved');
    expect(escalated).toContain('P1 finding F1.1: shout: false is not tested');
  });

  it('hands the guidance to Claude and to the reviewer, who judges it', () => {
    const opening = JSON.stringify(world.anthropic.requests[marks.claude[0] ?? 0]?.body.messages);
    expect(opening).toContain(`H1 (general):\\n    ${GUIDANCE.replace(/"/g, '\\"')}`);
    const review2 = promptsOf(marks.codex[0] ?? 0, 2);
    expect(review2).toContain("## A person's feedback (from @mona)");
    expect(review2).toContain('Name the quiet test');
    const opening3 = JSON.stringify(world.anthropic.requests[marks.claude[1] ?? 0]?.body.messages);
    expect(opening3).toContain(`H1 (general):\\n    ${MORE_GUIDANCE}`);
    expect(opening3).not.toContain('Name the quiet test \\"does not');
  });

  it('never counts past the cap in force in any version of the tracking comment', () => {
    expect(versions.length).toBeGreaterThan(6);
    const caps = versions.map(({ run, body }) => {
      for (const [, k, n] of body.matchAll(/iteration (\d+) of (\d+)/gi)) expect(Number(k), body).toBeLessThanOrEqual(Number(n));
      return [run, [...body.matchAll(/iteration \d+ of (\d+)/gi)].map((m) => Number(m[1]))] as const;
    });
    for (const [run, seen] of caps) for (const cap of seen) expect(cap, `run ${run}`).toBe(run === 2 ? 4 : 2);
    expect(versions.filter((v) => v.run === 2).some((v) => v.body.includes('Implementing iteration 3 of 4'))).toBe(true);
    expect(versions.filter((v) => v.run === 1).at(-1)?.body).toMatch(/2 of 2 iterations ran without an approval|paused after iteration 2 of 2/);
  });

  it('numbers the reviews and check runs within the cap in force', () => {
    const verdicts = world.project.repo.reviews.filter((r) => r.pullNumber === prNumber && r.author === 'github-actions[bot]');
    const said = verdicts.map((r) => /Iteration (\d+) of (\d+)/.exec(r.body)?.slice(1).map(Number));
    expect(said).toEqual([[1, 2], [2, 2], [3, 4]]);
    const checks = [...world.project.repo.checkRuns.values()].map((c) => `${c.output.title ?? ''} ${c.output.summary ?? ''}`);
    for (const text of checks) for (const [, k, n] of text.matchAll(/iteration (\d+) of (\d+)/gi)) expect(Number(k)).toBeLessThanOrEqual(Number(n));
  });
});
