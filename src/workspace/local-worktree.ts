// The local front's repository: a new git worktree and branch beside the user's checkout, so the loop never
// touches the branch the user is working on until they ask for a merge.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import { Git, type GitIdentity } from './git.js';
import type { Repository } from '../core/ports.js';
import { hiddenCharactersAdded } from './diff-scan.js';

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

export async function openLocalWorkspace(root: string, objective: string, runId: string, env: Record<string, string>): Promise<LocalWorkspace> {
  const git = new Git({ cwd: root, env });
  const target = await git.currentBranch();
  const baseSha = await git.headSha();
  const branch = branchNameFor(objective, runId);
  const dir = join(root, '.codex-cto', 'worktrees', runId);
  await mkdir(join(root, '.codex-cto', 'worktrees'), { recursive: true });
  await git.run(['worktree', 'add', '--quiet', '-b', branch, dir, baseSha]);
  const work = new Git({ cwd: dir, env });
  const identity = await localIdentity(work);
  const repository: Repository = {
    saveWork: (message) => work.commitAll(message, identity),
    diffStat: () => work.diffStat(baseSha, 'HEAD'),
    hiddenCharacters: () => hiddenCharactersAdded(work, baseSha, 'HEAD'),
    baseRef: () => baseSha,
    headRef: () => 'HEAD',
  };
  return { root, dir, branch, target, baseSha, git: work, repository };
}

async function localIdentity(git: Git): Promise<GitIdentity> {
  const name = (await git.run(['config', 'user.name'], { allowFailure: true })).trim();
  const email = (await git.run(['config', 'user.email'], { allowFailure: true })).trim();
  return { name: name || 'codex-cto', email: email || 'codex-cto@localhost' };
}

/** Merges the approved branch into the target branch of the user's checkout; refuses a dirty target. */
export async function mergeApproved(workspace: LocalWorkspace, env: Record<string, string>): Promise<string> {
  const git = new Git({ cwd: workspace.root, env });
  const current = await git.currentBranch();
  if (!workspace.target || current !== workspace.target) {
    throw new CtoError('git', `Not merging: the checkout is on ${current ?? 'a detached HEAD'}, not ${workspace.target ?? 'a branch'}.`, `Merge ${workspace.branch} yourself when ready.`);
  }
  const dirty = (await git.run(['status', '--porcelain', '--untracked-files=no'])).trim();
  if (dirty) {
    throw new CtoError(
      'git',
      `Not merging: ${workspace.target} has uncommitted changes:\n${dirty}`,
      `Commit or stash them, then run: git merge --no-ff ${workspace.branch}`,
    );
  }
  const identity = await localIdentity(git);
  await git.run(['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`, '-c', 'commit.gpgsign=false', 'merge', '--no-ff', '--no-edit', '-m', `Merge ${workspace.branch} (approved by codex-cto)`, workspace.branch]);
  return git.headSha();
}
