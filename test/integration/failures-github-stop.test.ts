// The world changes under a running loop: the PR is closed or merged, the issue locked, the trigger label
// removed. The bundled action finishes the iteration in progress (its work pushed, its review posted),
// then stops before the next one and says why in the tracking comment and the job summary.
import { beforeAll, describe, expect, it } from 'vitest';
import { theTrackingComment } from '../support/action-views.js';
import { useActionWorld, logOf, type ActionWorld } from '../support/action-world.js';
import { plainOctokitFor } from '../support/github/fixtures.js';
import type { Issue } from '../support/github/model.js';
import type { ActionRun } from '../support/runner.js';
import { branchHistory, labelledIssue, runForLabel, workBranch } from '../support/failure-runs.js';

const PULLS_ROUTE = '/repos/{owner}/{repo}/pulls';
const REVIEW_ROUTE = '/repos/{owner}/{repo}/pulls/{pull_number}/reviews';

interface Case {
  name: string;
  /** When the change happens: right after the PR opens (mid-iteration) or after the first review. */
  after: typeof PULLS_ROUTE | typeof REVIEW_ROUTE;
  change: (world: ActionWorld, issue: Issue) => Promise<void>;
  reason: (issue: Issue, pr: number) => RegExp;
}

function pullOf(world: ActionWorld): Issue {
  const pull = [...world.project.repo.issues.values()].find((i) => i.pull !== null);
  if (!pull) throw new Error('no pull request yet');
  return pull;
}

const CASES: Case[] = [
  {
    name: 'the PR is closed after the first review',
    after: REVIEW_ROUTE,
    change: async (world) => world.gh.state.close(pullOf(world), world.project.logins.maintainer),
    reason: (_issue, pr) => new RegExp(`pull request #${pr} was closed`),
  },
  {
    name: 'the PR is merged after the first review',
    after: REVIEW_ROUTE,
    change: async (world, issue) => {
      const pull = pullOf(world);
      // The maintainer marks the draft ready, then merges it through the API (a real merge on the remote).
      if (pull.pull) pull.pull.draft = false;
      const api = plainOctokitFor(world.gh, world.project.tokens.maintainer);
      await api.rest.pulls.merge({ owner: world.project.owner, repo: world.project.name, pull_number: pull.number, merge_method: 'squash' });
      // GitHub closes the issue the PR body names (`Closes #N`) when the PR merges into the default branch.
      world.gh.state.close(issue, world.project.logins.maintainer);
    },
    reason: (_issue, pr) => new RegExp(`pull request #${pr} was merged`),
  },
  {
    name: 'the issue is locked while the first iteration runs',
    after: PULLS_ROUTE,
    change: async (world, issue) => world.gh.state.lockIssue(issue, 'too heated'),
    reason: (issue) => new RegExp(`#${issue.number} was locked`),
  },
  {
    name: 'the trigger label is removed while the first iteration runs',
    after: PULLS_ROUTE,
    change: async (world, issue) => {
      world.gh.state.removeLabel(world.project.repo, issue, 'codex-cto');
    },
    reason: () => /the `codex-cto` label was removed/,
  },
];

describe.each(CASES)('$name', (c) => {
  const world = useActionWorld();
  let issue: Issue;
  let run: ActionRun;

  beforeAll(async () => {
    issue = labelledIssue(world);
    world.gh.on({ method: 'POST', route: c.after, when: 'after', times: 1, run: () => c.change(world, issue) });
    run = await runForLabel(world, issue);
  }, 300_000);

  it('finishes the iteration in progress and runs no other', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.outputs.iterations).toBe('1');
    expect(run.outputs.verdict).toBe('revise');
    // Iteration 1 is three Claude turns; a second iteration would resume the session with a fourth.
    expect(world.anthropic.requests.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(world.project.repo.reviews).toHaveLength(1);
  });

  it('stops, saying why, in the tracking comment and the job summary', async () => {
    const pr = pullOf(world).number;
    const { body } = theTrackingComment(world, issue.number);
    expect(body).toMatch(/### codex-cto: Stopped/);
    expect(body).toMatch(c.reason(issue, pr));
    expect(body).toContain('The work so far is on the branch');
    expect(run.summary).toMatch(/codex-cto: Stopped/);
    expect(run.summary).toMatch(c.reason(issue, pr));
  });

  it('has the iteration pushed', async () => {
    const history = await branchHistory(world, workBranch(issue.number));
    expect(history.some((commit) => commit.author === 'github-actions[bot]')).toBe(true);
    const greet = await world.gh.git.readFile(world.project.owner, world.project.name, workBranch(issue.number), 'src/greet.js');
    expect(greet).toContain('shout');
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});
