// Which review findings can be posted as inline comments. GitHub answers 422 to an inline
// comment on a line outside the PR diff, so only lines the diff shows on its right side (added
// or context lines of a hunk) qualify; everything else is folded into the review body.
import type { Finding } from '../core/model/schema-types.js';

/** Lines of each changed file that an inline comment may target, keyed by repository path. */
export type DiffLines = Map<string, Set<number>>;

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The right-side (new file) line numbers inside the hunks of a unified diff, as the PR files
 * API gives it in `patch` (hunks only) or as `git diff` prints it (with file headers). Hunk
 * lengths from the headers decide where a hunk ends, so `---`/`+++` header lines and text after
 * the last hunk are never mistaken for content.
 */
export function parsePatchLines(patch: string): Set<number> {
  const lines = new Set<number>();
  let oldLeft = 0;
  let newLeft = 0;
  let next = 0;
  for (const raw of patch.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (oldLeft <= 0 && newLeft <= 0) {
      const header = HUNK_HEADER.exec(line);
      if (header !== null) {
        oldLeft = header[1] === undefined ? 1 : Number(header[1]);
        next = Number(header[2]);
        newLeft = header[3] === undefined ? 1 : Number(header[3]);
      }
      continue;
    }
    const mark = line.charAt(0);
    if (mark === '\\') continue; // "\ No newline at end of file"
    if (mark === '+') {
      if (newLeft > 0) lines.add(next);
      next += 1;
      newLeft -= 1;
    } else if (mark === '-') {
      oldLeft -= 1;
    } else {
      // A context line; some tools drop the single space of an empty one.
      if (newLeft > 0) lines.add(next);
      next += 1;
      newLeft -= 1;
      oldLeft -= 1;
    }
  }
  return lines;
}

/** A comment's path as the repository names it (the reviewer sometimes writes `./src/x.ts` or `/src/x.ts`). */
export function repositoryPath(path: string): string {
  return path.replace(/^(?:\.\/|\/)+/, '');
}

/** The diff lines of every file a PR changes, from the PR files API (`patch` is missing for binary or very large files). */
export function diffLinesFromFiles(files: readonly { filename: string; patch?: string | null }[]): DiffLines {
  return new Map(files.map((file) => [file.filename, parsePatchLines(file.patch ?? '')]));
}

/** A finding placed on the diff: the line GitHub anchors it to, and the first line of a multi-line range. */
export interface InlineFinding {
  finding: Finding;
  /** The path as the diff names it. */
  path: string;
  line: number;
  /** Set when the whole range lies on the diff and spans more than one line. */
  startLine: number | null;
}

/** Ranges longer than this are anchored to one line: checking them line by line is not worth it. */
const MAX_RANGE = 1_000;

/**
 * Splits findings into those GitHub will accept inline and those to fold into the review body. A finding
 * whose whole range lies on the right side of the diff becomes a multi-line comment (one hunk on the
 * right side is a run of consecutive lines, and adjacent hunks are merged by git, so consecutive lines
 * never cross a hunk); otherwise it is anchored to its last line, or its first, when that is on the diff.
 * A leading `./` or `/` in a path is dropped, since the reviewer sometimes writes paths that way.
 */
export function splitFindings(findings: readonly Finding[], diffLines: DiffLines): { inline: InlineFinding[]; folded: Finding[] } {
  const inline: InlineFinding[] = [];
  const folded: Finding[] = [];
  for (const finding of findings) {
    const path = repositoryPath(finding.path);
    const lines = diffLines.get(path);
    const on = (line: number): boolean => Number.isInteger(line) && line > 0 && lines?.has(line) === true;
    const { start_line: start, end_line: end } = finding;
    const spans = end > start && end - start <= MAX_RANGE;
    if (spans && on(start) && on(end) && range(start, end).every(on)) inline.push({ finding, path, line: end, startLine: start });
    else if (on(end)) inline.push({ finding, path, line: end, startLine: null });
    else if (on(start)) inline.push({ finding, path, line: start, startLine: null });
    else folded.push(finding);
  }
  return { inline, folded };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
