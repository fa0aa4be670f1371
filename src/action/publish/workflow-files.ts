// Changes to `.github/workflows/` that the push token cannot write. GitHub refuses a push that creates or
// changes a workflow file unless the token has the `workflows` permission (the workflow's own token never
// has it). Nothing is lost: the commit is made again without those files and pushed, and their change is
// kept as a patch for a person to apply.
import type { Git, GitIdentity } from '../../workspace/git.js';

export const WORKFLOWS_DIR = '.github/workflows/';

/** What a refused push left out: the workflow files and their change as a patch (`git apply`-able). */
export interface HeldBackWorkflows {
  paths: string[];
  patch: string;
  /** The commit pushed without them, or null when nothing else changed. */
  commit: string | null;
}

/** Whether git's answer to a push is GitHub's refusal of a workflow file. */
export function isWorkflowRefusal(message: string): boolean {
  return /refusing to allow .{1,80} to create or update workflow/i.test(message) || /without [`'"]?workflows?[`'"]? (permission|scope)/i.test(message);
}

/**
 * Takes the workflow files out of the last commit (HEAD, not pushed yet): HEAD becomes the same commit
 * without them (or its parent, when they were all it changed), and the work tree holds them as they were
 * before. Null when the commit changes no workflow file, so the refusal was about something else.
 */
export async function holdBackWorkflowChanges(git: Git, identity: GitIdentity, message: string): Promise<HeldBackWorkflows | null> {
  const listed = await git.run(['diff', '--name-only', '--no-renames', '-z', 'HEAD^', 'HEAD', '--', `:(literal)${WORKFLOWS_DIR}`]);
  const paths = listed.split('\0').filter(Boolean);
  if (paths.length === 0) return null;
  const specs = paths.map((path) => `:(top,literal)${path}`);
  const patch = await git.run(['diff', '--binary', '--no-renames', 'HEAD^', 'HEAD', '--', ...specs]);
  await git.run(['reset', '--quiet', '--soft', 'HEAD^']);
  await git.run(['restore', '--source=HEAD', '--staged', '--worktree', '--', ...specs]);
  const commit = await git.commitAll(message, identity);
  return { paths, patch, commit };
}
