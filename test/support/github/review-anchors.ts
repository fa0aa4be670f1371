// Where an inline comment sits now. A comment is made on a line of one commit's diff; when the pull
// request's head moves, GitHub follows the line through the new commits: the comment keeps its place
// (`commit_id` becomes the new head, `line` and `position` shift) while its line is untouched and
// still shown in the diff, and becomes outdated (`line` and `position` null) once the line changed.
// The `original_*` fields keep where it was made.
import type { GitRemote } from '../git-remote.js';
import type { FileDiff } from './diff.js';
import { displayPath } from './diff.js';
import { diffFile } from './git-queries.js';
import type { Pull, Repo, ReviewComment } from './model.js';

export interface Anchor {
  commitId: string;
  line: number | null;
  startLine: number | null;
  position: number | null;
  outdated: boolean;
}

/** Where the comment was made: what a webhook delivered at that moment says. */
export function anchorAsMade(comment: ReviewComment): Anchor {
  return { commitId: comment.commitId, line: comment.line, startLine: comment.startLine, position: comment.position, outdated: false };
}

/**
 * The new number of old line `line` after the changes of a zero-context diff (`git diff -U0`), or
 * null when the line itself was changed or removed. Pure.
 */
export function followLine(zeroContextDiff: string, line: number): number | null {
  let shift = 0;
  for (const header of zeroContextDiff.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    const oldStart = Number(header[1]);
    const oldCount = header[2] === undefined ? 1 : Number(header[2]);
    const newCount = header[4] === undefined ? 1 : Number(header[4]);
    // A pure insertion (-N,0) goes after old line N; anything else replaces lines N..N+count-1.
    const before = oldCount === 0 ? oldStart < line : oldStart + oldCount - 1 < line;
    if (oldCount > 0 && oldStart <= line && line < oldStart + oldCount) return null;
    if (before) shift += newCount - oldCount;
  }
  return line + shift;
}

/** Where each comment sits on the pull request's current head (one comparison, one diff per commit and file). */
export async function anchorsNow(git: GitRemote, repo: Repo, pull: Pull, comments: readonly ReviewComment[]): Promise<Map<number, Anchor>> {
  const anchors = new Map<number, Anchor>();
  const moved = comments.filter((comment) => comment.commitId !== pull.headSha && comment.line !== null);
  for (const comment of comments) if (!moved.includes(comment)) anchors.set(comment.id, anchorAsMade(comment));
  if (!moved.length) return anchors;
  const comparison = await git.compare(repo.owner, repo.name, pull.baseSha, pull.headSha).catch(() => null);
  const diffs = new Map<string, Promise<string | null>>();
  const diffSince = (commit: string, path: string): Promise<string | null> => {
    const key = `${commit}\0${path}`;
    if (!diffs.has(key)) diffs.set(key, diffFile(git.git, git.gitDir(repo.owner, repo.name), commit, pull.headSha, path).catch(() => null));
    return diffs.get(key) as Promise<string | null>;
  };
  for (const comment of moved) {
    const file = comparison?.files.find((f) => displayPath(f) === comment.path) ?? null;
    anchors.set(comment.id, follow(comment, file, pull.headSha, await diffSince(comment.commitId, comment.path)));
  }
  return anchors;
}

function follow(comment: ReviewComment, file: FileDiff | null, headSha: string, changes: string | null): Anchor {
  const outdated: Anchor = { commitId: comment.commitId, line: null, startLine: null, position: null, outdated: true };
  if (!file || changes === null || comment.line === null) return outdated;
  // The left side shows the base, which a push to the head does not move.
  const line = comment.side === 'LEFT' ? comment.line : followLine(changes, comment.line);
  const startLine = comment.startLine === null ? null
    : (comment.startSide ?? comment.side) === 'LEFT' ? comment.startLine : followLine(changes, comment.startLine);
  const position = line === null ? undefined : file.positionOf[comment.side].get(line);
  if (line === null || position === undefined || (comment.startLine !== null && startLine === null)) return outdated;
  return { commitId: headSha, line, startLine, position, outdated: false };
}
