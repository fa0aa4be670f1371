// `codex-cto continue <run-id> [feedback...]`: takes a saved local run up again where it stopped, by the
// lifecycle's rules (which phases may go on, and to which iteration cap), in its worktree and Claude Code
// session, with the feedback as a person's answer to both agents. `codex-cto runs`: the saved runs.
import { humanFeedback } from '../core/human-feedback.js';
import { admit, phaseWords } from '../core/lifecycle.js';
import { CtoError } from '../core/model/errors.js';
import type { Limits } from '../core/ports.js';
import { agentEnv } from '../safety/env.js';
import { reopenLocalWorkspace, repositoryRoot } from '../workspace/local-worktree.js';
import { requireBinary, requireKeys } from './agent-clis.js';
import { requireSandbox, withModelAccess } from './agent-setup.js';
import type { Command, CliIo } from './io.js';
import { driveRun } from './local-run.js';
import { cliPassedEnvironment, unsetLine } from './passed-env.js';
import { workOf } from './cli-settings.js';
import { listRuns, loadRun, saveRun } from './run-store.js';
import { runsTable } from './run-words.js';

export async function continueRun(io: CliIo, command: Command<'continue'>): Promise<number> {
  const gitEnv = agentEnv(io.env, 'git', {});
  const root = await repositoryRoot(io.cwd, gitEnv);
  const saved = await loadRun(root, command.runId);
  const { settings } = saved;
  const maxBudgetUsd = command.maxBudgetUsd === undefined ? settings.maxBudgetUsd : command.maxBudgetUsd;
  const configured: Limits = { maxIterations: settings.maxIterations, escalateAfter: settings.escalateAfter, maxBudgetUsd, requirePlanApproval: false };
  // Your words reach Claude beside the plan and findings, and the reviewer judges the change against them.
  const feedback = command.feedback === null ? null : humanFeedback('you', [{ text: command.feedback, path: null, line: null, thread: null }]);
  const admission = admit({ kind: 'continue', feedback }, saved.loop, configured);
  if (admission.kind !== 'run') {
    const why = admission.kind === 'ignore' ? admission.reason : `is ${phaseWords(saved.loop.phase)}`;
    throw new CtoError('settings', `Run ${saved.id} cannot continue: the loop ${why}.`, 'Start a new run with codex-cto run "<objective>".');
  }
  const workspace = await reopenLocalWorkspace(root, saved.place, gitEnv);
  requireKeys(io.env, command.codexConfig, ['codex', 'claude']);
  const passed = cliPassedEnvironment(io.env, command);
  const binaries = { codex: await requireBinary('codex', io.env), claude: await requireBinary('claude', io.env) };
  const unset = unsetLine(passed);
  if (unset !== null) io.err(unset);
  const run = { ...saved, settings: { ...settings, maxBudgetUsd }, loop: admission.state };
  return withModelAccess(io, command.codexConfig, async (access) => {
    await requireSandbox(binaries.codex, root, access.codexEnv);
    await saveRun(root, run);
    io.err(`run ${run.id}: continuing in ${workspace.dir} (iteration cap ${admission.limits.maxIterations})`);
    return driveRun({ io, root, gitEnv, binaries, access, codexConfig: command.codexConfig, work: workOf(command), passed }, run, workspace, {
      resume: admission.state,
      limits: admission.limits,
    });
  });
}

export async function runs(io: CliIo): Promise<number> {
  const root = await repositoryRoot(io.cwd, agentEnv(io.env, 'git', {}));
  const { runs: found, unreadable } = await listRuns(root);
  io.out(runsTable(found));
  for (const problem of unreadable) io.err(`skipped: ${problem}`);
  return 0;
}
