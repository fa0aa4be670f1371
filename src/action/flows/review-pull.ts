// `/cto review` on a pull request: Codex reviews the PR head (read-only, agent configuration restored
// from the base) and the verdict is posted as a review and a check run. Nothing is committed or pushed,
// so this is safe on a person's PR and on a fork. On a codex-cto PR the lifecycle takes the verdict into
// the loop, and the tracking comment shows it.
import type { Plan, Review } from '../../core/model/schema-types.js';
import { afterReview, capInForce, reviewedIteration, verdictPhase, type AfterReview } from '../../core/lifecycle.js';
import { quoteAsData, sanitiseUntrusted } from '../../safety/sanitise.js';
import type { FlowContext } from './context.js';
import { configuredLimits } from './saved-loop.js';
import { readIssueContext } from './issue-context.js';
import { previousReviewOf, withVerification } from '../../core/state.js';
import type { ReviewRequest } from '../../core/ports.js';
import { reviewContextOf } from '../../core/model/verdict-rules.js';
import { publishVerdict } from '../publish/verdict.js';
import { commentableLines } from '../publish/commentable-lines.js';
import { hiddenCharactersAdded } from '../../workspace/diff-scan.js';
import type { Git } from '../../workspace/git.js';
import type { PullRef } from '../github/pulls.js';
import { Tracker, type FoundTracking } from '../tracking/tracker.js';
import { requireBranchName } from '../settings/names.js';
import { requireKeys } from '../settings/required-keys.js';
import { requireValidConfig } from './run-config.js';

export interface ReviewedPull {
  prNumber: number;
  prUrl: string;
  branch: string;
  review: Review;
  reviewUrl: string;
  /** Where the review leaves the loop, when the PR belongs to a codex-cto loop. */
  after: AfterReview | null;
}

/** Where the PR's base and head are fetched from. */
interface PullRefs {
  fork: boolean;
  /** The base branch, checked. */
  base: string;
  /** The head: its branch, checked; a fork's head by the PR's own ref. */
  headRef: string;
}

export async function reviewPullRequest(ctx: FlowContext, number: number, found?: FoundTracking): Promise<ReviewedPull> {
  requireValidConfig(ctx.config);
  requireKeys(ctx.settings, 'review');
  const pull = await ctx.pulls.get(number);
  // Checked before any agent is prepared: a branch name git is not handed costs nothing.
  const refs = pullRefs(ctx, pull);
  const agents = await ctx.agents();
  const { baseSha, headSha } = await fetchPull(ctx, agents.git, refs);
  const diffStat = await agents.git.diffStat(baseSha, headSha);
  const hiddenCharacters = await hiddenCharactersAdded(agents.git, baseSha, headSha);
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
  const iteration = reviewedIteration(loop);
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
    humanFeedback: null,
  };
  // Protected paths bind the loop's own work; a person's pull request is reviewed whatever it touches.
  const outcome = await agents.reviewer(baseSha, headSha, { guarded: found !== undefined }).review(request);
  const earlierFindings = request.previousReview?.findings ?? [];
  const after = found && loop ? afterReview(loop, outcome.value, outcome.usage, configuredLimits(ctx), { commit: headSha, context: reviewContextOf(request) }) : null;
  if (found && after) await recordReview(ctx, found, after, pull);
  const { reviewUrl } = await publishVerdict(ctx.verdictTarget(), {
    prNumber: number,
    headSha,
    prAuthor: pull.author,
    commentableLines: (paths) => commentableLines(agents.git, baseSha, headSha, paths),
    review: outcome.value,
    earlierFindings,
    hiddenCharacters,
    plan: loop?.plan ?? null,
    iteration,
    maxIterations: after ? capInForce(after.state, ctx.settings.maxIterations) : ctx.settings.maxIterations,
    phase: after?.state.phase ?? verdictPhase(outcome.value),
    advisory: refs.fork && !ctx.settings.allowForks,
  });
  return { prNumber: number, prUrl: pull.url, branch: pull.headRef, review: outcome.value, reviewUrl, after };
}

function pullRefs(ctx: FlowContext, pull: PullRef): PullRefs {
  const number = pull.number;
  const fork = pull.headRepo !== null && pull.headRepo.toLowerCase() !== `${ctx.runner.repo.owner}/${ctx.runner.repo.repo}`.toLowerCase();
  // Branch names reach git only once checked; a fork's head is fetched by the PR's own ref instead.
  const base = requireBranchName(pull.baseRef, `The base branch of pull request #${number}`);
  const headRef = fork ? `refs/pull/${number}/head` : `refs/heads/${requireBranchName(pull.headRef, `The head branch of pull request #${number}`)}`;
  return { fork, base, headRef };
}

/** The PR's merge base and head commit, fetched into the agents' repository. */
async function fetchPull(ctx: FlowContext, git: Git, refs: PullRefs): Promise<{ baseSha: string; headSha: string }> {
  await git.fetch(ctx.remote, [`+refs/heads/${refs.base}:refs/codex-cto/review-base`, `+${refs.headRef}:refs/codex-cto/review-head`]);
  const baseSha = (await git.run(['merge-base', 'refs/codex-cto/review-base', 'refs/codex-cto/review-head'])).trim();
  const headSha = (await git.run(['rev-parse', 'refs/codex-cto/review-head'])).trim();
  return { baseSha, headSha };
}

/** The loop with the verdict taken in, written into its tracking comment. */
async function recordReview(ctx: FlowContext, found: FoundTracking, after: AfterReview, pull: PullRef): Promise<void> {
  const tracker = new Tracker({
    issues: ctx.issues,
    thread: found.state.issue ?? found.state.pr,
    commentId: found.commentId,
    state: { ...found.state, loop: after.state, run: null },
    links: { runUrl: ctx.runner.runUrl, branchUrl: ctx.branchUrl(pull.headRef), prUrl: pull.url },
    settings: ctx.settings,
  });
  await tracker.save();
}
