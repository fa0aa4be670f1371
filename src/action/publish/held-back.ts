// Where a workflow change the token could not push is kept: a comment on the PR (or the issue, before the PR
// exists) with the patch, the whole patch in a group of the job's log, and a warning on the run page.
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { heldBackWorkflowsComment, PATCH_LOG_GROUP } from '../../render/held-back-workflows.js';
import type { HeldBackWorkflows } from './workflow-files.js';

export interface KeepPatchInput {
  /** Comments on an issue or a PR by number. */
  comment: (thread: number, body: string) => Promise<unknown>;
  /** The PR when there is one, else the issue; null when neither exists. */
  thread: number | null;
  branch: string;
  redact: (text: string) => string;
}

export async function keepWorkflowPatch(input: KeepPatchInput, held: HeldBackWorkflows): Promise<void> {
  const { redact } = input;
  core.warning(redact(`GitHub refused to push ${held.paths.join(', ')}: the token lacks the \`workflows\` permission. The change is kept as a patch; pass a GitHub App token with Workflows: write as \`github-token\` to push workflow files.`));
  // The log keeps the whole patch, however long; its text cannot issue workflow commands.
  const token = randomUUID();
  core.startGroup(PATCH_LOG_GROUP);
  core.info(`::stop-commands::${token}`);
  core.info(redact(held.patch));
  core.info(`::${token}::`);
  core.endGroup();
  if (input.thread === null) return;
  const body = heldBackWorkflowsComment({ paths: held.paths, patch: held.patch, branch: input.branch, restPushed: held.commit !== null });
  await input.comment(input.thread, redact(body));
}
