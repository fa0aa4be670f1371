// Isolated, offline configuration for the real agent CLIs in tests: a throwaway home per test, the
// environment each CLI needs to talk to a scripted server on loopback, and nothing inherited.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The pinned CLIs installed as devDependencies. */
export const CLAUDE_BIN = join(repoRoot, 'node_modules', '.bin', 'claude');
export const CODEX_BIN = join(repoRoot, 'node_modules', '.bin', 'codex');

/** The env var carrying the fake OpenAI key; it is what the provider's `env_key` names. */
export const FAKE_OPENAI_KEY_VAR = 'CTO_TEST_OPENAI_KEY';
export const FAKE_OPENAI_KEY = 'sk-test-openai-not-a-secret';
export const FAKE_ANTHROPIC_KEY = 'sk-ant-test-not-a-secret';

/** Name of the custom Codex provider that points at the scripted server. */
export const FAKE_PROVIDER = 'cto-test';

/**
 * Flags that keep `codex exec` off the network apart from the model provider: plugins sync with
 * remote hosts and analytics report metrics unless disabled (checked by tracing the CLI's sockets).
 */
export const CODEX_OFFLINE_FLAGS: readonly string[] = ['--disable', 'plugins', '-c', 'analytics.enabled=false'];

/**
 * A PATH with the running Node first: Codex's launcher is a `#!/usr/bin/env node` script, and Claude
 * and Codex shell out to git and bash.
 */
export function agentPath(): string {
  return [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
}

/** A fresh directory under the OS temp dir, to be removed with `removeDir`. */
export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `${prefix}-`));
}

/**
 * A throwaway home for one test: `HOME`, with `.claude` (CLAUDE_CONFIG_DIR) and `.codex` (CODEX_HOME,
 * which Codex refuses to create itself) inside. Remove it with `removeDir`.
 */
export async function makeAgentHome(): Promise<string> {
  const home = await makeTempDir('cto-agent-home');
  await mkdir(join(home, '.claude'));
  await mkdir(join(home, '.codex'));
  return home;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Git isolated from the machine: no system or user config, never a prompt. */
export function gitEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    PATH: agentPath(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.invalid',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.invalid',
    LANG: 'C.UTF-8',
  };
}

/** The complete environment for `claude -p` against a scripted Anthropic server. */
export function claudeEnv(serverUrl: string, home: string): Record<string, string> {
  return {
    ...gitEnv(home),
    ANTHROPIC_BASE_URL: serverUrl,
    ANTHROPIC_API_KEY: FAKE_ANTHROPIC_KEY,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    // Only the model API leaves the process; no probes, telemetry or update checks.
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // Errors come back in seconds instead of after minutes of retries.
    CLAUDE_CODE_MAX_RETRIES: '0',
    DISABLE_AUTOUPDATER: '1',
  };
}

/**
 * `-c key=value` overrides (TOML values) that point Codex at a Responses-API endpoint, one per
 * string: the same lines a user puts in the action's `codex-config` input to use a gateway.
 */
export function codexConfigOverrides(serverUrl: string, keyVar: string = FAKE_OPENAI_KEY_VAR): string[] {
  const provider = [
    `name=${tomlString(FAKE_PROVIDER)}`,
    `base_url=${tomlString(`${serverUrl}/v1`)}`,
    'wire_api="responses"',
    `env_key=${tomlString(keyVar)}`,
    // Fail fast: tests script errors on purpose and the default retries a 500 for ~26 s.
    'request_max_retries=0',
    'stream_max_retries=0',
  ].join(', ');
  return [
    `model_provider=${tomlString(FAKE_PROVIDER)}`,
    `model_providers.${FAKE_PROVIDER}={${provider}}`,
    'analytics.enabled=false',
  ];
}

/** The overrides as argv: `-c <override>` for each. */
export function codexConfigArgs(overrides: readonly string[]): string[] {
  return overrides.flatMap((override) => ['-c', override]);
}

/** The complete environment for `codex exec`; `keyVar` must match the provider's `env_key`. */
export function codexEnv(home: string, keyVar: string = FAKE_OPENAI_KEY_VAR, key: string = FAKE_OPENAI_KEY): Record<string, string> {
  return {
    ...gitEnv(home),
    CODEX_HOME: join(home, '.codex'),
    [keyVar]: key,
  };
}

function tomlString(value: string): string {
  return JSON.stringify(value);
}
