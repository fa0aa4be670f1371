// The rules a schema cannot say: paths inside the repository, and an approval that agrees with its task results.
import { describe, expect, it } from 'vitest';
import { approvalContradictions, repositoryPathProblem, reviseInstead, settleApproval } from '../../../../src/core/model/plan-rules.js';
import { aPlan, aReview, aTask } from '../../../support/fake-ports.js';

describe('repositoryPathProblem', () => {
  it.each([
    'src/a.ts',
    './src/a.ts',
    'a..b/c',
    '.github/workflows/ci.yml',
    '.gitignore',
    'docs/.git-notes.md',
    'src\\win\\a.ts',
  ])('accepts %s', (path) => {
    expect(repositoryPathProblem(path)).toBeNull();
  });

  it.each([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['/etc/passwd', 'must be relative to the repository root'],
    ['\\\\server\\share\\a', 'must be relative to the repository root'],
    ['\\a.ts', 'must be relative to the repository root'],
    ['C:\\a.ts', 'must be relative to the repository root'],
    ['c:a.ts', 'must be relative to the repository root'],
    ['..', 'must not contain ".."'],
    ['src\\..\\..\\a.ts', 'must not contain ".."'],
    ['~/.ssh/config', 'not a home directory'],
    ['~root/a', 'not a home directory'],
    ['.git', 'must not be in .git'],
    ['.git/hooks/post-checkout', 'must not be in .git'],
    ['.Git\\config', 'must not be in .git'],
    ['.git./config', 'must not be in .git'],
    ['.git /config', 'must not be in .git'],
    ['GIT~1/config', 'must not be in .git'],
    ['vendor/lib/.git/config', 'must not be in .git'],
    ['src//a.ts', 'must not have empty segments'],
    ['src/', 'must not have empty segments'],
    ['.', 'must name a file, not the repository root'],
    ['./.', 'must name a file, not the repository root'],
    ['src/a\n.ts', 'must not contain control characters'],
  ])('refuses %j: %s', (path, problem) => {
    expect(repositoryPathProblem(path)).toContain(problem);
  });
});

describe('approvalContradictions', () => {
  it('finds nothing in a revise or abort, whatever the task results', () => {
    expect(approvalContradictions(aReview('revise'), aPlan())).toEqual([]);
    expect(approvalContradictions(aReview('abort'), aPlan())).toEqual([]);
  });

  it('names each task that did not pass and each task of the plan left out, revised tasks included', () => {
    const review = aReview('approve', {
      task_reviews: [{ task_id: 'T2', status: 'fail', feedback: 'No.' }],
      revised_tasks: [aTask('T3')],
    });
    expect(approvalContradictions(review, aPlan())).toEqual([
      { taskId: 'T2', status: 'fail', at: 'task_reviews[0]' },
      { taskId: 'T1', status: 'unreviewed', at: 'task_reviews' },
      { taskId: 'T3', status: 'unreviewed', at: 'task_reviews' },
    ]);
  });

  it('judges only the reviews given when there is no plan', () => {
    expect(approvalContradictions(aReview('approve', { task_reviews: [] }), null)).toEqual([]);
    expect(approvalContradictions(aReview('approve', { task_reviews: [{ task_id: 'X', status: 'partial', feedback: '' }] }), null)).toHaveLength(1);
  });
});

describe('settling an approval', () => {
  it('keeps a consistent approval as it is', () => {
    const review = aReview('approve');
    expect(settleApproval(review, aPlan())).toBe(review);
  });

  it('turns a contradicting approval into revise, keeping the task results and stating the reason', () => {
    const review = aReview('approve', { task_reviews: [{ task_id: 'T1', status: 'pass', feedback: '' }, { task_id: 'T2', status: 'fail', feedback: 'Fix T2.' }] });
    expect(settleApproval(review, aPlan())).toEqual({
      ...review,
      verdict: 'revise',
      reason: 'The reviewer answered approve, but task T2 is fail; codex-cto counts the verdict as revise.',
    });
  });

  it('keeps the reason short when many tasks contradict', () => {
    const contradictions = ['A', 'B', 'C', 'D', 'E'].map((taskId) => ({ taskId, status: 'fail' as const, at: 'task_reviews' }));
    expect(reviseInstead(aReview('approve'), contradictions).reason).toBe(
      'The reviewer answered approve, but task A is fail, task B is fail, task C is fail and 2 more; codex-cto counts the verdict as revise.',
    );
  });
});
