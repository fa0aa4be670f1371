// Review threads as GitHub keeps them: every inline comment belongs to a review, a thread is a
// top-level comment and the replies that name it, and a reply made on its own (not inside a review
// the person submits) arrives in a review of its own, a COMMENTED one with an empty body. No I/O:
// functions of a repository's state.
import type { Repo, Review, ReviewComment } from './model.js';

export interface LocatedComment {
  review: Review;
  comment: ReviewComment;
}

export interface ReviewThread {
  root: LocatedComment;
  /** Oldest first. */
  replies: LocatedComment[];
  /** Who resolved the thread, or null while it is open. */
  resolvedBy: string | null;
}

/** Pending reviews (and their comments) are seen by their author only. */
export function visibleTo(review: Review, viewer: string): boolean {
  return review.state !== 'PENDING' || review.author.toLowerCase() === viewer.toLowerCase();
}

export function findReviewComment(repo: Repo, id: number): LocatedComment | null {
  for (const review of repo.reviews) {
    const comment = review.comments.find((c) => c.id === id);
    if (comment) return { review, comment };
  }
  return null;
}

/** The inline comments of a pull request visible to `viewer`, in ascending id order (GitHub's default). */
export function reviewCommentsOn(repo: Repo, pullNumber: number, viewer: string): LocatedComment[] {
  return repo.reviews
    .filter((review) => review.pullNumber === pullNumber && visibleTo(review, viewer))
    .flatMap((review) => review.comments.map((comment) => ({ review, comment })))
    .sort((a, b) => a.comment.id - b.comment.id);
}

/** The threads of a pull request, in the order they were started. */
export function threadsOn(repo: Repo, pullNumber: number, viewer: string): ReviewThread[] {
  const comments = reviewCommentsOn(repo, pullNumber, viewer);
  return comments
    .filter((located) => located.comment.inReplyTo === null)
    .map((root) => ({
      root,
      replies: comments.filter((located) => located.comment.inReplyTo === root.comment.id),
      resolvedBy: repo.resolvedThreads.get(root.comment.id) ?? null,
    }));
}

/** The thread a comment (top-level or reply) belongs to. */
export function threadOf(repo: Repo, commentId: number, viewer: string): ReviewThread | null {
  const located = findReviewComment(repo, commentId);
  if (!located) return null;
  const rootId = located.comment.inReplyTo ?? located.comment.id;
  return threadsOn(repo, located.review.pullNumber, viewer).find((thread) => thread.root.comment.id === rootId) ?? null;
}

/**
 * Adds `body` by `author` to the thread of `root` the way a lone reply arrives on GitHub: in a new
 * COMMENTED review without a body, on the same lines and diff hunk as the thread's first comment.
 */
export function addThreadReply(
  repo: Repo,
  root: LocatedComment,
  reply: { id: number; reviewId: number; author: string; body: string; headSha: string; at: string },
): LocatedComment {
  const comment: ReviewComment = {
    ...root.comment,
    id: reply.id,
    body: reply.body,
    inReplyTo: root.comment.id,
    createdAt: reply.at,
    updatedAt: reply.at,
  };
  const review: Review = {
    id: reply.reviewId,
    pullNumber: root.review.pullNumber,
    author: reply.author,
    body: '',
    state: 'COMMENTED',
    commitId: reply.headSha,
    submittedAt: reply.at,
    comments: [comment],
  };
  repo.reviews.push(review);
  return { review, comment };
}

/** Marks a thread resolved (by the id of any of its comments), as the "Resolve conversation" button does. */
export function resolveThread(repo: Repo, commentId: number, by: string): void {
  const located = findReviewComment(repo, commentId);
  if (!located) throw new Error(`no review comment ${commentId} in ${repo.fullName}`);
  repo.resolvedThreads.set(located.comment.inReplyTo ?? located.comment.id, by);
}

export function unresolveThread(repo: Repo, commentId: number): void {
  const located = findReviewComment(repo, commentId);
  if (!located) throw new Error(`no review comment ${commentId} in ${repo.fullName}`);
  repo.resolvedThreads.delete(located.comment.inReplyTo ?? located.comment.id);
}
