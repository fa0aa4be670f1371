// What a flow hands back to main: the action's outputs, and the loop view for the job summary.
import type { TrackingState } from '../schema-types.js';
import type { LoopJobResult } from './loop-job.js';
import type { ReviewedPull } from './review-only.js';

export interface Outcome {
  outputs: {
    verdict: string;
    iterations: number;
    prNumber: number | null;
    prUrl: string | null;
    branch: string | null;
    totalCostUsd: number;
    planFile: string | null;
    reviewFile: string | null;
    sessionId: string | null;
  };
  /** The loop's tracking state, for the job summary; null for a review-only run. */
  tracking: TrackingState | null;
  /** What ended the loop in `failed`, for the one failure reporter. */
  error: unknown | null;
}

export function outcomeFromJob(job: LoopJobResult): Outcome {
  const loop = job.result.state;
  return {
    outputs: {
      verdict: loop.last_review?.verdict ?? 'none',
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

export function outcomeFromReview(reviewed: ReviewedPull): Outcome {
  return {
    outputs: {
      verdict: reviewed.review.verdict,
      iterations: reviewed.loop?.iterations.length ?? 0,
      prNumber: reviewed.prNumber,
      prUrl: reviewed.prUrl,
      branch: reviewed.branch,
      totalCostUsd: reviewed.loop?.total_cost_usd ?? 0,
      planFile: null,
      reviewFile: null,
      sessionId: reviewed.loop?.session_id ?? null,
    },
    tracking: null,
    error: null,
  };
}
