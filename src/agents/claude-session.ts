// Whether a Claude Code session can be resumed here. The CLI keeps sessions in its config directory
// (`projects/<cwd-slug>/<session_id>.jsonl`); a later workflow run starts on a fresh runner without
// them, and `--resume` of a session that is not on disk fails before doing any work.
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Session ids are UUIDs; anything else is never looked up on disk. */
const SESSION_ID = /^[A-Za-z0-9-]{1,100}$/;

/** Where the CLI keeps its sessions for this environment; null when the environment does not say. */
export function claudeConfigDir(env: Record<string, string | undefined>): string | null {
  if (env.CLAUDE_CONFIG_DIR) return env.CLAUDE_CONFIG_DIR;
  return env.HOME ? join(env.HOME, '.claude') : null;
}

/**
 * True when the session's transcript is on disk. When the config directory is unknown the answer
 * is yes: resuming is then tried as before, and a failure is reported as the run's outcome.
 */
export async function sessionIsHere(configDir: string | null, sessionId: string): Promise<boolean> {
  if (!SESSION_ID.test(sessionId)) return false;
  if (configDir === null) return true;
  const projects = join(configDir, 'projects');
  let names: string[];
  try {
    names = await readdir(projects);
  } catch {
    return false;
  }
  for (const name of names) {
    const found = await access(join(projects, name, `${sessionId}.jsonl`)).then(() => true, () => false);
    if (found) return true;
  }
  return false;
}
