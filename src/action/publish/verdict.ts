// Posts a verdict where GitHub users look for it: a PR review (inline comments only on lines inside the
// diff, the rest folded into the body) and a `codex-cto/review` check run on the head commit.
import type { LoopState, OpenFinding, Plan, Review } from '../../core/model/schema-types.js';
import type { Pulls } from '../github/pulls.js';
import { inlineFindingBody, reviewBody, splitFindings, type DiffLines, type InlineFinding } from '../../render/review-body.js';
import { httpStatus } from '../github/client.js';
import { checkRunFor } from '../../render/check-run.js';
import type { HiddenCharacterScan } from '../../core/model/trojan-source.js';

export interface VerdictTarget {
  pulls: Pulls;
  /** Posts APPROVE / REQUEST_CHANGES when set and not the PR's author; else COMMENT. */
  reviewerPulls: Pulls | null;
  reviewerLogin: string | null;
  detailsUrl: string | null;
  log: (message: string) => void;
}

export interface VerdictInput {
  prNumber: number;
  headSha: string;
  prAuthor: string;
  /** The lines of the PR diff that can take an inline comment, for the files named (from the local repository). */
  commentableLines: (paths: readonly string[]) => Promise<DiffLines>;
  review: Review;
  /** The earlier findings the review marked resolved or not (for their titles in the body). */
  earlierFindings: readonly OpenFinding[];
  /** Hidden Unicode characters the change adds: a warning on the review. */
  hiddenCharacters: HiddenCharacterScan;
  plan: Plan | null;
  iteration: number;
  maxIterations: number;
  phase: LoopState['phase'];
  /** Why the loop ended or paused, shown in the check run. */
  stopReason?: string | null;
  /**
   * A verdict on code from a fork (allow-forks off): posted as a COMMENT review with a neutral check
   * run, so a PR whose own files may have talked the reviewer round can never turn a required check green.
   */
  advisory?: boolean;
}

const ADVISORY_NOTE =
  'This pull request comes from a fork, so this verdict is advisory: the check stays neutral and the review is a comment. ' +
  'A maintainer can set `allow-forks: true` to let verdicts on forks count.';

export type ReviewEvent = 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT';

/**
 * GitHub refuses APPROVE / REQUEST_CHANGES from the PR's author; only a distinct identity may gate. A
 * question for a person is neither: it is a COMMENT (the check run still keeps the PR from passing).
 */
export function reviewEvent(review: Review, reviewerLogin: string | null, prAuthor: string): ReviewEvent {
  if (!reviewerLogin || reviewerLogin.toLowerCase() === prAuthor.toLowerCase()) return 'COMMENT';
  if (review.verdict === 'needs_human') return 'COMMENT';
  return review.verdict === 'approve' ? 'APPROVE' : 'REQUEST_CHANGES';
}

export async function publishVerdict(target: VerdictTarget, input: VerdictInput): Promise<{ reviewUrl: string }> {
  const { findings } = input.review;
  const paths = [...new Set(findings.map((finding) => finding.path))];
  const lines = paths.length > 0 ? await input.commentableLines(paths) : new Map<string, Set<number>>();
  const { inline, folded } = splitFindings(findings, lines);
  const event = input.advisory ? 'COMMENT' : reviewEvent(input.review, target.reviewerLogin, input.prAuthor);
  const poster = event === 'COMMENT' ? target.pulls : (target.reviewerPulls ?? target.pulls);
  const send = (inlineFindings: readonly InlineFinding[], foldedFindings: typeof folded) =>
    poster.review(input.prNumber, {
      commitSha: input.headSha,
      event,
      body: reviewBody({
        review: input.review,
        plan: input.plan,
        iteration: input.iteration,
        maxIterations: input.maxIterations,
        inlineCount: inlineFindings.length,
        foldedFindings,
        earlierFindings: input.earlierFindings,
        hiddenCharacters: input.hiddenCharacters,
      }),
      // Inline findings are model text: escaped like every other piece of it before GitHub renders them.
      comments: inlineFindings.map((c) => ({ path: c.path, line: c.line, startLine: c.startLine, body: inlineFindingBody(c.finding) })),
    });
  let reviewUrl: string;
  try {
    reviewUrl = await send(inline, folded);
  } catch (error) {
    // GitHub answers 422 when an inline comment is not on its diff (the local diff can differ from GitHub's
    // at the edges of a hunk): the findings then go into the body, and the verdict is still posted.
    if (inline.length === 0 || httpStatus((error as { cause?: unknown }).cause ?? error) !== 422) throw error;
    target.log(`GitHub refused the inline comments (${(error as Error).message}); posting them in the review body instead`);
    reviewUrl = await send([], findings);
  }
  const check = checkRunFor(input.review, input.phase, { plan: input.plan, stopReason: input.stopReason ?? null });
  const advisory = input.advisory
    ? { conclusion: 'neutral' as const, title: `${check.title} (advisory: fork pull request)`, summary: `${check.summary}\n\n${ADVISORY_NOTE}` }
    : {};
  await target.pulls.checkRun({ sha: input.headSha, ...check, ...advisory, detailsUrl: target.detailsUrl });
  return { reviewUrl };
}
