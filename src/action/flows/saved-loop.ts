// What every flow asks of a loop found on GitHub before it acts: the limits the workflow configures,
// whether another run is working on the loop, and the branch it starts from.
import type { Limits } from '../../core/ports.js';
import { heldByAnotherRun } from '../../core/lifecycle.js';
import { requireBranchName } from '../settings/names.js';
import type { FoundTracking } from '../tracking/tracker.js';
import type { FlowContext } from './context.js';

/** The loop limits as the workflow configures them; the lifecycle says which cap a resumed loop runs to. */
export function configuredLimits(ctx: FlowContext): Limits {
  const { maxIterations, escalateAfter, maxBudgetUsd, requirePlanApproval } = ctx.settings;
  return { maxIterations, escalateAfter, maxBudgetUsd, requirePlanApproval };
}

/** True (and logged) when another run is working on the loop found; it is left alone. */
export function busy(ctx: FlowContext, found: FoundTracking | null): boolean {
  const run = found?.state.run ?? null;
  if (run === null || !heldByAnotherRun(run, ctx.runner.runId, Date.now())) return false;
  ctx.log(`codex-cto: run ${run.id} is already working on this loop (since ${run.started_at}); leaving it alone.`);
  return true;
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
