// Merging an approved run's branch into a target branch of the user's repository, in the style asked for,
// with the user's uncommitted changes on that branch handled as the dirty-main policy says, and the run's
// worktree and branch removed afterwards when asked. Nothing is lost on any path: a merge that fails is
// undone, stashed changes are put back (or stay in the stash, said so), and the run's branch stays until
// the merge is in.
import { resolve } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import { Git, type GitIdentity } from './git.js';
import { localIdentity, type LocalWorkspace } from './local-worktree.js';

export type MergeStyle = 'merge' | 'squash' | 'rebase';
export const MERGE_STYLES: readonly MergeStyle[] = ['merge', 'squash', 'rebase'];

/** What happens to uncommitted changes of the target's checkout before a merge. */
export type DirtyMainPolicy = 'abort' | 'commit' | 'stash';
export const DIRTY_MAIN_POLICIES: readonly DirtyMainPolicy[] = ['abort', 'commit', 'stash'];

export interface MergeOptions {
  target: string;
  style: MergeStyle;
  dirtyMain: DirtyMainPolicy;
  /** Remove the run's worktree and branch once the merge is in. */
  cleanup: boolean;
  /** The merge (or squash) commit's message. */
  message: string;
}

/** What became of the uncommitted changes in the target's checkout. */
export type YourChanges =
  | { kind: 'none' }
  | { kind: 'committed'; sha: string }
  | { kind: 'restored' }
  /** The stash could not be applied back (it conflicted with the merge); it is kept. */
  | { kind: 'in-stash'; detail: string };

export interface MergeReport {
  /** The target's head after the merge. */
  sha: string;
  yourChanges: YourChanges;
  cleaned: boolean;
}

const STASH_MESSAGE = 'codex-cto: uncommitted changes set aside for a merge';

export async function mergeApproved(workspace: LocalWorkspace, options: MergeOptions, env: Record<string, string>): Promise<MergeReport> {
  const root = new Git({ cwd: workspace.root, env });
  if (!(await root.refExists(`refs/heads/${options.target}`))) {
    throw new CtoError('settings', `Not merging: there is no branch ${options.target}.`, `Merge ${workspace.branch} yourself, or name an existing branch.`);
  }
  const holder = await checkoutHolding(root, options.target);
  if (holder !== null && resolve(holder) !== resolve(workspace.root)) {
    throw new CtoError('git', `Not merging: ${options.target} is checked out in ${holder}.`, `Merge it there: git merge ${workspace.branch}`);
  }
  const identity = await localIdentity(root);
  if (holder === null) {
    // Nobody works on the target: the merge happens in the run's own worktree.
    const sha = await mergeInRunWorktree(workspace, options, identity);
    return { sha, yourChanges: { kind: 'none' }, cleaned: await cleanUp(root, workspace, options) };
  }
  const set = await setAside(root, workspace, options, identity);
  let sha: string;
  try {
    if (options.style === 'rebase') await rebaseOnto(workspace.git, options.target, identity);
    sha = await mergeInto(root, workspace.branch, options, identity);
  } finally {
    if (set.kind === 'stashed') set.changes = await restoreStash(root);
  }
  return { sha, yourChanges: set.changes, cleaned: await cleanUp(root, workspace, options) };
}

/** The worktree that has `branch` checked out, or null. */
async function checkoutHolding(git: Git, branch: string): Promise<string | null> {
  let path: string | null = null;
  for (const line of (await git.run(['worktree', 'list', '--porcelain'])).split('\n')) {
    if (line.startsWith('worktree ')) path = line.slice('worktree '.length);
    if (line === `branch refs/heads/${branch}`) return path;
  }
  return null;
}

type SetAside = { kind: 'clean' | 'committed'; changes: YourChanges } | { kind: 'stashed'; changes: YourChanges };

