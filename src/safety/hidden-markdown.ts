// Markdown that hides text from a reader of the rendered issue: image alt text (shown only when
// the image fails to load), link titles (a hover tooltip) and reference definitions (never shown
// at all; `[//]: # (text)` is the well-known markdown comment).
import type { Tally } from './hidden-html.js';

export type MarkdownRemoval = 'alt-text' | 'link-title' | 'definition';

// Bounds keep every pattern linear on hostile input; a destination or title longer than these
// is not recognised (and a title that long is no longer a tooltip anyone would miss). Runs of
// spaces are matched by one quantifier each, never two in a row, for the same reason.
const TITLE = String.raw`(?:"(?:[^"\\]|\\[\s\S]){0,2048}"|'(?:[^'\\]|\\[\s\S]){0,2048}'|\((?:[^()\\]|\\[\s\S]){0,2048}\))`;
/** Optional spaces, at most one line break. */
const SPACE = String.raw`[ \t]*(?:\n[ \t]*)?`;
/** At least one space or a line break, at most one line break. */
const GAP = String.raw`(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)`;
/** A destination: `<...>`, or non-space characters with balanced parentheses one level deep. */
const DESTINATION = String.raw`(?:<[^<>\n]{0,2048}>|(?:[^\s<()]|\([^\s<()]{0,256}\)){0,2048})`;

/** `[label]: destination "optional title"`, at the start of a line (footnotes `[^1]:` excluded). */
const DEFINITION = new RegExp(
  String.raw`^ {0,3}\[(?!\^)((?:[^\[\]\\]|\\[\s\S]){1,999})\]:${SPACE}(?=\S)${DESTINATION}(?:${GAP}${TITLE})?[ \t]*$`,
  'gm',
);

/** An inline link or image target with a title: `](destination "title")`. */
const LINK_TITLE = new RegExp(String.raw`(\]\(${SPACE}${DESTINATION})${GAP}${TITLE}${SPACE}\)`, 'g');

export function stripHiddenMarkdown(text: string, tally: Tally<MarkdownRemoval>): string {
  const labels = new Set<string>();
  const withoutDefinitions = text.replace(DEFINITION, (_whole, label: string) => {
    labels.add(normaliseLabel(label));
    tally('definition');
    return '';
  });
  const withoutAlt = dropImageAltText(withoutDefinitions, labels, tally);
  return withoutAlt.replace(LINK_TITLE, (_whole, target: string) => {
    tally('link-title');
    return `${target})`;
  });
}

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * `![alt](url)`, `![alt][ref]` and `![alt]` naming a definition become `![](...)`. Brackets are
 * matched in one pass, so nested brackets and images inside alt text go with it. `vec![1, 2]`
 * (not followed by a target) is left alone.
 */
function dropImageAltText(text: string, labels: ReadonlySet<string>, tally: Tally<MarkdownRemoval>): string {
  const closers = matchBrackets(text);
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('![') ; at !== -1; at = text.indexOf('![', at + 1)) {
    if (at < copied || isEscaped(text, at)) continue;
    const close = closers.get(at + 1);
    if (close === undefined) continue;
    const next = text[close + 1];
    const inner = text.slice(at + 2, close);
    if (next !== '(' && next !== '[' && !labels.has(normaliseLabel(inner))) continue;
    if (inner.length > 0) tally('alt-text');
    out += `${text.slice(copied, at)}![]`;
    copied = close + 1;
  }
  return out + text.slice(copied);
}

/** For each unescaped `[`, the index of its matching `]`. */
function matchBrackets(text: string): Map<number, number> {
  const closers = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\') i += 1;
    else if (c === '[') open.push(i);
    else if (c === ']') {
      const start = open.pop();
      if (start !== undefined) closers.set(start, i);
    }
  }
  return closers;
}

function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text[i] === '\\'; i -= 1) backslashes += 1;
  return backslashes % 2 === 1;
}
