// `codex-cto run "<objective>"`: the whole loop on the engine the action runs, in a new git worktree and
// branch beside the user's checkout, saved as it goes so `codex-cto continue` can take it up again; an
// approved branch can be merged into a target branch (local-merge.ts).
import { isAbsolute, join, resolve } from 'node:path';
import { claudeArgs } from '../agents/claude.js';
import { codexExecArgs } from '../agents/codex-args.js';
import { claudeOptions, codexOptions } from '../agents/factory.js';
import { planPrompt } from '../agents/prompts.js';
import { startState } from '../core/lifecycle.js';
import { schemaFile } from '../core/model/assets.js';
import type { Plan } from '../core/model/schema-types.js';
import type { Limits } from '../core/ports.js';
import { agentEnv } from '../safety/env.js';
import { createArtifactStore } from '../workspace/artifacts.js';
import { Git } from '../workspace/git.js';
import { openLocalWorkspace, repositoryRoot } from '../workspace/local-worktree.js';
import { findBinary, requireBinary, requireKeys } from './agent-clis.js';
import { cliAgentSetup, requireSandbox, runId, shellLine, withModelAccess } from './agent-setup.js';
import type { Command, CliIo } from './io.js';
import { REPOSITORY_WORK_KEYS, workOf } from './cli-settings.js';
import { driveRun } from './local-run.js';
import { cliPassedEnvironment, unsetLine } from './passed-env.js';
import { saveRun, type SavedRun } from './run-store.js';

export async function run(io: CliIo, command: Command<'run'>): Promise<number> {
  const gitEnv = agentEnv(io.env, 'git', {});
  const root = await repositoryRoot(io.cwd, gitEnv);
  const id = runId();
  const parent = worktreeParent(root, command.local.worktreeDir);
  if (command.dryRun) return dryRun(io, command, root, join(parent, id));
  requireKeys(io.env, command.codexConfig, ['codex', 'claude']);
  const passed = cliPassedEnvironment(io.env, command);
  const binaries = { codex: await requireBinary('codex', io.env), claude: await requireBinary('claude', io.env) };
  const unset = unsetLine(passed);
  if (unset !== null) io.err(unset);
  return withModelAccess(io, command.codexConfig, async (access) => {
    await requireSandbox(binaries.codex, root, access.codexEnv);
    await createArtifactStore(root, id, gitEnv);
    const workspace = await openLocalWorkspace(root, command.objective, id, gitEnv, parent);
    io.err(`run ${id}: working in ${workspace.dir} on branch ${workspace.branch}`);
    const limits = limitsOf(command);
    const saved = savedRunOf(command, id, workspace, startState(command.objective, limits));
    await saveRun(root, saved);
    return driveRun({ io, root, gitEnv, binaries, access, codexConfig: command.codexConfig, work: workOf(command), passed }, saved, workspace, { limits });
  });
}

/** The folder worktrees go in: `dir` from the repository's top level, unless absolute. */
export function worktreeParent(root: string, dir: string): string {
  return isAbsolute(dir) ? dir : resolve(root, dir);
}

function limitsOf(command: Command<'run'>): Limits {
  return { maxIterations: command.maxIterations, escalateAfter: command.escalateAfter, maxBudgetUsd: command.maxBudgetUsd, requirePlanApproval: false };
}

function savedRunOf(command: Command<'run'>, id: string, place: SavedRun['place'], loop: SavedRun['loop']): SavedRun {
  const settings: Partial<Command<'run'>> = { ...command };
  // What is not a setting of the run; Codex's -c overrides may carry endpoints or secrets, and the repository's
  // own work (setup, variables, verification) is read afresh by each stretch.
  for (const key of ['kind', 'objective', 'codexConfig', 'dryRun', ...REPOSITORY_WORK_KEYS] as const) delete settings[key];
  const now = new Date().toISOString();
  return {
    version: 1,
    id,
    objective: command.objective,
    started_at: now,
    updated_at: now,
    place: { dir: place.dir, branch: place.branch, target: place.target, baseSha: place.baseSha },
    settings: settings as SavedRun['settings'],
    loop,
  };
}

async function dryRun(io: CliIo, command: Command<'run'>, root: string, worktree: string): Promise<number> {
  const binaries = { codex: (await findBinary('codex', io.env)) ?? 'codex', claude: (await findBinary('claude', io.env)) ?? 'claude' };
  const setup = cliAgentSetup(io, command, { workTree: worktree, git: new Git({ cwd: root, env: {} }) }, binaries);
  io.out(shellLine('git', ['worktree', 'add', '-b', `codex-cto/<branch>-<run-id>`, worktree, 'HEAD']));
  // The repository's setup, in the worktree, before any model call.
  for (const line of command.setupCommands) io.out(shellLine('sh', ['-c', line]));
  const options = codexOptions(setup, worktree, 'plan');
  io.out(shellLine(binaries.codex, codexExecArgs(options, { schema: schemaFile('plan'), output: '<reply file>' }, planPrompt({ persona: options.persona, objective: command.objective, context: '' }))));
  const placeholder: Plan = { objective: command.objective, analysis: '<from the plan>', strategy: '<from the plan>', assumptions: [], open_questions: [], tasks: [], verification: [] };
  io.out(shellLine(binaries.claude, claudeArgs({ iteration: 1, objective: command.objective, plan: placeholder, feedback: null, diffStat: '', humanFeedback: null, sessionId: null, budgetUsd: command.maxBudgetUsd }, claudeOptions(setup))));
  io.out(shellLine(binaries.codex, codexExecArgs(codexOptions(setup, '<review checkout>', 'review'), { schema: schemaFile('review'), output: '<reply file>' }, '<review prompt>')));
  return 0;
}
