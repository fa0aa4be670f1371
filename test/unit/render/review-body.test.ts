import { describe, expect, it } from 'vitest';
import { diffLinesFromFiles, inlineCommentBody, parsePatchLines, REVIEW_TRIM_NOTE, reviewBody, splitComments } from '../../../src/render/review-body.js';
import { GITHUB_TEXT_LIMIT } from '../../../src/render/fit.js';
import type { Review, ReviewComment } from '../../../src/core/model/schema-types.js';
import { abortReview, approveReview, reviseReview, samplePlan } from '../../support/render-fixtures.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

// `git diff` of a 30-line file: line 2 changed, a line inserted after 5, line 20 deleted, two
// lines added after 26, and the last line losing its final newline. The PR files API gives the
// same text from the first `@@`.
const TWO_HUNKS = [
  '@@ -1,8 +1,9 @@',
  ' line 1',
  '-line 2',
  '+line 2 changed',
  ' line 3',
  ' line 4',
  ' line 5',
  '+inserted after 5',
  ' line 6',
  ' line 7',
  ' line 8',
  '@@ -17,14 +18,15 @@ line 16',
  ' line 17',
  ' line 18',
  ' line 19',
  '-line 20',
  ' line 21',
  ' line 22',
  ' line 23',
  ' line 24',
  ' line 25',
  ' line 26',
  '+new A',
  '+new B',
  ' line 27',
  ' line 28',
  ' line 29',
  '-line 30',
  '+line 30',
  '\\ No newline at end of file',
].join('\n');

describe('parsePatchLines', () => {
  it('returns the right-side lines of every hunk: context and additions, not deletions', () => {
    expect([...parsePatchLines(TWO_HUNKS)]).toEqual([...range(1, 9), ...range(18, 32)]);
  });

  it('handles a new file, a deleted file and one-line hunks without counts', () => {
    expect([...parsePatchLines('@@ -0,0 +1,3 @@\n+a\n+b\n+c\n')]).toEqual([1, 2, 3]);
    expect([...parsePatchLines('@@ -1,2 +0,0 @@\n-a\n-b')]).toEqual([]);
    expect([...parsePatchLines('@@ -3 +3 @@\n-old\n+new')]).toEqual([3]);
  });

  it('reads a full git diff with file headers and added lines that look like headers', () => {
    const diff = [
      'diff --git a/x.md b/x.md',
      'index 1111111..2222222 100644',
      '--- a/x.md',
      '+++ b/x.md',
      '@@ -10,3 +10,4 @@ intro',
      ' keep',
      '+++ a line starting with two plus signs',
      '--- removed line starting with two minus signs',
      '+replacement',
      '',
      'diff --git a/y.md b/y.md',
      '--- a/y.md',
      '+++ b/y.md',
      '@@ -1 +1 @@',
      '-x',
      '+y',
    ].join('\n');
    // The hunk holds 3 old and 4 new lines; the empty line is a context line whose space was stripped.
    expect([...parsePatchLines(diff)]).toEqual([10, 11, 12, 13, 1]);
  });

  it('returns nothing for an empty or missing patch', () => {
    expect(parsePatchLines('').size).toBe(0);
    expect(diffLinesFromFiles([{ filename: 'bin.png' }]).get('bin.png')?.size).toBe(0);
  });
});

describe('splitComments', () => {
  const diffLines = diffLinesFromFiles([
    { filename: 'a.txt', patch: TWO_HUNKS },
    { filename: 'src/new.ts', patch: '@@ -0,0 +1,2 @@\n+export {};\n+// x' },
  ]);
  const at = (path: string, line: number): ReviewComment => ({ path, line, body: `${path}:${line}` });

  it('keeps comments on added or context lines inline and folds the rest', () => {
    const comments = [at('a.txt', 2), at('a.txt', 12), at('a.txt', 20), at('a.txt', 32), at('README.md', 1), at('src/new.ts', 3), at('./src/new.ts', 1), at('a.txt', 0), at('a.txt', 1.5)];
    const { inline, folded } = splitComments(comments, diffLines);
    expect(inline).toEqual([at('a.txt', 2), at('a.txt', 20), at('a.txt', 32), { path: 'src/new.ts', line: 1, body: './src/new.ts:1' }]);
    expect(folded).toEqual([at('a.txt', 12), at('README.md', 1), at('src/new.ts', 3), at('a.txt', 0), at('a.txt', 1.5)]);
  });
});

