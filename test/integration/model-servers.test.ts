// The scripted model servers drive the real, pinned claude and codex binaries end to end, offline.
// These tests pin down the wire behaviour every agent adapter test relies on.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProcess, type RunResult } from '../../src/workspace/process.js';
import {
  CLAUDE_BIN,
  CODEX_BIN,
  CODEX_OFFLINE_FLAGS,
  claudeEnv,
  codexConfigArgs,
  codexConfigOverrides,
  codexEnv,
  gitEnv,
  makeAgentHome,
  makeTempDir,
  removeDir,
} from '../support/agent-home.js';
import { startAnthropicServer } from '../support/anthropic-server.js';
import { functionCallOutputs, startOpenAIServer } from '../support/openai-server.js';
import type { ScriptedServer } from '../support/sse.js';

const RUN_TIMEOUT_MS = 90_000;
/** How long a CLI stuck on a hanging reply is left running before the test kills it. */
const HANG_WINDOW_MS = 8_000;

let home: string;
let repo: string;
const servers: ScriptedServer<unknown>[] = [];

beforeEach(async () => {
  home = await makeAgentHome();
  repo = await makeTempDir('cto-model-servers-repo');
  const env = gitEnv(home);
  for (const args of [['init', '-q', '-b', 'main'], ['commit', '-q', '--allow-empty', '-m', 'initial']]) {
    const result = await runProcess('git', args, { cwd: repo, env, timeoutMs: 30_000 });
    expect(result.exitCode, result.stderr).toBe(0);
  }
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await removeDir(repo);
  await removeDir(home);
});

async function track<S extends ScriptedServer<any>>(server: Promise<S>): Promise<S> {
  const started = await server;
  servers.push(started);
  return started;
}

function runClaude(serverUrl: string, args: string[], timeoutMs = RUN_TIMEOUT_MS): Promise<RunResult> {
  return runProcess(CLAUDE_BIN, args, { cwd: repo, env: claudeEnv(serverUrl, home), timeoutMs });
}

function runCodex(serverUrl: string, args: string[], timeoutMs = RUN_TIMEOUT_MS): Promise<RunResult> {
  const config = [...CODEX_OFFLINE_FLAGS, ...codexConfigArgs(codexConfigOverrides(serverUrl))];
  // Global flags go before the subcommand (`exec` or `exec resume`), which `args` starts with.
  return runProcess(CODEX_BIN, [...config, ...args], { cwd: repo, env: codexEnv(home), timeoutMs });
}

function claudeResult(run: RunResult): any {
  expect(run.timedOut, run.stderr).toBe(false);
  return JSON.parse(run.stdout);
}

