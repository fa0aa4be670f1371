// GitHub-flavoured markdown to HTML (tables, task lists, autolinks) with marked, keeping from raw
// HTML only what GitHub keeps of the tags this project writes: like GitHub, the page shows text that
// came from issues and models, so everything else is escaped and only web links stay links. Pure.
import { Marked, type Tokens } from 'marked';

const ALLOWED_TAGS = new Set(['details', 'summary', 'sub', 'sup', 'br', 'kbd', 'b', 'i', 'em', 'strong', 'code', 'p', 'del', 'ins', 's', 'hr']);
const TAG_OR_COMMENT = /(<!--[\s\S]*?-->|<\/?[A-Za-z][^<>]*>)/;

const markdown = new Marked({ gfm: true });
markdown.use({
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return allowedHtml(token.text);
    },
    link(token: Tokens.Link): string | false {
      return isWebLink(token.href) ? false : this.parser.parseInline(token.tokens);
    },
    image(token: Tokens.Image): string | false {
      return isWebLink(token.href) ? false : escapeHtml(token.text);
    },
  },
});

/** A markdown document (a comment, a PR body) as an HTML fragment. */
export function markdownToHtml(text: string): string {
  return markdown.parse(text, { async: false });
}

/** One line of markdown (a title) as inline HTML. */
export function inlineMarkdownToHtml(text: string): string {
  return markdown.parseInline(text, { async: false });
}

/** Raw HTML reduced to allowed tags without attributes (`<details open>` excepted); comments dropped. */
export function allowedHtml(html: string): string {
  return html
    .split(TAG_OR_COMMENT)
    .map((part, index) => {
      if (index % 2 === 0) return part.replace(/</g, '&lt;').replace(/>/g, '&gt;');
      if (part.startsWith('<!--')) return '';
      const match = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>$/.exec(part);
      const name = match?.[2]?.toLowerCase() ?? '';
      if (!match || !ALLOWED_TAGS.has(name)) return escapeHtml(part);
      const open = name === 'details' && !match[1] && /(^|\s)open(\s|=|$)/i.test(match[3] ?? '') ? ' open' : '';
      return `<${match[1]}${name}${open}>`;
    })
    .join('');
}

export function isWebLink(href: string): boolean {
  return /^(https?:\/\/|mailto:|#)/i.test(href.trim());
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