describe('reviewBody', () => {
  it('renders a revise verdict with tasks, revised tasks and folded findings', async () => {
    const review = reviseReview();
    const { inline, folded } = splitComments(review.comments, new Map([['src/cli.ts', new Set([40])]]));
    const body = reviewBody({ review, plan: samplePlan(), iteration: 2, maxIterations: 5, inlineCount: inline.length, foldedComments: folded });
    expect(body).toContain('- `README.md:3`: Document the new flag.');
    expect(body).not.toContain('src/cli.ts:40');
    await expect(body).toMatchFileSnapshot('./__snapshots__/render-review-revise.md');
  });

  it('renders an approval', async () => {
    const body = reviewBody({ review: approveReview(), plan: samplePlan(), iteration: 1, maxIterations: 5, inlineCount: 0, foldedComments: [] });
    await expect(body).toMatchFileSnapshot('./__snapshots__/render-review-approve.md');
  });

  it('gives the abort reason and works without a plan or an iteration', () => {
    const body = reviewBody({ review: abortReview(), plan: null, iteration: null, maxIterations: null, inlineCount: 0, foldedComments: [] });
    expect(body).toBe(
      [
        '### codex-cto review: Aborted',
        '0 of 1 task passes',
        'The objective conflicts with the existing public API.',
        '**Reason:** Changing the status output breaks every script that parses it.',
        '#### Tasks',
        '| Task | Status | Feedback |\n| --- | --- | --- |\n| **T1** | fail | Not needed. |',
        '<sub>Reviewed by Codex in a read-only sandbox; the code was written by Claude Code.</sub>',
      ].join('\n\n'),
    );
  });

  it('escapes hostile feedback so the table and the body stay intact', () => {
    const review: Review = {
      ...reviseReview(),
      summary: '</details> @org/team <!-- x -->',
      task_reviews: [{ task_id: 'T1', status: 'fail', feedback: 'a | b\n| --- |\n<script>@admin' }],
      comments: [],
    };
    const body = reviewBody({ review, plan: samplePlan(), iteration: 1, maxIterations: 5, inlineCount: 0, foldedComments: [{ path: 'x|y.ts', line: 3, body: '`@x` </sub>' }] });
    expect(body).toContain('| **T1** Add a JSON formatter | fail | a \\| b<br>\\| --- \\|<br>&lt;script&gt;@&#8203;admin |');
    expect(body).toContain('&lt;/details&gt; @&#8203;org/team &lt;!-- x --&gt;');
    expect(body).toContain('- <code>x\\|y.ts:3</code>: `@x` &lt;/sub&gt;');
    expect(body.split('\n').filter((line) => line.startsWith('| **T1**'))).toHaveLength(1);
  });

  it('stays under the limit with a flood of folded findings', () => {
    const folded = Array.from({ length: 2_000 }, (_, index) => ({ path: `src/file-${index}.ts`, line: index + 1, body: 'x'.repeat(500) }));
    const body = reviewBody({ review: reviseReview(), plan: samplePlan(), iteration: 1, maxIterations: 5, inlineCount: 0, foldedComments: folded });
    expect(body.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(body.endsWith(REVIEW_TRIM_NOTE)).toBe(true);
    expect(body).toContain('- `src/file-0.ts:1`');
  });
});

describe('inlineCommentBody', () => {
  it('escapes the finding like any model text', () => {
    expect(inlineCommentBody('Use `parse()` here, @octocat <b>now</b>')).toBe('Use `parse()` here, @&#8203;octocat &lt;b&gt;now&lt;/b&gt;');
  });
});
