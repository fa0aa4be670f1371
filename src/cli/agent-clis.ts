// The local CLI's view of the two agent CLIs: where they are, whether their keys are set, and the
// environments they get (allow-listed: each sees its own key and nothing else secret).
import { access, constants } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { homedir } from 'node:os';
import { CtoError } from '../core/model/errors.js';
import { packageRoot } from '../core/model/assets.js';
import { agentEnv } from '../safety/env.js';
import { runProcess } from '../workspace/process.js';
import { installCommand } from '../core/model/versions.js';

export type AgentName = 'codex' | 'claude';

/** The CLI on PATH, else the one installed beside codex-cto (its pinned devDependency), else null. */
export async function findBinary(name: AgentName, env: Record<string, string | undefined>): Promise<string | null> {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), join(packageRoot(), 'node_modules', '.bin')];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export async function requireBinary(name: AgentName, env: Record<string, string | undefined>): Promise<string> {
  const found = await findBinary(name, env);
  if (found) return found;
  throw new CtoError('agent-missing', `The ${name} CLI was not found on PATH.`, `Install it: \`${installCommand(name)}\``);
}

export async function binaryVersion(binary: string, env: Record<string, string>): Promise<string | null> {
  const run = await runProcess(binary, ['--version'], { cwd: homedir(), env, timeoutMs: 30_000 });
  return run.exitCode === 0 ? run.stdout.trim().split('\n')[0] ?? null : null;
}

export interface KeyStatus {
  ok: boolean;
  /** How the CLI will authenticate, for `status`; never the key itself. */
  how: string;
}

export function codexKeyStatus(env: Record<string, string | undefined>, codexConfig: readonly string[]): KeyStatus {
  if (env.OPENAI_API_KEY) return { ok: true, how: 'OPENAI_API_KEY is set' };
  if (env.CODEX_API_KEY) return { ok: true, how: 'CODEX_API_KEY is set' };
  if (codexConfig.some((c) => c.trim().startsWith('model_provider='))) return { ok: true, how: 'a custom model provider is configured' };
  const auth = join(env.CODEX_HOME || join(env.HOME || homedir(), '.codex'), 'auth.json');
  if (existsSync(auth)) return { ok: true, how: '`codex login` credentials found' };
  return { ok: false, how: 'OPENAI_API_KEY is not set and there is no `codex login`' };
}

export function claudeKeyStatus(env: Record<string, string | undefined>): KeyStatus {
  if (env.ANTHROPIC_API_KEY) return { ok: true, how: 'ANTHROPIC_API_KEY is set' };
  if (env.CLAUDE_CODE_OAUTH_TOKEN) return { ok: true, how: 'CLAUDE_CODE_OAUTH_TOKEN is set' };
  const credentials = join(env.CLAUDE_CONFIG_DIR || join(env.HOME || homedir(), '.claude'), '.credentials.json');
  if (existsSync(credentials)) return { ok: true, how: 'Claude Code login found' };
  return { ok: false, how: 'ANTHROPIC_API_KEY is not set and there is no Claude Code login' };
}

export function requireKeys(env: Record<string, string | undefined>, codexConfig: readonly string[], need: readonly AgentName[]): void {
  const problems: string[] = [];
  if (need.includes('codex') && !codexKeyStatus(env, codexConfig).ok) problems.push('OPENAI_API_KEY is not set (needed by Codex to plan and review)');
  if (need.includes('claude') && !claudeKeyStatus(env).ok) problems.push('ANTHROPIC_API_KEY is not set (needed by Claude Code to implement)');
  if (problems.length > 0) {
    throw new CtoError('settings', `Missing key: ${problems.join('; ')}.`, 'Export the key in your shell (export OPENAI_API_KEY=... / ANTHROPIC_API_KEY=...), or log in with the CLI.');
  }
}

const pick = (env: Record<string, string | undefined>, names: readonly string[]): Record<string, string> =>
  Object.fromEntries(names.flatMap((name) => (env[name] ? [[name, env[name] as string]] : [])));

export function codexEnvFrom(env: Record<string, string | undefined>): Record<string, string> {
  // `codex exec` reads its key from CODEX_API_KEY; OPENAI_API_KEY is what people usually export.
  const key = env.CODEX_API_KEY || env.OPENAI_API_KEY;
  return agentEnv(env, 'codex', { ...pick(env, ['OPENAI_API_KEY', 'CODEX_HOME']), ...(key ? { CODEX_API_KEY: key } : {}) });
}

export function claudeEnvFrom(env: Record<string, string | undefined>): Record<string, string> {
  return agentEnv(
    env,
    'claude',
    pick(env, ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN', 'CLAUDE_CONFIG_DIR', 'CLAUDE_CODE_MAX_RETRIES']),
  );
}
