// Escaping for text we did not write (plan and review text from a model, issue text, error
// messages) before it goes into GitHub-flavoured markdown. The goal is that such text always
// renders as the literal characters it contains: no formatting, no HTML, no table break-outs,
// no mentions that notify anyone.
//
// Two choices make the rest simple:
// - `<`, `>` and `&` become HTML entities (not backslash escapes), so raw output never contains
//   a `<` from untrusted text. Only our own code writes tags (`<details>`, `<pre>`, `<code>`),
//   and nothing untrusted can fake the hidden state marker (`<!-- ... -->`) or close our tags.
// - A mention `@name` becomes `@&#8203;name`: the zero-width-space entity renders invisibly but
//   breaks GitHub's mention and team-mention matching (`@user`, `@org/team`), so no one is
//   notified, and the raw text stays plain ASCII. Inside a code span GitHub links no mention, so
//   code spans are left as they are: a command someone copies (`npm i -g @openai/codex`,
//   `@cto continue`) must not carry an invisible character.

// eslint-disable-next-line no-control-regex -- these classes list control and invisible characters one by one on purpose
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Zero-width, bidi and other invisible format characters: they hide or reorder text.
// eslint-disable-next-line no-misleading-character-class -- these classes list control and invisible characters one by one on purpose
const INVISIBLE_CHARS = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

const INLINE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '|': '\\|',
  '~': '\\~',
  $: '\\$', // GitHub renders `$...$` as math
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};
const INLINE_SPECIAL = /[\\`*_[\]|~$&<>]/g;

/** Removes control characters (except tab and newline) and invisible format characters; CRLF and CR become LF. */
export function stripInvisible(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '').replace(INVISIBLE_CHARS, '');
}

/**
 * Makes `@name` and `@org/team` inert by putting an HTML zero-width-space entity after the `@`.
 * Every `@` followed by a letter or digit is treated, which also touches e-mail addresses; they
 * still read the same. The result is markdown (the entity is decoded when GitHub renders it).
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9])/g, '@&#8203;');
}

/**
 * Escapes untrusted text so it renders literally as markdown, line by line: inline syntax is
 * backslash-escaped, HTML characters become entities, block syntax at the start of a line
 * (headings, lists, setext underlines, indented code) is disarmed, runs of blank lines shrink
 * to one, and mentions are neutralised. The line structure is kept. Code spans whose content
 * is harmless (`src/cli.ts`, `npm test`) stay code spans, since models write them constantly.
 */
export function escapeMarkdown(text: string): string {
  return escapeLines(text, true);
}

function escapeLines(text: string, keepCodeSpans: boolean): string {
  const lines = stripInvisible(text)
    .split('\n')
    .map((line) => (keepCodeSpans ? escapeLine(line.trim()) : neutraliseMentions(escapeText(line.trim(), true))));
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Escapes untrusted text for a single line (list items, headings, link labels): whitespace, newlines included, collapses to single spaces. */
export function escapeInline(text: string): string {
  return escapeMarkdown(stripInvisible(text).replace(/\s+/g, ' '));
}

/**
 * Escapes untrusted text for one cell of a GFM table: everything `escapeMarkdown` does, pipes
 * are always escaped, and line breaks become `<br>` so the row cannot end early.
 */
export function escapeTableCell(text: string): string {
  return escapeMarkdown(text).split('\n').filter((line) => line !== '').join('<br>');
}

/** Escapes text for the inside of our own `<pre>` block: entities only (markdown is not parsed there), mentions neutralised. */
export function escapePreformatted(text: string): string {
  const html = stripInvisible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return neutraliseMentions(html.replace(/\s+$/, ''));
}

/**
 * Untrusted text shown as code on one line (paths, commands, branch names). Plain text uses a
 * backtick code span; anything else uses `<code>` around escaped text, which renders the same
 * and cannot break out.
 */
export function code(text: string): string {
  const flat = stripInvisible(text).replace(/\s+/g, ' ').trim();
  if (flat === '') return '';
  if (isSafeCodeSpan(flat)) return `\`${flat}\``;
  // Inside `<code>` every backtick is escaped: a code span there would nest code in code.
  return `<code>${escapeLines(flat, false)}</code>`;
}

// Characters that mean nothing inside a code span, even in a table cell. `@` and `$` are literal
// there (no mention, no math: the text around the span is escaped). Missing on purpose: the
// backtick (ends the span), `|` (ends a table cell even inside code), `<` (keeps raw output free
// of tags and comments from untrusted text), `\\` and control characters.
const CODE_SPAN_SAFE = /^[A-Za-z0-9 ./:,;=+\-#~()[\]{}*!?%^'"_>&@$]+$/;

function isSafeCodeSpan(content: string): boolean {
  return CODE_SPAN_SAFE.test(content) && content.trim() !== '';
}

/** Shortens text to at most `max` characters (never splitting a surrogate pair), marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

// GitHub logins: letters, digits and single inner hyphens, at most 39 characters.
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** `@login` for a valid GitHub user login (which notifies that user); anything else is rendered as inert escaped text. */
export function mention(login: string): string {
  return LOGIN.test(login) ? `@${login}` : escapeInline(`@${login}`);
}

/**
 * A markdown link whose label is already-escaped markdown. Only printable-ASCII http(s) URLs
 * become links (we build them ourselves); characters that could end the destination early are
 * percent-encoded.
 */
export function link(label: string, url: string | null): string {
  if (url === null || !/^https?:\/\/[\x21-\x7E]+$/i.test(url)) return label;
  const safe = url.replace(/[<>"`|{}^\\()]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${label}](${safe})`;
}

// A code span the model wrote (`src/cli.ts`); kept as code when its content is safe.
const CODE_SPAN = /`([^`\n]+)`/g;

function escapeLine(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(CODE_SPAN)) {
    const content = match[1] ?? '';
    if (!isSafeCodeSpan(content)) continue;
    out += neutraliseMentions(escapeText(line.slice(last, match.index), last === 0));
    out += `\`${content}\``;
    last = match.index + match[0].length;
  }
  return out + neutraliseMentions(escapeText(line.slice(last), last === 0));
}

function escapeText(text: string, atLineStart: boolean): string {
  const inline = text.replace(INLINE_SPECIAL, (char) => INLINE_ESCAPES[char] ?? char);
  if (!atLineStart) return inline;
  // Block syntax only counts at the start of a line: headings, bullets, setext underlines and
  // thematic breaks, ordered-list numbers. (`>` is already an entity, so no block quote.)
  return inline.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}
