// A verdict follows from the review's findings: what blocks, what an approval may not stand beside, what
// a revise must rest on, and that every contradiction goes to the repair turn with a safe fallback.
import { describe, expect, it } from 'vitest';
import { checkReview } from '../../../../src/core/model/schemas.js';
import type { OpenFinding, Review } from '../../../../src/core/model/schema-types.js';
import { blockers, carryFindings, reviewContextOf, reviewContradictions, settleReview, type ReviewContext } from '../../../../src/core/model/verdict-rules.js';
import { finding, task, validPlan, validReview } from '../../../support/codex-fixtures.js';

const plan = validPlan();
const PASS_ALL = [
  { task_id: 'T1', status: 'pass' as const, feedback: '' },
  { task_id: 'T2', status: 'pass' as const, feedback: '' },
];

function context(overrides: Partial<ReviewContext> = {}): ReviewContext {
  return { plan, verificationFailed: false, openFindings: [], ...overrides };
}

function earlier(id: string, overrides: Partial<OpenFinding> = {}): OpenFinding {
  return { id, raised_in: 1, ...finding({ title: `Finding ${id}`, priority: 'P1' }), ...overrides };
}

/** An approval with nothing against it; each test adds one thing. */
function approval(overrides: Partial<Review> = {}): Review {
  return validReview({ verdict: 'approve', task_reviews: PASS_ALL, findings: [], revised_tasks: [], ...overrides });
}

/** A revise with nothing that blocks; each test adds one ground. */
function bareRevise(overrides: Partial<Review> = {}): Review {
  return validReview({ verdict: 'revise', task_reviews: PASS_ALL, findings: [finding({ priority: 'P3' })], revised_tasks: [], ...overrides });
}

describe('what blocks a change', () => {
  it('is a task that does not pass, a red verification, a P0/P1 finding, an earlier P0/P1 still open and an unmet requirement', () => {
    const review = validReview({
      task_reviews: [{ task_id: 'T1', status: 'partial', feedback: 'x' }, { task_id: 'T2', status: 'fail', feedback: 'y' }],
      findings: [finding({ priority: 'P0', title: 'Drops data' }), finding({ priority: 'P1', title: 'Off by one' }), finding({ priority: 'P2' }), finding({ priority: 'P3' })],
      requirements: [
        { requirement: 'Keep the CLI flags', feedback_id: null, status: 'not_met', note: '' },
        { requirement: 'Pick a colour', feedback_id: null, status: 'needs_human', note: '' },
        { requirement: 'Greets by name', feedback_id: null, status: 'met', note: '' },
      ],
      previous_findings: [
        { id: 'F1.1', status: 'unresolved', note: 'still there' },
        { id: 'F1.2', status: 'resolved', note: '' },
      ],
    });
    const open = [earlier('F1.1'), earlier('F1.2'), earlier('F1.3'), earlier('F1.4', { priority: 'P2' })];
    expect(blockers(review, context({ verificationFailed: true, openFindings: open })).map((b) => b.said)).toEqual([
      'task T1 is partial',
      'task T2 is fail',
      'a verification command failed',
      'finding "Drops data" is P0',
      'finding "Off by one" is P1',
      'earlier P1 finding F1.1 is not resolved',
      // Not marked at all: it stays open.
      'earlier P1 finding F1.3 is not resolved',
      'requirement "Keep the CLI flags" is not met',
    ]);
  });

  it('is never a P2 or P3 finding, a requirement that needs a person, or an earlier finding marked resolved', () => {
    const review = approval({
      findings: [finding({ priority: 'P2' }), finding({ priority: 'P3' })],
      requirements: [{ requirement: 'Pick a colour', feedback_id: null, status: 'needs_human', note: '' }],
      previous_findings: [{ id: 'F1.1', status: 'resolved', note: '' }],
    });
    expect(blockers(review, context({ openFindings: [earlier('F1.1')] }))).toEqual([]);
  });
});

