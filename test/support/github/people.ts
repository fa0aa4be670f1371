// What people do on a pull request, done the way they do it: through the REST API with their own
// token, so every rule GitHub enforces (lines must be in the diff, authors cannot approve their own
// pull request, locked conversations...) applies. Each helper returns the webhook payloads GitHub
// delivers for what happened, built from the state the request left behind.
import { pullRequestReviewCommentCreatedPayload, pullRequestReviewSubmittedPayload, type Payload } from '../payloads.js';
import type { GitHubEmulator } from './emulator.js';
import type { Review } from './model.js';
import { findReviewComment, type LocatedComment } from './review-threads.js';

export interface InlineComment {
  path: string;
  /** A line shown in the pull request's diff (the last line of a range). */
  line: number;
  side?: 'LEFT' | 'RIGHT';
  /** The first line of a multi-line comment, in the same hunk. */
  startLine?: number;
  startSide?: 'LEFT' | 'RIGHT';
  body: string;
}

export interface SubmittedReview {
  review: Review;
  /** `pull_request_review.submitted`. */
  payload: Payload;
  /** `pull_request_review_comment.created`, one per inline comment, in order. */
  commentPayloads: Payload[];
}

export interface PostedReply {
  reply: LocatedComment;
  /** `pull_request_review_comment.created`. */
  payload: Payload;
}

type People = Pick<GitHubEmulator, 'state' | 'url' | 'serverUrl'>;

/** `as` submits a review of pull request `pull`: Approve, Request changes or Comment, with inline comments. */
export async function submitReview(
  gh: People,
  options: { repo: string; pull: number; as: string; event: 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT'; body?: string; comments?: InlineComment[] },
): Promise<SubmittedReview> {
  const created = await post(gh, options.as, `/repos/${options.repo}/pulls/${options.pull}/reviews`, {
    event: options.event,
    ...(options.body !== undefined ? { body: options.body } : {}),
    comments: (options.comments ?? []).map((c) => ({
      path: c.path, line: c.line, side: c.side ?? 'RIGHT', body: c.body,
      ...(c.startLine !== undefined ? { start_line: c.startLine, start_side: c.startSide ?? c.side ?? 'RIGHT' } : {}),
    })),
  }) as { id: number };
  const review = gh.state.requireRepo(options.repo).reviews.find((r) => r.id === created.id) as Review;
  return {
    review,
    payload: pullRequestReviewSubmittedPayload(gh, { repo: options.repo, review: review.id }),
    commentPayloads: review.comments.map((c) => pullRequestReviewCommentCreatedPayload(gh, { repo: options.repo, comment: c.id })),
  };
}

/** `as` replies in the thread that review comment `comment` (a thread's first comment) starts. */
export async function replyToReviewComment(
  gh: People,
  options: { repo: string; pull: number; comment: number; as: string; body: string },
): Promise<PostedReply> {
  const created = await post(gh, options.as, `/repos/${options.repo}/pulls/${options.pull}/comments/${options.comment}/replies`, { body: options.body }) as { id: number };
  return {
    reply: findReviewComment(gh.state.requireRepo(options.repo), created.id) as LocatedComment,
    payload: pullRequestReviewCommentCreatedPayload(gh, { repo: options.repo, comment: created.id }),
  };
}

/** A POST with the person's own token; GitHub's refusal becomes an error carrying its status and message. */
async function post(gh: People, login: string, path: string, body: unknown): Promise<unknown> {
  const grant = [...gh.state.tokens.values()].find((g) => g.kind === 'user' && g.login.toLowerCase() === login.toLowerCase());
  if (!grant) throw new Error(`${login} has no token: add one with state.addToken(token, { login, kind: 'user' })`);
  const response = await fetch(`${gh.url}${path}`, {
    method: 'POST',
    headers: { authorization: `token ${grant.token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json() as { message?: string; errors?: unknown[] };
  if (!response.ok) {
    throw Object.assign(new Error(`GitHub answered ${response.status} to ${login}: ${answer.message ?? ''} ${JSON.stringify(answer.errors ?? [])}`.trim()), { status: response.status, response: answer });
  }
  return answer;
}
