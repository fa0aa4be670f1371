// The end of a run: outputs set once, and the job summary written from the same view as the comment.
import * as core from '@actions/core';
import { jobSummary } from '../../render/job-summary.js';
import { capInForce } from '../../core/lifecycle.js';
import type { FrontContext } from '../flows/context.js';
import { outputValues, type Outcome } from './outputs.js';
import { describeFailure } from './failure.js';

export async function writeOutcome(outcome: Outcome, ctx: FrontContext, redact: (text: string) => string): Promise<void> {
  const o = outcome.outputs;
  for (const [name, value] of Object.entries(outputValues(o))) core.setOutput(name, value);
  if (!outcome.tracking) return;
  const summary = jobSummary({
    state: outcome.tracking,
    maxIterations: capInForce(outcome.tracking.loop, ctx.settings.maxIterations),
    maxBudgetUsd: ctx.settings.maxBudgetUsd,
    commandPrefix: ctx.settings.commandPrefix,
    runUrl: ctx.runner.runUrl,
    branchUrl: outcome.tracking.branch ? ctx.branchUrl(outcome.tracking.branch) : null,
    prUrl: o.prUrl,
    error: outcome.error ? describeFailure(outcome.error, redact) : null,
    updatedAt: new Date().toISOString(),
    isolationOff: ctx.settings.isolation === 'none',
  });
  await core.summary.addRaw(redact(summary), true).write();
  const loop = outcome.tracking.loop;
  // Not a failure (the job succeeds), but the run page should show that a person is needed now.
  if (outcome.error === null && WAITS_FOR_A_PERSON.has(loop.phase)) {
    core.warning(redact(`codex-cto stopped before an approval (${loop.phase}): ${loop.stop_reason ?? 'no reason recorded'}`));
  }
}

/** Ends that are not failures yet need someone: more budget, more iterations, or a look at the work. */
const WAITS_FOR_A_PERSON: ReadonlySet<string> = new Set(['budget_exhausted', 'capped', 'escalated']);
