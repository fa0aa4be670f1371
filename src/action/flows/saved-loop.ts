// What every flow asks of a loop before it acts: the limits the workflow configures, the loop's lock (and
// what to say when another run holds it), and the branch it starts from.
import * as core from '@actions/core';
import type { Limits } from '../../core/ports.js';
import { requireBranchName } from '../settings/names.js';
import { runUrlOf } from '../event/runner-context.js';
import { loopBusyLine, loopBusyReply, loopBusySummary, type LoopBusyView } from '../../render/loop-busy.js';
import type { FlowContext } from './context.js';

/** The loop limits as the workflow configures them; the lifecycle says which cap a resumed loop runs to. */
export function configuredLimits(ctx: FlowContext): Limits {
  const { maxIterations, escalateAfter, maxBudgetUsd, requirePlanApproval } = ctx.settings;
  return { maxIterations, escalateAfter, maxBudgetUsd, requirePlanApproval };
}

/** Where to answer a person whose command or review found the loop busy, and what they should do again. */
export interface BusyAnswer {
  thread: number;
  retry: string;
}

/**
 * Takes the lock of the loop on `branch` for this run; true when taken. When another run holds it, says so in
 * the log, the job summary and (when a person asked) a reply on their thread, and returns false.
 */
export async function holdLoop(ctx: FlowContext, branch: string, answer: BusyAnswer | null): Promise<boolean> {
  const lock = await ctx.holdLoop(branch);
  if (lock.held) return true;
  const run = lock.holder.run;
  const view: LoopBusyView = {
    holder: run === null ? null : { ...run, url: runUrlOf(ctx.runner, run.runId, run.attempt) },
    since: lock.holder.takenAt,
    branch,
    retry: answer?.retry ?? null,
  };
  ctx.log(loopBusyLine(view));
  try {
    await core.summary.addRaw(ctx.redact(loopBusySummary(view)), true).write();
  } catch (error) {
    ctx.log(`codex-cto: could not write the job summary: ${(error as Error).message}`);
  }
  if (answer !== null) await ctx.issues.createComment(answer.thread, loopBusyReply(view));
  return false;
}

/**
 * The branch a loop starts from: the dispatch's `base` (checked by the trigger), else the one the tracking
 * comment recorded, else `base-branch` or the repository's default branch; each refused by its own name.
 */
export function baseBranchOf(ctx: FlowContext, dispatched: string | null, recorded: string | null): string {
  if (dispatched !== null) return dispatched;
  if (recorded !== null) return requireBranchName(recorded, 'The base branch recorded in the tracking comment');
  return requireBranchName(ctx.baseBranch, ctx.settings.baseBranch !== null ? 'The input `base-branch`' : "The repository's default branch");
}
