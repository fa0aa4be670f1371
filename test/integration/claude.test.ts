// The Claude implementer against the real, pinned `claude` binary and a scripted Anthropic server, in
// throwaway git repositories. Every run is offline and uses the environment the product builds.
import { execFile } from 'node:child_process';
import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClaudeImplementer, type ClaudeOptions } from '../../src/agents/claude.js';
import { DEFAULTS } from '../../src/core/model/defaults.js';
import { implementPrompt, workerSystemPrompt } from '../../src/agents/implement-prompt.js';
import type { ImplementRequest } from '../../src/core/ports.js';
import { CtoError } from '../../src/core/model/errors.js';
import { Git } from '../../src/workspace/git.js';
import { withoutPersistedCredentials } from '../../src/workspace/git-credentials.js';
import { agentEnv } from '../../src/safety/env.js';
import { agentPath, CLAUDE_BIN, FAKE_ANTHROPIC_KEY, gitEnv, makeAgentHome, makeTempDir, removeDir } from '../support/agent-home.js';
import { startAnthropicServer, type CapturedAnthropicRequest, type ClaudeScript } from '../support/anthropic-server.js';
import type { ScriptedServer } from '../support/sse.js';
import { aFeedback, aPlan } from '../support/fake-ports.js';

const exec = promisify(execFile);
const RUN_TIMEOUT_MS = 90_000;

let home: string;
let repo: string;
let servers: ScriptedServer<CapturedAnthropicRequest>[];

beforeEach(async () => {
  home = await makeAgentHome();
  repo = join(await makeTempDir('cto-claude-repo'), 'repo');
  servers = [];
  const env = gitEnv(home);
  await exec('git', ['init', '-q', '-b', 'main', repo], { env });
  await writeFile(join(repo, 'README.md'), '# demo\n');
  await exec('git', ['add', '.'], { cwd: repo, env });
  await exec('git', ['commit', '-q', '-m', 'initial'], { cwd: repo, env });
});

afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await removeDir(home);
  await removeDir(join(repo, '..'));
});

async function serve(script: ClaudeScript): Promise<ScriptedServer<CapturedAnthropicRequest>> {
  const server = await startAnthropicServer(script);
  servers.push(server);
  return server;
}

/** The child environment as the product builds it: allow-listed parent plus Claude's own settings. */
function productEnv(serverUrl: string, parent: Record<string, string> = {}): Record<string, string> {
  return agentEnv({ PATH: agentPath(), HOME: home, LANG: 'C.UTF-8', ...parent }, 'claude', {
    ANTHROPIC_BASE_URL: serverUrl,
    ANTHROPIC_API_KEY: FAKE_ANTHROPIC_KEY,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    // Errors come back at once instead of after minutes of retries.
    CLAUDE_CODE_MAX_RETRIES: '0',
  });
}

function options(serverUrl: string, overrides: Partial<ClaudeOptions> = {}): ClaudeOptions {
  return {
    binary: CLAUDE_BIN,
    workdir: repo,
    env: productEnv(serverUrl),
    model: null,
    maxTurns: 10,
    allowedTools: [...DEFAULTS.allowedTools],
    timeoutMs: RUN_TIMEOUT_MS,
    ...overrides,
  };
}

const FIRST: ImplementRequest = { iteration: 1, objective: 'Add a greeting module', plan: aPlan(), feedback: null, diffStat: '', humanFeedback: null, sessionId: null, budgetUsd: null };

/** Texts of every tool_result Claude sent back to the server, across all captured requests. */
function toolResults(server: ScriptedServer<CapturedAnthropicRequest>): string[] {
  const texts = new Set<string>();
  for (const request of server.requests) {
    for (const message of request.body.messages ?? []) {
      if (message.role !== 'user' || !Array.isArray(message.content)) continue;
      for (const block of message.content) {
        if (block?.type !== 'tool_result') continue;
        const content = typeof block.content === 'string' ? block.content : JSON.stringify(block.content);
        texts.add(content);
      }
    }
  }
  return [...texts];
}

function offeredTools(request: CapturedAnthropicRequest | undefined): string[] {
  return (request?.body.tools ?? []).map((tool: { name: string }) => tool.name);
}

