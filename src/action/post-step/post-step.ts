// The action's post step: runs after the job, also when it was cancelled. A tracking comment that this
// run left in a working phase is moved to a final state, so it never says "working" for a dead job, and a
// loop lock the main step could not give back is released (when it is still this run's).
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
import { STATE_COMMENT, STATE_LOCK, STATE_PHASE, STATE_ROOM, STATE_SANDBOX, STATE_THREAD } from './saved-state.js';
import { LockRefs, releaseHeldLock, type HeldLock } from '../github/lock-refs.js';
import { LOCK_NAMESPACE } from '../../core/loop-lock.js';
import { cleanUpAfterJob } from './cleanup.js';

export async function runPostStep(env: Record<string, string | undefined>): Promise<void> {
  // What the main step saved (core.saveState) reaches this step as STATE_<name> variables.
  const saved = (name: string): string => env[`STATE_${name}`] ?? '';
  await cleanUpAfterJob(saved(STATE_ROOM), saved(STATE_SANDBOX), (message) => core.warning(message));
  const thread = Number(saved(STATE_THREAD));
  const commentId = Number(saved(STATE_COMMENT));
  // The main step wrote an end phase last: the comment is final, and there is nothing to read.
  const rescue = thread > 0 && commentId > 0 && needsRescue(saved(STATE_PHASE) as Phase);
  const lock = heldLockOf(saved(STATE_LOCK));
  if (!rescue && lock === null) return;
  let redact = createRedactor([]);
  try {
    const runner = readRunnerContext(env);
    const settings = parseSettings(envInputReader(env), { pinned: pinnedAgentVersions() });
    core.setSecret(settings.githubToken);
    redact = createRedactor([settings.githubToken]);
    const api = createApi({ token: settings.githubToken, baseUrl: runner.apiUrl, maxRetries: 1, redact });
    if (rescue) {
      const rescued = await rescueTrackingComment(new Issues(api, runner.repo), thread, commentId, runner.runId, settings, runner.runUrl);
      if (rescued) {
        core.warning('codex-cto: the job ended before the loop; the tracking comment now says so.');
        await core.summary.addRaw(redact(jobSummary(rescued)), true).write();
      }
    }
    // After the rescue: the next run to take the loop reads the comment as this run left it.
    if (lock !== null && (await releaseHeldLock(new LockRefs(api, runner.repo), lock, Date.now()))) core.info(`codex-cto: released the loop lock ${lock.ref} the main step left.`);
  } catch (error) {
    core.warning(`codex-cto post step: ${redact(error instanceof Error ? error.message : String(error))}`);
  }
}

/** The lock the main step saved, when it is one: a ref in the locks' namespace and a commit id. */
function heldLockOf(text: string): HeldLock | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<HeldLock>;
    const valid = typeof value.ref === 'string' && value.ref.startsWith(LOCK_NAMESPACE) && typeof value.sha === 'string' && /^[0-9a-f]{40}$/.test(value.sha);
    if (!valid) return null;
    const lock: HeldLock = { ref: value.ref as string, sha: value.sha as string };
    return typeof value.takenAt === 'number' && Number.isFinite(value.takenAt) ? { ...lock, takenAt: value.takenAt } : lock;
  } catch {
    return null;
  }
}
