// One stretch of a local run, new or continued: the repository's setup in the run's worktree, then the engine
// over it, every state it emits saved to `.codex-cto/<run-id>/run.json`, Ctrl-C turned into a stop after the
// current step (a second one stops at once), and the end said: merged and cleaned up, or where the work is
// kept and how to resume.
import { createAgents, type AgentSetup } from '../agents/factory.js';
import { failed } from '../core/lifecycle.js';
import { runLoop } from '../core/loop.js';
import { CtoError, describeError } from '../core/model/errors.js';
import type { LoopState } from '../core/model/schema-types.js';
import type { Limits, Observer, Ports } from '../core/ports.js';
import { progressLine } from '../render/progress.js';
import { createArtifactStore } from '../workspace/artifacts.js';
import { mergeApproved } from '../workspace/local-merge.js';
import type { LocalWorkspace } from '../workspace/local-worktree.js';
import type { PassedEnvironment } from '../safety/env-passthrough.js';
import { cliAgentSetup, type CliAccess } from './agent-setup.js';
import { CLI_ADVICE } from './cli-advice.js';
import type { RepositoryWork } from './cli-settings.js';
import type { Command, CliIo } from './io.js';
import { setUpWorktree } from './local-setup.js';
import { saveRun, type SavedRun } from './run-store.js';
import { keptLines, mergedLines, summaryOf } from './run-words.js';

export interface LocalRunContext {
  io: CliIo;
  root: string;
  gitEnv: Record<string, string>;
  binaries: { codex: string; claude: string };
  access: CliAccess;
  /** Codex's `-c` overrides for this invocation (never saved). */
  codexConfig: string[];
  /** The repository's setup, passed variables and verification, as the config file and flags give them now. */
  work: RepositoryWork;
  /** The passed variables' values (checked: no model key or token among them). */
  passed: PassedEnvironment;
}

export interface Stretch {
  /** The state to go on from; absent for a new run, which plans first. */
  resume?: LoopState;
  limits: Limits;
}

/** Runs the loop from `stretch` on `saved`'s worktree; 0 when approved (and merged if asked), 2 otherwise. */
export async function driveRun(ctx: LocalRunContext, saved: SavedRun, workspace: LocalWorkspace, stretch: Stretch): Promise<number> {
  const { io, root } = ctx;
  let run = saved;
  const keep = async (loop: LoopState): Promise<void> => {
    run = { ...run, loop, updated_at: new Date().toISOString() };
    await saveRun(root, run);
  };
  const observer: Observer = {
    async emit(event) {
      await keep(event.state);
      const line = progressLine(event, stretch.limits.maxIterations);
      if (line) io.err(line);
    },
  };
  const interrupt = onCtrlC(io);
  try {
    const setup = cliAgentSetup(io, runCommandOf(run, ctx.codexConfig, ctx.work), { workTree: workspace.dir, git: workspace.git }, ctx.binaries, ctx.access, ctx.passed.env);
    const where = { cwd: workspace.dir, env: setup.env.verify, signal: interrupt.signal };
    await setUpWorktree(io, { ...where, commands: ctx.work.setupCommands, timeoutMinutes: ctx.work.setupTimeoutMinutes }, run.id).catch(async (error: unknown) => {
      // Nothing was planned or changed: the run is kept as failed, and `continue` sets up again.
      await keep(failed(run.loop, describeError(error).split('\n')[0] ?? 'setup failed'));
      for (const line of keptLines(run, stretch.limits)) io.err(line);
      throw error;
    });
    const ports = await portsFor(ctx, run, workspace, setup, observer, interrupt);
    const result = await runLoop({ objective: run.objective, context: '' }, ports, stretch.limits, stretch.resume);
    await keep(result.state);
    io.out(JSON.stringify(summaryOf(run), null, 2));
    if (result.state.phase !== 'approved') {
      for (const line of keptLines(run, stretch.limits)) io.err(line);
      if (result.error) throw result.error;
      return 2;
    }
  } finally {
    interrupt.stopListening();
  }
  return finishApproved(ctx, run, workspace);
}

interface Interrupt {
  /** Why the loop should stop before its next iteration, once Ctrl-C was pressed. */
  reason: string | null;
  /** Aborted on a second Ctrl-C: the running agent is stopped. */
  signal: AbortSignal;
  stopListening: () => void;
}

function onCtrlC(io: CliIo): Interrupt {
  const controller = new AbortController();
  const interrupt: Interrupt = { reason: null, signal: controller.signal, stopListening: () => undefined };
  interrupt.stopListening = io.onInterrupt(() => {
    if (interrupt.reason === null) {
      interrupt.reason = 'interrupted (Ctrl-C)';
      io.err('stopping after the current step (Ctrl-C again to stop at once)...');
      return;
    }
    controller.abort(new CtoError('agent-failed', 'interrupted (Ctrl-C twice): the running agent was stopped'));
  });
  return interrupt;
}

async function portsFor(ctx: LocalRunContext, run: SavedRun, workspace: LocalWorkspace, setup: AgentSetup, observer: Observer, interrupt: Interrupt): Promise<Ports> {
  const agents = createAgents({ ...setup, signal: interrupt.signal, secretValues: ctx.passed.secretValues });
  return {
    planner: agents.planner(),
    implementer: agents.implementer(),
    verifier: agents.verifier(),
    reviewer: agents.reviewer(workspace.baseSha, 'HEAD'),
    repository: workspace.repository,
    artifacts: await createArtifactStore(ctx.root, run.id, ctx.gitEnv),
    observer,
    control: { stopRequested: async () => interrupt.reason },
    advice: CLI_ADVICE,
  };
}

/** The run's saved settings, with this stretch's repository work, as the command line that would give them. */
export function runCommandOf(run: SavedRun, codexConfig: string[], work: RepositoryWork): Command<'run'> {
  const { local, ...settings } = run.settings;
  return { kind: 'run', objective: run.objective, ...settings, ...work, local, codexConfig, dryRun: false };
}

async function finishApproved(ctx: LocalRunContext, run: SavedRun, workspace: LocalWorkspace): Promise<number> {
  const { local } = run.settings;
  const target = local.mergeTarget ?? workspace.target;
  if (!local.autoMerge || target === null) {
    for (const line of keptLines(run, null)) ctx.io.err(line);
    return 0;
  }
  const message = `Merge ${workspace.branch}: ${run.objective.slice(0, 120)} (approved by codex-cto)`;
  const options = { target, style: local.mergeStyle, dirtyMain: local.dirtyMain, cleanup: local.cleanupAfterMerge, message };
  const report = await mergeApproved(workspace, options, ctx.gitEnv).catch((error: unknown) => {
    for (const line of keptLines(run, null)) ctx.io.err(line);
    throw error;
  });
  for (const line of mergedLines(run, target, report)) ctx.io.err(line);
  return 0;
}