describe('Claude implementer with the real claude binary', () => {
  it('writes the files the model asks for and reports session, turns and cost', async () => {
    const server = await serve([
      { text: 'Starting with T1.', tools: [{ name: 'Write', input: { file_path: '{{cwd}}/src/greet.js', content: 'export const greet = (n) => `Hello, ${n}`;\n' } }] },
      { tools: [{ name: 'Bash', input: { command: 'node -e "console.log(1 + 1)"' } }] },
      { text: 'T1 done. T2 done.' },
    ]);
    const outcome = await createClaudeImplementer(options(server.url)).implement(FIRST);

    expect(outcome).toMatchObject({ ok: true, stopReason: 'success', resultText: 'T1 done. T2 done.', permissionDenials: [] });
    expect(outcome.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.requests[0]?.headers['x-claude-code-session-id']).toBe(outcome.sessionId);
    expect(outcome.turns).toBeGreaterThanOrEqual(3);
    expect(outcome.costUsd).toBeGreaterThan(0);
    expect(await readFile(join(repo, 'src', 'greet.js'), 'utf8')).toBe('export const greet = (n) => `Hello, ${n}`;\n');
    expect(toolResults(server)).toContain('2');

    const first = server.requests[0];
    expect(first?.cwd).toBe(repo);
    expect(JSON.stringify(first?.body.messages)).toContain(JSON.stringify(implementPrompt(FIRST)).slice(1, -1));
    expect(JSON.stringify(first?.body)).toContain(JSON.stringify(workerSystemPrompt()).slice(1, -1));
    // --tools shrinks the offered set to the allow-list: no sub-agents, skills or web access.
    const tools = offeredTools(first);
    for (const name of DEFAULTS.allowedTools) expect(tools).toContain(name);
    for (const name of ['Agent', 'Skill', 'WebFetch', 'WebSearch', 'Workflow']) expect(tools).not.toContain(name);
  });

  it('resumes the session on a later iteration and edits what it wrote', async () => {
    const server = await serve([
      { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/greet.txt', content: 'Hello\n' } }] },
      { text: 'Wrote greet.txt.' },
      { tools: [{ name: 'Edit', input: { file_path: '{{cwd}}/greet.txt', old_string: 'Hello', new_string: 'Hello, world' } }] },
      { text: 'Fixed the greeting.' },
    ]);
    const implementer = createClaudeImplementer(options(server.url));
    const first = await implementer.implement(FIRST);
    expect(first.ok).toBe(true);

    const second: ImplementRequest = {
      ...FIRST,
      iteration: 2,
      sessionId: first.sessionId,
      feedback: aFeedback({ summary: 'Greet the world.', failing: [{ task_id: 'T1', status: 'fail', feedback: 'Say "Hello, world".' }] }),
    };
    const outcome = await implementer.implement(second);

    expect(outcome).toMatchObject({ ok: true, sessionId: first.sessionId, resultText: 'Fixed the greeting.' });
    expect(await readFile(join(repo, 'greet.txt'), 'utf8')).toBe('Hello, world\n');
    const resumed = server.requests.find((request) => request.index === 2);
    const history = JSON.stringify(resumed?.body.messages);
    expect(history).toContain('Wrote greet.txt.');
    expect(history).toContain('Iteration 2: the reviewer asked for changes to your work on the same plan.');
  });

  it('stops at the turn cap with a failure, keeping the files written before the stop', async () => {
    const server = await serve(({ index }) => ({
      tools: [{ name: 'Write', input: { file_path: `{{cwd}}/step-${index}.txt`, content: `${index}\n` } }],
    }));
    const outcome = await createClaudeImplementer(options(server.url, { maxTurns: 2 })).implement(FIRST);

    expect(outcome).toMatchObject({ ok: false, stopReason: 'error_max_turns' });
    expect(outcome.resultText).toContain('maximum number of turns');
    expect(outcome.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await readFile(join(repo, 'step-0.txt'), 'utf8')).toBe('0\n');
    expect(await readFile(join(repo, 'step-1.txt'), 'utf8')).toBe('1\n');
  });

  it('reports an API error as a failure, not an exception', async () => {
    const server = await serve([{ status: 500, error: 'The scripted model is down.' }]);
    const outcome = await createClaudeImplementer(options(server.url)).implement(FIRST);

    expect(outcome).toMatchObject({ ok: false, stopReason: 'api_error' });
    expect(outcome.resultText).toContain('500');
  });

  it('denies commands and writes outside the allow-list and reports them', async () => {
    const server = await serve([
      { tools: [{ name: 'Bash', input: { command: 'node -e "require(\'fs\').writeFileSync(\'sneaky.txt\', \'x\')"' } }] },
      { tools: [{ name: 'Write', input: { file_path: `${join(repo, '..')}/outside.txt`, content: 'x' } }] },
      { tools: [{ name: 'Bash', input: { command: 'echo allowed > allowed.txt' } }] },
      { tools: [{ name: 'WebFetch', input: { url: 'http://127.0.0.1:9/', prompt: 'x' } }] },
      { text: 'Done as far as allowed.' },
    ]);
    const allowedTools = ['Read', 'Edit', 'Write', 'Bash(echo:*)'];
    const outcome = await createClaudeImplementer(options(server.url, { allowedTools })).implement(FIRST);

    expect(outcome.ok).toBe(true);
    expect(outcome.permissionDenials).toEqual([
      { tool: 'Bash', input: 'node -e "require(\'fs\').writeFileSync(\'sneaky.txt\', \'x\')"' },
      { tool: 'Write', input: `${join(repo, '..')}/outside.txt` },
    ]);
    await expect(readFile(join(repo, 'sneaky.txt'), 'utf8')).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(repo, '..', 'outside.txt'), 'utf8')).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(repo, 'allowed.txt'), 'utf8')).toBe('allowed\n');
    // A tool that is not configured is not offered at all, so calling it is an error, not a denial.
    expect(offeredTools(server.requests[0])).not.toContain('WebFetch');
    expect(toolResults(server).some((text) => text.includes('No such tool available: WebFetch'))).toBe(true);
  });

  it('kills the whole claude process group on timeout and reports it', async () => {
    let groupSeen: (pgid: number) => void = () => {};
    const group = new Promise<number>((resolve) => {
      groupSeen = resolve;
    });
    const server = await serve(() => {
      void processGroupIn(repo).then((pgid) => groupSeen(pgid ?? -1));
      return { hang: true };
    });
    // Long enough for a slow start to reach the server; the race fails clearly if it does not.
    const running = createClaudeImplementer(options(server.url, { timeoutMs: 12_000 })).implement(FIRST);
    const pgid = await Promise.race([group, running.then(() => -2)]);
    expect(pgid, 'claude must be running when the server hangs').toBeGreaterThan(1);
    const outcome = await running;

    expect(outcome).toMatchObject({ ok: false, stopReason: 'timeout', sessionId: null });
    expect(outcome.resultText).toContain('did not finish in time');
    expect(await groupGone(pgid)).toBe(true);
    expect(await processGroupIn(repo)).toBeNull();
  });

  it('throws agent-missing with the install command when the binary does not exist', async () => {
    const implementer = createClaudeImplementer(options('http://127.0.0.1:9', { binary: join(home, 'no-such-claude') }));
    const error = await implementer.implement(FIRST).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CtoError);
    expect(error).toMatchObject({ kind: 'agent-missing', hint: 'Install it with: `npm install -g @anthropic-ai/claude-code@2.1.330`' });
  });
});

