import { describe, expect, it } from 'vitest';
import { artifactNumbers, latestArtifact, nextArtifact, replayReviews, verdictExitCode } from '../../../src/cli/run-history.js';
import { limitNotes } from '../../../src/cli/review-command.js';
import { APPROVE, PLAN, REVISE } from '../../support/scenario.js';
import { task, validPlan, validReview } from '../../support/codex-fixtures.js';

describe('the numbering of a run', () => {
  const names = ['base.json', 'plan-001.json', 'review-001.json', 'review-002.json', 'review-010.json', 'review-7.json', 'notes-003.json'];

  it('reads only <kind>-NNN.json, in numeric order', () => {
    expect(artifactNumbers(names, 'review')).toEqual([1, 2, 10]);
    expect(artifactNumbers(names, 'plan')).toEqual([1]);
  });

  it('names the next file one past the highest, and the latest', () => {
    expect(nextArtifact(names, 'review')).toBe('review-011.json');
    expect(nextArtifact([], 'plan')).toBe('plan-001.json');
    expect(latestArtifact(names, 'plan')).toBe('plan-001.json');
    expect(latestArtifact([], 'review')).toBeNull();
  });
});

describe('replaying the reviews of a run', () => {
  it('makes the first review iteration 1, with no memory', () => {
    const history = replayReviews(PLAN, []);
    expect(history).toEqual({ plan: PLAN, iteration: 1, previousReview: null, consecutiveRevise: 0 });
  });

  it('remembers the open findings of a revise, with their ids, for the next review', () => {
    const history = replayReviews(PLAN, [{ name: 'review-001.json', value: REVISE }]);
    expect(history.iteration).toBe(2);
    expect(history.consecutiveRevise).toBe(1);
    expect(history.previousReview?.verdict).toBe('revise');
    expect(history.previousReview?.findings.map((f) => [f.id, f.title])).toEqual([['F1.1', 'shout: false is not tested']]);
  });

  it('merges revised tasks and revised verification into the plan the next review judges against', () => {
    const plan = validPlan();
    const revise = validReview({ revised_verification: ['npm test'] });
    const history = replayReviews(plan, [{ name: 'review-001.json', value: revise }]);
    expect(history.plan.tasks.map((t) => t.id)).toEqual(['T1', 'T2', 'T3']);
    expect(history.plan.verification).toEqual(['npm test']);
  });

  it('counts revise verdicts in a row, and an approval resets the count', () => {
    const plan = validPlan();
    const revise = (id: string) => validReview({ findings: [], revised_tasks: [task(id, { action: 'create_file', target: `test/${id}.js` })] });
    const twice = replayReviews(plan, [{ name: 'review-001.json', value: revise('T3') }, { name: 'review-002.json', value: revise('T4') }]);
    expect(twice.consecutiveRevise).toBe(2);
    const approved = replayReviews(PLAN, [{ name: 'review-001.json', value: REVISE }, { name: 'review-002.json', value: APPROVE }]);
    expect(approved.consecutiveRevise).toBe(0);
    expect(approved.previousReview?.findings).toEqual([]);
  });

  it('names a review file that is not a review codex-cto kept', () => {
    expect(() => replayReviews(PLAN, [{ name: 'review-001.json', value: { verdict: 'approve' } }])).toThrow(/review-001\.json of this run is not a review/);
  });
});

describe('what a review tells the caller about the limits', () => {
  const limits = { maxIterations: 5, escalateAfter: 3 };

  it('asks to escalate at the third revise in a row', () => {
    const history = { ...replayReviews(PLAN, []), consecutiveRevise: 2, iteration: 3 };
    expect(limitNotes(REVISE, history, limits)).toEqual(['codex-cto: 3 revise verdicts in a row: ask the user whether to go on before another iteration']);
    expect(limitNotes(REVISE, { ...history, consecutiveRevise: 1 }, limits)).toEqual([]);
  });

  it('says when the last allowed review was not an approval, and says nothing after an approval', () => {
    const history = { ...replayReviews(PLAN, []), iteration: 5 };
    expect(limitNotes(REVISE, history, limits)).toEqual(['codex-cto: that was the last review --max-iterations 5 allows: stop and tell the user what is still open']);
    expect(limitNotes(APPROVE, { ...history, consecutiveRevise: 4 }, limits)).toEqual([]);
  });
});

describe('the exit code of a review', () => {
  it('is the verdict', () => {
    expect(['approve', 'revise', 'abort', 'needs_human'].map((v) => verdictExitCode(v as never))).toEqual([0, 2, 3, 4]);
  });
});
