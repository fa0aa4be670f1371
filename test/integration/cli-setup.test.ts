// The repository's config file drives the local run too, with the real CLIs: `setup` installs a dependency
// (`npm ci` of a local tarball) in the run's worktree before any model call and Claude's first turn finds it;
// the variables listed in `env` (and `--secret-env`) reach Claude, setup and verification, never Codex, and
// nothing else of the shell does; `verify` runs beside the plan's verification and the reviewer gets its
// result; a failing setup stops the run before any model request, and `continue` sets up again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { codexConfigOverrides, makeAgentHome, removeDir } from '../support/agent-home.js';
import { startAnthropicServer, type CapturedAnthropicRequest } from '../support/anthropic-server.js';
import { DEPENDENCY, localDependency, type LocalDependency } from '../support/local-dependency.js';
import { cli, cliEnv, git, sampleRepo } from '../support/local-cli.js';
import { startOpenAIServer, type CapturedOpenAIRequest } from '../support/openai-server.js';
import { APPROVE, CLAUDE_SCRIPT, codexScript, OBJECTIVE, requestText } from '../support/scenario.js';
import type { ScriptedServer } from '../support/sse.js';

const DATABASE_URL = 'postgres://app@127.0.0.1:5432/app_test';
const DB_PASSWORD = 'chosen-db-password-4711';
const API_TOKEN = 'unlisted-api-token-0815';
const SHOW_VARIABLES = 'echo "db=${DATABASE_URL:-unset} pw=${DB_PASSWORD:-unset} pwlen=${#DB_PASSWORD} token=${API_TOKEN:-unset} unlisted=${UNLISTED_SETTING:-unset}"';
const FIRST_REVIEW_APPROVES = { ...APPROVE, previous_findings: [] };
/** One iteration: Claude writes the change and its test, then says it is done. */
const ONE_ITERATION = CLAUDE_SCRIPT.slice(0, 3);

const CONFIG = `setup:
  - npm ci --no-audit --no-fund
  - echo "setup sees \${DATABASE_URL:-nothing} and \${API_TOKEN:-no token}"
env: [DATABASE_URL]
verify:
  - '${SHOW_VARIABLES}'
`;

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

async function repoWith(home: string, files: Record<string, string>): Promise<string> {
  const repo = join(home, 'project');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  }
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', 'Initial commit']]) await git(home, repo, args);
  return repo;
}

