// A person's review of a codex-cto pull request: Request changes, or a review with inline comments, is
// feedback for one more iteration (the lifecycle's `revise`). Who wrote the review and each comment is read
// through the API, not taken from the event; reviews by the action's own identities never count.
import type { Trigger } from '../event/trigger.js';
import { humanFeedback, type FeedbackDraft } from '../../core/human-feedback.js';
import { sanitiseUntrusted } from '../../safety/sanitise.js';
import type { FlowContext } from './context.js';
import { askLoop, FEEDBACK_CHARS } from './loop-commands.js';
import { code } from '../../render/escape.js';
import type { FlowResult } from '../report/outputs.js';
import type { InlineComment, SubmittedReview } from '../github/review-comments.js';

type PullReviewTrigger = Extract<Trigger, { kind: 'pull-review' }>;

/** Characters of one inline comment kept. */
const COMMENT_CHARS = 2_000;

export async function handlePullReview(ctx: FlowContext, trigger: PullReviewTrigger): Promise<FlowResult | null> {
  const { pr } = trigger;
  const review = await ctx.reviewComments.review(pr, trigger.review.id);
  if (review.author.login !== trigger.actor.login) {
    ctx.log(`codex-cto: ignoring review ${review.id}: GitHub says ${review.author.login} wrote it, not ${trigger.actor.login}.`);
    return null;
  }
  const comments = (await ctx.reviewComments.comments(pr, review.id)).filter((comment) => comment.author === review.author.login);
  const state = review.state.toUpperCase();
  // A comment-only review asks for work with a new inline comment; one that only replies in threads
  // (a person answering the bot's reply) does not.
  const opensThread = comments.some((comment) => comment.thread === comment.id);
  if (state !== 'CHANGES_REQUESTED' && !(state === 'COMMENTED' && opensThread)) {
    ctx.log(`codex-cto: ignoring review ${review.id} on #${pr}: ${state.toLowerCase()} without new inline comments asks for nothing.`);
    return null;
  }
  const feedback = humanFeedback(review.author.login, draftsOf(review, comments));
  if (feedback === null) {
    ctx.log(`codex-cto: ignoring review ${review.id} on #${pr}: it has no text once hidden text is removed.`);
    return null;
  }
  ctx.log(`codex-cto: review ${review.id} by ${review.author.login} on #${pr}: ${feedback.items.length} item(s) of feedback for the next iteration.`);
  const retry = `request changes again, or comment ${code(`${ctx.settings.commandPrefix} revise`)} with your feedback`;
  return askLoop(ctx, { number: pr, onPullRequest: true, command: 'revise', request: { kind: 'revise', feedback }, acknowledge: async () => {}, retry });
}

/** The review's body (when it says something) and each inline comment, in the order written. */
function draftsOf(review: SubmittedReview, comments: readonly InlineComment[]): FeedbackDraft[] {
  const body = sanitiseUntrusted(review.body, { maxChars: FEEDBACK_CHARS }).text;
  const general: FeedbackDraft[] = body.trim() === '' ? [] : [{ text: body, path: null, line: null, thread: null }];
  const inline = comments.map((comment) => ({
    text: sanitiseUntrusted(comment.body, { maxChars: COMMENT_CHARS }).text,
    path: sanitiseUntrusted(comment.path, { maxChars: 500 }).text,
    line: comment.line,
    thread: comment.thread,
  }));
  return [...general, ...inline];
}
