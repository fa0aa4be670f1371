// A person's pull request review as the API reports it (never the event payload alone: the API says who
// wrote the review and each of its comments), and the bot's replies in the review's threads.
import { call, type Api, type RepoRef } from './client.js';

/** A submitted review: its author, state and body. */
export interface SubmittedReview {
  id: number;
  author: { login: string; type: string };
  /** `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED`, `PENDING`. */
  state: string;
  body: string;
}

/** An inline comment of a review. */
export interface InlineComment {
  id: number;
  author: string;
  path: string;
  /** The line of the new version it sits on; null when the comment is outdated. */
  line: number | null;
  body: string;
  /** The comment that opens its thread (itself, unless it answers another). */
  thread: number;
}

/** Comments read of one review; a review has at most this many worth answering. */
const MAX_COMMENTS = 100;

export class ReviewComments {
  private readonly api: Api;
  private readonly repo: RepoRef;

  constructor(api: Api, repo: RepoRef) {
    this.api = api;
    this.repo = repo;
  }

  async review(pr: number, id: number): Promise<SubmittedReview> {
    const { data } = await call(`read review ${id} of #${pr}`, 'pull-requests: write', () => this.api.rest.pulls.getReview({ ...this.repo, pull_number: pr, review_id: id }));
    return { id: data.id, author: { login: data.user?.login ?? '', type: data.user?.type ?? '' }, state: data.state, body: data.body ?? '' };
  }

  /** The review's inline comments, oldest first. */
  async comments(pr: number, id: number): Promise<InlineComment[]> {
    const { data } = await call(`read the comments of review ${id}`, 'pull-requests: write', () =>
      this.api.rest.pulls.listCommentsForReview({ ...this.repo, pull_number: pr, review_id: id, per_page: MAX_COMMENTS }),
    );
    return data.map((comment) => ({
      id: comment.id,
      author: comment.user?.login ?? '',
      path: comment.path,
      line: comment.line ?? null,
      body: comment.body,
      thread: comment.in_reply_to_id ?? comment.id,
    }));
  }

  /** Answers in the thread that `thread` opens. */
  async reply(pr: number, thread: number, body: string): Promise<void> {
    await call('reply in a review thread', 'pull-requests: write', () =>
      this.api.rest.pulls.createReplyForReviewComment({ ...this.repo, pull_number: pr, comment_id: thread, body }),
    );
  }
}
