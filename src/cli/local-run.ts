// One stretch of a local run, new or continued: the engine over the run's worktree, every state it emits
// saved to `.codex-cto/<run-id>/run.json`, Ctrl-C turned into a stop after the current step (a second one
// stops at once), and the end said: merged and cleaned up, or where the work is kept and how to resume.
import { createAgents } from '../agents/factory.js';
import { runLoop } from '../core/loop.js';
import { CtoError } from '../core/model/errors.js';
import type { LoopState } from '../core/model/schema-types.js';
import type { Limits, Observer, Ports } from '../core/ports.js';
import { progressLine } from '../render/progress.js';
import { createArtifactStore } from '../workspace/artifacts.js';
import { mergeApproved } from '../workspace/local-merge.js';
import type { LocalWorkspace } from '../workspace/local-worktree.js';
import { cliAgentSetup, type CliAccess } from './agent-setup.js';
import { CLI_ADVICE } from './cli-advice.js';
import type { Command, CliIo } from './io.js';
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
    const ports = await portsFor(ctx, run, workspace, observer, interrupt);
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

async function portsFor(ctx: LocalRunContext, run: SavedRun, workspace: LocalWorkspace, observer: Observer, interrupt: Interrupt): Promise<Ports> {
  const setup = cliAgentSetup(ctx.io, runCommandOf(run, ctx.codexConfig), { workTree: workspace.dir, git: workspace.git }, ctx.binaries, ctx.access);
  const agents = createAgents({ ...setup, signal: interrupt.signal });
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

/** The run's saved settings as the command line that would give them. */
export function runCommandOf(run: SavedRun, codexConfig: string[]): Command<'run'> {
  const { local, ...settings } = run.settings;
  return { kind: 'run', objective: run.objective, ...settings, local, codexConfig, dryRun: false };
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
