// REST and webhook representations of inline review comments. GitHub's three schemas for the same
// comment differ in what may be null: `pull-request-review-comment` (most endpoints) leaves out what
// it does not know, `review-comment` (a review's comments) has a nullable `position`, and the webhook
// has nullable `line` and `position`.
import type { Anchor } from './review-anchors.js';
import type { Issue, Repo, Review, ReviewComment } from './model.js';
import { nodeId } from './model.js';
import { authorAssociation, renderUser, type Json, type Urls } from './render-accounts.js';
import { issueHtmlUrl, renderReactionRollup } from './render-issues.js';
import type { World } from './state.js';

export type ReviewCommentShape = 'pull-request-review-comment' | 'review-comment' | 'webhook';

export function reviewCommentUrl(repo: Repo, comment: ReviewComment, urls: Urls): string {
  return `${urls.api}/repos/${repo.fullName}/pulls/comments/${comment.id}`;
}

export function renderReviewComment(
  world: World,
  located: { repo: Repo; issue: Issue; review: Review; comment: ReviewComment },
  anchor: Anchor,
  urls: Urls,
  shape: ReviewCommentShape,
): Json {
  const { repo, issue, review, comment } = located;
  if (comment.position === null) throw new Error(`review comment ${comment.id} has no diff position`);
  const self = reviewCommentUrl(repo, comment, urls);
  const html = `${issueHtmlUrl(repo, issue, urls)}#discussion_r${comment.id}`;
  const pullUrl = `${urls.api}/repos/${repo.fullName}/pulls/${issue.number}`;
  const json: Json = {
    url: self,
    pull_request_review_id: review.id,
    id: comment.id,
    node_id: nodeId('PullRequestReviewComment', comment.id),
    diff_hunk: comment.diffHunk,
    path: comment.path,
    position: anchor.position,
    original_position: comment.position,
    commit_id: anchor.commitId,
    original_commit_id: comment.commitId,
    in_reply_to_id: comment.inReplyTo,
    user: renderUser(world.requireAccount(review.author), urls),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: authorAssociation(repo, review.author),
    _links: { self: { href: self }, html: { href: html }, pull_request: { href: pullUrl } },
    start_line: anchor.startLine,
    original_start_line: comment.startLine,
    start_side: comment.startLine === null ? null : (comment.startSide ?? comment.side),
    line: anchor.line,
    original_line: comment.line,
    side: comment.side,
    subject_type: 'line',
    reactions: renderReactionRollup([], `${self}/reactions`),
  };
  // A first comment has no `in_reply_to_id` at all (the field is not nullable in any of the schemas).
  const omitWhenNull = shape === 'webhook' ? ['in_reply_to_id']
    : shape === 'review-comment' ? ['in_reply_to_id', 'line', 'original_line']
      : ['in_reply_to_id', 'line', 'original_line', 'position'];
  for (const key of omitWhenNull) if (json[key] === null) delete json[key];
  return json;
}
