// The work branch on the runner: created from the base (or reused from an earlier run), committed to by
// the action as the bot identity, pushed with the token passed per command. The agent never pushes.
import { CtoError } from '../../core/model/errors.js';
import type { AuthenticatedRemote, Git, GitIdentity } from '../../workspace/git.js';
import type { Repository } from '../../core/ports.js';
import { requireBranchName } from '../settings/names.js';
import { hiddenCharactersAdded } from '../../workspace/diff-scan.js';
import { holdBackWorkflowChanges, isWorkflowRefusal, type HeldBackWorkflows } from './workflow-files.js';

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
  // The flows check each name where it comes from; nothing unchecked reaches git even so.
  requireBranchName(base, 'The base branch');
  requireBranchName(branch, 'The work branch');
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
  /** Called when workflow files were left out of a push the token could not make (after the rest was pushed). */
  onWorkflowsHeldBack: (held: HeldBackWorkflows) => Promise<void>;
  log: (message: string) => void;
}

export function createPublishingRepository(options: PublishOptions): Repository {
  const { git, work } = options;
  return {
    async saveWork(message) {
      const sha = await git.commitAll(message, options.identity, (paths) =>
        options.log(`Left out of the commit: ${paths.join(', ')} (a repository inside the work tree cannot be committed as files)`),
      );
      if (!sha) return null;
      const held = await push(options, message);
      const pushed = held === null || held.commit !== null ? await git.headSha() : null;
      if (pushed !== null) await options.onPushed(pushed);
      if (held !== null) await options.onWorkflowsHeldBack(held);
      return pushed;
    },
    diffStat: () => git.diffStat(work.baseSha, 'HEAD'),
    hiddenCharacters: () => hiddenCharactersAdded(git, work.baseSha, 'HEAD'),
    baseRef: () => work.baseSha,
    headRef: () => 'HEAD',
  };
}

/**
 * Pushes HEAD; when the branch moved on the remote, rebases onto it once. Never force-pushes. When GitHub
 * refuses the workflow files in it, pushes the commit without them and returns what was held back.
 */
async function push(options: PublishOptions, message: string): Promise<HeldBackWorkflows | null> {
  const { git, remote, work, log, identity } = options;
  const first = await git.push(remote, work.branch);
  if (first.ok) return null;
  if (!first.rejected && isWorkflowRefusal(first.output)) return pushWithoutWorkflows(options, message, first.message);
  if (!first.rejected) throw new CtoError('git', `Could not push ${work.branch}: ${first.message}`, 'Check that the workflow has `contents: write` permission.');
  log(`${work.branch} moved on the remote; rebasing onto it`);
  await git.fetch(remote, [`+refs/heads/${work.branch}:${TRACKING}/head`]);
  const rebase = await git.exec(['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`, 'rebase', '--quiet', `${TRACKING}/head`]);
  if (rebase.exitCode !== 0) {
    await git.exec(['rebase', '--abort']);
    const aside = await pushAside(options);
    throw new CtoError(
      'git',
      `Could not push ${work.branch}: someone else pushed to it, and our commit does not rebase cleanly onto theirs. Their commits on ${work.branch} are untouched.`,
      aside
        ? `Our work of this iteration is on the branch \`${aside}\`: merge it into \`${work.branch}\` by hand (or drop it), then comment \`/cto continue\`.`
        : `Our work of this iteration could not be pushed anywhere; resolve \`${work.branch}\` by hand, then comment \`/cto continue\`.`,
    );
  }
  const second = await git.push(remote, work.branch);
  if (second.ok) return null;
  if (isWorkflowRefusal(second.output)) return pushWithoutWorkflows(options, message, second.message);
  throw new CtoError('git', `Could not push ${work.branch} after rebasing: ${second.message}`);
}

/** The commit again without its workflow files, pushed; their change kept for the caller to show. */
async function pushWithoutWorkflows(options: PublishOptions, message: string, refusal: string): Promise<HeldBackWorkflows> {
  const { git, remote, work, log, identity } = options;
  const held = await holdBackWorkflowChanges(git, identity, message);
  if (held === null) throw new CtoError('git', `Could not push ${work.branch}: ${refusal}`, WORKFLOWS_HINT);
  log(`GitHub refused the workflow files of this commit (no \`workflows\` permission); pushing the rest without ${held.paths.join(', ')}`);
  if (held.commit === null) return held;
  const pushed = await git.push(remote, work.branch);
  if (!pushed.ok) throw new CtoError('git', `Could not push ${work.branch} without its workflow files: ${pushed.message}`, WORKFLOWS_HINT);
  return held;
}

const WORKFLOWS_HINT =
  'Changes to `.github/workflows/` need a token with the `workflows` permission: pass a GitHub App token (actions/create-github-app-token) with Workflows: write as `github-token`, or leave workflow files out of the request.';

/** Keeps a commit that cannot go onto the work branch on a branch of its own, so the job's end loses nothing. */
async function pushAside({ git, remote, work, log }: PublishOptions): Promise<string | null> {
  const aside = `${work.branch}-unmerged-${(await git.headSha()).slice(0, 8)}`;
  const pushed = await git.push(remote, aside);
  if (pushed.ok) return aside;
  log(`Could not keep the work on ${aside} either: ${pushed.message}`);
  return null;
}
