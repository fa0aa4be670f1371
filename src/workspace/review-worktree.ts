// The reviewer judges the head commit from a throwaway worktree in which every agent configuration file
// is restored from the base: a change must not be able to instruct its own judge. The diff the reviewer
// reads (`git diff base...HEAD`) still shows those files' changes, because the commits are untouched.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Git } from './git.js';

const CONFIG_FILES = new Set(['AGENTS.md', 'AGENTS.override.md', 'CLAUDE.md', 'CLAUDE.local.md', '.mcp.json']);
const CONFIG_DIRS = new Set(['.codex', '.claude']);

/** True for paths whose content an agent CLI reads as instructions or configuration. */
export function isAgentConfigPath(path: string): boolean {
  const parts = path.split('/');
  const name = parts[parts.length - 1] ?? '';
  return CONFIG_FILES.has(name) || parts.slice(0, -1).some((p) => CONFIG_DIRS.has(p));
}

export interface ReviewCheckout {
  dir: string;
  /** Agent configuration paths that were restored from the base or removed. */
  restored: string[];
}

/**
 * Runs `work` in a fresh detached worktree of `head` made inside `parent` (default: a new temp folder), with
 * every agent configuration file as on `base`; removes the worktree afterwards. The worktree is made by the
 * hardened git funnel, so nothing in the head commit (attributes, a planted hook) runs as we check it out.
 */
export async function withReviewCheckout<T>(git: Git, base: string, head: string, work: (checkout: ReviewCheckout) => Promise<T>, parent?: string): Promise<T> {
  const folder = parent ?? (await mkdtemp(join(tmpdir(), 'codex-cto-review-')));
  const dir = join(folder, 'head');
  await git.run(['worktree', 'add', '--detach', '--quiet', dir, head]);
  try {
    const restored = await restoreAgentConfig(git, dir, base, head);
    return await work({ dir, restored });
  } finally {
    await git.run(['worktree', 'remove', '--force', dir], { allowFailure: true });
    await rm(folder, { recursive: true, force: true });
  }
}

async function restoreAgentConfig(git: Git, dir: string, base: string, head: string): Promise<string[]> {
  const changed = (await git.run(['diff', '--name-only', '--no-renames', '-z', `${base}...${head}`])).split('\0').filter(Boolean);
  const paths = changed.filter(isAgentConfigPath);
  // The checkout is ours and untouched so far: its own `.git` file names its git directory.
  const checkout = new Git({ cwd: dir, env: git.environment });
  for (const path of paths) {
    const inBase = (await git.exec(['cat-file', '-e', `${base}:${path}`])).exitCode === 0;
    if (inBase) {
      await checkout.run(['checkout', base, '--', path]);
    } else {
      await rm(join(dir, path), { force: true, recursive: true });
    }
  }
  return paths;
}
