// Pull request reviews with inline comments, checked against the real diff of the pull request.
import {
  ApiFailure, json, notFound, pullFrom, repoFrom, requirePermission, unprocessable, type ApiContext, type RouteTable,
} from './http.js';
import type { Issue, Repo, Review, ReviewState } from './model.js';
import { paginate } from './pagination.js';
import { pullOf, renderReview } from './render-pulls.js';
import { visibleTo } from './review-threads.js';
import { resolveInlineComments, reviewVerdictRule, type InlineCommentRequest, type ReviewEvent } from './rules.js';

const STATE_OF_EVENT: Record<string, ReviewState> = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
};

export const reviewRoutes: RouteTable = {
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': async (context) => {
    const repo = repoFrom(context);
    const issue = pullFrom(context, repo);
    const pull = pullOf(issue);
    if (context.grant.kind === 'installation') requirePermission(context, repo, 'write');
    const body = context.body as { commit_id?: string; body?: string; event?: ReviewEvent; comments?: InlineCommentRequest[] };
    const verdict = reviewVerdictRule(repo, issue.author, context.identity, context.grant, body.event);
    if (verdict) return verdict;
    if ((body.event === 'REQUEST_CHANGES' || body.event === 'COMMENT') && !body.body?.trim() && !body.comments?.length) {
      return unprocessable([`Review body is required for ${body.event}`]);
    }
    const pending = repo.reviews.find((r) => r.pullNumber === issue.number && r.state === 'PENDING' && r.author === context.identity.login);
    if (pending && !body.event) return unprocessable(['User can only have one pending review per pull request']);

    const headSha = (await context.git.resolveBranch(repo.owner, repo.name, pull.headRef)) ?? pull.headSha;
    const commitId = body.commit_id ?? headSha;
    const comparison = await context.git.compare(repo.owner, repo.name, pull.baseSha, commitId).catch(() => null);
    if (!comparison) return unprocessable(['Commit could not be resolved']);
    const comments = resolveInlineComments(comparison.files, body.comments ?? []);
    if (!Array.isArray(comments)) return comments;

    const at = context.world.now();
    const review: Review = {
      id: context.world.nextId(),
      pullNumber: issue.number,
      author: context.identity.login,
      body: body.body ?? '',
      state: body.event ? (STATE_OF_EVENT[body.event] as ReviewState) : 'PENDING',
      commitId,
      submittedAt: body.event ? at : null,
      comments: comments.map((c) => ({ id: context.world.nextId(), ...c, commitId, inReplyTo: null, createdAt: at, updatedAt: at })),
    };
    repo.reviews.push(review);
    issue.updatedAt = context.world.now();
    return json(200, renderReview(context.world, repo, issue, review, context.urls));
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (context) => {
    const repo = repoFrom(context);
    const issue = pullFrom(context, repo);
    // Pending reviews are visible to their author only.
    const reviews = repo.reviews
      .filter((r) => r.pullNumber === issue.number && visibleTo(r, context.identity.login))
      .map((r) => renderReview(context.world, repo, issue, r, context.urls));
    const page = paginate(reviews, context.query, context.selfUrl);
    return json(200, page.items, page.link ? { link: page.link } : undefined);
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}': (context) => {
    const repo = repoFrom(context);
    const issue = pullFrom(context, repo);
    return json(200, renderReview(context.world, repo, issue, reviewFrom(context, repo, issue), context.urls));
  },
};

/** The review named by the path, on that pull request and visible to the caller (404 otherwise). */
export function reviewFrom(context: ApiContext, repo: Repo, issue: Issue): Review {
  const review = repo.reviews.find((r) => r.id === Number(context.params.review_id) && r.pullNumber === issue.number);
  if (!review || !visibleTo(review, context.identity.login)) throw new ApiFailure(notFound());
  return review;
}

/** The inline comments of every review on a pull request (for test assertions). */
export function reviewCommentsOf(reviews: readonly Review[], pullNumber: number): Review['comments'] {
  return reviews.filter((r) => r.pullNumber === pullNumber).flatMap((r) => r.comments);
}
