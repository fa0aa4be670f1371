// Once the iteration a person's review asked for is pushed and reviewed, the bot answers in each of the
// review's inline threads: done (with the commit), not done and why, or the decision it needs. A reply that
// cannot be posted (the thread was deleted) is a warning in the log; the loop goes on.
import type { LoopEvent } from '../../core/ports.js';
import { feedbackOutcomes } from '../../core/human-feedback.js';
import { describeError } from '../../core/model/errors.js';
import { feedbackReply } from '../../render/feedback-reply.js';
import type { ReviewComments } from '../github/review-comments.js';

type Reviewed = Extract<LoopEvent, { type: 'reviewed' }>;

export interface RepliesScope {
  reviewComments: Pick<ReviewComments, 'reply'>;
  pullUrl: (number: number) => string;
  commandPrefix: string;
  log: (message: string) => void;
}

/** Answers every item of the event's feedback that came from a review thread; returns how many replies went out. */
export async function answerFeedbackThreads(scope: RepliesScope, pr: number | null, event: Reviewed, head: string | null): Promise<number> {
  if (event.feedback === null || pr === null) return 0;
  const commit = event.commit ?? head;
  const at = {
    iteration: event.iteration,
    commit,
    commitUrl: commit === null ? null : `${scope.pullUrl(pr)}/commits/${commit}`,
    verdict: event.review.verdict,
    commandPrefix: scope.commandPrefix,
  };
  let sent = 0;
  for (const outcome of feedbackOutcomes(event.feedback, event.review)) {
    if (outcome.item.thread === null) continue;
    try {
      await scope.reviewComments.reply(pr, outcome.item.thread, feedbackReply(outcome, at));
      sent += 1;
    } catch (error) {
      scope.log(`codex-cto: could not answer in review thread ${outcome.item.thread}: ${describeError(error)}`);
    }
  }
  return sent;
}