describe('codex-cto run with the config file\'s setup, env and verify', () => {
  let dependency: LocalDependency;
  let home: string;
  let repo: string;
  let env: Record<string, string>;
  let openai: ScriptedServer<CapturedOpenAIRequest>;
  let anthropic: ScriptedServer<CapturedAnthropicRequest>;
  let codexConfig: string[];
  let result: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    dependency = await localDependency();
    home = await makeAgentHome();
    repo = await repoWith(home, { ...dependency.files, '.github/codex-cto.yml': CONFIG });
    openai = await startOpenAIServer(codexScript({ review1: [{ exec: { cmd: 'echo "codex sees db=${DATABASE_URL:-unset}"' } }, { message: JSON.stringify(FIRST_REVIEW_APPROVES) }] }));
    anthropic = await startAnthropicServer([
      { tools: [{ name: 'Bash', input: { command: `cat node_modules/${DEPENDENCY.name}/package.json; echo "claude sees db=\${DATABASE_URL:-unset} token=\${API_TOKEN:-unset}"` } }] },
      ...ONE_ITERATION,
    ]);
    codexConfig = codexConfigOverrides(openai.url, 'OPENAI_API_KEY').flatMap((line) => ['-c', line]);
    env = { ...cliEnv(home, anthropic.url), DATABASE_URL, DB_PASSWORD, API_TOKEN, UNLISTED_SETTING: 'not-passed' };
    result = await cli(['run', OBJECTIVE, '--max-iterations', '2', '--max-turns', '10', '--secret-env', 'DB_PASSWORD', ...codexConfig], repo, env);
  }, 300_000);

  afterAll(async () => {
    await openai?.close();
    await anthropic?.close();
    if (home) await removeDir(home);
    if (dependency) await removeDir(dependency.dir);
  });

  it('runs the loop to approval', () => {
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expect(JSON.parse(result.stdout).phase).toBe('approved');
  });

  it('runs each setup command in the worktree before any model call, showing its output and how it ended', () => {
    const { stderr } = result;
    expect(stderr).toContain('setting up the worktree (2 commands) before any model call');
    expect(stderr).toContain('setup: npm ci --no-audit --no-fund');
    expect(stderr).toMatch(/^ {2}added 1 package/m);
    expect(stderr).toContain(`  setup sees ${DATABASE_URL} and no token`);
    expect(stderr).toMatch(/^setup: exited 0 after /m);
    expect(stderr.indexOf('setup: npm ci')).toBeLessThan(stderr.indexOf('planning'));
  });

  it("lets Claude's first turn find the dependency setup installed, and the listed variable but not the unlisted token", () => {
    const firstResult = toolResults(anthropic.requests[1]?.body ?? {});
    expect(firstResult).toContain(`"name": "${DEPENDENCY.name}"`);
    expect(firstResult).toContain(`"version": "${DEPENDENCY.version}"`);
    expect(firstResult).toContain(`claude sees db=${DATABASE_URL} token=unset`);
  });

  it("runs the config file's verify command and gives the reviewer its result: the listed variable and secret, nothing else", async () => {
    const reviews = openai.requests.map((r) => requestText(r.body)).filter((text) => text.includes('review iteration'));
    expect(reviews.length).toBeGreaterThan(0);
    expect(reviews[0]).toContain('echo \\"db=${DATABASE_URL:-unset}');
    expect(reviews[0]).toContain(`db=${DATABASE_URL} pw=*** pwlen=${DB_PASSWORD.length} token=unset unlisted=unset`);
    // The secret reached the command (its length shows it) but the output it printed is masked before any prompt.
    expect(JSON.stringify(openai.requests.map((r) => r.body))).not.toContain(DB_PASSWORD);
    const run = (await readdir(join(repo, '.codex-cto'))).find((name) => name !== 'worktrees') as string;
    const verification = await readFile(join(repo, '.codex-cto', run, 'verification-001.json'), 'utf8');
    expect(verification).toContain(SHOW_VARIABLES.replace(/"/g, '\\"'));
  });

  it('never gives Codex the passed variables', () => {
    const sawn = JSON.stringify(openai.requests.map((r) => r.body.input));
    expect(sawn).toContain('codex sees db=unset');
  });

  it('shows setup, env, secret env and verify with where each came from in `codex-cto config`', async () => {
    const shown = await cli(['config', '--secret-env', 'DB_PASSWORD'], repo, env);
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^setup\s+npm ci --no-audit --no-fund; echo .*\.github\/codex-cto\.yml line 1 \(`setup`\)$/m);
    expect(shown.stdout).toMatch(/^env\s+DATABASE_URL\s+\.github\/codex-cto\.yml line 4 \(`env`\)$/m);
    expect(shown.stdout).toMatch(/^secret env\s+DB_PASSWORD\s+--secret-env$/m);
    expect(shown.stdout).toMatch(/^verify\s+echo .*\.github\/codex-cto\.yml line 5 \(`verify`\)$/m);
    expect(shown.stdout).toMatch(/^setup timeout minutes\s+15\s+default$/m);
  });
});

