// What a flow hands back to the main step: the action's outputs, and the loop view for the job summary.
import type { OutputName } from '../settings/inputs.js';
import type { TrackingState } from '../../core/model/schema-types.js';
import type { LoopJobResult } from '../flows/loop-job.js';
import type { ReviewedPull } from '../flows/review-pull.js';

/** The action's outputs (action.yml), typed; `outputValues` gives them as the runner takes them. */
export interface ActionOutputs {
  /** The last verdict; null when no review ran. */
  verdict: string | null;
  iterations: number;
  prNumber: number | null;
  prUrl: string | null;
  branch: string | null;
  totalCostUsd: number;
  planFile: string | null;
  reviewFile: string | null;
  sessionId: string | null;
}

export interface FlowResult {
  outputs: ActionOutputs;
  /** The loop's tracking state, for the job summary; null for a review-only run. */
  tracking: TrackingState | null;
  /** What ended the loop in `failed`, for the one failure reporter. */
  error: unknown | null;
}

export function resultOfJob(job: LoopJobResult): FlowResult {
  const loop = job.result.state;
  return {
    outputs: {
      verdict: loop.last_review?.verdict ?? null,
      iterations: loop.iterations.length,
      prNumber: job.tracking.pr,
      prUrl: job.prUrl,
      branch: job.tracking.branch,
      totalCostUsd: loop.total_cost_usd,
      planFile: job.artifacts.plan,
      reviewFile: job.artifacts.review,
      sessionId: loop.session_id,
    },
    tracking: job.tracking,
    error: job.result.error,
  };
}

export function resultOfReview(reviewed: ReviewedPull): FlowResult {
  return {
    outputs: {
      verdict: reviewed.review.verdict,
      iterations: reviewed.after?.state.iterations.length ?? 0,
      prNumber: reviewed.prNumber,
      prUrl: reviewed.prUrl,
      branch: reviewed.branch,
      totalCostUsd: reviewed.after?.state.total_cost_usd ?? 0,
      planFile: null,
      reviewFile: null,
      sessionId: reviewed.after?.state.session_id ?? null,
    },
    tracking: null,
    error: null,
  };
}

/** The action's outputs as the runner receives them, every one as README.md describes it ("or empty"). */
export function outputValues(outputs: ActionOutputs): Record<OutputName, string> {
  return {
    verdict: outputs.verdict ?? '',
    iterations: String(outputs.iterations),
    'pr-number': outputs.prNumber === null ? '' : String(outputs.prNumber),
    'pr-url': outputs.prUrl ?? '',
    branch: outputs.branch ?? '',
    'total-cost-usd': outputs.totalCostUsd.toFixed(4),
    'plan-file': outputs.planFile ?? '',
    'review-file': outputs.reviewFile ?? '',
    'session-id': outputs.sessionId ?? '',
  };
}
