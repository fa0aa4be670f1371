// The work branch on the runner: created from the base (or reused from an earlier run), committed to by
// the action as the bot identity, pushed with the token passed per command. The agent never pushes.
import { CtoError } from '../errors.js';
import type { AuthenticatedRemote, Git, GitIdentity } from '../git.js';
import type { Repository } from '../engine/ports.js';

export interface WorkBranch {
  branch: string;
  base: string;
  /** The merge base the reviewer diffs against. */
  baseSha: string;
  /** True when the branch already existed on the remote (a re-run or a continued loop). */
  reused: boolean;
}

const TRACKING = 'refs/codex-cto';

export async function prepareBranch(git: Git, remote: AuthenticatedRemote, branch: string, base: string): Promise<WorkBranch> {
  await git.fetch(remote, [`+refs/heads/${base}:${TRACKING}/base`]);
  const remoteBranch = await git.exec(['ls-remote', '--heads', remote.url, `refs/heads/${branch}`], remote);
  const reused = remoteBranch.exitCode === 0 && remoteBranch.stdout.trim() !== '';
  if (reused) {
    await git.fetch(remote, [`+refs/heads/${branch}:${TRACKING}/head`]);
    await git.run(['checkout', '--quiet', '--force', '-B', branch, `${TRACKING}/head`]);
  } else {
    await git.run(['checkout', '--quiet', '--force', '-B', branch, `${TRACKING}/base`]);
  }
  const baseSha = (await git.run(['merge-base', `${TRACKING}/base`, 'HEAD'])).trim();
  return { branch, base, baseSha, reused };
}

export interface PublishOptions {
  git: Git;
  remote: AuthenticatedRemote;
  identity: GitIdentity;
  work: WorkBranch;
  /** Called after every successful push with the pushed sha (opens or updates the PR). */
  onPushed: (sha: string) => Promise<void>;
  log: (message: string) => void;
}

export function createPublishingRepository(options: PublishOptions): Repository {
  const { git, work } = options;
  return {
    async saveWork(message) {
      const sha = await git.commitAll(message, options.identity);
      if (!sha) return null;
      await push(options);
      const pushed = await git.headSha();
      await options.onPushed(pushed);
      return pushed;
    },
    diffStat: () => git.diffStat(work.baseSha, 'HEAD'),
    baseRef: () => work.baseSha,
    headRef: () => 'HEAD',
  };
}

/** Pushes HEAD; when the branch moved on the remote, rebases onto it once. Never force-pushes. */
async function push({ git, remote, work, log, identity }: PublishOptions): Promise<void> {
  const first = await git.push(remote, work.branch);
  if (first.ok) return;
  if (!first.rejected) throw new CtoError('git', `Could not push ${work.branch}: ${first.message}`, 'Check that the workflow has `contents: write` permission.');
  log(`${work.branch} moved on the remote; rebasing onto it`);
  await git.fetch(remote, [`+refs/heads/${work.branch}:${TRACKING}/head`]);
  const rebase = await git.exec(['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`, 'rebase', '--quiet', `${TRACKING}/head`]);
  if (rebase.exitCode !== 0) {
    await git.exec(['rebase', '--abort']);
    throw new CtoError(
      'git',
      `Could not push ${work.branch}: someone else pushed to it, and our commit does not rebase cleanly onto theirs.`,
      `The work is kept in this run's checkout only; resolve the branch by hand, then comment \`/cto continue\`.`,
    );
  }
  const second = await git.push(remote, work.branch);
  if (!second.ok) throw new CtoError('git', `Could not push ${work.branch} after rebasing: ${second.message}`);
}
