// `/cto review` on a pull request: Codex reviews the PR head (read-only, agent configuration restored
// from the base) and the verdict is posted as a review and a check run. Nothing is committed or pushed,
// so this is safe on a person's PR and on a fork.
import type { Plan, Review, LoopState } from '../schema-types.js';
import { quoteAsData, sanitiseUntrusted } from '../safety/sanitise.js';
import { endIn, previousReviewOf, withReview, withVerification } from '../engine/state.js';
import { decideVerdict } from '../engine/decide.js';
import type { ReviewRequest } from '../engine/ports.js';
import { reviewContextOf } from '../verdict-rules.js';
import { readIssueContext } from './issue-context.js';
import type { FrontContext } from './context.js';
import { postVerdict } from './verdict.js';
import { commentableLines, hiddenCharactersAdded } from '../diff-lines.js';
import { Tracker, type FoundTracking } from './tracker.js';
import { requireBranchName } from '../names.js';
import { requireKeys } from '../preflight.js';

export interface ReviewedPull {
  prNumber: number;
  prUrl: string;
  branch: string;
  review: Review;
  reviewUrl: string;
  /** The loop's state after this review, when the PR belongs to a codex-cto loop. */
  loop: LoopState | null;
}

export async function reviewPullRequest(ctx: FrontContext, number: number, found?: FoundTracking): Promise<ReviewedPull> {
  requireKeys(ctx.settings, 'review');
  const pull = await ctx.pulls.get(number);
  const fork = pull.headRepo !== null && pull.headRepo.toLowerCase() !== `${ctx.runner.repo.owner}/${ctx.runner.repo.repo}`.toLowerCase();
  // Branch names reach git only once checked; a fork's head is fetched by the PR's own ref instead.
  const base = requireBranchName(pull.baseRef, `The base branch of pull request #${number}`);
  const headRef = fork ? `refs/pull/${number}/head` : `refs/heads/${requireBranchName(pull.headRef, `The head branch of pull request #${number}`)}`;
  const agents = await ctx.agents();
  const git = agents.git;
  await git.fetch(ctx.remote, [`+refs/heads/${base}:refs/codex-cto/review-base`, `+${headRef}:refs/codex-cto/review-head`]);
  const baseSha = (await git.run(['merge-base', 'refs/codex-cto/review-base', 'refs/codex-cto/review-head'])).trim();
  const headSha = (await git.run(['rev-parse', 'refs/codex-cto/review-head'])).trim();
  const diffStat = await git.diffStat(baseSha, headSha);
  const hiddenCharacters = await hiddenCharactersAdded(git, baseSha, headSha);

  // No verification runs here: what failed in the loop's last iteration says nothing about this head.
  const loop = found ? withVerification(found.state.loop, []) : null;
  const plan: Plan = loop?.plan ?? {
    objective: sanitiseUntrusted(pull.title, { maxChars: 500 }).text,
    analysis: '',
    strategy: '',
    assumptions: [],
    open_questions: [],
    tasks: [],
    verification: [],
  };
  // The request the change answers: the loop's issue, or the pull request's own description.
  const context = loop ? await readIssueContext(ctx.issues, found?.state.issue ?? null) : quoteAsData(`pull request #${number}`, sanitiseUntrusted(pull.body).text);
  const iteration = Math.max(1, loop?.iterations.length ?? 1);
  const request: ReviewRequest = {
    iteration,
    objective: loop?.objective ?? plan.objective,
    context,
    plan,
    implementation: null,
    verification: [],
    diffStat,
    hiddenCharacters,
    baseRef: baseSha,
    headRef: 'HEAD',
    previousReview: loop ? previousReviewOf(loop) : null,
    humanAnswer: null,
  };
  const outcome = await agents.reviewer(baseSha, headSha).review(request);
  const earlierFindings = request.previousReview?.findings ?? [];

  let next: LoopState | null = null;
  if (found && loop) {
    const reviewed = withReview(loop, outcome.value, outcome.usage, { iteration, commit: headSha });
    const decision = decideVerdict(reviewed, outcome.value, iteration, {
      maxIterations: ctx.settings.maxIterations,
      escalateAfter: ctx.settings.escalateAfter,
      maxBudgetUsd: ctx.settings.maxBudgetUsd,
      requirePlanApproval: false,
    }, reviewContextOf(request));
    next = decision.kind === 'end' ? endIn(reviewed, decision.phase, decision.reason) : { ...reviewed, phase: 'revise' };
    const tracker = new Tracker({
      issues: ctx.issues,
      thread: found.state.issue ?? found.state.pr,
      commentId: found.commentId,
      state: { ...found.state, loop: next, run: null },
      links: { runUrl: ctx.runner.runUrl, branchUrl: ctx.branchUrl(pull.headRef), prUrl: pull.url },
      settings: ctx.settings,
    });
    await tracker.save();
  }
  const { reviewUrl } = await postVerdict(ctx.verdictTarget(), {
    prNumber: number,
    headSha,
    prAuthor: pull.author,
    commentableLines: (paths) => commentableLines(git, baseSha, headSha, paths),
    review: outcome.value,
    earlierFindings,
    hiddenCharacters,
    plan: loop?.plan ?? null,
    iteration,
    maxIterations: ctx.settings.maxIterations,
    phase: next?.phase ?? phaseOf(outcome.value.verdict),
    advisory: fork && !ctx.settings.allowForks,
  });
  return { prNumber: number, prUrl: pull.url, branch: pull.headRef, review: outcome.value, reviewUrl, loop: next };
}

/** The phase a verdict leaves a pull request in when no loop goes on from it. */
function phaseOf(verdict: Review['verdict']): LoopState['phase'] {
  switch (verdict) {
    case 'approve':
      return 'approved';
    case 'abort':
      return 'aborted';
    case 'needs_human':
      return 'escalated';
    case 'revise':
      return 'revise';
  }
}
