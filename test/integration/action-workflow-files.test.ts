// A change that touches `.github/workflows/`, pushed with the workflow's own token, which GitHub refuses for
// workflow files: the rest of the change is pushed, the workflow change is kept as a patch in a comment on
// the PR with the `workflows` permission and the GitHub App token fix named, and the planner and the
// reviewer were told such files are out of reach.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf } from '../support/action-world.js';
import { issuesLabeledPayload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { CLAUDE_SCRIPT, GREET_WITH_SHOUT, OBJECTIVE, requestText } from '../support/scenario.js';

const WORKFLOW = 'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';

describe('a change to a workflow file the token cannot push', () => {
  const world = useActionWorld({
    // Claude's first turn also adds a CI workflow; the rest of the story is the usual one.
    claude: [{ tools: [{ name: 'Write', input: { file_path: '{{cwd}}/.github/workflows/ci.yml', content: WORKFLOW } }] }, ...CLAUDE_SCRIPT],
  });
  let run: ActionRun;
  let branch: string;

  beforeAll(async () => {
    const issue = world.issue(OBJECTIVE, 'Also run the tests in CI.', { labels: ['codex-cto'] });
    branch = `codex-cto/issue-${issue.number}`;
    const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
    run = await world.run({ event: 'issues', payload });
  }, 300_000);

  it('still ends approved', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
  });

  it('pushes the rest of the change without the workflow file', async () => {
    const { owner, name } = world.project;
    expect(await world.gh.git.readFile(owner, name, branch, 'src/greet.js')).toBe(GREET_WITH_SHOUT);
    expect(await world.gh.git.readFile(owner, name, branch, '.github/workflows/ci.yml')).toBeNull();
  });

  it('keeps the workflow change as a patch in a comment on the PR, naming the permission and the fix', () => {
    const pr = Number(run.outputs['pr-number']);
    const kept = [...world.project.repo.comments.values()].filter((c) => c.body.includes('workflow changes kept as a patch'));
    expect(kept).toHaveLength(1);
    const comment = kept[0]!;
    expect(comment.issueNumber).toBe(pr);
    expect(comment.body).toContain('the token lacks the `workflows` permission');
    expect(comment.body).toContain('actions/create-github-app-token');
    expect(comment.body).toContain('- `.github/workflows/ci.yml`');
    expect(comment.body).toContain('```diff\ndiff --git a/.github/workflows/ci.yml b/.github/workflows/ci.yml\nnew file mode 100644');
    expect(comment.body).toContain('+      - run: npm test\n```');
  });

  it('warns on the run page and keeps the whole patch in the log', () => {
    expect(run.stdout).toMatch(/::warning::GitHub refused to push \.github\/workflows\/ci\.yml: the token lacks the `workflows` permission/);
    expect(run.stdout).toContain('::group::codex-cto: workflow changes kept as a patch');
    expect(run.stdout).toContain('+name: CI');
  });

  it('told the planner and the reviewer that workflow files are out of reach', () => {
    const texts = world.openai.requests.map((r) => requestText(r.body));
    const plan = texts.find((text) => !text.includes('review iteration')) ?? '';
    const review = texts.find((text) => text.includes('review iteration')) ?? '';
    expect(plan).toContain('## What can be pushed');
    expect(review).toContain('Do not ask for changes under');
  });
});
