// The demo's renderers of a finished thread: markdown as terminal text, markdown as GitHub-like HTML
// (keeping only the raw HTML GitHub keeps), and the whole thread in both forms.
import { describe, expect, it } from 'vitest';
import { allowedHtml, inlineMarkdownToHtml, markdownToHtml } from '../../../demo/markdown-html.js';
import { markdownToText } from '../../../demo/markdown-text.js';
import { threadHtml } from '../../../demo/thread-html.js';
import { threadText } from '../../../demo/thread-text.js';
import { pullState, type Thread } from '../../../demo/thread.js';

const TRACKING = [
  '### codex-cto: Approved',
  '',
  'The reviewer approved iteration 2; [pull request #2](http://gh.test/o/r/pull/2) is ready.',
  '',
  '#### Plan',
  '',
  '- [x] **T1** Add the shout option — `src/greet.js`',
  '- [ ] **T2** Test it',
  '',
  '<details><summary>Iterations</summary>',
  '',
  '| Iteration | Verdict |',
  '| --- | --- |',
  '| 1 | revise |',
  '| 2 | approve |',
  '',
  '</details>',
  '',
  '<sub>codex-cto edits this comment &amp; keeps it current.</sub>',
  '',
  '<!-- codex-cto:state {"v":1} -->',
].join('\n');

function sampleThread(overrides: Partial<Thread> = {}): Thread {
  return {
    repository: 'octo-org/greeter',
    issue: { number: 1, title: 'Add a `shout` option', body: 'Callers want it <b>loud</b>.', author: 'mona', labels: ['codex-cto'], state: 'open', url: 'http://gh.test/o/r/issues/1' },
    comments: [{ author: 'github-actions[bot]', body: TRACKING }],
    pull: { number: 2, title: 'codex-cto: Add a `shout` option', body: 'Closes #1', author: 'github-actions[bot]', head: 'codex-cto/issue-1', base: 'main', headSha: 'b'.repeat(40), draft: false, state: 'open', url: 'http://gh.test/o/r/pull/2' },
    commits: [{ sha: 'a'.repeat(40), subject: 'codex-cto iteration 1: shout', author: 'github-actions[bot]' }],
    files: [{ path: 'src/greet.js', status: 'modified', additions: 1, deletions: 1, patch: '@@ -1 +1 @@\n-old\n+new' }],
    reviews: [
      {
        author: 'github-actions[bot]',
        state: 'COMMENTED',
        body: '### codex-cto review: Changes requested\n\nOnly shout: true is tested.',
        commit: 'a'.repeat(40),
        comments: [{ path: 'test/greet.test.js', line: 9, startLine: null, body: 'Also cover `{ shout: false }` here.', diffHunk: '@@ -5,3 +5,7 @@\n });\n+\n+test(1)' }],
      },
    ],
    checkRuns: [{ name: 'codex-cto/review', status: 'completed', conclusion: 'success', headSha: 'b'.repeat(40), title: 'Approved: 2 of 2 tasks pass', summary: 'Both tasks pass.' }],
    ...overrides,
  };
}

describe('markdownToText', () => {
  it('shows task lists as [x] and [ ], tables aligned, <details> as a summary line, and no hidden marker', () => {
    expect(markdownToText(TRACKING)).toBe([
      'codex-cto: Approved',
      '-------------------',
      '',
      'The reviewer approved iteration 2; pull request #2 is ready.',
      '',
      'Plan',
      '',
      '[x] T1 Add the shout option — `src/greet.js`',
      '[ ] T2 Test it',
      '',
      '▸ Iterations',
      '',
      'Iteration | Verdict',
      '----------+--------',
      '1         | revise',
      '2         | approve',
      '',
      'codex-cto edits this comment & keeps it current.',
    ].join('\n'));
  });

  it('keeps code, quotes and numbered lists readable', () => {
    expect(markdownToText('> quoted\n\n1. one\n2. two\n\n```\nnpm test\n```')).toBe('> quoted\n\n1. one\n2. two\n\n    npm test');
  });
});

