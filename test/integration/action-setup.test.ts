// The repository's setup and the variables a workflow passes, with the real CLIs: `npm ci` installs a
// dependency from a local tarball before any model call, and Claude's first turn finds it installed; the
// passed variables reach setup and the verification commands, a credential-looking name only when listed
// in `secret-env`; a failing setup stops the run before any model request, visibly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf, type ActionWorld } from '../support/action-world.js';
import { issueCommentCreatedPayload, issuesLabeledPayload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { removeDir } from '../support/agent-home.js';
import { CLAUDE_SCRIPT, OBJECTIVE, requestText } from '../support/scenario.js';
import { DEPENDENCY, localDependency, type LocalDependency } from '../support/local-dependency.js';

const DATABASE_URL = 'postgres://app@127.0.0.1:5432/app_test';
const DB_PASSWORD = 'chosen-db-password-4711';
const API_TOKEN = 'unlisted-api-token-0815';
/** What the always-run verification command prints: which of the variables it sees. */
const SHOW_VARIABLES = 'echo "db=${DATABASE_URL:-unset} pw=${DB_PASSWORD:-unset} pwlen=${#DB_PASSWORD} token=${API_TOKEN:-unset} unlisted=${UNLISTED_SETTING:-unset}"';

/** The text of every tool result in a Messages-API request. */
function toolResults(body: { messages?: { content?: unknown }[] }): string {
  const out: string[] = [];
  for (const message of body.messages ?? []) {
    for (const block of Array.isArray(message.content) ? (message.content as { type?: string; content?: unknown }[]) : []) {
      if (block.type !== 'tool_result') continue;
      const content = block.content;
      out.push(typeof content === 'string' ? content : (content as { text?: string }[]).map((part) => part.text ?? '').join('\n'));
    }
  }
  return out.join('\n');
}

function trackingComment(world: ActionWorld): string {
  return [...world.project.repo.comments.values()].map((c) => c.body).find((body) => body.includes('codex-cto:state')) ?? '';
}

async function startLoop(world: ActionWorld, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const issue = world.issue(OBJECTIVE, 'Callers want a louder greeting.', { labels: ['codex-cto'] });
  const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
  return world.run({ event: 'issues', payload, inputs, env });
}

describe('setup installs the dependencies before the plan, and the passed variables reach setup and verification', () => {
  let dependency: LocalDependency;
  beforeAll(async () => {
    dependency = await localDependency();
  }, 120_000);
  const world = useActionWorld(() => ({
    files: dependency.files,
    // Claude's first turn looks for the dependency; then the usual story.
    claude: [{ tools: [{ name: 'Bash', input: { command: `cat node_modules/${DEPENDENCY.name}/package.json` } }] }, ...CLAUDE_SCRIPT],
  }));
  let run: ActionRun;

  beforeAll(async () => {
    run = await startLoop(
      world,
      {
        setup: 'npm ci --no-audit --no-fund\necho "setup sees ${DATABASE_URL:-nothing}"',
        'env-passthrough': 'DATABASE_URL',
        'secret-env': 'DB_PASSWORD',
        verify: SHOW_VARIABLES,
      },
      { DATABASE_URL, DB_PASSWORD, API_TOKEN, UNLISTED_SETTING: 'not-passed' },
    );
  }, 300_000);

  afterAll(async () => {
    if (dependency) await removeDir(dependency.dir);
  });

  it('runs the loop to approval', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
  });

  it("installs the dependency before Claude's first turn, which finds it", () => {
    const firstResult = toolResults(world.anthropic.requests[1]?.body ?? {});
    expect(firstResult).toContain(`"name": "${DEPENDENCY.name}"`);
    expect(firstResult).toContain(`"version": "${DEPENDENCY.version}"`);
  });

  it('folds each setup command into a group of the log and lists them in the job summary', () => {
    expect(run.stdout).toContain('::group::codex-cto setup: npm ci --no-audit --no-fund');
    expect(run.stdout).toMatch(/added 1 package/);
    expect(run.stdout).toContain('::endgroup::');
    expect(run.summary).toContain('### Setup');
    expect(run.summary).toContain('| `npm ci --no-audit --no-fund` | exited 0 |');
    // The second command saw the passed variable (the summary neutralises the `@` of a would-be mention).
    expect(run.summary).toContain('setup sees postgres://app@&#8203;127.0.0.1:5432/app_test');
    expect(run.stdout).toContain(`setup sees ${DATABASE_URL}`);
  });

  it('gives the verification the passed variable and the listed secret, and nothing else', () => {
    const reviews = world.openai.requests.map((r) => requestText(r.body)).filter((text) => text.includes('review iteration'));
    expect(reviews.length).toBeGreaterThan(0);
    for (const review of reviews) {
      expect(review).toContain(`db=${DATABASE_URL} pw=*** pwlen=${DB_PASSWORD.length} token=unset unlisted=unset`);
    }
    // The secret reached the command (its length shows it) but the output it printed is masked before any prompt.
    expect(JSON.stringify(world.openai.requests.map((r) => r.body))).not.toContain(DB_PASSWORD);
  });

  it('keeps the listed secret out of the log and the comments', () => {
    const posted = [...world.project.repo.comments.values()].map((c) => c.body).join('\n') + run.summary;
    const log = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
    expect(posted).not.toContain(DB_PASSWORD);
    expect(log).not.toContain(DB_PASSWORD);
  });
});

