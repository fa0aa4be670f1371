// run(): settings -> trigger -> flow -> outputs. The one place that reports failure.
import * as core from '@actions/core';
import { readRunnerContext } from './front/runner.js';
import { parseSettings, type Settings } from './settings.js';
import { parseTrigger } from './trigger.js';
import { createRedactor } from './safety/redact.js';
import { pinnedAgentVersions } from './versions.js';
import { createFrontContext, type FrontContext } from './front/context.js';
import { handleTrigger } from './front/flows.js';
import { reportFailure } from './front/report.js';
import { writeOutcome } from './front/summary.js';
import type { Outcome } from './front/outcome.js';

export async function run(env: Record<string, string | undefined> = process.env): Promise<void> {
  let redact = createRedactor([]);
  let ctx: FrontContext | null = null;
  try {
    const runner = readRunnerContext(env);
    const payload = runner.payload as { repository?: { default_branch?: unknown } } | null;
    const defaultBranch = typeof payload?.repository?.default_branch === 'string' ? payload.repository.default_branch : undefined;
    const settings = parseSettings((name) => core.getInput(name), { defaultBranch, pinned: pinnedAgentVersions() });
    redact = maskSecrets(settings);
    const trigger = parseTrigger(runner.eventName, runner.payload, settings);
    if (trigger.kind === 'ignored') {
      core.info(`codex-cto: ignoring this event: ${trigger.reason}`);
      return;
    }
    const log = (message: string): void => core.info(redact(message));
    ctx = await createFrontContext({ settings, runner, env, log, defaultBranch: settings.baseBranch ?? defaultBranch ?? null, saveState: core.saveState });
    if (settings.dryRun) {
      log(`codex-cto: dry run: would handle ${trigger.kind} ${trigger.kind === 'command' ? trigger.command : ''} for ${trigger.actor.login}; nothing is posted or run.`);
      return;
    }
    const outcome = await handleTrigger(ctx, trigger);
    if (outcome) await finish(outcome, ctx, redact);
  } catch (error) {
    await reportFailure(error, ctx?.tracker() ?? null, redact);
  }
}

async function finish(outcome: Outcome, ctx: FrontContext, redact: (text: string) => string): Promise<void> {
  await writeOutcome(outcome, ctx, redact);
  if (outcome.error) await reportFailure(outcome.error, ctx.tracker(), redact);
}

/** Masks every secret input in the log at once and returns the redactor used for everything posted. */
function maskSecrets(settings: Settings): (text: string) => string {
  const secrets = [settings.githubToken, settings.reviewerToken, settings.openaiApiKey, settings.anthropicApiKey].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  for (const secret of secrets) core.setSecret(secret);
  return createRedactor(secrets);
}
