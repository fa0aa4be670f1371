// Inline review comments and their threads: list (per pull request and per review), read, edit,
// comment on a line of the diff, and reply in a thread. Lines are checked against the real diff, and
// `line`/`position`/`commit_id` follow later pushes the way GitHub's do.
import {
  ApiFailure, json, notFound, pullFrom, repoFrom, requirePermission, validationFailed, type ApiContext, type ApiResponse, type RouteTable,
} from './http.js';
import type { Issue, Repo, Review } from './model.js';
import { paginate } from './pagination.js';
import { anchorsNow, type Anchor } from './review-anchors.js';
import { addThreadReply, findReviewComment, reviewCommentsOn, visibleTo, type LocatedComment } from './review-threads.js';
import { pullOf } from './render-pulls.js';
import { renderReviewComment, type ReviewCommentShape } from './render-review-comments.js';
import { refreshRefs } from './routes-pulls.js';
import { reviewFrom } from './routes-reviews.js';
import { lockedIssueRule, resolveInlineComments, threadReplyRule, type InlineCommentRequest, type ResolvedInlineComment } from './rules.js';

export const reviewCommentRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': async (context) => {
    const repo = repoFrom(context);
    const issue = pullFrom(context, repo);
    const since = context.query.get('since');
    const sort = context.query.get('sort');
    const descending = sort !== null && context.query.get('direction') === 'desc';
    const key = (located: LocatedComment): string => (sort === 'updated' ? located.comment.updatedAt : located.comment.createdAt);
    let comments = reviewCommentsOn(repo, issue.number, context.identity.login)
      .filter((located) => !since || located.comment.updatedAt >= since);
    if (sort) comments = comments.sort((a, b) => key(a).localeCompare(key(b)) || a.comment.id - b.comment.id);
    if (descending) comments.reverse();
    const page = paginate(comments, context.query, context.selfUrl);
    return json(200, await rendered(context, repo, issue, page.items, 'pull-request-review-comment'), page.link ? { link: page.link } : undefined);
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments': async (context) => {
    const repo = repoFrom(context);
    const issue = pullFrom(context, repo);
    const review = reviewFrom(context, repo, issue);
    const page = paginate(review.comments.map((comment) => ({ review, comment })), context.query, context.selfUrl);
    return json(200, await rendered(context, repo, issue, page.items, 'review-comment'), page.link ? { link: page.link } : undefined);
  },

  'GET /repos/{owner}/{repo}/pulls/comments/{comment_id}': async (context) => {
    const repo = repoFrom(context);
    const { issue, located } = commentFrom(context, repo);
    return json(200, (await rendered(context, repo, issue, [located], 'pull-request-review-comment'))[0]);
  },

  'PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}': async (context) => {
    const repo = repoFrom(context);
    const { issue, located } = commentFrom(context, repo);
    if (located.review.author.toLowerCase() !== context.identity.login.toLowerCase()) requirePermission(context, repo, 'write');
    located.comment.body = context.body.body as string;
    located.comment.updatedAt = context.world.now();
    return json(200, (await rendered(context, repo, issue, [located], 'pull-request-review-comment'))[0]);
  },

  'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments': async (context) => {
    const repo = repoFrom(context);
    const issue = pullFrom(context, repo);
    const refusal = mayComment(context, repo, issue);
    if (refusal) return refusal;
    const body = context.body as InlineCommentRequest & { commit_id: string; in_reply_to?: number; subject_type?: string };
    if (body.in_reply_to !== undefined) return reply(context, repo, issue, body.in_reply_to, body.body, 'in_reply_to');
    if (body.subject_type === 'file') throw new Error('file-level review comments (subject_type "file") are not emulated');
    const comparison = await context.git.compare(repo.owner, repo.name, pullOf(issue).baseSha, body.commit_id).catch(() => null);
    if (!comparison) return validationFailed([{ resource: 'PullRequestReviewComment', code: 'invalid', field: 'commit_id' }]);
    const resolved = resolveInlineComments(comparison.files, [body]);
    // This endpoint documents structured errors (`validation-error`), where a review lists plain strings.
    if (!Array.isArray(resolved)) {
      const messages = (resolved.body as { errors: string[] }).errors;
      return validationFailed(messages.map((message) => ({ resource: 'PullRequestReviewComment', code: 'custom', message })));
    }
    const [where] = resolved as [ResolvedInlineComment];
    const at = context.world.now();
    const comment = { ...where, id: context.world.nextId(), commitId: body.commit_id, inReplyTo: null, createdAt: at, updatedAt: at };
    const review: Review = {
      id: context.world.nextId(), pullNumber: issue.number, author: context.identity.login, body: '', state: 'COMMENTED',
      commitId: body.commit_id, submittedAt: at, comments: [comment],
    };
    repo.reviews.push(review);
    issue.updatedAt = at;
    return created(context, repo, issue, { review, comment });
  },

  'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies': (context) => {
    const repo = repoFrom(context);
    const issue = pullFrom(context, repo);
    const refusal = mayComment(context, repo, issue);
    if (refusal) return refusal;
    return reply(context, repo, issue, Number(context.params.comment_id), context.body.body as string, 'replies');
  },
};

/** Commenting on a pull request: the workflow token needs `pull-requests: write`; a locked conversation refuses most. */
function mayComment(context: ApiContext, repo: Repo, issue: Issue): ApiResponse | null {
  if (context.grant.kind === 'installation') requirePermission(context, repo, 'write');
  return lockedIssueRule(context.world, repo, issue, context.identity, context.grant);
}

async function reply(context: ApiContext, repo: Repo, issue: Issue, targetId: number, body: string, via: 'replies' | 'in_reply_to'): Promise<ApiResponse> {
  const target = findReviewComment(repo, targetId);
  const visible = target && visibleTo(target.review, context.identity.login) ? target : null;
  const refusal = threadReplyRule(visible, issue.number, via);
  if (refusal) return refusal;
  await refreshRefs(context, repo, issue);
  const at = context.world.now();
  const located = addThreadReply(repo, visible as LocatedComment, {
    id: context.world.nextId(), reviewId: context.world.nextId(), author: context.identity.login, body, headSha: pullOf(issue).headSha, at,
  });
  issue.updatedAt = at;
  return created(context, repo, issue, located);
}

async function created(context: ApiContext, repo: Repo, issue: Issue, located: LocatedComment): Promise<ApiResponse> {
  const [body] = await rendered(context, repo, issue, [located], 'pull-request-review-comment');
  return json(201, body, { location: (body as { url: string }).url });
}

async function rendered(context: ApiContext, repo: Repo, issue: Issue, located: readonly LocatedComment[], shape: ReviewCommentShape) {
  await refreshRefs(context, repo, issue);
  const anchors = await anchorsNow(context.git, repo, pullOf(issue), located.map((l) => l.comment));
  return located.map((l) => renderReviewComment(context.world, { repo, issue, ...l }, anchors.get(l.comment.id) as Anchor, context.urls, shape));
}

function commentFrom(context: ApiContext, repo: Repo): { issue: Issue; located: LocatedComment } {
  const located = findReviewComment(repo, Number(context.params.comment_id));
  if (!located || !visibleTo(located.review, context.identity.login)) throw new ApiFailure(notFound());
  return { issue: context.world.requireIssue(repo, located.review.pullNumber), located };
}
