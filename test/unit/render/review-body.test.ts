import { describe, expect, it } from 'vitest';
import { diffLinesFromFiles, inlineFindingBody, parsePatchLines, REVIEW_TRIM_NOTE, reviewBody, splitFindings } from '../../../src/render/review-body.js';
import { GITHUB_TEXT_LIMIT } from '../../../src/render/fit.js';
import type { Finding, Review } from '../../../src/core/model/schema-types.js';
import { abortReview, approveReview, reviseReview, samplePlan } from '../../support/render-fixtures.js';
import { finding } from '../../support/codex-fixtures.js';

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

describe('splitFindings', () => {
  const diffLines = diffLinesFromFiles([
    { filename: 'a.txt', patch: TWO_HUNKS },
    { filename: 'src/new.ts', patch: '@@ -0,0 +1,2 @@\n+export {};\n+// x' },
  ]);
  const at = (path: string, start: number, end = start): Finding => finding({ path, start_line: start, end_line: end, body: `${path}:${start}-${end}` });

  it('keeps findings on added or context lines inline and folds the rest', () => {
    const findings = [at('a.txt', 2), at('a.txt', 12), at('a.txt', 20), at('a.txt', 32), at('README.md', 1), at('src/new.ts', 3), at('./src/new.ts', 1), at('a.txt', 0), at('a.txt', 1.5)];
    const { inline, folded } = splitFindings(findings, diffLines);
    expect(inline.map((f) => [f.path, f.startLine, f.line])).toEqual([['a.txt', null, 2], ['a.txt', null, 20], ['a.txt', null, 32], ['src/new.ts', null, 1]]);
    expect(inline[3]?.finding).toBe(findings[6]);
    expect(folded).toEqual([findings[1], findings[4], findings[5], findings[7], findings[8]]);
  });

  it('posts a range inside one hunk as a multi-line comment, and anchors one that leaves the diff to a line on it', () => {
    const findings = [at('a.txt', 3, 6), at('a.txt', 8, 19), at('a.txt', 11, 19), at('a.txt', 11, 12)];
    const { inline, folded } = splitFindings(findings, diffLines);
    expect(inline.map((f) => [f.startLine, f.line])).toEqual([[3, 6], [null, 19], [null, 19]]);
    // Lines 8 to 19 span the gap between the hunks: only the end is kept.
    expect(inline[1]?.finding).toBe(findings[1]);
    expect(folded).toEqual([findings[3]]);
  });
});

