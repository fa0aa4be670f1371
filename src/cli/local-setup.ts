// The repository's setup for a local run (config `setup`): the action's setup runner over the run's worktree,
// before any model call of the stretch, each command within its time limit and in the verification commands'
// environment, its output shown as it ends. The first that fails stops the run with its command, exit code and
// last lines; nothing was planned or changed by then.
import { CtoError } from '../core/model/errors.js';
import { stripInvisible } from '../render/escape.js';
import { setupFailureMessage, setupTerminalText } from '../render/setup-report.js';
import { runSetupCommands, setupSucceeded } from '../workspace/setup-steps.js';
import type { CliIo } from './io.js';

export interface LocalSetup {
  commands: readonly string[];
  timeoutMinutes: number;
  /** The run's worktree. */
  cwd: string;
  /** The verification commands' environment: allow-listed, with the passed variables. */
  env: Record<string, string>;
  signal?: AbortSignal;
}

/** Runs the setup commands; throws a `setup` error when one fails. Nothing to do without commands. */
export async function setUpWorktree(io: CliIo, setup: LocalSetup, runId: string): Promise<void> {
  const { commands, timeoutMinutes } = setup;
  if (commands.length === 0) return;
  io.err(`setting up the worktree (${commands.length} ${commands.length === 1 ? 'command' : 'commands'}) before any model call`);
  const results = await runSetupCommands(commands, {
    cwd: setup.cwd,
    env: setup.env,
    timeoutMs: timeoutMinutes * 60_000,
    signal: setup.signal,
    onStart: (command) => io.err(`setup: ${stripInvisible(command)}`),
    onResult: (result) => io.err(setupTerminalText(result, timeoutMinutes)),
  });
  const last = results[results.length - 1];
  if (last && !setupSucceeded(last)) {
    throw new CtoError(
      'setup',
      setupFailureMessage({ ...last, output: stripInvisible(last.output) }, timeoutMinutes),
      `Fix the setup command (\`setup\` in the config file) or what it needs, then: codex-cto continue ${runId}`,
    );
  }
}
