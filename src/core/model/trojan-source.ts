// Trojan Source: characters that make code read differently from how it runs. Bidirectional controls
// reorder what an editor or a diff view shows, bidi marks shift neutral characters, and Unicode tag
// characters are invisible. The scanner reads the lines a change adds from a unified diff (`git diff`
// output, several files) and says where such characters are, so the reviewer is told and the posted
// review warns, as GitHub's own file view does. Pure.

export type HiddenCharacterKind = 'bidi-control' | 'bidi-mark' | 'tag';

export interface HiddenCharacterFinding {
  /** The file's path after the change. */
  path: string;
  /** Line number in the new version of the file. */
  line: number;
  /** Each kind found on the line, in the order of first appearance. */
  kinds: HiddenCharacterKind[];
  /** Each character found, as `U+202E`, in the order of first appearance. */
  codePoints: string[];
}

export interface HiddenCharacterScan {
  /** The first lines found (at most MAX_FINDINGS). */
  findings: HiddenCharacterFinding[];
  /** Further lines with such characters, not listed. */
  more: number;
  /** False when only part of the diff could be read (it was cut at a size limit). */
  complete: boolean;
}

export const NO_HIDDEN_CHARACTERS: HiddenCharacterScan = Object.freeze({ findings: [], more: 0, complete: true });

/** Lines listed per scan; the rest are counted. */
export const MAX_FINDINGS = 50;

export const HIDDEN_CHARACTER_NAMES: Readonly<Record<HiddenCharacterKind, string>> = {
  'bidi-control': 'bidirectional control',
  'bidi-mark': 'bidirectional mark',
  tag: 'Unicode tag character',
};

const BIDI_NAMES: Readonly<Record<number, string>> = {
  0x061c: 'arabic letter mark',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

/** Characters named per line; a run of tag characters (a smuggled string) is summarised. */
const NAMED_PER_LINE = 4;

/**
 * What a finding holds, in plain words of our own (no text from the file):
 * `U+202E (right-to-left override), U+2066 (left-to-right isolate)`.
 */
export function describeCharacters(found: HiddenCharacterFinding): string {
  const named = found.codePoints.slice(0, NAMED_PER_LINE).map((name) => {
    const bidi = BIDI_NAMES[Number.parseInt(name.slice(2), 16)];
    return `${name} (${bidi ?? 'tag character'})`;
  });
  const rest = found.codePoints.length - named.length;
  return rest > 0 ? `${named.join(', ')} and ${rest} more` : named.join(', ');
}

const HIDDEN = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u{E0000}-\u{E007F}]/u;
const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function hiddenCharacterKind(codePoint: number): HiddenCharacterKind | null {
  if ((codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069)) return 'bidi-control';
  if (codePoint === 0x200e || codePoint === 0x200f || codePoint === 0x061c) return 'bidi-mark';
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) return 'tag';
  return null;
}

/**
 * The added lines of `diff` that hold hidden characters. Hunk lengths from the headers decide where a
 * hunk ends, so an added line that looks like a `+++` header is still read as content.
 */
export function scanAddedLines(diff: string, options: { complete?: boolean } = {}): HiddenCharacterScan {
  const findings: HiddenCharacterFinding[] = [];
  let more = 0;
  let path: string | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let next = 0;
  for (const raw of diff.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (oldLeft <= 0 && newLeft <= 0) {
      if (line.startsWith('diff --git ')) path = null;
      else if (line.startsWith('+++ ')) path = newPath(line.slice(4));
      else {
        const header = HUNK_HEADER.exec(line);
        if (header !== null) {
          oldLeft = header[1] === undefined ? 1 : Number(header[1]);
          next = Number(header[2]);
          newLeft = header[3] === undefined ? 1 : Number(header[3]);
        }
      }
      continue;
    }
    const mark = line.charAt(0);
    if (mark === '\\') continue; // "\ No newline at end of file"
    if (mark === '-') {
      oldLeft -= 1;
      continue;
    }
    if (mark === '+' && path !== null && HIDDEN.test(line)) {
      if (findings.length < MAX_FINDINGS) findings.push(finding(path, next, line.slice(1)));
      else more += 1;
    }
    if (mark !== '+') oldLeft -= 1;
    newLeft -= 1;
    next += 1;
  }
  return { findings, more, complete: options.complete ?? true };
}

function finding(path: string, line: number, text: string): HiddenCharacterFinding {
  const kinds: HiddenCharacterKind[] = [];
  const codePoints: string[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    const kind = hiddenCharacterKind(codePoint);
    if (kind === null) continue;
    if (!kinds.includes(kind)) kinds.push(kind);
    const name = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
    if (!codePoints.includes(name)) codePoints.push(name);
  }
  return { path, line, kinds, codePoints };
}

/** The path of a `+++` header: `b/src/a.js`, a C-quoted `"b/\303\251.js"`, or `/dev/null` (a deleted file). */
function newPath(field: string): string | null {
  const value = field.replace(/\t.*$/, '');
  if (value === '/dev/null') return null;
  const path = value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? unquoteC(value.slice(1, -1)) : value;
  return path.startsWith('b/') ? path.slice(2) : path;
}

const C_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Git's quoting of unusual paths: backslash escapes and octal bytes of the UTF-8 name. */
function unquoteC(text: string): string {
  const input = Buffer.from(text, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number;
    if (byte !== 0x5c) {
      bytes.push(byte);
      continue;
    }
    const octal = /^[0-7]{3}/.exec(input.subarray(i + 1, i + 4).toString('latin1'));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
    } else {
      const escaped = String.fromCharCode(input[i + 1] ?? 0x5c);
      bytes.push(C_ESCAPES[escaped] ?? escaped.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
