// Finds a `/cto <command>` line in a comment body. Only a line that a reader would see as plain
// text starting with the prefix counts: code (fenced, indented, inline spans), quotes, HTML
// comments and raw <pre>-like blocks are skipped, so quoting or showing a command never runs it.
import { LOOP_COMMANDS, type LoopCommand } from '../../core/loop-requests.js';

/** The words after the prefix: the commands the lifecycle knows. */
export const COMMAND_WORDS: readonly LoopCommand[] = LOOP_COMMANDS;
export type CommandWord = LoopCommand;

export interface FoundCommand {
  command: CommandWord;
  /** The rest of the command line, trimmed; untrusted text. */
  args: string;
  /** The rest of the command line and every line after it, trimmed: a person's feedback; untrusted text. */
  text: string;
}

type LineKind = 'blank' | 'text' | 'quote' | 'code' | 'html';

interface Scan {
  /** Inside `<!-- ... -->`, which may span lines (and blank lines). */
  comment: boolean;
  /** Length of the backtick run that opened the inline code span we are in, or 0. */
  span: number;
  /** The fence that opened the code block we are in. */
  fence: { char: string; length: number } | null;
  /** The closing tag of a raw HTML block (`</pre>`) we are in. */
  rawHtmlEnd: string | null;
  previous: LineKind;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const RAW_HTML_START = /^ {0,3}<(pre|script|style|textarea)(?=[\s>]|$)/i;

/** The first valid command line in `body`, or null. `prefix` is case-sensitive, the word is not. */
export function findCommand(body: string, prefix: string): FoundCommand | null {
  if (typeof body !== 'string' || typeof prefix !== 'string' || prefix === '') return null;
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const commandLine = new RegExp(`^ {0,3}${escapeRegExp(prefix)}[ \\t]+([A-Za-z]+)(?:[ \\t]+(.*))?$`);
  const scan: Scan = { comment: false, span: 0, fence: null, rawHtmlEnd: null, previous: 'blank' };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const insideInline = scan.comment || scan.span > 0;
    const kind = insideInline ? 'text' : classify(line, scan);
    if (!insideInline && kind === 'text') {
      const match = commandLine.exec(line.trimEnd());
      const word = match?.[1]?.toLowerCase();
      if (match && isCommandWord(word)) {
        const args = (match[2] ?? '').trim();
        return { command: word, args, text: [args, ...lines.slice(i + 1)].join('\n').trim() };
      }
    }
    if (kind === 'text' || kind === 'quote' || insideInline) scanInline(lines, i, scan);
    scan.previous = kind;
  }
  return null;
}

function isCommandWord(word: string | undefined): word is CommandWord {
  return (COMMAND_WORDS as readonly string[]).includes(word ?? '');
}

/** Decides what a line is at block level, updating fence and raw-HTML state. */
function classify(line: string, scan: Scan): LineKind {
  if (scan.fence !== null) {
    const close = FENCE.exec(line);
    const run = close?.[1] ?? '';
    if (run[0] === scan.fence.char && run.length >= scan.fence.length && (close?.[2] ?? '').trim() === '') scan.fence = null;
    return 'code';
  }
  if (scan.rawHtmlEnd !== null) {
    if (line.toLowerCase().includes(scan.rawHtmlEnd)) scan.rawHtmlEnd = null;
    return 'html';
  }
  if (line.trim() === '') return 'blank';
  const fence = FENCE.exec(line);
  if (fence && !(fence[1]?.startsWith('`') && fence[2]?.includes('`'))) {
    scan.fence = { char: fence[1]?.[0] ?? '`', length: fence[1]?.length ?? 3 };
    return 'code';
  }
  const raw = RAW_HTML_START.exec(line);
  if (raw) {
    const end = `</${(raw[1] ?? '').toLowerCase()}>`;
    if (!line.toLowerCase().includes(end)) scan.rawHtmlEnd = end;
    return 'html';
  }
  if (/^ {0,3}>/.test(line)) return 'quote';
  // A non-blank line right after a quote continues it ("lazy continuation").
  if (scan.previous === 'quote') return 'quote';
  // Four spaces or a tab: an indented code block, or at least not a line that starts with the prefix.
  if (/^(?: {4}| {0,3}\t)/.test(line)) return scan.previous === 'text' ? 'text' : 'code';
  return 'text';
}

/**
 * Walks one line's inline content: HTML comments and code spans may open here and close on a
 * later line. A code span only opens when a closing run of the same length follows before the
 * paragraph ends (otherwise the backticks are literal, as in CommonMark).
 */
function scanInline(lines: readonly string[], index: number, scan: Scan): void {
  const line = lines[index] ?? '';
  let i = 0;
  while (i < line.length) {
    if (scan.comment) {
      const end = line.indexOf('-->', i);
      if (end < 0) return;
      scan.comment = false;
      i = end + 3;
      continue;
    }
    const run = backtickRun(line, i);
    if (scan.span > 0) {
      if (run === scan.span) scan.span = 0;
      i += Math.max(run, 1);
      continue;
    }
    if (line[i] === '\\') {
      i += 2;
      continue;
    }
    if (line.startsWith('<!--', i)) {
      scan.comment = true;
      i += 4;
      continue;
    }
    if (run > 0 && closesLater(lines, index, i + run, run)) scan.span = run;
    i += Math.max(run, 1);
  }
  // A paragraph ends at a blank line; a span cannot outlive it.
  if (scan.span > 0 && (lines[index + 1] ?? '').trim() === '') scan.span = 0;
}

function backtickRun(line: string, at: number): number {
  let n = 0;
  while (line[at + n] === '`') n += 1;
  return n;
}

function closesLater(lines: readonly string[], index: number, from: number, length: number): boolean {
  for (let j = index, start = from; j < lines.length; j += 1, start = 0) {
    const line = lines[j] ?? '';
    if (j > index && line.trim() === '') return false;
    for (let k = start; k < line.length; ) {
      const run = backtickRun(line, k);
      if (run === length) return true;
      k += Math.max(run, 1);
    }
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
