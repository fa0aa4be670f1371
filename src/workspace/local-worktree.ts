// The local front's repository: a new git worktree and branch beside the user's checkout, so the loop never
// touches the branch the user is working on until they ask for a merge (local-merge.ts).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import { Git, type GitIdentity } from './git.js';
import type { Repository } from '../core/ports.js';
import { hiddenCharactersAdded } from './diff-scan.js';
import { excludeFromGit } from './artifacts.js';

export interface LocalWorkspace {
  /** The user's repository (top level). */
  root: string;
  /** The worktree the agents work in. */
  dir: string;
  branch: string;
  /** The branch the user was on; the merge target. */
  target: string | null;
  baseSha: string;
  git: Git;
  repository: Repository;
}

/** Fails with a clear message when `cwd` is not inside a git repository with at least one commit. */
export async function repositoryRoot(cwd: string, env: Record<string, string>): Promise<string> {
  const git = new Git({ cwd, env });
  const top = await git.exec(['rev-parse', '--show-toplevel']);
  if (top.exitCode !== 0) {
    throw new CtoError('settings', `${cwd} is not inside a git repository.`, 'Run codex-cto from a git repository (git init, then commit something).');
  }
  const root = top.stdout.trim();
  if (!(await new Git({ cwd: root, env }).refExists('HEAD'))) {
    throw new CtoError('settings', 'The repository has no commits yet.', 'Make a first commit, then run codex-cto again.');
  }
  return root;
}

export function branchNameFor(objective: string, runId: string): string {
  const slug = objective
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `codex-cto/${slug || 'change'}-${runId}`;
}

/** Where a run's worktree and branch live, as a run saves them to be resumed. */
export interface WorkspacePlace {
  dir: string;
  branch: string;
  target: string | null;
  baseSha: string;
}

/**
 * A new worktree and branch for run `runId`, made in `parent` (an absolute folder); a parent inside the
 * repository is listed in its exclude file, so the worktrees never show up as the user's changes.
 */
export async function openLocalWorkspace(root: string, objective: string, runId: string, env: Record<string, string>, parent: string): Promise<LocalWorkspace> {
  const git = new Git({ cwd: root, env });
  const place: WorkspacePlace = { dir: join(parent, runId), branch: branchNameFor(objective, runId), target: await git.currentBranch(), baseSha: await git.headSha() };
  await mkdir(parent, { recursive: true });
  const inside = relative(root, parent);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) await excludeFromGit(git, `/${inside.split(sep).join('/')}/`);
  await git.run(['worktree', 'add', '--quiet', '-b', place.branch, place.dir, place.baseSha]);
  return workspaceAt(root, place, env);
}

/** The workspace of a run made earlier, to go on with it; fails clearly when its worktree is gone. */
export async function reopenLocalWorkspace(root: string, place: WorkspacePlace, env: Record<string, string>): Promise<LocalWorkspace> {
  const work = new Git({ cwd: place.dir, env });
  const branch = existsSync(place.dir) ? await work.currentBranch().catch(() => null) : null;
  if (branch !== place.branch) {
    throw new CtoError('settings', `The run's worktree ${place.dir} is gone or no longer on ${place.branch}.`,
      `Its branch may still hold the work: git log ${place.branch}. Start a new run to go on.`);
  }
  return workspaceAt(root, place, env);
}

async function workspaceAt(root: string, place: WorkspacePlace, env: Record<string, string>): Promise<LocalWorkspace> {
  const work = new Git({ cwd: place.dir, env });
  const identity = await localIdentity(work);
  const { baseSha } = place;
  const repository: Repository = {
    saveWork: (message) => work.commitAll(message, identity),
    diffStat: () => work.diffStat(baseSha, 'HEAD'),
    hiddenCharacters: () => hiddenCharactersAdded(work, baseSha, 'HEAD'),
    baseRef: () => baseSha,
    headRef: () => 'HEAD',
  };
  return { root, ...place, git: work, repository };
}

/** The name and email commits in `git`'s repository are made with: the user's, else codex-cto's. */
export async function localIdentity(git: Git): Promise<GitIdentity> {
  const name = (await git.run(['config', 'user.name'], { allowFailure: true })).trim();
  const email = (await git.run(['config', 'user.email'], { allowFailure: true })).trim();
  return { name: name || 'codex-cto', email: email || 'codex-cto@localhost' };
}
