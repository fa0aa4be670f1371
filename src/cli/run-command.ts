// `codex-cto run "<objective>"`: the whole loop on the engine the action runs, in a new git worktree and
// branch beside the user's checkout; an approved branch can be merged into the checkout's branch.
import { join } from 'node:path';
import { claudeArgs } from '../agents/claude.js';
import { codexExecArgs } from '../agents/codex-args.js';
import { claudeOptions, codexOptions, createAgents } from '../agents/factory.js';
import { planPrompt } from '../agents/prompts.js';
import { runLoop } from '../core/loop.js';
import { schemaFile } from '../core/model/assets.js';
import type { Plan } from '../core/model/schema-types.js';
import type { Observer, Ports } from '../core/ports.js';
import { progressLine } from '../render/progress.js';
import { agentEnv } from '../safety/env.js';
import { createArtifactStore } from '../workspace/artifacts.js';
import { Git } from '../workspace/git.js';
import { mergeApproved, openLocalWorkspace, repositoryRoot, type LocalWorkspace } from '../workspace/local-worktree.js';
import { findBinary, requireBinary, requireKeys } from './agent-clis.js';
import { cliAgentSetup, requireSandbox, runId, shellLine, withModelAccess } from './agent-setup.js';
import { CLI_ADVICE } from './cli-advice.js';
import type { Command, CliIo } from './io.js';
import type { ModelAccess } from './model-access.js';

export async function run(io: CliIo, command: Command<'run'>): Promise<number> {
  const gitEnv = agentEnv(io.env, 'git', {});
  const root = await repositoryRoot(io.cwd, gitEnv);
  const id = runId();
  if (command.dryRun) return dryRun(io, command, root, id);
  requireKeys(io.env, command.codexConfig, ['codex', 'claude']);
  const binaries = { codex: await requireBinary('codex', io.env), claude: await requireBinary('claude', io.env) };
  return withModelAccess(io, command.codexConfig, (access) => runLoopLocally(io, command, { root, id, gitEnv, binaries, access }));
}

interface LocalRun {
  root: string;
  id: string;
  gitEnv: Record<string, string>;
  binaries: { codex: string; claude: string };
  access: ModelAccess;
}

async function runLoopLocally(io: CliIo, command: Command<'run'>, { root, id, gitEnv, binaries, access }: LocalRun): Promise<number> {
  await requireSandbox(binaries.codex, root, access.codexEnv);
  const artifacts = await createArtifactStore(root, id, gitEnv);
  const workspace = await openLocalWorkspace(root, command.objective, id, gitEnv);
  io.err(`working in ${workspace.dir} on branch ${workspace.branch}`);
  const agents = createAgents(cliAgentSetup(io, command, { workTree: workspace.dir, git: workspace.git }, binaries, access));
  let interrupted: string | null = null;
  const stopListening = io.onInterrupt(() => {
    interrupted = 'interrupted (Ctrl-C)';
    io.err('stopping after the current step...');
  });
  const observer: Observer = {
    async emit(event) {
      const line = progressLine(event, command.maxIterations);
      if (line) io.err(line);
    },
  };
  const ports: Ports = {
    planner: agents.planner(),
    implementer: agents.implementer(),
    verifier: agents.verifier(),
    reviewer: agents.reviewer(workspace.baseSha, 'HEAD'),
    repository: workspace.repository,
    artifacts,
    observer,
    control: { stopRequested: async () => interrupted },
    advice: CLI_ADVICE,
  };
  const limits = { maxIterations: command.maxIterations, escalateAfter: command.escalateAfter, maxBudgetUsd: command.maxBudgetUsd, requirePlanApproval: false };
  const result = await runLoop({ objective: command.objective, context: '' }, ports, limits);
  stopListening();
  const state = result.state;
  io.out(JSON.stringify({ phase: state.phase, reason: state.stop_reason, branch: workspace.branch, worktree: workspace.dir, iterations: state.iterations.length, total_cost_usd: state.total_cost_usd, codex_tokens: state.codex_tokens, session_id: state.session_id }, null, 2));
  if (result.error) throw result.error;
  if (state.phase !== 'approved') return 2;
  return finishApproved(io, command, workspace, gitEnv);
}

async function finishApproved(io: CliIo, command: Command<'run'>, workspace: LocalWorkspace, gitEnv: Record<string, string>): Promise<number> {
  if (command.merge) {
    const sha = await mergeApproved(workspace, gitEnv);
    io.err(`merged ${workspace.branch} into ${workspace.target} (${sha.slice(0, 12)})`);
  } else {
    io.err(`approved: the branch ${workspace.branch} is ready (merge it with: git merge --no-ff ${workspace.branch})`);
  }
  return 0;
}

async function dryRun(io: CliIo, command: Command<'run'>, root: string, id: string): Promise<number> {
  const binaries = { codex: (await findBinary('codex', io.env)) ?? 'codex', claude: (await findBinary('claude', io.env)) ?? 'claude' };
  const worktree = join(root, '.codex-cto', 'worktrees', id);
  const setup = cliAgentSetup(io, command, { workTree: worktree, git: new Git({ cwd: root, env: {} }) }, binaries);
  io.out(shellLine('git', ['worktree', 'add', '-b', `codex-cto/<branch>-${id}`, worktree, 'HEAD']));
  const options = codexOptions(setup, worktree, command.planModel);
  io.out(shellLine(binaries.codex, codexExecArgs(options, { schema: schemaFile('plan'), output: '<reply file>' }, planPrompt({ persona: options.persona, objective: command.objective, context: '' }))));
  const placeholder: Plan = { objective: command.objective, analysis: '<from the plan>', strategy: '<from the plan>', assumptions: [], open_questions: [], tasks: [], verification: [] };
  io.out(shellLine(binaries.claude, claudeArgs({ iteration: 1, objective: command.objective, plan: placeholder, feedback: null, diffStat: '', humanFeedback: null, sessionId: null, budgetUsd: command.maxBudgetUsd }, claudeOptions(setup))));
  io.out(shellLine(binaries.codex, codexExecArgs(codexOptions(setup, '<review checkout>', command.reviewModel), { schema: schemaFile('review'), output: '<reply file>' }, '<review prompt>')));
  return 0;
}
