// The end of a run: outputs set once, and the job summary written from the same view as the comment.
import * as core from '@actions/core';
import { jobSummary } from '../../render/job-summary.js';
import { capInForce } from '../../core/lifecycle.js';
import type { FlowContext } from '../flows/context.js';
import { outputValues, type FlowResult } from './outputs.js';
import { describeFailure } from './failure.js';

export async function writeResult(result: FlowResult, ctx: FlowContext, redact: (text: string) => string): Promise<void> {
  const o = result.outputs;
  for (const [name, value] of Object.entries(outputValues(o))) core.setOutput(name, value);
  if (!result.tracking) return;
  const summary = jobSummary({
    state: result.tracking,
    maxIterations: capInForce(result.tracking.loop, ctx.settings.maxIterations),
    maxBudgetUsd: ctx.settings.maxBudgetUsd,
    commandPrefix: ctx.settings.commandPrefix,
    runUrl: ctx.runner.runUrl,
    branchUrl: result.tracking.branch ? ctx.branchUrl(result.tracking.branch) : null,
    prUrl: o.prUrl,
    error: result.error ? describeFailure(result.error, redact) : null,
    updatedAt: new Date().toISOString(),
    isolationOff: ctx.settings.isolation === 'none',
    transcriptsUrl: result.tracking.transcripts ? ctx.transcriptsUrl(result.tracking.transcripts) : null,
  });
  await core.summary.addRaw(redact(summary), true).write();
  const loop = result.tracking.loop;
  // Not a failure (the job succeeds), but the run page should show that a person is needed now.
  if (result.error === null && WAITS_FOR_A_PERSON.has(loop.phase)) {
    core.warning(redact(`codex-cto stopped before an approval (${loop.phase}): ${loop.stop_reason ?? 'no reason recorded'}`));
  }
}

/** Ends that are not failures yet need someone: more budget, more iterations, or a look at the work. */
const WAITS_FOR_A_PERSON: ReadonlySet<string> = new Set(['budget_exhausted', 'capped', 'escalated']);