describe('a failing setup stops the run before any model request, visibly; a later run sets up again and goes on', () => {
  const world = useActionWorld();
  let run: ActionRun;
  let issue: number;

  beforeAll(async () => {
    run = await startLoop(world, { setup: 'echo preparing the fixtures\necho "fixtures.sql: no such file" >&2; exit 3\necho never' });
    issue = [...world.project.repo.issues.values()][0]!.number;
  }, 300_000);

  it('fails the step and sends nothing to either model', () => {
    expect(run.exitCode, logOf(run)).toBe(1);
    expect(world.openai.requests).toEqual([]);
    expect(world.anthropic.requests).toEqual([]);
  });

  it('names the command, its exit code and its last lines in the tracking comment', () => {
    const comment = trackingComment(world);
    expect(comment).toContain('**Error: A setup command failed**');
    expect(comment).toContain('The setup command `echo "fixtures.sql: no such file" &gt;&amp;2; exit 3` exited 3');
    expect(comment).toContain('fixtures.sql: no such file');
    expect(comment).toContain('comment `/cto continue`');
    expect(run.stdout).not.toContain('::group::codex-cto setup: echo never');
  });

  it('opens no pull request and pushes nothing', async () => {
    expect([...world.project.repo.issues.values()].filter((issue) => issue.pull !== null)).toEqual([]);
    expect(Object.keys(await world.gh.git.branches(world.project.owner, world.project.name))).toEqual(['main']);
  });

  describe('then `/cto continue` with the setup fixed', () => {
    let resumed: ActionRun;
    beforeAll(async () => {
      const comment = world.comment(world.project.repo.issues.get(issue)!, '/cto continue', world.project.logins.maintainer);
      const payload = issueCommentCreatedPayload(world.gh, { repo: world.project.fullName, comment, sender: world.project.logins.maintainer });
      resumed = await world.run({ event: 'issue_comment', payload, inputs: { setup: 'test -f package.json && echo "fixtures ready"' } });
    }, 300_000);

    it('runs the setup again on the fresh runner, then the loop to approval', () => {
      expect(resumed.exitCode, logOf(resumed)).toBe(0);
      expect(resumed.stdout).toContain('::group::codex-cto setup: test -f package.json && echo "fixtures ready"');
      expect(resumed.stdout).toContain('fixtures ready');
      expect(resumed.outputs.verdict).toBe('approve');
      expect(world.openai.requests.length).toBeGreaterThan(0);
    });
  });
});