/** The target's uncommitted changes to tracked files, handled by the policy before anything else happens. */
async function setAside(git: Git, workspace: LocalWorkspace, options: MergeOptions, identity: GitIdentity): Promise<SetAside> {
  const dirty = (await git.run(['status', '--porcelain', '--untracked-files=no'])).trimEnd();
  if (!dirty) return { kind: 'clean', changes: { kind: 'none' } };
  switch (options.dirtyMain) {
    case 'abort':
      throw new CtoError('git', `Not merging: ${options.target} has uncommitted changes (left as they are):\n${dirty}`,
        `Commit or stash them, then run: git merge ${workspace.branch} (or use --dirty-main commit|stash)`);
    case 'commit': {
      await git.run(['add', '--update']);
      await git.run([...as(identity), 'commit', '--no-verify', '--quiet', '-m', `codex-cto: uncommitted changes, saved before merging ${workspace.branch}`]);
      return { kind: 'committed', changes: { kind: 'committed', sha: await git.headSha() } };
    }
    case 'stash':
      await git.run([...as(identity), 'stash', 'push', '--quiet', '-m', STASH_MESSAGE]);
      return { kind: 'stashed', changes: { kind: 'restored' } };
  }
}

async function restoreStash(git: Git): Promise<YourChanges> {
  const pop = await git.exec(['stash', 'pop', '--quiet']);
  if (pop.exitCode === 0) return { kind: 'restored' };
  // A conflicting pop leaves the stash where it was: the changes are still there.
  await git.exec(['reset', '--merge']);
  return { kind: 'in-stash', detail: (pop.stderr || pop.stdout).trim().split('\n').slice(-3).join('\n') };
}

/** Merges `branch` into the branch checked out in `git`'s work tree; a failed merge is undone. */
async function mergeInto(git: Git, branch: string, options: MergeOptions, identity: GitIdentity): Promise<string> {
  const attempt = await git.exec(mergeArgs(branch, options, identity));
  if (attempt.exitCode !== 0) {
    await git.exec(['reset', '--merge']);
    const detail = (attempt.stdout + attempt.stderr).trim().split('\n').slice(-4).join('\n');
    throw new CtoError('git', `The ${options.style} of ${branch} into ${options.target} failed and was undone: ${detail}`,
      `Nothing was lost: ${branch} still holds the work; merge it yourself when ready.`);
  }
  if (options.style === 'squash' && (await git.exec(['diff', '--cached', '--quiet'])).exitCode !== 0) {
    await git.run([...as(identity), 'commit', '--no-verify', '--quiet', '-m', options.message]);
  }
  return git.headSha();
}

function mergeArgs(branch: string, options: MergeOptions, identity: GitIdentity): string[] {
  switch (options.style) {
    case 'merge':
      return [...as(identity), 'merge', '--no-ff', '--no-edit', '--quiet', '-m', options.message, branch];
    case 'squash':
      return [...as(identity), 'merge', '--squash', '--quiet', branch];
    case 'rebase':
      // The branch was rebased onto the target first: the target moves forward to it.
      return ['merge', '--ff-only', '--quiet', branch];
  }
}

/** Replays the run's commits onto `target` in the run's worktree; a conflict is aborted and reported. */
async function rebaseOnto(work: Git, target: string, identity: GitIdentity): Promise<void> {
  const attempt = await work.exec([...as(identity), 'rebase', '--quiet', target]);
  if (attempt.exitCode === 0) return;
  await work.exec(['rebase', '--abort']);
  const detail = (attempt.stdout + attempt.stderr).trim().split('\n').slice(-4).join('\n');
  throw new CtoError('git', `Rebasing the run's branch onto ${target} failed and was undone: ${detail}`, 'Nothing was lost; merge it yourself with --merge-style merge or by hand.');
}

async function mergeInRunWorktree(workspace: LocalWorkspace, options: MergeOptions, identity: GitIdentity): Promise<string> {
  const work = workspace.git;
  if (options.style === 'rebase') await rebaseOnto(work, options.target, identity);
  await work.run(['switch', '--quiet', options.target]);
  try {
    return await mergeInto(work, workspace.branch, options, identity);
  } finally {
    await work.run(['switch', '--quiet', workspace.branch]);
  }
}

async function cleanUp(root: Git, workspace: LocalWorkspace, options: MergeOptions): Promise<boolean> {
  if (!options.cleanup) return false;
  await root.run(['worktree', 'remove', '--force', workspace.dir]);
  // -D: a squashed branch is merged in content, not in history.
  await root.run(['branch', '-D', '--quiet', workspace.branch]);
  return true;
}

function as(identity: GitIdentity): string[] {
  return ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`, '-c', 'commit.gpgsign=false'];
}
