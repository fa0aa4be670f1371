// The bundled action with `auto-merge: 'true'`, approving in the first review: with nothing to wait for
// the PR is squash-merged into main; with a required check still pending GitHub refuses the direct
// merge, so the action enables auto-merge instead and the run still succeeds.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf, type ActionWorld, type WorldOptions } from '../support/action-world.js';
import { plainOctokitFor } from '../support/github/fixtures.js';
import { issuesLabeledPayload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { APPROVE, OBJECTIVE, codexScript } from '../support/scenario.js';

interface Approved {
  world: ActionWorld;
  run: ActionRun;
  issueNumber: number;
}

/** A world whose reviewer approves at once, with the repository settings `seed`. */
function approvingWorld(seed: WorldOptions['seed']): WorldOptions {
  return { codex: codexScript({ review1: [{ message: JSON.stringify(APPROVE) }] }), seed };
}

/** A labelled issue, approved in iteration 1, run with auto-merge on. */
async function approveWithAutoMerge(world: ActionWorld): Promise<Approved> {
  const issue = world.issue(OBJECTIVE, 'Callers want a louder greeting. Keep the default unchanged.', { labels: ['codex-cto'] });
  const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
  const run = await world.run({ event: 'issues', payload, inputs: { 'auto-merge': 'true', 'merge-method': 'squash' } });
  return { world, run, issueNumber: issue.number };
}

async function trackingBody(world: ActionWorld, issueNumber: number): Promise<string> {
  const api = plainOctokitFor(world.gh, world.project.tokens.maintainer);
  const { data: comments } = await api.rest.issues.listComments({ owner: world.project.owner, repo: world.project.name, issue_number: issueNumber });
  const tracking = comments.filter((c) => c.body?.includes('codex-cto:state'));
  expect(tracking).toHaveLength(1);
  return tracking[0]?.body ?? '';
}

describe('auto-merge with nothing to wait for', () => {
  const world = useActionWorld(approvingWorld(undefined));
  let approved: Approved;

  beforeAll(async () => {
    approved = await approveWithAutoMerge(world);
  }, 300_000);

  it('ends approved after one iteration', () => {
    const { run } = approved;
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(run.outputs.iterations).toBe('1');
    expect(run.outputs['pr-number']).toMatch(/^\d+$/);
  });

  it('squash-merges the PR into main', async () => {
    const { world, run, issueNumber } = approved;
    const pr = Number(run.outputs['pr-number']);
    const pull = world.project.repo.issues.get(pr)?.pull;
    expect(pull?.merged, logOf(run)).toBe(true);
    expect(pull?.autoMerge).toBeNull();
    const [head] = await world.gh.git.log(world.project.owner, world.project.name, 'main', 1);
    expect(head?.sha).toBe(pull?.mergeCommitSha);
    expect(head?.parents).toHaveLength(1);
    expect(head?.subject).toMatch(new RegExp(`\\(#${pr}\\)$`));
    const greet = await world.gh.git.readFile(world.project.owner, world.project.name, 'main', 'src/greet.js');
    expect(greet).toContain('shout');

    const api = plainOctokitFor(world.gh, world.project.tokens.maintainer);
    const { data } = await api.rest.pulls.get({ owner: world.project.owner, repo: world.project.name, pull_number: pr });
    expect(data).toMatchObject({ merged: true, state: 'closed' });
    expect(data.head.ref).toBe(`codex-cto/issue-${issueNumber}`);
  });

  it('says approved in the tracking comment', async () => {
    expect(await trackingBody(approved.world, approved.issueNumber)).toMatch(/approved/i);
  });

  it('makes no request GitHub would reject', () => {
    expect(approved.world.gh.violations()).toEqual([]);
  });
});

describe('auto-merge with a required check still pending', () => {
  const world = useActionWorld(approvingWorld({ allowAutoMerge: true, requiredChecks: ['ci'] }));
  let approved: Approved;

  beforeAll(async () => {
    approved = await approveWithAutoMerge(world);
  }, 300_000);

  it('still ends approved, exit 0', () => {
    const { run } = approved;
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(run.outputs.iterations).toBe('1');
  });

  it('tries the direct merge, is refused, and enables squash auto-merge via GraphQL instead', async () => {
    const { world, run } = approved;
    const pr = Number(run.outputs['pr-number']);
    const merges = world.gh.requests().filter((r) => r.method === 'PUT' && r.path.endsWith(`/pulls/${pr}/merge`));
    expect(merges.map((r) => r.status), logOf(run)).toEqual([405]);
    const pull = world.project.repo.issues.get(pr)?.pull;
    expect(pull?.merged).toBe(false);
    expect(pull?.autoMerge).toEqual({ method: 'squash', enabledBy: 'github-actions[bot]' });
    expect(run.stdout).toContain('enabling auto-merge instead');

    const api = plainOctokitFor(world.gh, world.project.tokens.maintainer);
    const answer = await api.graphql<{ repository: { pullRequest: { state: string; autoMergeRequest: { mergeMethod: string } | null } } }>(
      'query($owner: String!, $name: String!, $number: Int!) { repository(owner: $owner, name: $name) { pullRequest(number: $number) { state autoMergeRequest { mergeMethod } } } }',
      { owner: world.project.owner, name: world.project.name, number: pr },
    );
    expect(answer.repository.pullRequest).toEqual({ state: 'OPEN', autoMergeRequest: { mergeMethod: 'SQUASH' } });
    const [head] = await world.gh.git.log(world.project.owner, world.project.name, 'main', 1);
    expect(head?.subject).not.toMatch(new RegExp(`\\(#${pr}\\)$`));
  });

  it('says approved in the tracking comment', async () => {
    expect(await trackingBody(approved.world, approved.issueNumber)).toMatch(/approved/i);
  });

  it('makes no request GitHub would reject', () => {
    expect(approved.world.gh.violations()).toEqual([]);
  });
});
