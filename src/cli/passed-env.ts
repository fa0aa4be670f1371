// The variables of your shell a local run passes on purpose (config `env`, `--env`, `--secret-env`): they reach
// Claude Code, the setup and the verification commands, never Codex. The names were checked when the command
// line was read; here their values are taken, and refused when one holds a model key or a GitHub token.
import { CtoError, isCtoError } from '../core/model/errors.js';
import { passedEnvironment, type PassedEnvironment } from '../safety/env-passthrough.js';
import { CLAUDE_CREDENTIAL_VARS } from '../agents/claude-shell.js';
import type { RepositoryWork } from './cli-settings.js';

/** Variables whose values never reach an agent under another name: the model keys and GitHub's tokens. */
const GUARDED = ['OPENAI_API_KEY', 'CODEX_API_KEY', ...CLAUDE_CREDENTIAL_VARS, 'GITHUB_TOKEN', 'GH_TOKEN'];

export function cliPassedEnvironment(env: Record<string, string | undefined>, work: Pick<RepositoryWork, 'envPassthrough' | 'secretEnv'>): PassedEnvironment {
  const guarded = GUARDED.flatMap((name) => (env[name] ? [env[name]] : []));
  try {
    return passedEnvironment(env, { plain: work.envPassthrough, secret: work.secretEnv }, guarded);
  } catch (error) {
    if (!isCtoError(error)) throw error;
    throw new CtoError('settings', error.message, 'Give that variable another value in your shell, or leave it out of `env` and --env; the agents reach the models through codex-cto.');
  }
}

/** The line that says which asked-for variables your shell does not set; null when it sets them all. */
export function unsetLine(passed: PassedEnvironment): string | null {
  return passed.unset.length === 0 ? null : `codex-cto: not set in your environment, so not passed to the agents: ${passed.unset.join(', ')}`;
}
