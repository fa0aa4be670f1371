// Claude Code's session of a loop, carried from one workflow run to the next. The CLI keeps a session at
// `<config dir>/projects/<key of the working directory>/<session id>.jsonl`, the key being the directory's
// path with every character but ASCII letters and digits turned into `-` (seen with Claude Code 2.1.330,
// which resumes a session put under the key of another directory). The agent user owns that folder (its
// HOME is closed to others), so both ways go through the agent user: what it reads it could read anyway,
// and what it writes lands in its own home.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import { runProcess, type RunAs, type RunResult } from './process.js';

/** Session ids as Claude Code makes them (UUIDs); nothing else names a file here. */
export const CLAUDE_SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The largest session carried between runs; a longer one starts afresh in the next run. */
export const MAX_SESSION_BYTES = 32 * 1024 * 1024;
const STEP_TIMEOUT_MS = 60_000;

/** Where the agent's Claude Code keeps its sessions, and how the action acts as the agent user there. */
export interface SessionPlace {
  /** CLAUDE_CONFIG_DIR of the agent. */
  configDir: string;
  /** The working directory Claude runs in (its key names the session's folder). */
  workdir: string;
  /** An environment for the agent user's plain commands (PATH at least). */
  env: Record<string, string>;
  /** Undefined when agents run as the runner user. */
  runAs?: RunAs;
  /** A folder of the action's, which the agent user may pass through (the agents' room). */
  stagingDir: string;
}

export type ReadSession = { kind: 'read'; text: string } | { kind: 'missing' } | { kind: 'too-large' };

export function claudeProjectKey(workdir: string): string {
  return workdir.replace(/[^A-Za-z0-9]/g, '-');
}

export function claudeSessionFile(configDir: string, workdir: string, sessionId: string): string {
  if (!CLAUDE_SESSION_ID.test(sessionId)) throw new CtoError('internal', `not a Claude Code session id: ${JSON.stringify(sessionId)}`);
  return join(configDir, 'projects', claudeProjectKey(workdir), `${sessionId}.jsonl`);
}

/** The session's transcript as the agent user reads it; bounded. */
export async function readClaudeSession(place: SessionPlace, sessionId: string): Promise<ReadSession> {
  if (!CLAUDE_SESSION_ID.test(sessionId)) return { kind: 'missing' };
  const run = await asAgent(place, 'cat', ['--', claudeSessionFile(place.configDir, place.workdir, sessionId)], MAX_SESSION_BYTES);
  if (run.exitCode !== 0) return { kind: 'missing' };
  if (run.truncated) return { kind: 'too-large' };
  return { kind: 'read', text: run.stdout };
}

/** Puts `text` where Claude Code looks for the session when it runs in `place.workdir`; the agent user owns it. */
export async function installClaudeSession(place: SessionPlace, sessionId: string, text: string): Promise<void> {
  const target = claudeSessionFile(place.configDir, place.workdir, sessionId);
  const staging = await mkdtemp(join(place.stagingDir, 'carried-session-'));
  try {
    await chmod(staging, 0o755);
    const staged = join(staging, `${sessionId}.jsonl`);
    await writeFile(staged, text, { mode: 0o644 });
    await chmod(staged, 0o644);
    await must(await asAgent(place, 'mkdir', ['-p', '--', join(target, '..')]), 'make the session folder');
    await must(await asAgent(place, 'cp', ['--', staged, target]), 'copy the session');
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function asAgent(place: SessionPlace, command: string, args: string[], maxOutputBytes = 64 * 1024): Promise<RunResult> {
  return runProcess(command, args, { cwd: place.stagingDir, env: place.env, timeoutMs: STEP_TIMEOUT_MS, runAs: place.runAs, maxOutputBytes });
}

async function must(run: RunResult, what: string): Promise<void> {
  if (run.exitCode === 0) return;
  const said = (run.spawnError ?? run.stderr).trim().split('\n').slice(-2).join(' | ');
  throw new CtoError('internal', `Could not ${what} as the agent user: ${said || `exit ${run.exitCode ?? run.signal}`}`);
}