describe('secret hygiene of an implementation run', () => {
  const SECRETS = {
    GITHUB_TOKEN: 'ghs_jobtokenNOTREAL0123456789',
    GH_TOKEN: 'ghp_personalNOTREAL0123456789',
    OPENAI_API_KEY: 'sk-openaiNOTREAL0123456789',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidcNOTREAL0123456789',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.invalid/token?NOTREAL0123456789',
    ACTIONS_RUNTIME_TOKEN: 'runtimeNOTREAL0123456789',
    'INPUT_GITHUB-TOKEN': 'ghs_inputNOTREAL0123456789',
    NPM_TOKEN: 'npm_NOTREAL0123456789',
  };
  const PERSISTED_TOKEN = 'ghs_persistedNOTREAL0123456789';
  const PERSISTED_HEADER = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${PERSISTED_TOKEN}`).toString('base64')}`;

  it('shows the agent neither the job secrets in its environment nor the checkout token in git config', async () => {
    const git = new Git({ cwd: repo, env: gitEnv(home) });
    await git.run(['config', '--local', 'http.https://github.com/.extraheader', PERSISTED_HEADER]);
    const server = await serve([
      { tools: [{ name: 'Bash', input: { command: 'env' } }] },
      { tools: [{ name: 'Bash', input: { command: 'git config --list --show-origin' } }] },
      { tools: [{ name: 'Read', input: { file_path: '{{cwd}}/.git/config' } }] },
      { text: 'Looked around.' },
    ]);
    const implementer = createClaudeImplementer(options(server.url, { env: productEnv(server.url, SECRETS) }));

    const outcome = await withoutPersistedCredentials(git, () => implementer.implement(FIRST));

    expect(outcome.ok).toBe(true);
    const results = toolResults(server);
    // The commands really ran: their output is there to be searched.
    expect(results.some((text) => text.includes(`HOME=${home}`))).toBe(true);
    expect(results.some((text) => text.includes('core.repositoryformatversion'))).toBe(true);
    expect(results.some((text) => text.includes('[core]'))).toBe(true);
    const everything = results.join('\n');
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(everything, name).not.toContain(value);
      expect(everything, name).not.toContain(`${name}=`);
    }
    expect(everything).not.toContain(PERSISTED_HEADER);
    expect(everything).not.toMatch(/extraheader/i);
    // The checkout's credentials are back for the action's own pushes.
    expect((await git.run(['config', '--local', '--get', 'http.https://github.com/.extraheader'])).trim()).toBe(PERSISTED_HEADER);
  });
});

/** The process group of a process whose working directory is `dir`, or null when none is left. */
async function processGroupIn(dir: string): Promise<number | null> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if ((await readlink(`/proc/${entry}/cwd`)) !== dir) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state, ppid, pgrp.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[2]);
    } catch {
      // The process ended while we looked, or is not ours to inspect.
    }
  }
  return null;
}

/** Waits (generously) until no process in the group is left; zombies may linger for a moment. */
async function groupGone(pgid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
