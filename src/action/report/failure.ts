// The one place that reports a failure: redacted, to the log, the tracking comment, the job summary and
// setFailed. Everything else throws (helpers) or returns failure as data (the engine).
import * as core from '@actions/core';
import { describeError, isCtoError } from '../../core/model/errors.js';
import { failed } from '../../core/lifecycle.js';
import { failureSummary, jobSummary } from '../../render/job-summary.js';
import type { Tracker } from '../tracking/tracker.js';

export interface FailureReport {
  title: string;
  message: string;
  hint: string | null;
}

export function describeFailure(error: unknown, redact: (text: string) => string): FailureReport {
  const kind = isCtoError(error) ? error.kind : 'internal';
  const titles: Record<string, string> = {
    settings: 'The workflow settings are invalid',
    config: "The repository's config file is invalid",
    'agent-missing': 'An agent CLI is missing',
    'agent-output': 'Codex did not return a valid answer',
    'agent-failed': 'An agent run failed',
    sandbox: "Codex's read-only sandbox could not start",
    'model-unreachable': 'A model endpoint could not be reached',
    timeout: 'An agent run timed out',
    setup: 'A setup command failed',
    git: 'A git operation failed',
    github: 'The GitHub API failed',
    permission: 'The workflow lacks a permission',
    refused: 'codex-cto refused the request',
    internal: 'codex-cto failed unexpectedly',
  };
  return {
    title: titles[kind] ?? titles.internal!,
    message: redact(describeError(error)),
    hint: isCtoError(error) && error.hint ? redact(error.hint) : null,
  };
}

export interface ReportOptions {
  /** False when the job summary was already written with this error (a loop that ended in `failed`). */
  writeSummary?: boolean;
}

export async function reportFailure(
  error: unknown,
  tracker: Tracker | null,
  redact: (text: string) => string,
  options: ReportOptions = {},
): Promise<FailureReport> {
  const report = describeFailure(error, redact);
  if (tracker) {
    tracker.setError(report);
    tracker.update({ run: null, loop: failed(tracker.state.loop, report.message) });
    try {
      await tracker.save();
    } catch (saveError) {
      core.warning(`Could not write the failure into the tracking comment: ${redact(describeError(saveError))}`);
    }
  }
  if (options.writeSummary ?? true) {
    // The summary also reaches people when the tracking comment could not be written (no permission).
    const summary = tracker ? jobSummary(tracker.view()) : failureSummary(report);
    try {
      await core.summary.addRaw(redact(summary), true).write();
    } catch (summaryError) {
      core.warning(`Could not write the job summary: ${redact(describeError(summaryError))}`);
    }
  }
  // setFailed is also the one error line in the log: calling core.error as well would report it twice.
  core.setFailed(`${report.title}: ${report.message}${report.hint ? `\n${report.hint}` : ''}`);
  return report;
}
