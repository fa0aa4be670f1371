// The lines of a pull request's diff an inline comment may sit on, read from the local repository rather
// than from GitHub's file listing (which is one request per 100 files). GitHub shows a PR as the diff from
// the merge base to the head with three lines of context and renames detected; the same diff is asked of
// git here, with every setting that could change its shape given explicitly. Where the two still differ,
// the verdict poster folds the comments GitHub refuses into the review body.
import type { Git } from '../../workspace/git.js';
import { parsePatchLines, repositoryPath, type DiffLines } from '../../render/inline-comments.js';

/** Files looked at per review; comments on further files are folded into the review body. */
export const MAX_COMMENTED_FILES = 50;

/** The commentable lines of each of `paths` (repository paths, as review comments name them). */
export async function commentableLines(git: Git, base: string, head: string, paths: readonly string[]): Promise<DiffLines> {
  const wanted = [...new Set(paths.map(repositoryPath))].slice(0, MAX_COMMENTED_FILES);
  const lines: DiffLines = new Map();
  if (wanted.length === 0) return lines;
  const changed = parseNameStatus(await git.run(['diff', '--name-status', '-z', '-M', '--no-ext-diff', `${base}...${head}`]));
  for (const path of wanted) {
    if (!changed.has(path)) continue;
    // A renamed file's hunks are against its old name: the pathspec needs both for git to pair them.
    const previous = changed.get(path) ?? null;
    const patch = await git.run([
      'diff', '-M', '--unified=3', '--diff-algorithm=default', '--no-color', '--no-ext-diff', '--no-textconv',
      `${base}...${head}`, '--', ...(previous ? [previous, path] : [path]),
    ]);
    lines.set(path, parsePatchLines(patch));
  }
  return lines;
}

/**
 * `git diff --name-status -z`: each changed file's path after the change, mapped to its path before a
 * rename or copy (null otherwise). Deleted files are left out: no line of theirs can take a comment.
 */
export function parseNameStatus(output: string): Map<string, string | null> {
  const fields = output.split('\0');
  const changed = new Map<string, string | null>();
  for (let i = 0; i < fields.length; ) {
    const status = fields[i++] ?? '';
    if (status === '') continue;
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = fields[i++] ?? '';
      const to = fields[i++] ?? '';
      if (to) changed.set(to, status.startsWith('R') ? from : null);
    } else {
      const path = fields[i++] ?? '';
      if (path && !status.startsWith('D')) changed.set(path, null);
    }
  }
  return changed;
}
