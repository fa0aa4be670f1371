// `/cto review` on a pull request: Codex reviews the PR head (read-only, agent configuration restored
// from the base) and the verdict is posted as a review and a check run. Nothing is committed or pushed,
// so this is safe on a person's PR and on a fork.
import type { Plan, Review, LoopState } from '../../core/model/schema-types.js';
import { quoteAsData, sanitiseUntrusted } from '../../safety/sanitise.js';
import { endIn, withReview } from '../../core/state.js';
import { decideVerdict } from '../../core/decide.js';
import type { FrontContext } from './context.js';
import { postVerdict } from '../publish/verdict.js';
import { commentableLines, hiddenCharactersAdded } from '../../workspace/diff-lines.js';
import { Tracker, type FoundTracking } from '../tracking/tracker.js';
import { requireBranchName } from '../settings/names.js';
import { requireKeys } from '../settings/required-keys.js';

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

  const loop = found?.state.loop ?? null;
  const plan: Plan = loop?.plan ?? {
    objective: sanitiseUntrusted(pull.title, { maxChars: 500 }).text,
    analysis: '',
    strategy: '',
    tasks: [],
    verification: [],
  };
  const objective = loop?.objective ?? `${plan.objective}\n\n${quoteAsData(`pull request #${number}`, sanitiseUntrusted(pull.body).text)}`;
  const iteration = Math.max(1, loop?.iterations.length ?? 1);
  const outcome = await agents.reviewer(baseSha, headSha).review({
    iteration,
    objective,
    plan,
    implementation: null,
    verification: [],
    diffStat,
    hiddenCharacters,
    baseRef: baseSha,
    headRef: 'HEAD',
  });

  let next: LoopState | null = null;
  if (found && loop) {
    const reviewed = withReview(loop, outcome.value, outcome.usage);
    const decision = decideVerdict(reviewed, outcome.value, iteration, {
      maxIterations: ctx.settings.maxIterations,
      escalateAfter: ctx.settings.escalateAfter,
      maxBudgetUsd: ctx.settings.maxBudgetUsd,
      requirePlanApproval: false,
    });
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
    hiddenCharacters,
    plan: loop?.plan ?? null,
    iteration,
    maxIterations: ctx.settings.maxIterations,
    phase: next?.phase ?? (outcome.value.verdict === 'approve' ? 'approved' : outcome.value.verdict === 'abort' ? 'aborted' : 'revise'),
    advisory: fork && !ctx.settings.allowForks,
  });
  return { prNumber: number, prUrl: pull.url, branch: pull.headRef, review: outcome.value, reviewUrl, loop: next };
}
