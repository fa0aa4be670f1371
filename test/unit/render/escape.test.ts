import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, code, escapeInline, escapeMarkdown, escapePreformatted, escapeTableCell, link, mention, neutraliseMentions, stripInvisible } from '../../../src/render/escape.js';

describe('neutraliseMentions', () => {
  it('breaks user and team mentions with a zero-width-space entity', () => {
    expect(neutraliseMentions('ping @octocat and @acme/security')).toBe('ping @&#8203;octocat and @&#8203;acme/security');
  });

  it('leaves a lone @ alone and is idempotent', () => {
    expect(neutraliseMentions('a @ b')).toBe('a @ b');
    const once = neutraliseMentions('@x');
    expect(neutraliseMentions(once)).toBe(once);
  });
});

describe('escapeMarkdown', () => {
  it('escapes inline syntax so it renders literally', () => {
    expect(escapeMarkdown('*bold* _it_ ~~del~~ [l](u) ![i](u) $x$ a\\b')).toBe('\\*bold\\* \\_it\\_ \\~\\~del\\~\\~ \\[l\\](u) !\\[i\\](u) \\$x\\$ a\\\\b');
  });

  it('turns HTML, comments and entities into visible text', () => {
    expect(escapeMarkdown('<!-- hidden --> </details> <img src=x> &#64;user &amp;')).toBe(
      '&lt;!-- hidden --&gt; &lt;/details&gt; &lt;img src=x&gt; &amp;#64;user &amp;amp;',
    );
  });

  it('disarms block syntax at the start of lines and drops indentation', () => {
    expect(escapeMarkdown('# heading\n- item\n+ item\n1. one\n2) two\n===\n    indented code\n> quote')).toBe(
      '\\# heading\n\\- item\n\\+ item\n1\\. one\n2\\) two\n\\===\nindented code\n&gt; quote',
    );
  });

  it('keeps harmless code spans and escapes the others', () => {
    expect(escapeMarkdown('Run `npm test` in `src/` then `a | b` and `<b>` and `@x`')).toBe(
      'Run `npm test` in `src/` then \\`a \\| b\\` and \\`&lt;b&gt;\\` and `@x`',
    );
    expect(escapeMarkdown('`x => y && z` first')).toBe('`x => y && z` first');
  });

  it('leaves commands in code spans copyable: no entity inside, mentions outside still inert', () => {
    // GitHub links no mention inside a code span; an invisible character there would break the command.
    expect(escapeMarkdown('Run `npm install -g @openai/codex@0.169.0` then ping @octocat about `$HOME`')).toBe(
      'Run `npm install -g @openai/codex@0.169.0` then ping @&#8203;octocat about `$HOME`',
    );
    expect(escapeInline('Comment `@cto continue` on #4, @team')).toBe('Comment `@cto continue` on #4, @&#8203;team');
    expect(code('@cto continue')).toBe('`@cto continue`');
  });

  it('removes control, zero-width and bidi characters and extra blank lines', () => {
    expect(escapeMarkdown('a\u200Bb\u202Ec\u0007d\r\n\r\n\r\n\r\ne\u2066f')).toBe('abcd\n\nef');
  });
});

describe('escapeInline and escapeTableCell', () => {
  it('puts multi-line text on one line', () => {
    expect(escapeInline('  first\n\n- second\t third  ')).toBe('first - second third');
    expect(escapeInline('- item\nsecond')).toBe('\\- item second');
  });

  it('keeps a table row whole: pipes escaped, line breaks as <br>', () => {
    expect(escapeTableCell('a | b\n\nc\n| d |')).toBe('a \\| b<br>c<br>\\| d \\|');
  });
});

describe('escapePreformatted', () => {
  it('uses entities only, since markdown is not parsed inside <pre>', () => {
    expect(escapePreformatted('</pre> *x* @root\n')).toBe('&lt;/pre&gt; *x* @&#8203;root');
  });
});

describe('code', () => {
  it('uses a backtick span for plain paths and commands', () => {
    expect(code('src/render/escape.ts')).toBe('`src/render/escape.ts`');
    expect(code('npm test -- --run  x')).toBe('`npm test -- --run x`');
  });

  it('falls back to <code> with escaped text for anything else', () => {
    expect(code('a`b | <c> @d')).toBe('<code>a\\`b \\| &lt;c&gt; @&#8203;d</code>');
  });

  it('renders nothing for empty text', () => {
    expect(code('  \n')).toBe('');
  });
});

describe('clip, mention, link', () => {
  it('clips with an ellipsis and never splits a surrogate pair', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('a😀b', 3)).toBe('a…');
  });

  it('mentions valid logins only', () => {
    expect(mention('octo-cat')).toBe('@octo-cat');
    expect(mention('evil</details>')).toBe('@&#8203;evil&lt;/details&gt;');
    expect(mention('dependabot[bot]')).toBe('@&#8203;dependabot\\[bot\\]');
  });

  it('links only http(s) URLs and encodes characters that end a destination', () => {
    expect(link('run', 'https://x.test/a(b)c d')).toBe('run');
    expect(link('run', 'https://x.test/a(b)<c>')).toBe('[run](https://x.test/a%28b%29%3Cc%3E)');
    expect(link('run', 'javascript:alert(1)')).toBe('run');
    expect(link('run', null)).toBe('run');
  });
});

describe('escaping properties on arbitrary text', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.string({ unit: fc.constantFrom('<', '>', '!', '-', '|', '`', '@', 'a', '\n', ' ', '\\', '&', '#', '*', '/', 'd'), maxLength: 80 }),
  );

  it('escapeMarkdown output never holds a raw tag opener or a live mention', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = escapeMarkdown(text);
        expect(out).not.toContain('<');
        // GitHub links no mention inside a code span, and escapeMarkdown keeps harmless spans as they are. A span
        // stands apart from the text around it: `@\`x\`a` has no mention, so it becomes a space here, not nothing.
        expect(out.replace(/`[^`\n]*`/g, ' ')).not.toMatch(/@[A-Za-z0-9]/);
        expect(stripInvisible(out)).toBe(out.replace(/\r/g, ''));
      }),
      { numRuns: 2_000 },
    );
  });

  it('escapeTableCell output is one line with every pipe escaped', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = escapeTableCell(text);
        expect(out).not.toMatch(/[\n\r]/);
        // Every pipe is preceded by an odd number of backslashes.
        for (const match of out.matchAll(/(\\*)\|/g)) expect((match[1] ?? '').length % 2).toBe(1);
      }),
      { numRuns: 2_000 },
    );
  });

  it('code output never holds a raw tag opener, a pipe outside an escape, or a newline', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = code(text).replace(/^<code>|<\/code>$/g, '');
        expect(out).not.toContain('<');
        expect(out).not.toMatch(/\n/);
        for (const match of out.matchAll(/(\\*)\|/g)) expect((match[1] ?? '').length % 2).toBe(1);
      }),
      { numRuns: 2_000 },
    );
  });
});
