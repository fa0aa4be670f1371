// GitHub-flavoured markdown as a terminal would best show it: task lists as [x], tables aligned,
// <details> as a marked summary line, hidden markers and other HTML dropped. Pure.
import { Lexer, type Token, type Tokens } from 'marked';

/** The markdown as plain text, roughly as it reads on GitHub. */
export function markdownToText(markdown: string): string {
  const tokens = new Lexer({ gfm: true }).lex(markdown);
  return blocks(tokens).join('\n\n').replace(/\n{3,}/g, '\n\n').trim();
}

function blocks(tokens: readonly Token[]): string[] {
  return tokens.map(block).filter((text) => text.trim() !== '');
}

function block(token: Token): string {
  switch (token.type) {
    case 'heading': {
      const text = inline((token as Tokens.Heading).tokens);
      return (token as Tokens.Heading).depth <= 3 ? `${text}\n${'-'.repeat(Math.min(text.length, 72))}` : text;
    }
    case 'paragraph':
      return inline((token as Tokens.Paragraph).tokens).trim();
    case 'text':
      return 'tokens' in token && token.tokens ? inline(token.tokens) : decode(token.text);
    case 'list':
      return list(token as Tokens.List);
    case 'table':
      return table(token as Tokens.Table);
    case 'code':
      return (token as Tokens.Code).text.split('\n').map((line) => `    ${line}`).join('\n');
    case 'blockquote':
      return blocks((token as Tokens.Blockquote).tokens).join('\n\n').split('\n').map((line) => `> ${line}`).join('\n');
    case 'hr':
      return '-'.repeat(40);
    case 'html':
      return htmlText(token.text);
    default:
      return '';
  }
}

function list(token: Tokens.List): string {
  const start = typeof token.start === 'number' ? token.start : 1;
  return token.items
    .map((item, index) => {
      const marker = item.task ? (item.checked ? '[x]' : '[ ]') : token.ordered ? `${start + index}.` : '-';
      const body = blocks(item.tokens.filter((t) => t.type !== 'checkbox')).join('\n');
      const [first = '', ...rest] = body.split('\n');
      return [`${marker} ${first}`, ...rest.map((line) => `${' '.repeat(marker.length + 1)}${line}`)].join('\n');
    })
    .join('\n');
}

function table(token: Tokens.Table): string {
  const rows = [token.header.map((cell) => inline(cell.tokens)), ...token.rows.map((row) => row.map((cell) => inline(cell.tokens)))];
  const widths = token.header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ').trimEnd();
  const [header = [], ...body] = rows;
  return [line(header), widths.map((width) => '-'.repeat(width)).join('-+-'), ...body.map(line)].join('\n');
}

function inline(tokens: readonly Token[] | undefined): string {
  return (tokens ?? []).map(inlineToken).join('');
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'text':
      return 'tokens' in token && token.tokens ? inline(token.tokens) : decode(token.text);
    case 'escape':
      return decode(token.text);
    case 'strong':
    case 'em':
    case 'del':
    case 'link':
      return inline((token as Tokens.Strong).tokens);
    case 'codespan':
      return `\`${decode(token.text)}\``;
    case 'image':
      return `[image: ${(token as Tokens.Image).text}]`;
    case 'br':
      return '\n';
    case 'html':
      return htmlText(token.text);
    default:
      return 'raw' in token ? String(token.raw) : '';
  }
}

/** Raw HTML as text: a <summary> becomes a line of its own, comments (state markers) and tags vanish. */
function htmlText(html: string): string {
  return decode(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<summary>([\s\S]*?)<\/summary>/gi, '\n▸ $1\n')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/?[A-Za-z][^>]*>/g, ''),
  ).trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '');
}