describe('reviewBody', () => {
  it('renders a revise verdict with tasks, findings by priority, requirements and revised tasks', async () => {
    const review = reviseReview();
    const { inline, folded } = splitFindings(review.findings, new Map([['src/cli.ts', new Set([38, 39, 40])]]));
    const body = reviewBody({ review, plan: samplePlan(), iteration: 2, maxIterations: 5, inlineCount: inline.length, foldedFindings: folded });
    expect(body).toContain('- **P3** Undocumented flag — `README.md:3`: Document the new flag.');
    expect(body).toContain('- **P1** Output before the flag is read — `src/cli.ts:38-40` · task T2\n');
    expect(body).not.toContain('This runs before the flag is read.');
    await expect(body).toMatchFileSnapshot('./__snapshots__/render-review-revise.md');
  });

  it('renders an approval', async () => {
    const body = reviewBody({ review: approveReview(), plan: samplePlan(), iteration: 1, maxIterations: 5, inlineCount: 0, foldedFindings: [] });
    await expect(body).toMatchFileSnapshot('./__snapshots__/render-review-approve.md');
  });

  it('renders an approval with suggestions, and the marks on earlier findings with their titles', async () => {
    const review: Review = {
      ...approveReview(),
      previous_findings: [{ id: 'F1.1', status: 'resolved', note: '' }],
      findings: [finding({ priority: 'P3', title: 'Name the flag constant', path: 'src/cli.ts', start_line: 12, end_line: 12, task_id: 'T2' })],
    };
    const earlier = [{ id: 'F1.1', raised_in: 1, ...reviseReview().findings[0]! }];
    const body = reviewBody({ review, plan: samplePlan(), iteration: 2, maxIterations: 5, inlineCount: 1, foldedFindings: [], earlierFindings: earlier });
    expect(body).toContain('Iteration 2 of 5 · 3 of 3 tasks pass · 1 suggestion');
    expect(body).toContain('#### Suggestions\n\n_P2 and P3 findings do not block the change._\n\n- **P3** Name the flag constant — `src/cli.ts:12` · task T2');
    expect(body).toContain('#### Earlier findings\n\n- F1.1 **P1** Output before the flag is read: resolved');
    expect(body).not.toContain('Blocking findings');
    await expect(body).toMatchFileSnapshot('./__snapshots__/render-review-approve-suggestions.md');
  });

  it('asks a person its questions, first thing after the summary', () => {
    const review: Review = { ...approveReview(), verdict: 'needs_human', questions: ['Should `--json` include timestamps?', 'Keep `--format`?'] };
    const body = reviewBody({ review, plan: samplePlan(), iteration: 2, maxIterations: 5, inlineCount: 0, foldedFindings: [] });
    expect(body.startsWith('### codex-cto review: Needs a person')).toBe(true);
    expect(body).toContain('#### Questions for a person\n\n1. Should `--json` include timestamps?\n2. Keep `--format`?\n\n#### Tasks');
  });

  it('lists revised verification commands for the next iteration', () => {
    const review: Review = { ...reviseReview(), revised_verification: ['npm ci', 'npm test -- status'] };
    const body = reviewBody({ review, plan: samplePlan(), iteration: 1, maxIterations: 5, inlineCount: 0, foldedFindings: [] });
    expect(body).toContain('#### Revised verification for the next iteration\n\n- `npm ci`\n- `npm test -- status`');
  });

  it('gives the abort reason and works without a plan or an iteration', () => {
    const body = reviewBody({ review: abortReview(), plan: null, iteration: null, maxIterations: null, inlineCount: 0, foldedFindings: [] });
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

  it('reviews a person\'s pull request (no plan, no tasks) by its findings alone', () => {
    const review: Review = { ...abortReview(), verdict: 'revise', reason: null, task_reviews: [], findings: [finding({ priority: 'P1', task_id: null, title: 'greetAll throws on an empty list' })] };
    const body = reviewBody({ review, plan: null, iteration: null, maxIterations: null, inlineCount: 1, foldedFindings: [] });
    expect(body).not.toContain('#### Tasks');
    expect(body).toContain('1 blocking finding');
    expect(body).toContain('#### Blocking findings\n\n- **P1** greetAll throws on an empty list — `src/greet.ts:3`');
  });

  it('escapes hostile feedback so the table and the body stay intact', () => {
    const review: Review = {
      ...reviseReview(),
      summary: '</details> @org/team <!-- x -->',
      task_reviews: [{ task_id: 'T1', status: 'fail', feedback: 'a | b\n| --- |\n<script>@admin' }],
      findings: [],
    };
    const hostile = finding({ path: 'x|y.ts', title: '<b>@x</b>', body: '`@x` </sub>' });
    const body = reviewBody({ review, plan: samplePlan(), iteration: 1, maxIterations: 5, inlineCount: 0, foldedFindings: [hostile] });
    expect(body).toContain('| **T1** Add a JSON formatter | fail | a \\| b<br>\\| --- \\|<br>&lt;script&gt;@&#8203;admin |');
    expect(body).toContain('&lt;/details&gt; @&#8203;org/team &lt;!-- x --&gt;');
    expect(body.split('\n').filter((line) => line.startsWith('| **T1**'))).toHaveLength(1);
    const withFinding = reviewBody({ review: { ...review, findings: [hostile] }, plan: samplePlan(), iteration: 1, maxIterations: 5, inlineCount: 0, foldedFindings: [hostile] });
    expect(withFinding).toContain('- **P2** &lt;b&gt;@&#8203;x&lt;/b&gt; — <code>x\\|y.ts:3</code> · task T1: `@x` &lt;/sub&gt;');
  });

  it('stays under the limit with a flood of folded findings', () => {
    const flood = Array.from({ length: 2_000 }, (_, index) => finding({ path: `src/file-${index}.ts`, start_line: index + 1, end_line: index + 1, body: 'x'.repeat(500) }));
    const body = reviewBody({ review: { ...reviseReview(), findings: flood }, plan: samplePlan(), iteration: 1, maxIterations: 5, inlineCount: 0, foldedFindings: flood });
    expect(body.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(body.endsWith(REVIEW_TRIM_NOTE)).toBe(true);
    expect(body).toContain('- **P2** `src/file-0.ts:1`');
  });
});

describe('inlineFindingBody', () => {
  it('escapes the finding like any model text and says what it is', () => {
    const body = inlineFindingBody(finding({ title: 'Use `parse()`', body: 'Use `parse()` here, @octocat <b>now</b>', priority: 'P0', confidence: 0.95, task_id: null }));
    expect(body).toBe('**P0: Use `parse()`**\n\nUse `parse()` here, @&#8203;octocat &lt;b&gt;now&lt;/b&gt;\n\n<sub>confidence 0.95</sub>');
  });
});
