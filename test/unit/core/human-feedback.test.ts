import { describe, expect, it } from 'vitest';
import { feedbackOutcomes, feedbackUsed, humanFeedback, MAX_FEEDBACK_ITEMS, withFeedback } from '../../../src/core/human-feedback.js';
import { initialState } from '../../../src/core/state.js';
import { aReview } from '../../support/fake-ports.js';

const general = (text: string) => ({ text, path: null, line: null, thread: null });
const inline = (text: string, thread: number) => ({ text, path: 'src/greet.js', line: 2, thread });

describe('humanFeedback', () => {
  it('numbers the items H1, H2, ... in the order given, leaving out items without text', () => {
    expect(humanFeedback('mona', [general('Test the quiet case.'), general('  '), inline('Document it.', 41)])).toEqual({
      from: 'mona',
      items: [
        { id: 'H1', text: 'Test the quiet case.', path: null, line: null, thread: null },
        { id: 'H2', text: 'Document it.', path: 'src/greet.js', line: 2, thread: 41 },
      ],
    });
  });

  it('is null when nothing has text, and keeps at most the first items of a huge review', () => {
    expect(humanFeedback('mona', [general(''), general('\n')])).toBeNull();
    const many = humanFeedback('mona', Array.from({ length: MAX_FEEDBACK_ITEMS + 5 }, (_, i) => inline(`c${i}`, i + 1)));
    expect(many?.items).toHaveLength(MAX_FEEDBACK_ITEMS);
    expect(many?.items.at(-1)?.id).toBe(`H${MAX_FEEDBACK_ITEMS}`);
  });
});

describe('withFeedback and feedbackUsed', () => {
  it('saves feedback with the loop; feedback still waiting is kept, the new items numbered after it, both people named', () => {
    const first = humanFeedback('mona', [general('A')]);
    const second = humanFeedback('hubot', [general('B'), inline('C', 7)]);
    const state = withFeedback(withFeedback(initialState('o'), first), second);
    expect(state.human_feedback).toEqual({
      from: 'mona, hubot',
      items: [
        { id: 'H1', text: 'A', path: null, line: null, thread: null },
        { id: 'H2', text: 'B', path: null, line: null, thread: null },
        { id: 'H3', text: 'C', path: 'src/greet.js', line: 2, thread: 7 },
      ],
    });
    expect(withFeedback(state, null)).toBe(state);
    expect(feedbackUsed(state).human_feedback).toBeNull();
  });
});

describe('feedbackOutcomes', () => {
  it("gives each item the review's check with its feedback_id, or null when the review did not judge it", () => {
    const feedback = humanFeedback('mona', [general('A'), inline('B', 9)]);
    if (feedback === null) throw new Error('no feedback');
    const check = { requirement: 'B', feedback_id: 'H2', status: 'not_met' as const, note: 'Still missing.' };
    const review = aReview('revise', { requirements: [{ requirement: 'issue', feedback_id: null, status: 'met', note: '' }, check] });
    expect(feedbackOutcomes(feedback, review)).toEqual([
      { item: feedback.items[0], check: null },
      { item: feedback.items[1], check },
    ]);
  });
});
