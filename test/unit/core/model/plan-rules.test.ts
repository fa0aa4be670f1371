// The rules a schema cannot say: paths inside the repository, and the plan a review leaves behind.
import { describe, expect, it } from 'vitest';
import { mergeRevision, repositoryPathProblem } from '../../../../src/core/model/plan-rules.js';
import { aPlan, aTask } from '../../../support/fake-ports.js';

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

describe('mergeRevision', () => {
  it('replaces revised tasks in place, appends new ones, and puts revised verification in place of the plan\'s', () => {
    const plan = aPlan();
    const merged = mergeRevision(plan, { revised_tasks: [aTask('T2', { title: 'Redo T2' }), aTask('T3')], revised_verification: ['npm ci', 'npm test -- greet'] });
    expect(merged.tasks.map((task) => [task.id, task.title])).toEqual([['T1', 'Task T1'], ['T2', 'Redo T2'], ['T3', 'Task T3']]);
    expect(merged.verification).toEqual(['npm ci', 'npm test -- greet']);
    expect(plan.verification).toEqual(['npm test']);
  });

  it('keeps the plan\'s verification when the review leaves it null', () => {
    expect(mergeRevision(aPlan(), { revised_tasks: [], revised_verification: null }).verification).toEqual(['npm test']);
  });
});
