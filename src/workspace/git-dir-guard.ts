// A tripwire on the files of a git directory that decide which programs git runs: its config (hooks path,
// filters, diff and merge drivers, credential helpers, ssh command, url rewrites, includes), the attributes
// that switch filters off, and the hooks folder. With agent isolation the agent user cannot write them at all;
// without it (or through a mistake), anything changed while an agent ran is put back before the action runs
// git again, and reported.
import { lstat, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const WATCHED = ['config', 'config.worktree', 'commondir', 'info/attributes'] as const;

export interface GitDirSnapshot {
  readonly gitDir: string;
  readonly files: ReadonlyMap<string, string | null>;
  readonly hooks: readonly string[];
}

export async function snapshotGitDir(gitDir: string): Promise<GitDirSnapshot> {
  const files = new Map<string, string | null>();
  for (const name of WATCHED) files.set(name, await readFile(join(gitDir, name), 'utf8').catch(() => null));
  return { gitDir, files, hooks: await listHooks(gitDir) };
}

/** Puts every watched file back as it was and removes added hooks; returns what had changed (empty when nothing). */
export async function restoreGitDir(snapshot: GitDirSnapshot): Promise<string[]> {
  const changed: string[] = [];
  for (const [name, before] of snapshot.files) {
    const path = join(snapshot.gitDir, name);
    const now = (await lstat(path).catch(() => null))?.isSymbolicLink() ? '\0symlink' : await readFile(path, 'utf8').catch(() => null);
    if (now === before) continue;
    changed.push(name);
    // Removed first: a file replaced by a symlink must not have the old text written through it.
    await rm(path, { force: true, recursive: true });
    if (before !== null) await writeFile(path, before);
  }
  for (const hook of await listHooks(snapshot.gitDir)) {
    if (snapshot.hooks.includes(hook)) continue;
    changed.push(`hooks/${hook}`);
    await rm(join(snapshot.gitDir, 'hooks', hook), { force: true, recursive: true });
  }
  return changed;
}

async function listHooks(gitDir: string): Promise<string[]> {
  return (await readdir(join(gitDir, 'hooks')).catch(() => [] as string[])).sort();
}
