// The repository's setup on GitHub: its commands run before the loop's first model call (a failing setup
// costs nothing), each folded into a group of the log, all of them in the job summary, and the first that
// fails stops the run with its command, exit code and last lines in the tracking comment.
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { CtoError } from '../../core/model/errors.js';
import { setupFailureMessage, setupSummary } from '../../render/setup-report.js';
import { setupSucceeded, type SetupResult } from '../../workspace/setup-steps.js';
import type { JobAgents } from './job-agents.js';
import type { RunScope } from './context.js';

/** Runs the setup commands; throws a `setup` error when one fails. Nothing to do without commands. */
export async function runSetupPhase(scope: RunScope, agents: Pick<JobAgents, 'setup'>): Promise<void> {
  const { settings, log, redact } = scope;
  const commands = settings.setupCommands;
  if (commands.length === 0) return;
  log(`codex-cto: setting up the repository (${commands.length} ${commands.length === 1 ? 'command' : 'commands'}) before any model call`);
  const results = await agents.setup(commands, {
    onStart: (command) => core.startGroup(redact(`codex-cto setup: ${command}`)),
    onResult: (result) => {
      logOutput(result, redact);
      core.endGroup();
    },
  });
  await core.summary.addRaw(redact(setupSummary(results, settings.setupTimeoutMinutes)), true).write();
  const last = results[results.length - 1];
  if (last && !setupSucceeded(last)) {
    throw new CtoError(
      'setup',
      setupFailureMessage(last, settings.setupTimeoutMinutes),
      `Fix the setup command (the \`setup\` input or the repository's setup) or what it needs, then comment \`${settings.commandPrefix} continue\`.`,
    );
  }
  log(`codex-cto: setup done`);
}

/**
 * A command's output in the log. It is the repository's (and so possibly an agent's) text: workflow commands
 * in it (`::add-mask::`, `::error::`, `::stop-commands::`) must not reach the runner, so they are switched off
 * around it with a token it cannot guess.
 */
function logOutput(result: SetupResult, redact: (text: string) => string): void {
  const token = randomUUID();
  core.info(`::stop-commands::${token}`);
  if (result.output.trim() !== '') core.info(redact(result.output));
  core.info(`::${token}::`);
  const how = result.spawnError ?? (result.timedOut ? 'timed out' : `exit ${result.exitCode ?? 'killed'}`);
  core.info(redact(`codex-cto setup: ${how} after ${Math.round(result.durationMs / 1000)} s`));
}