function codexEvents(run: RunResult): any[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

const CLAUDE_FLAGS = ['--output-format', 'json', '--max-turns', '5', '--allowedTools', 'Write,Read,Bash', '--permission-mode', 'acceptEdits'];

describe('server mechanics', () => {
  it('answers probes outside the script and reports an exhausted script as a 500', async () => {
    const anthropic = await track(startAnthropicServer([{ text: 'only turn' }]));
    const openai = await track(startOpenAIServer([]));

    const hello = await fetch(`${anthropic.url}/api/hello`, { method: 'HEAD' });
    const exhausted = await fetch(`${anthropic.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] }),
    });
    const socketProbe = await fetch(`${openai.url}/v1/responses`);
    const noTurns = await fetch(`${openai.url}/v1/responses`, { method: 'POST', body: JSON.stringify({ stream: true, input: [] }) });

    expect(hello.status).toBe(200);
    expect(exhausted.status).toBe(500);
    expect(await exhausted.json()).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('turn 1') } });
    expect(anthropic.requests.map((r) => r.index)).toEqual([1]);
    expect(anthropic.sideRequests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['HEAD /api/hello 200']);
    expect(socketProbe.status).toBe(404);
    expect(noTurns.status).toBe(500);
    expect(await noTurns.json()).toMatchObject({ error: { type: 'server_error', message: expect.stringContaining('turn 0') } });
    expect(openai.sideRequests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /v1/responses 404']);
  });
});

describe('scripted Anthropic server with the real claude', () => {
  it('runs a scripted Write, then answers; the CLI reports a costed success', async () => {
    const server = await track(startAnthropicServer([
      { text: 'Creating the file.', tools: [{ name: 'Write', input: { file_path: '{{cwd}}/hello.txt', content: 'hello from the script\n' } }] },
      { text: 'Wrote hello.txt.' },
    ]));
    const prompt = 'Create hello.txt with a greeting.';

    const result = claudeResult(await runClaude(server.url, ['-p', prompt, ...CLAUDE_FLAGS]));

    expect(await readFile(join(repo, 'hello.txt'), 'utf8')).toBe('hello from the script\n');
    expect(result).toMatchObject({ type: 'result', is_error: false, result: 'Wrote hello.txt.', num_turns: 2 });
    expect(result.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.total_cost_usd).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.index)).toEqual([0, 1]);
    expect(server.requests[0]?.cwd).toBe(repo);
    expect(JSON.stringify(server.requests[0]?.body.messages)).toContain(prompt);
    const toolResults = server.requests[1]?.body.messages.flatMap((m: any) => (Array.isArray(m.content) ? m.content : [])).filter((b: any) => b.type === 'tool_result');
    expect(toolResults).toHaveLength(1);
    expect(toolResults[0]).toMatchObject({ tool_use_id: 'toolu_fake_0_0' });
    expect(toolResults[0].is_error ?? false).toBe(false);
    expect(server.sideRequests).toEqual([]);
  });

  it('continues the script when a session is resumed', async () => {
    const server = await track(startAnthropicServer([
      { text: 'Ready.' },
      { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/second.txt', content: 'from the resumed session\n' } }] },
      { text: 'Second file written.' },
    ]));
    const first = claudeResult(await runClaude(server.url, ['-p', 'Get ready.', ...CLAUDE_FLAGS]));
    expect(first).toMatchObject({ is_error: false, result: 'Ready.' });

    const resumed = claudeResult(await runClaude(server.url, ['-p', 'Now write second.txt.', '--resume', first.session_id, ...CLAUDE_FLAGS]));

    expect(resumed).toMatchObject({ is_error: false, result: 'Second file written.', session_id: first.session_id });
    expect(await readFile(join(repo, 'second.txt'), 'utf8')).toBe('from the resumed session\n');
    expect(server.requests.map((r) => r.index)).toEqual([0, 1, 2]);
    const history = JSON.stringify(server.requests[1]?.body.messages);
    expect(history).toContain('Get ready.');
    expect(history).toContain('Now write second.txt.');
  });

  it('reports an API 500 as an error without retrying', async () => {
    const server = await track(startAnthropicServer([{ status: 500, error: 'scripted outage' }]));

    const run = await runClaude(server.url, ['-p', 'Anything.', ...CLAUDE_FLAGS]);
    const result = claudeResult(run);

    expect(run.exitCode).toBe(1);
    expect(result).toMatchObject({ is_error: true, terminal_reason: 'api_error', api_error_status: 500 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('scripted OpenAI server with the real codex', () => {
  const schema = {
    type: 'object',
    properties: { verdict: { type: 'string', enum: ['approve', 'revise'] }, summary: { type: 'string' } },
    required: ['verdict', 'summary'],
    additionalProperties: false,
  };
  const reply = JSON.stringify({ verdict: 'approve', summary: 'Looks right.' });

  async function execArgs(): Promise<{ args: string[]; outFile: string }> {
    const schemaFile = join(home, 'schema.json');
    const outFile = join(home, 'last-message.txt');
    await writeFile(schemaFile, JSON.stringify(schema));
    return {
      outFile,
      args: ['--sandbox', 'read-only', '--output-schema', schemaFile, '-o', outFile, '--json', '--skip-git-repo-check', '-C', repo],
    };
  }

  it('returns the scripted JSON through -o and sends the schema in strict mode', async () => {
    const server = await track(startOpenAIServer([{ message: reply }]));
    const { args, outFile } = await execArgs();

    const run = await runCodex(server.url, ['exec', ...args, 'Review the change.']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readFile(outFile, 'utf8')).toBe(reply);
    const format = server.requests[0]?.body.text.format;
    expect(format).toMatchObject({ type: 'json_schema', strict: true, schema });
    expect(server.requests[0]?.headers.authorization).toMatch(/^Bearer sk-test-/);
    const events = codexEvents(run);
    expect(events[0]).toMatchObject({ type: 'thread.started', thread_id: expect.any(String) });
    const completed = events.find((e) => e.type === 'turn.completed');
    expect(completed.usage).toMatchObject({ input_tokens: 100, cached_input_tokens: 10, output_tokens: 20, reasoning_output_tokens: 5 });
    expect(server.sideRequests).toEqual([]);
  });

  it('continues the script when a thread is resumed', async () => {
    const server = await track(startOpenAIServer([{ message: '{"verdict":"revise","summary":"first"}' }, { message: reply }]));
    const { args, outFile } = await execArgs();
    const first = await runCodex(server.url, ['exec', ...args, 'First review.']);
    expect(first.exitCode, first.stderr).toBe(0);
    const threadId = codexEvents(first)[0].thread_id as string;

    const resumed = await runCodex(server.url, [
      'exec', 'resume', '-c', 'sandbox_mode="read-only"', '-o', outFile, '--json', '--skip-git-repo-check', threadId, 'Look again.',
    ]);

    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(await readFile(outFile, 'utf8')).toBe(reply);
    expect(server.requests.map((r) => r.index)).toEqual([0, 1]);
    const history = JSON.stringify(server.requests[1]?.body.input);
    expect(history).toContain('First review.');
    expect(history).toContain('Look again.');
    expect(codexEvents(resumed)[0]).toMatchObject({ type: 'thread.started', thread_id: threadId });
  });

  it('runs scripted commands in the read-only sandbox: reads work, the write is refused', async () => {
    const server = await track(startOpenAIServer([
      { exec: { cmd: ['echo', "it's readable"] } },
      { exec: { cmd: 'touch sneaky.txt', workdir: repo } },
      { message: reply },
    ]));
    const { args, outFile } = await execArgs();

    const run = await runCodex(server.url, ['exec', ...args, 'Try to write.']);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(join(repo, 'sneaky.txt'))).toBe(false);
    expect(await readFile(outFile, 'utf8')).toBe(reply);
    expect(server.requests.map((r) => r.index)).toEqual([0, 1, 2]);
    const [read] = functionCallOutputs(server.requests[1]?.body);
    expect(read).toMatchObject({ callId: 'call_fake_0' });
    expect(read?.output).toContain("Process exited with code 0\n");
    expect(read?.output).toContain("it's readable\n");
    const write = functionCallOutputs(server.requests[2]?.body).find((o) => o.callId === 'call_fake_1');
    expect(write?.output).toContain('Read-only file system');
    expect(write?.output).toMatch(/Process exited with code [1-9]/);
    // Codex usually classifies the refused write as a sandbox denial and, in exec mode, tells only the
    // model: the --json stream then has no command_execution item for it. Now and then (seen with 0.169.0
    // on a loaded machine) it reports it as an ordinary failed command instead; either way it failed.
    const commands = codexEvents(run).filter((e) => e.type === 'item.completed' && e.item.type === 'command_execution');
    expect(commands.length === 1 || commands.length === 2, JSON.stringify(commands)).toBe(true);
    expect(commands[0].item).toMatchObject({ command: expect.stringContaining('readable'), exit_code: 0, status: 'completed' });
    if (commands.length === 2) {
      expect(commands[1].item).toMatchObject({ command: expect.stringContaining('sneaky'), status: 'failed', aggregated_output: expect.stringContaining('Read-only file system') });
      expect(commands[1].item.exit_code).not.toBe(0);
    }
  });
});

describe('hanging replies', () => {
  it('leave both CLIs running until they are killed', async () => {
    const anthropic = await track(startAnthropicServer([{ hang: true }]));
    const openai = await track(startOpenAIServer([{ hang: true }]));

    const [claude, codex] = await Promise.all([
      runClaude(anthropic.url, ['-p', 'Wait for me.', ...CLAUDE_FLAGS], HANG_WINDOW_MS),
      runCodex(openai.url, ['exec', '--sandbox', 'read-only', '--json', '--skip-git-repo-check', '-C', repo, 'Wait for me.'], HANG_WINDOW_MS),
    ]);

    expect(claude.timedOut).toBe(true);
    expect(codex.timedOut).toBe(true);
    // The request did arrive: the CLI was waiting on the reply, not still starting up.
    expect(anthropic.requests).toHaveLength(1);
    expect(openai.requests).toHaveLength(1);
  });
});