describe('codex-cto run refuses a credential-looking name in `env`', () => {
  it('names the file, line and key, and the flag that would pass it, before anything runs', async () => {
    const home = await makeAgentHome();
    try {
      const repo = await sampleRepo(home);
      await mkdir(join(repo, '.github'));
      await writeFile(join(repo, '.github/codex-cto.yml'), 'env:\n  - DATABASE_URL\n  - API_TOKEN\n');
      const run = await cli(['run', OBJECTIVE], repo, { ...cliEnv(home, 'http://127.0.0.1:9'), API_TOKEN });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('`.github/codex-cto.yml` line 3, key `env[1]`');
      expect(run.stderr).toContain('pass it with --secret-env API_TOKEN');
      expect(run.stderr).not.toContain(API_TOKEN.split('-').pop());
      expect((await git(home, repo, ['worktree', 'list'])).trim().split('\n')).toHaveLength(1);
    } finally {
      await removeDir(home);
    }
  });
});

describe('a failing setup stops a local run before any model request; continue sets up again and goes on', () => {
  let home: string;
  let repo: string;
  let env: Record<string, string>;
  let openai: ScriptedServer<CapturedOpenAIRequest>;
  let anthropic: ScriptedServer<CapturedAnthropicRequest>;
  let codexConfig: string[];
  let first: Awaited<ReturnType<typeof cli>>;
  let runId: string;

  beforeAll(async () => {
    home = await makeAgentHome();
    repo = await sampleRepo(home);
    await mkdir(join(repo, '.github'));
    await writeFile(join(repo, '.github/codex-cto.yml'), [
      'env: [FIXTURES]',
      'setup:',
      '  - echo preparing the fixtures',
      `  - 'test -f "$FIXTURES" || { echo "$FIXTURES: no such file" >&2; exit 3; }'`,
      '  - echo loaded',
      '',
    ].join('\n'));
    openai = await startOpenAIServer(codexScript({ review1: [{ message: JSON.stringify(FIRST_REVIEW_APPROVES) }] }));
    anthropic = await startAnthropicServer(ONE_ITERATION);
    codexConfig = codexConfigOverrides(openai.url, 'OPENAI_API_KEY').flatMap((line) => ['-c', line]);
    env = { ...cliEnv(home, anthropic.url), FIXTURES: join(home, 'fixtures.sql') };
    first = await cli(['run', OBJECTIVE, '--max-iterations', '2', '--max-turns', '10', ...codexConfig], repo, env);
    runId = /^run (\S+): working in/m.exec(first.stderr)?.[1] ?? '';
  }, 300_000);

  afterAll(async () => {
    await openai?.close();
    await anthropic?.close();
    if (home) await removeDir(home);
  });

  it('fails the run and sends nothing to either model', () => {
    expect(first.exitCode, first.stderr).toBe(1);
    expect(first.stderr).toContain('setup: echo preparing the fixtures');
    expect(openai.requests).toEqual([]);
    expect(anthropic.requests).toEqual([]);
  });

  it('names the command, its exit code and its last lines, runs no command after it, and says how to go on', () => {
    expect(first.stderr).toContain('The setup command `test -f "$FIXTURES" || { echo "$FIXTURES: no such file" >&2; exit 3; }` exited 3');
    expect(first.stderr).toContain(`${join(home, 'fixtures.sql')}: no such file`);
    expect(first.stderr).toContain('nothing was planned or changed');
    expect(first.stderr).not.toContain('setup: echo loaded');
    expect(first.stderr).toContain(`resume with: codex-cto continue ${runId}`);
  });

  it('keeps the run as failed', async () => {
    const runs = await cli(['runs'], repo, env);
    expect(runs.stdout).toMatch(new RegExp(`^${runId}\\s+failed\\s+0\\s`, 'm'));
  });

  it('continues once the fixtures exist: the setup runs again, then the loop to approval', async () => {
    await writeFile(join(home, 'fixtures.sql'), 'create table greetings (name text);\n');
    const resumed = await cli(['continue', runId, ...codexConfig], repo, env);
    expect(resumed.exitCode, `${resumed.stderr}\n${resumed.stdout}`).toBe(0);
    expect(resumed.stderr).toContain('setup: echo loaded');
    expect(JSON.parse(resumed.stdout).phase).toBe('approved');
    expect(anthropic.requests.length).toBeGreaterThan(0);
  }, 300_000);
});
