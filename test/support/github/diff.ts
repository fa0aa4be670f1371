// Parses `git diff` output into per-file patches with the lines a review comment may target.
// GitHub accepts an inline comment only on a line shown in the PR diff: on the RIGHT side a
// context or added line, on the LEFT side a context or deleted line. Pure.

export type DiffSide = 'LEFT' | 'RIGHT';
export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed';

export interface FileDiff {
  /** Path before the change; null for an added file. */
  oldPath: string | null;
  /** Path after the change; null for a removed file. */
  newPath: string | null;
  status: FileStatus;
  binary: boolean;
  /** The hunks as GitHub shows them in `patch` (from the first `@@` line on), without a final newline. */
  patch: string;
  additions: number;
  deletions: number;
  /** Commentable lines per side, each with the index of the hunk it sits in. */
  right: Map<number, number>;
  left: Map<number, number>;
  /** Legacy `position` (1 = the line after the first hunk header) to the line it designates. */
  positions: Map<number, { side: DiffSide; line: number }>;
  /** The reverse, per side: a context line has a position on both sides. */
  positionOf: Record<DiffSide, Map<number, number>>;
}

/** The file a comment's `path` names: the new path, or the old path of a removed file. */
export function displayPath(file: FileDiff): string {
  return (file.newPath ?? file.oldPath) as string;
}

export function parseUnifiedDiff(text: string): FileDiff[] {
  const files: FileDiff[] = [];
  let file: FileDiff | null = null;
  let patchLines: string[] = [];
  let inHunks = false;
  let hunk = -1;
  let leftLine = 0;
  let rightLine = 0;
  let position = 0;

  const finish = (): void => {
    if (!file) return;
    file.patch = patchLines.join('\n');
    files.push(file);
  };

  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      finish();
      const paths = splitDiffGitLine(line.slice('diff --git '.length));
      file = {
        oldPath: paths.oldPath, newPath: paths.newPath, status: 'modified', binary: false, patch: '',
        additions: 0, deletions: 0, right: new Map(), left: new Map(), positions: new Map(),
        positionOf: { LEFT: new Map(), RIGHT: new Map() },
      };
      patchLines = [];
      inHunks = false;
      hunk = -1;
      position = 0;
      continue;
    }
    if (!file) continue;
    if (!inHunks) {
      if (line.startsWith('new file mode')) file.status = 'added';
      else if (line.startsWith('deleted file mode')) file.status = 'removed';
      else if (line.startsWith('rename from ')) { file.status = 'renamed'; file.oldPath = unquote(line.slice(12)); }
      else if (line.startsWith('rename to ')) { file.status = 'renamed'; file.newPath = unquote(line.slice(10)); }
      else if (line.startsWith('Binary files ')) file.binary = true;
      else if (line.startsWith('--- ')) file.oldPath = headerPath(line.slice(4), 'a/');
      else if (line.startsWith('+++ ')) file.newPath = headerPath(line.slice(4), 'b/');
      if (!line.startsWith('@@')) continue;
    }
    if (line.startsWith('@@')) {
      const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      if (!header) continue;
      if (inHunks) position++;
      inHunks = true;
      hunk++;
      leftLine = Number(header[1]);
      rightLine = Number(header[2]);
      patchLines.push(line);
      continue;
    }
    const marker = line[0];
    if (marker === '\\') {
      // "\ No newline at end of file" is a line of the patch: it takes a position, no line number.
      patchLines.push(line);
      position++;
      continue;
    }
    if (marker !== ' ' && marker !== '+' && marker !== '-') continue;
    patchLines.push(line);
    position++;
    if (marker === '+') {
      file.additions++;
      file.right.set(rightLine, hunk);
      file.positionOf.RIGHT.set(rightLine, position);
      file.positions.set(position, { side: 'RIGHT', line: rightLine++ });
    } else if (marker === '-') {
      file.deletions++;
      file.left.set(leftLine, hunk);
      file.positionOf.LEFT.set(leftLine, position);
      file.positions.set(position, { side: 'LEFT', line: leftLine++ });
    } else {
      file.positionOf.LEFT.set(leftLine, position);
      file.left.set(leftLine++, hunk);
      file.right.set(rightLine, hunk);
      file.positionOf.RIGHT.set(rightLine, position);
      file.positions.set(position, { side: 'RIGHT', line: rightLine++ });
    }
  }
  finish();
  return files;
}

/** `a/x b/y` with possible quoting; the ---/+++ and rename lines refine it when present. */
function splitDiffGitLine(rest: string): { oldPath: string | null; newPath: string | null } {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    const oldPath = stripPrefix(unquote(rest.slice(0, end + 1)), 'a/');
    const newPath = stripPrefix(unquote(rest.slice(end + 2)), 'b/');
    return { oldPath, newPath };
  }
  // Unquoted paths may hold spaces; for an unrenamed file both halves are equal.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.slice(2, half) === rest.slice(half + 3)) {
    const path = rest.slice(2, half);
    return { oldPath: path, newPath: path };
  }
  const split = rest.indexOf(' b/');
  return { oldPath: stripPrefix(rest.slice(0, split), 'a/'), newPath: stripPrefix(rest.slice(split + 1), 'b/') };
}

function headerPath(value: string, prefix: string): string | null {
  const path = unquote(value.replace(/\t.*$/, ''));
  return path === '/dev/null' ? null : stripPrefix(path, prefix);
}

function stripPrefix(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

/** Undoes git's C-style quoting of unusual paths (octal escapes are UTF-8 bytes). */
export function unquote(value: string): string {
  if (!value.startsWith('"') || !value.endsWith('"')) return value;
  const bytes: number[] = [];
  const body = value.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