describe('an approval beside anything that blocks gets the repair turn and, unrepaired, counts as revise', () => {
  const cases: [string, Review, Partial<ReviewContext>, string][] = [
    ['a partial task', approval({ task_reviews: [PASS_ALL[0]!, { task_id: 'T2', status: 'partial', feedback: 'half' }] }), {}, 'contradicts task_reviews[1]: task T2 is partial'],
    ['a task left unreviewed', approval({ task_reviews: [PASS_ALL[0]!] }), {}, 'task "T2" of the plan has no review'],
    ['a red verification', approval(), { verificationFailed: true }, 'contradicts the verification results: a verification command failed'],
    ['a P0 finding', approval({ findings: [finding({ priority: 'P0', title: 'Deletes the home directory' })] }), {}, 'contradicts findings[0]: finding "Deletes the home directory" is P0'],
    ['a P1 finding', approval({ findings: [finding({ priority: 'P3' }), finding({ priority: 'P1', title: 'Crashes on []' })] }), {}, 'contradicts findings[1]: finding "Crashes on []" is P1'],
    [
      'an earlier P1 marked unresolved',
      approval({ previous_findings: [{ id: 'F1.1', status: 'unresolved', note: 'still crashes' }] }),
      { openFindings: [earlier('F1.1')] },
      'contradicts previous_findings (F1.1): earlier P1 finding F1.1 is not resolved',
    ],
    ['an unmet requirement', approval({ requirements: [{ requirement: 'Document the flag', feedback_id: null, status: 'not_met', note: '' }] }), {}, 'requirement "Document the flag" is not met'],
    ['revised tasks', approval({ revised_tasks: [task('T2', { title: 'Redo T2' })] }), {}, 'carries revised_tasks or revised_verification'],
    ['revised verification', approval({ revised_verification: ['npm test'] }), {}, 'carries revised_tasks or revised_verification'],
  ];

  it.each(cases)('%s', (_, review, overrides, error) => {
    const checked = checkReview(review, context(overrides));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.some((each) => each.startsWith('verdict: "approve"') && each.includes(error))).toBe(true);
    expect(checked.fallback?.verdict).toBe('revise');
    expect(checked.fallback?.reason).toMatch(/^The reviewer answered approve, but .+; codex-cto counts the verdict as revise\.$/);
  });

  it('stands beside P2/P3 suggestions, a requirement needing a person and resolved earlier findings', () => {
    const review = approval({
      findings: [finding({ priority: 'P2' }), finding({ priority: 'P3' })],
      requirements: [{ requirement: 'Pick a colour', feedback_id: null, status: 'needs_human', note: 'Product decision.' }],
      previous_findings: [{ id: 'F1.1', status: 'resolved', note: '' }, { id: 'F1.2', status: 'unresolved', note: 'still a nit' }],
    });
    const open = [earlier('F1.1'), earlier('F1.2', { priority: 'P3' })];
    expect(checkReview(review, context({ openFindings: open }))).toEqual({ ok: true, value: review });
  });

  it('keeps the reason short when much contradicts it', () => {
    const review = approval({ findings: ['A', 'B', 'C', 'D', 'E'].map((title) => finding({ title, priority: 'P1' })) });
    expect(settleReview(review, context()).reason).toBe(
      'The reviewer answered approve, but finding "A" is P1, finding "B" is P1, finding "C" is P1 and 2 more; codex-cto counts the verdict as revise.',
    );
  });
});

describe('a revise must rest on something that blocks', () => {
  it.each<[string, Review, Partial<ReviewContext>]>([
    ['a failing task', bareRevise({ task_reviews: [PASS_ALL[0]!, { task_id: 'T2', status: 'fail', feedback: 'Missing.' }] }), {}],
    ['a red verification', bareRevise({ revised_verification: ['npm test -- greet'] }), { verificationFailed: true }],
    ['a P1 finding (a line comment alone)', bareRevise({ findings: [finding({ priority: 'P1' })] }), {}],
    ['an earlier P0 left unresolved', bareRevise({ previous_findings: [{ id: 'F1.1', status: 'unresolved', note: '' }] }), { openFindings: [earlier('F1.1', { priority: 'P0' })] }],
    ['an unmet requirement', bareRevise({ requirements: [{ requirement: 'Handle an empty list', feedback_id: null, status: 'not_met', note: '' }] }), {}],
  ])('accepts one resting on %s', (_, review, overrides) => {
    expect(checkReview(review, context(overrides))).toEqual({ ok: true, value: review });
  });

  it('sends one resting on nothing to the repair turn; unrepaired it stays revise, the reason stated', () => {
    const review = bareRevise();
    const checked = checkReview(review, context());
    expect(checked).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^verdict: "revise" rests on nothing that blocks: .*answer "approve" \(P2 and P3 findings are posted as suggestions\)/)],
      fallback: { ...review, reason: expect.stringMatching(/^The reviewer asked for changes without naming anything that blocks/) },
    });
  });

  it('asks nothing of needs_human and abort', () => {
    expect(reviewContradictions(validReview({ verdict: 'needs_human', questions: ['Which default?'], task_reviews: PASS_ALL, findings: [] }), context())).toEqual([]);
    expect(reviewContradictions(validReview({ verdict: 'abort', reason: 'Unsafe.' }), context({ verificationFailed: true }))).toEqual([]);
  });
});

