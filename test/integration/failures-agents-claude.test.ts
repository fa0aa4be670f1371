// Claude Code ending with is_error in the bundled action (real CLIs, scripted servers, emulated
// GitHub): an API error, the turn cap, the budget cap. The files Claude wrote before it stopped are
// committed and pushed, the tracking comment ends in a final state that says what to do.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf, type ActionWorld } from '../support/action-world.js';
import type { ClaudeTurn } from '../support/anthropic-server.js';
import { expectNoSecrets, expectVisibleFailure, pushedFile, runLabelled, trackingComment, type FailureRun } from '../support/failure-checks.js';

/** A turn that writes one file into Claude's working directory. */
const write = (file: string, content: string): ClaudeTurn => ({ tools: [{ name: 'Write', input: { file_path: `{{cwd}}/${file}`, content } }] });

/** Pull requests on the emulated repository, by head branch. */
function pullHeads(world: ActionWorld): string[] {
  return [...world.project.repo.issues.values()].filter((i) => i.pull !== null).map((i) => i.pull?.headRef ?? '');
}

describe('Claude Code API error (500) after writing a file', () => {
  const world = useActionWorld({
      claude: [write('src/greet.js', 'export function greet(name) { return `Hello, ${name}!`; } // half done\n'), { status: 500, error: 'The scripted model is down.' }],
    });
  let failure: FailureRun;

  beforeAll(async () => {
    failure = await runLabelled(world);
  }, 180_000);

  it('fails visibly: the comment names the API error and what to do; exit code 1', () => {
    const comment = expectVisibleFailure(world, failure, {
      headline: /^Failed$/,
      error: [/Claude Code stopped in iteration 1/, /api_error/, /API Error: 500 The scripted model is down\./],
      hint: /\*\*What to do:\*\* Check the Anthropic API key, the base URL and the provider's status/,
    });
    expect(comment).toMatch(/Once the cause is fixed, comment `\/cto continue` on issue #\d+ to resume the loop\./);
    expect(comment).toMatch(/[^.]\. The work so far is committed as [0-9a-f]{12}\./);
  });

  it('commits and pushes the file written before the error, and opens the pull request', async () => {
    expect(await pushedFile(world, failure.branch, 'src/greet.js')).toContain('half done');
    expect(pullHeads(world)).toEqual([failure.branch]);
    const comment = trackingComment(world, failure.issue);
    expect(comment).toMatch(/committed as [0-9a-f]{12}/);
  });

  it('does not review a failed implementation', () => {
    expect(world.openai.requests.filter((r) => JSON.stringify(r.body.input).includes('review iteration'))).toEqual([]);
    expect(world.project.repo.reviews).toEqual([]);
  });
});

describe('Claude Code reaches max-turns while still calling tools', () => {
  const world = useActionWorld({ claude: ({ index }) => write(`notes/step-${index}.txt`, `step ${index}\n`) });
  let failure: FailureRun;

  beforeAll(async () => {
    failure = await runLabelled(world, { inputs: { 'max-turns': '2' } });
  }, 180_000);

  it('fails visibly with the turn cap named; exit code 1', () => {
    const comment = expectVisibleFailure(world, failure, {
      headline: /^Failed$/,
      error: [/Claude Code stopped in iteration 1/, /error_max_turns/, /maximum number of turns \(2\)/],
      hint: /\*\*What to do:\*\* Raise `max-turns`/,
    });
    expect(comment).toContain('Work already done is committed on the branch.');
  });

  it('commits and pushes the files written before the stop', async () => {
    expect(await pushedFile(world, failure.branch, 'notes/step-0.txt')).toBe('step 0\n');
    expect(await pushedFile(world, failure.branch, 'notes/step-1.txt')).toBe('step 1\n');
    const log = await world.gh.git.log(world.project.owner, world.project.name, failure.branch, 5);
    expect(log[0]?.subject).toMatch(/^codex-cto iteration 1: /);
    expect(log[0]?.body).toMatch(/implementation stopped early/);
    expect(pullHeads(world)).toEqual([failure.branch]);
  });
});

describe('Claude Code runs out of max-budget-usd', () => {
  // Every scripted reply costs $0.0008 as the CLI prices it; a cent is crossed after 13 replies.
  const world = useActionWorld({ claude: ({ index }) => write(`notes/step-${index}.txt`, `step ${index}\n`) });
  let failure: FailureRun;

  beforeAll(async () => {
    failure = await runLabelled(world, { inputs: { 'max-budget-usd': '0.01' } });
  }, 180_000);

  it('ends budget-exhausted (a pause, not a crash: exit 0), saying what was spent and what to do', () => {
    const { run } = failure;
    const comment = trackingComment(world, failure.issue);
    expect(comment, logOf(run)).toMatch(/^### codex-cto: Budget exhausted$/m);
    const said = /the Claude budget of \$0\.01 is spent \(\$0\.01 so far\).*raise `max-budget-usd` in the workflow file and comment `\/cto continue` on pull request #\d+/;
    expect(comment).toMatch(said);
    expect(run.summary).toMatch(/^## codex-cto: Budget exhausted$/m);
    expect(run.summary).toMatch(said);
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.warnings.join('\n')).toMatch(/stopped before an approval \(budget_exhausted\): The budget of \$0\.01 ran out during iteration 1/);
    expect(run.outputs.verdict).toBe('');
    expect(world.gh.violations()).toEqual([]);
    expectNoSecrets(world, run);
  });

  it('commits and pushes what Claude wrote before the cap', async () => {
    expect(await pushedFile(world, failure.branch, 'notes/step-0.txt')).toBe('step 0\n');
    expect(pullHeads(world)).toEqual([failure.branch]);
  });
});
