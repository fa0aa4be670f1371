// Keeping rendered markdown under a size limit (GitHub rejects comments, review bodies and
// check-run texts over 65,536 characters). Renderers first drop detail level by level; only if
// the most compact form is still too long is it cut at a line boundary, with our own open
// `<details>` and `<pre>` tags closed so the note after the cut stays visible.

/** How much a renderer includes: everything, without folded extras, or only the essentials. */
export type Detail = 'full' | 'compact' | 'minimal';

const DETAILS: readonly Detail[] = ['full', 'compact', 'minimal'];

/** GitHub's limit for an issue comment, a PR body, a review body and a check-run summary or text. */
export const GITHUB_TEXT_LIMIT = 65_536;

/**
 * The most detailed rendering that fits in `limit` characters. JavaScript string length counts
 * UTF-16 code units, never fewer than GitHub's character count, so the check is conservative.
 * `note` (markdown saying what was left out) is appended whenever anything was dropped.
 */
export function fitMarkdown(render: (detail: Detail) => string, limit: number, note: string): string {
  for (const detail of DETAILS) {
    const body = render(detail);
    const text = detail === 'full' ? body : `${body}\n\n${note}`;
    if (text.length <= limit) return text;
  }
  return cutAtLine(render('minimal'), limit - note.length - 2) + `\n\n${note}`;
}

// Tags we open ourselves; untrusted text never contains a raw `<`, so counting them is exact.
const TAG = /<(\/?)(details|pre)\b[^>]*>/g;

/** The longest prefix of whole lines that fits in `limit` together with closing tags for what it left open. */
export function cutAtLine(markdown: string, limit: number): string {
  const kept: string[] = [];
  let open: string[] = [];
  let used = 0;
  for (const line of markdown.split('\n')) {
    const after = openTagsAfter(open, line);
    const closing = closingTags(after);
    const cost = used + (kept.length > 0 ? 1 : 0) + line.length;
    if (cost + closing.length > limit) break;
    kept.push(line);
    used = cost;
    open = after;
  }
  return kept.join('\n') + closingTags(open);
}

function openTagsAfter(open: readonly string[], line: string): string[] {
  const stack = [...open];
  for (const match of line.matchAll(TAG)) {
    const name = match[2] ?? '';
    if (match[1] === '/') {
      const at = stack.lastIndexOf(name);
      if (at >= 0) stack.splice(at, 1);
    } else {
      stack.push(name);
    }
  }
  return stack;
}

function closingTags(open: readonly string[]): string {
  return [...open].reverse().map((name) => (name === 'pre' ? '\n</pre>' : '\n\n</details>')).join('');
}
