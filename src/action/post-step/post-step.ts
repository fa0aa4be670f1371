// The action's post step: runs after the job, also when it was cancelled. A tracking comment that this
// run left in a working phase is moved to a final state, so it never says "working" for a dead job.
import * as core from '@actions/core';
import { createApi } from '../github/client.js';
import { Issues } from '../github/issues.js';
import { readRunnerContext } from '../event/runner-context.js';
import { rescueTrackingComment } from '../tracking/rescue.js';
import { parseSettings } from '../settings/settings.js';
import { envInputReader } from '../settings/inputs.js';
import { pinnedAgentVersions } from '../../core/model/versions.js';
import { createRedactor } from '../../safety/redact.js';
import { jobSummary } from '../../render/job-summary.js';
import { needsRescue } from '../../core/lifecycle.js';
import type { Phase } from '../../core/state.js';
import { STATE_COMMENT, STATE_PHASE, STATE_ROOM, STATE_SANDBOX, STATE_THREAD } from './saved-state.js';
import { cleanUpAfterJob } from './cleanup.js';

export async function runPostStep(env: Record<string, string | undefined>): Promise<void> {
  // What the main step saved (core.saveState) reaches this step as STATE_<name> variables.
  const saved = (name: string): string => env[`STATE_${name}`] ?? '';
  await cleanUpAfterJob(saved(STATE_ROOM), saved(STATE_SANDBOX), (message) => core.warning(message));
  const thread = Number(saved(STATE_THREAD));
  const commentId = Number(saved(STATE_COMMENT));
  if (!thread || !commentId) return;
  // The main step wrote an end phase last: the comment is final, and there is nothing to read.
  if (!needsRescue(saved(STATE_PHASE) as Phase)) return;
  let redact = createRedactor([]);
  try {
    const runner = readRunnerContext(env);
    const settings = parseSettings(envInputReader(env), { pinned: pinnedAgentVersions() });
    core.setSecret(settings.githubToken);
    redact = createRedactor([settings.githubToken]);
    const api = createApi({ token: settings.githubToken, baseUrl: runner.apiUrl, maxRetries: 1, redact });
    const rescued = await rescueTrackingComment(new Issues(api, runner.repo), thread, commentId, runner.runId, settings, runner.runUrl);
    if (rescued) {
      core.warning('codex-cto: the job ended before the loop; the tracking comment now says so.');
      await core.summary.addRaw(redact(jobSummary(rescued)), true).write();
    }
  } catch (error) {
    core.warning(`codex-cto post step: ${redact(error instanceof Error ? error.message : String(error))}`);
  }
}
