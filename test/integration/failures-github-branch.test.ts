// A person pushes to the work branch between two iterations of the bundled action. The action's next
// push is rejected; it fetches, rebases onto their commit and pushes (their commit kept, nothing forced).
// When our commit does not rebase cleanly, the run fails clearly, their commit stays the branch head, and
// our work is kept on a branch of its own.
import { beforeAll, describe, expect, it } from 'vitest';
import { theTrackingComment } from '../support/action-views.js';
import { useActionWorld, logOf, type ActionWorld } from '../support/action-world.js';
import type { Issue } from '../support/github/model.js';
import type { ActionRun } from '../support/runner.js';
import { SAMPLE_FILES } from '../support/scenario.js';
import { expectVisibleFailure } from '../support/failure-checks.js';
import { branchHistory, failureRun, labelledIssue, runForLabel, workBranch } from '../support/failure-runs.js';

const REVIEW_ROUTE = '/repos/{owner}/{repo}/pulls/{pull_number}/reviews';
const MONA = { name: 'Mona Maintainer', email: 'mona@example.com' };

/** Once the first review is posted, mona pushes `files` to the work branch (the action's checkout is now behind). */
function monaPushesAfterFirstReview(world: ActionWorld, issue: Issue, files: Record<string, string>): { sha: () => string } {
  let sha = '';
  world.gh.on({
    method: 'POST',
    route: REVIEW_ROUTE,
    when: 'after',
    times: 1,
    run: async () => {
      sha = await world.gh.git.commitFiles(world.project.owner, world.project.name, {
        branch: workBranch(issue.number),
        files,
        message: 'Note the shout option in the README',
        author: MONA,
      });
    },
  });
  return { sha: () => sha };
}

describe('the branch moved between iterations, without conflict', () => {
  const world = useActionWorld();
  let issue: Issue;
  let run: ActionRun;
  let theirs: { sha: () => string };

  beforeAll(async () => {
    issue = labelledIssue(world);
    theirs = monaPushesAfterFirstReview(world, issue, { 'README.md': `${SAMPLE_FILES['README.md']}\nPass \`{ shout: true }\` to shout.\n` });
    run = await runForLabel(world, issue);
  }, 300_000);

  it('rebases onto their commit and goes on to approval', () => {
    expect(theirs.sha()).toMatch(/^[0-9a-f]{40}$/);
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(run.outputs.iterations).toBe('2');
    expect(run.stdout).toContain(`${workBranch(issue.number)} moved on the remote; rebasing onto it`);
  });

  it('keeps their commit, unchanged, under ours (nothing force-pushed)', async () => {
    const history = await branchHistory(world, workBranch(issue.number));
    expect(history[0]?.author).toBe('github-actions[bot]');
    expect(history[1]?.sha).toBe(theirs.sha());
    expect(history[1]?.author).toBe(MONA.name);
    const readme = await world.gh.git.readFile(world.project.owner, world.project.name, workBranch(issue.number), 'README.md');
    expect(readme).toContain('to shout');
    const test = await world.gh.git.readFile(world.project.owner, world.project.name, workBranch(issue.number), 'test/greet.test.js');
    expect(test).toContain('does not shout when shout is false');
  });

  it('reviews and checks the rebased head', async () => {
    const head = await world.gh.git.resolveBranch(world.project.owner, world.project.name, workBranch(issue.number));
    const reviews = world.project.repo.reviews;
    expect(reviews.at(-1)?.commitId).toBe(head);
    expect([...world.project.repo.checkRuns.values()].filter((c) => c.headSha === head).map((c) => c.conclusion)).toEqual(['success']);
  });

  it('ends with the tracking comment approved', async () => {
    expect(theTrackingComment(world, issue.number).body).toMatch(/### codex-cto: Approved/);
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});

describe('the branch moved with a commit that conflicts with the next iteration', () => {
  const world = useActionWorld();
  let issue: Issue;
  let run: ActionRun;
  let theirs: { sha: () => string };
  // Mona appends her own test where the resumed Claude session appends the reviewer's one.
  const monaTest = [
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    "import { greet } from '../src/greet.js';",
    '',
    "test('greets by name', () => {",
    "  assert.equal(greet('Ada'), 'Hello, Ada!');",
    '});',
    '',
    "test('shouts when asked', () => {",
    "  assert.equal(greet('Ada', { shout: true }), 'HELLO, ADA!');",
    '});',
    '',
    "test('mona: shouting an empty name', () => {",
    "  assert.equal(greet('', { shout: true }), 'HELLO, !');",
    '});',
    '',
  ].join('\n');

  beforeAll(async () => {
    issue = labelledIssue(world);
    theirs = monaPushesAfterFirstReview(world, issue, { 'test/greet.test.js': monaTest });
    run = await runForLabel(world, issue);
  }, 300_000);

  it('fails, saying the branch moved and the commit does not rebase, in the log, the job summary and the comment', () => {
    expectVisibleFailure(world, failureRun(run, issue), {
      headline: /^Failed$/,
      error: [/A git operation failed/, /someone else pushed to it, and our commit does not rebase cleanly onto theirs/],
      hint: /merge it into `codex-cto\/issue-\d+` by hand \(or drop it\), then comment `\/cto continue`/,
    });
  });

  it('leaves their commit as the head of the work branch', async () => {
    const history = await branchHistory(world, workBranch(issue.number));
    expect(history[0]?.sha).toBe(theirs.sha());
    const test = await world.gh.git.readFile(world.project.owner, world.project.name, workBranch(issue.number), 'test/greet.test.js');
    expect(test).toBe(monaTest);
  });

  it('keeps our iteration on a branch of its own, named in the tracking comment with what to do', async () => {
    const branches = await world.gh.git.branches(world.project.owner, world.project.name);
    const aside = Object.keys(branches).filter((b) => b.startsWith(`${workBranch(issue.number)}-unmerged-`));
    expect(aside).toHaveLength(1);
    const kept = await world.gh.git.readFile(world.project.owner, world.project.name, aside[0] as string, 'test/greet.test.js');
    expect(kept).toContain('does not shout when shout is false');
    const { body } = theTrackingComment(world, issue.number);
    expect(body).toMatch(/### codex-cto: Failed/);
    expect(body).toContain('does not rebase cleanly');
    expect(body).toContain(`Our work of this iteration is on the branch \`${aside[0]}\``);
    expect(body).toMatch(/\/cto continue/);
  });

  it('makes no request GitHub would reject', () => {
    expect(world.gh.violations()).toEqual([]);
  });
});