describe('allowedHtml', () => {
  it('keeps the tags GitHub keeps, without attributes, and drops comments', () => {
    expect(allowedHtml('<details open class="x"><summary onclick="x()">S</summary><!-- marker -->')).toBe('<details open><summary>S</summary>');
    expect(allowedHtml('<sub>small</sub><br/>')).toBe('<sub>small</sub><br>');
  });

  it('escapes every other tag and stray angle brackets', () => {
    expect(allowedHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(allowedHtml('<img src=x onerror=alert(1)> a < b')).toBe('&lt;img src=x onerror=alert(1)&gt; a &lt; b');
  });
});

describe('markdownToHtml', () => {
  it('renders GFM task lists and tables', () => {
    const html = markdownToHtml(TRACKING);
    expect(html).toMatch(/<li><input checked="" disabled="" type="checkbox">\s*<strong>T1<\/strong>/);
    expect(html).toMatch(/<li><input disabled="" type="checkbox">\s*<strong>T2<\/strong>/);
    expect(html).toContain('<td>revise</td>');
    expect(html).toContain('<details><summary>Iterations</summary>');
    expect(html).not.toContain('codex-cto:state');
  });

  it('keeps web links and turns other schemes into plain text', () => {
    expect(markdownToHtml('[ok](https://example.com) [bad](javascript:alert(1))')).toBe('<p><a href="https://example.com">ok</a> bad</p>\n');
  });

  it('escapes raw HTML outside the allowed tags, inline too', () => {
    expect(inlineMarkdownToHtml('Use `code` and <script>x</script>')).toBe('Use <code>code</code> and &lt;script&gt;x&lt;/script&gt;');
  });
});

describe('pullState', () => {
  it('names the badge GitHub shows', () => {
    expect(pullState({ state: 'open', draft: true })).toBe('Draft');
    expect(pullState({ state: 'open', draft: false })).toBe('Open, ready for review');
    expect(pullState({ state: 'merged', draft: false })).toBe('Merged');
    expect(pullState({ state: 'closed', draft: true })).toBe('Closed');
  });
});

describe('threadText', () => {
  it('prints the issue, its comments, then the pull request, commits, files, reviews and checks in order', () => {
    const text = threadText(sampleThread());
    const order = [
      'Issue #1 · Add a `shout` option',
      '@mona opened this issue:',
      'Callers want it loud.',
      '--- @github-actions[bot] commented',
      '[x] T1 Add the shout option',
      'Pull request #2 · codex-cto: Add a `shout` option',
      'Open, ready for review · @github-actions[bot] wants to merge 1 commit into main from codex-cto/issue-1',
      '--- Commits',
      'aaaaaaa  codex-cto iteration 1: shout  (github-actions[bot])',
      '--- Files changed',
      'src/greet.js (modified, +1 -1)',
      '+new',
      '--- @github-actions[bot] reviewed on aaaaaaa',
      'Only shout: true is tested.',
      'test/greet.test.js line 9:',
      '  | +test(1)',
      'Also cover `{ shout: false }` here.',
      '--- Checks',
      '✓ codex-cto/review on bbbbbbb: success · Approved: 2 of 2 tasks pass',
    ];
    let from = 0;
    for (const part of order) {
      const at = text.indexOf(part, from);
      expect(at, `"${part}" after offset ${from} in:\n${text}`).toBeGreaterThanOrEqual(0);
      from = at + part.length;
    }
  });

  it('prints an issue without a pull request, and says when a description is empty', () => {
    const text = threadText(sampleThread({ pull: null, comments: [], issue: { ...sampleThread().issue, body: '' } }));
    expect(text).toContain('(no description)');
    expect(text).not.toContain('Pull request');
  });
});

describe('threadHtml', () => {
  it('is one page with the issue, the tracking comment as GFM, the PR, reviews and checks', () => {
    const html = threadHtml(sampleThread());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Add a `shout` option · Issue #1 · octo-org/greeter</title>');
    expect(html).toContain('<h1>Add a <code>shout</code> option <span class="number">#1</span></h1>');
    expect(html).toContain('Callers want it <b>loud</b>.');
    expect(html).toMatch(/<input checked="" disabled="" type="checkbox">/);
    expect(html).toContain('<span class="state state-open">Open, ready for review</span>');
    expect(html).toContain('<div class="line add">+new</div>');
    expect(html).toContain('<code>test/greet.test.js</code> line 9');
    expect(html).toContain('<span class="conclusion">success</span>');
    expect(html).not.toContain('codex-cto:state');
  });

  it('escapes titles, authors and patches that come from outside', () => {
    const thread = sampleThread();
    const html = threadHtml({
      ...thread,
      issue: { ...thread.issue, title: '<img src=x onerror=alert(1)>', author: '<x>' },
      files: [{ path: 'a<b>.js', status: 'added', additions: 1, deletions: 0, patch: '+<script>' }],
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<code>a&lt;b&gt;.js</code>');
    expect(html).toContain('<div class="line add">+&lt;script&gt;</div>');
  });

  it('shows a draft pull request as a draft', () => {
    const thread = sampleThread();
    const html = threadHtml({ ...thread, pull: { ...thread.pull!, draft: true } });
    expect(html).toContain('<span class="state state-draft">Draft</span>');
  });
});
