// The comment that keeps a change to workflow files the push token could not write: which files, why,
// how to give codex-cto a token that can, and the change itself as a patch to apply.
import { code, escapeInline } from './escape.js';

/** Room for the patch in a comment (GitHub takes 65,536 characters). */
export const PATCH_LIMIT = 50_000;
const PATHS_SHOWN = 20;
/** The log group that holds the whole patch. */
export const PATCH_LOG_GROUP = 'codex-cto: workflow changes kept as a patch';

export interface HeldBackView {
  paths: readonly string[];
  patch: string;
  branch: string;
  /** True when the rest of the change was pushed in a commit of its own. */
  restPushed: boolean;
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export function heldBackWorkflowsComment(view: HeldBackView): string {
  const shown = view.paths.slice(0, PATHS_SHOWN).map((path) => `- ${code(path)}`);
  if (view.paths.length > PATHS_SHOWN) shown.push(`- and ${view.paths.length - PATHS_SHOWN} more`);
  const cut = view.patch.length > PATCH_LIMIT;
  const patch = cut ? view.patch.slice(0, PATCH_LIMIT) : view.patch;
  const fence = fenceFor(patch);
  return [
    '### codex-cto: workflow changes kept as a patch',
    `GitHub refused to push changes to workflow files: the token lacks the \`workflows\` permission, which the workflow's own \`GITHUB_TOKEN\` never has. ` +
      (view.restPushed ? `The rest of the change is on ${code(view.branch)}; these files were left out:` : 'Nothing else changed; these files were left out:'),
    shown.join('\n'),
    `To apply the change, save the patch below and run \`git apply\` on ${escapeInline(view.branch)}, then push it yourself.`,
    'To let codex-cto push workflow files, give it a token that has the permission: a GitHub App token with **Workflows: write** ' +
      '(made in the job by `actions/create-github-app-token`) or a fine-grained token with it, passed as `github-token`, and set `write-workflows: true`.',
    cut ? `The patch is ${view.patch.length} characters long and only its first ${PATCH_LIMIT} are shown here: the whole patch is in the job's log, in the group "${PATCH_LOG_GROUP}".` : '',
    `${fence}diff\n${patch.replace(/\n$/, '')}\n${fence}`,
  ].filter((part) => part !== '').join('\n\n');
}
