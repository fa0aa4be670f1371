// A person's feedback for the next iteration: the text of `revise` or `continue`, or a pull request review
// with its inline comments. It is saved with the loop until an iteration has been reviewed against it, so a
// later run (after a failure, or once the cap is raised) still has it. Each item gets an id (H1, H2, ...);
// the reviewer judges each one as a requirement with that `feedback_id`, which is how the front learns, per
// item, what became of it without reading any free text.
import type { FeedbackItem, HumanFeedback, LoopState, RequirementCheck, Review } from './model/schema-types.js';

/** At most this many items are kept; a review with more inline comments keeps the first ones. */
export const MAX_FEEDBACK_ITEMS = 30;

/** One item of feedback as a front reads it, before it gets its id. */
export type FeedbackDraft = Omit<FeedbackItem, 'id'>;

/** Feedback from `from`, its items numbered H1, H2, ...; null when no item has text. */
export function humanFeedback(from: string, drafts: readonly FeedbackDraft[]): HumanFeedback | null {
  const items = drafts.filter((draft) => draft.text.trim() !== '').slice(0, MAX_FEEDBACK_ITEMS);
  if (items.length === 0) return null;
  return { from, items: numbered(items, 1) };
}

/**
 * The loop with `feedback` waiting for its next iteration. Feedback that is still waiting (given before an
 * iteration could use it) is kept, the new items numbered after it, and both people named.
 */
export function withFeedback(state: LoopState, feedback: HumanFeedback | null): LoopState {
  if (feedback === null) return state;
  const waiting = state.human_feedback;
  if (waiting === null) return { ...state, human_feedback: feedback };
  const from = waiting.from === feedback.from ? waiting.from : `${waiting.from}, ${feedback.from}`;
  const items = [...waiting.items, ...numbered(feedback.items, waiting.items.length + 1)].slice(0, MAX_FEEDBACK_ITEMS);
  return { ...state, human_feedback: { from, items } };
}

/** The loop once an iteration has been reviewed against the feedback that was waiting. */
export function feedbackUsed(state: LoopState): LoopState {
  return { ...state, human_feedback: null };
}

/** What became of one item of feedback: the review's check of it, or null when the review did not judge it. */
export interface FeedbackOutcome {
  item: FeedbackItem;
  check: RequirementCheck | null;
}

/** The review's judgement of each item of `feedback`, in the order the person gave them. */
export function feedbackOutcomes(feedback: HumanFeedback, review: Review): FeedbackOutcome[] {
  return feedback.items.map((item) => ({ item, check: review.requirements.find((requirement) => requirement.feedback_id === item.id) ?? null }));
}

function numbered(items: readonly FeedbackDraft[], first: number): FeedbackItem[] {
  return items.map((item, i) => ({ ...item, id: `H${first + i}` }));
}