describe('the reviewer marks every earlier finding', () => {
  const open = [earlier('F1.1'), earlier('F1.2', { priority: 'P3' })];

  it('sends a missing mark, an unknown id and a double mark to the repair turn', () => {
    const review = validReview({
      previous_findings: [
        { id: 'F1.1', status: 'resolved', note: '' },
        { id: 'F1.1', status: 'unresolved', note: '' },
        { id: 'F9.9', status: 'resolved', note: '' },
      ],
    });
    const errors = reviewContradictions(review, context({ openFindings: open })).map((c) => c.error);
    expect(errors).toEqual([
      'previous_findings[1].id: "F1.1" is already marked',
      'previous_findings[2].id: no earlier finding has id "F9.9"',
      'previous_findings: earlier finding F1.2 ("Finding F1.2") is not marked; mark every earlier finding resolved or unresolved',
    ]);
  });

  it('lets an approval stand when only a suggestion went unmarked: it stays open', () => {
    const review = approval({ previous_findings: [{ id: 'F1.1', status: 'resolved', note: '' }] });
    const checked = checkReview(review, context({ openFindings: open }));
    expect(checked.ok === false && checked.fallback).toBe(review);
    expect(carryFindings(review, open, 2).map((f) => f.id)).toEqual(['F1.2']);
  });

  it('counts an unmarked earlier P1 as unresolved, so an approval beside it counts as revise', () => {
    const checked = checkReview(approval(), context({ openFindings: open }));
    expect(checked.ok === false && checked.fallback?.verdict).toBe('revise');
  });
});

describe('carryFindings', () => {
  it('numbers a second review of the same iteration after the first one\'s findings, resolved or not', () => {
    const review = validReview({ previous_findings: [{ id: 'F2.1', status: 'unresolved', note: '' }, { id: 'F2.2', status: 'resolved', note: '' }], findings: [finding({ title: 'Again' })] });
    expect(carryFindings(review, [earlier('F2.1', { raised_in: 2 }), earlier('F2.2', { raised_in: 2 })], 2).map((f) => f.id)).toEqual(['F2.1', 'F2.3']);
  });

  it('keeps earlier findings not marked resolved, then the new ones with ids F<iteration>.<n>', () => {
    const review = validReview({
      previous_findings: [{ id: 'F1.1', status: 'resolved', note: '' }, { id: 'F1.2', status: 'unresolved', note: 'still' }],
      findings: [finding({ title: 'New A' }), finding({ title: 'New B', priority: 'P1' })],
    });
    const carried = carryFindings(review, [earlier('F1.1'), earlier('F1.2'), earlier('F1.3')], 2);
    expect(carried.map((f) => [f.id, f.raised_in, f.title])).toEqual([
      ['F1.2', 1, 'Finding F1.2'],
      ['F1.3', 1, 'Finding F1.3'],
      ['F2.1', 2, 'New A'],
      ['F2.2', 2, 'New B'],
    ]);
  });
});

describe('reviewContextOf', () => {
  it('reads the plan, whether any command failed, timed out or did not run, and the open findings of the previous review', () => {
    const ok = { exitCode: 0, timedOut: false };
    expect(reviewContextOf({ plan, verification: [ok], previousReview: null })).toEqual({ plan, verificationFailed: false, openFindings: [], feedbackIds: [] });
    const feedback = { items: [{ id: 'H1' }, { id: 'H2' }] };
    expect(reviewContextOf({ plan, verification: [ok], previousReview: null, humanFeedback: feedback }).feedbackIds).toEqual(['H1', 'H2']);
    expect(reviewContextOf({ plan, verification: [ok, { exitCode: 0, timedOut: true }], previousReview: null }).verificationFailed).toBe(true);
    expect(reviewContextOf({ plan, verification: [{ exitCode: null, timedOut: false }], previousReview: null }).verificationFailed).toBe(true);
    expect(reviewContextOf({ plan: null, verification: [], previousReview: { findings: [earlier('F1.1')] } }).openFindings.map((f) => f.id)).toEqual(['F1.1']);
  });
});

describe("a person's feedback in the review", () => {
  const asked = context({ feedbackIds: ['H1', 'H2'] });
  const judged = (id: string, status: 'met' | 'not_met' | 'needs_human' = 'met') => ({ requirement: `item ${id}`, feedback_id: id, status, note: '' });

  it('must be judged item by item: an approval that leaves an item unjudged is read as revise', () => {
    const review = approval({ requirements: [judged('H1')] });
    expect(reviewContradictions(review, asked).map((c) => c.said)).toEqual(['feedback item H2 was not judged']);
    expect(settleReview(review, asked)).toMatchObject({ verdict: 'revise', reason: expect.stringContaining('feedback item H2 was not judged') });
    expect(reviewContradictions(approval({ requirements: [judged('H1'), judged('H2')] }), asked)).toEqual([]);
  });

  it('blocks when an item is not met, and may not name unknown ids or judge one twice', () => {
    expect(blockers(approval({ requirements: [judged('H1'), judged('H2', 'not_met')] }), asked).map((b) => b.said)).toEqual(['requirement "item H2" is not met']);
    const confused = bareRevise({ requirements: [judged('H1'), judged('H1'), judged('H9')] });
    expect(reviewContradictions(confused, asked).map((c) => c.said)).toEqual(
      expect.arrayContaining(['feedback item H1 is judged twice', 'feedback item H9 is unknown', 'feedback item H2 was not judged']),
    );
  });

  it('is nothing to judge when no feedback was given', () => {
    expect(reviewContradictions(approval(), context())).toEqual([]);
    expect(reviewContradictions(approval({ requirements: [judged('H1')] }), context()).map((c) => c.said)).toEqual(['feedback item H1 is unknown']);
  });
});

