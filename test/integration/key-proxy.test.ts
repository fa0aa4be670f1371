// The real claude and codex binaries talk to the scripted model servers through the key proxy:
// each CLI holds only its placeholder, and the server sees the real key.
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProcess } from '../../src/workspace/process.js';
import { startKeyProxy, type KeyProxy } from '../../src/safety/key-proxy.js';
import {
  CLAUDE_BIN,
  CODEX_BIN,
  CODEX_OFFLINE_FLAGS,
  FAKE_OPENAI_KEY_VAR,
  FAKE_PROVIDER,
  claudeEnv,
  codexConfigArgs,
  codexEnv,
  makeAgentHome,
  makeTempDir,
  removeDir,
} from '../support/agent-home.js';
import { startAnthropicServer } from '../support/anthropic-server.js';
import { startOpenAIServer } from '../support/openai-server.js';
import type { ScriptedServer } from '../support/sse.js';

const RUN_TIMEOUT_MS = 90_000;
/** Fresh per run, so no fixture or earlier test can have put them anywhere. */
const REAL_ANTHROPIC_KEY = `sk-ant-real-${randomBytes(12).toString('hex')}`;
const REAL_OPENAI_KEY = `sk-real-${randomBytes(12).toString('hex')}`;

let home: string;
let workdir: string;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  home = await makeAgentHome();
  workdir = await makeTempDir('cto-key-proxy-work');
});

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  await removeDir(workdir);
  await removeDir(home);
});

async function tracked<S extends ScriptedServer<unknown> | KeyProxy>(started: Promise<S>): Promise<S> {
  const value = await started;
  cleanups.push(() => value.close());
  return value;
}

/** A custom provider whose base_url is the proxy's OpenAI route, as the action configures Codex. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function codexProviderOverrides(baseUrl: string): string[] {
  const provider = `name="${FAKE_PROVIDER}", base_url=${JSON.stringify(baseUrl)}, wire_api="responses", env_key="${FAKE_OPENAI_KEY_VAR}", request_max_retries=0, stream_max_retries=0`;
  return [`model_provider="${FAKE_PROVIDER}"`, `model_providers.${FAKE_PROVIDER}={${provider}}`, 'analytics.enabled=false'];
}

describe('the real CLIs through the key proxy', () => {
  it('claude -p completes a turn holding only the placeholder; the server saw the real key', async () => {
    const server = await tracked(startAnthropicServer([{ text: 'Done through the proxy.' }]));
    const proxy = await tracked(startKeyProxy({ upstreams: { anthropic: { baseUrl: server.url, key: REAL_ANTHROPIC_KEY } }, proxyEnv: {} }));
    const env = { ...claudeEnv(proxy.baseUrl('anthropic'), home), ANTHROPIC_API_KEY: proxy.placeholder('anthropic') };
    expect(JSON.stringify(env)).not.toContain(REAL_ANTHROPIC_KEY);

    const run = await runProcess(CLAUDE_BIN, ['-p', 'Say done.', '--output-format', 'json', '--max-turns', '2'], { cwd: workdir, env, timeoutMs: RUN_TIMEOUT_MS });

    expect(run.timedOut, run.stderr).toBe(false);
    expect(JSON.parse(run.stdout)).toMatchObject({ type: 'result', is_error: false, result: 'Done through the proxy.' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/v1/messages?beta=true');
    expect(server.requests[0]?.headers['x-api-key']).toBe(REAL_ANTHROPIC_KEY);
    expect(JSON.stringify(server.requests[0]?.headers)).not.toContain(proxy.placeholder('anthropic'));
    expect(`${run.stdout}\n${run.stderr}`).not.toContain(REAL_ANTHROPIC_KEY);
    expect(proxy.stats().anthropic).toEqual({ requests: 1, failures: 0 });
    expect(server.sideRequests).toEqual([]);
  });

  it('codex exec completes a turn holding only the placeholder; the server saw Bearer <real key>', async () => {
    const server = await tracked(startOpenAIServer([{ message: 'Done through the proxy.' }]));
    const proxy = await tracked(startKeyProxy({ upstreams: { openai: { baseUrl: `${server.url}/v1`, key: REAL_OPENAI_KEY } }, proxyEnv: {} }));
    const env = codexEnv(home, FAKE_OPENAI_KEY_VAR, proxy.placeholder('openai'));
    expect(JSON.stringify(env)).not.toContain(REAL_OPENAI_KEY);
    const args = [...CODEX_OFFLINE_FLAGS, ...codexConfigArgs(codexProviderOverrides(proxy.baseUrl('openai'))), 'exec', '--json', '--skip-git-repo-check', '--sandbox', 'read-only', '-C', workdir, 'Say done.'];

    const run = await runProcess(CODEX_BIN, args, { cwd: workdir, env, timeoutMs: RUN_TIMEOUT_MS });

    expect(run.exitCode, run.stderr).toBe(0);
    const events = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    expect(events.find((event) => event.type === 'item.completed')?.item).toMatchObject({ type: 'agent_message', text: 'Done through the proxy.' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/v1/responses');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${REAL_OPENAI_KEY}`);
    expect(JSON.stringify(server.requests[0]?.headers)).not.toContain(proxy.placeholder('openai'));
    expect(`${run.stdout}\n${run.stderr}`).not.toContain(REAL_OPENAI_KEY);
    expect(proxy.stats().openai).toEqual({ requests: 1, failures: 0 });
    expect(server.sideRequests).toEqual([]);
  });

  it('both CLIs report an endpoint the proxy cannot reach by its URL', async () => {
    const port = await closedPort();
    const proxy = await tracked(startKeyProxy({
      upstreams: { anthropic: { baseUrl: `http://127.0.0.1:${port}`, key: REAL_ANTHROPIC_KEY }, openai: { baseUrl: `http://127.0.0.1:${port}/v1`, key: REAL_OPENAI_KEY } },
      proxyEnv: {},
    }));
    const claudeRunEnv = { ...claudeEnv(proxy.baseUrl('anthropic'), home), ANTHROPIC_API_KEY: proxy.placeholder('anthropic') };
    const codexArgs = [...CODEX_OFFLINE_FLAGS, ...codexConfigArgs(codexProviderOverrides(proxy.baseUrl('openai'))), 'exec', '--json', '--skip-git-repo-check', '-C', workdir, 'Say done.'];

    const claude = await runProcess(CLAUDE_BIN, ['-p', 'Say done.', '--output-format', 'json'], { cwd: workdir, env: claudeRunEnv, timeoutMs: RUN_TIMEOUT_MS });
    const codex = await runProcess(CODEX_BIN, codexArgs, { cwd: workdir, env: codexEnv(home, FAKE_OPENAI_KEY_VAR, proxy.placeholder('openai')), timeoutMs: RUN_TIMEOUT_MS });

    expect(claude.timedOut, claude.stderr).toBe(false);
    expect(JSON.parse(claude.stdout)).toMatchObject({
      is_error: true,
      api_error_status: 502,
      result: expect.stringContaining(`codex-cto could not reach the model endpoint http://127.0.0.1:${port}: connect ECONNREFUSED`),
    });
    expect(codex.exitCode, codex.stderr).toBe(1);
    const failed = codex.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)).find((event) => event.type === 'turn.failed');
    expect(failed?.error.message).toContain(`codex-cto could not reach the model endpoint http://127.0.0.1:${port}/v1: connect ECONNREFUSED`);
    for (const stats of Object.values(proxy.stats())) expect(stats.failures).toBe(stats.requests);
  });
});
