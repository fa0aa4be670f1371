// run(): settings -> trigger -> flow -> outputs. The one place that reports failure.
import * as core from '@actions/core';
import { readRunnerContext } from './front/runner.js';
import { parseSettings, secretsOf, type Settings } from './settings.js';
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
    // Now that the bot identity is known, its own comments are recognised even when it is typed `User` (a PAT).
    const known = parseTrigger(runner.eventName, runner.payload, settings, { botLogin: ctx.botLogin });
    if (known.kind === 'ignored') {
      core.info(`codex-cto: ignoring this event: ${known.reason}`);
      return;
    }
    if (settings.dryRun) {
      log(`codex-cto: dry run: would handle ${known.kind}${known.kind === 'command' ? ` ${known.command}` : ''} for ${known.actor.login}; nothing is posted or run.`);
      return;
    }
    const outcome = await handleTrigger(ctx, known);
    if (outcome) await finish(outcome, ctx, redact);
  } catch (error) {
    await reportFailure(error, ctx?.tracker() ?? null, redact);
  }
}

async function finish(outcome: Outcome, ctx: FrontContext, redact: (text: string) => string): Promise<void> {
  await writeOutcome(outcome, ctx, redact);
  if (outcome.error) await reportFailure(outcome.error, ctx.tracker(), redact, { writeSummary: false });
}

/** Masks every secret input in the log at once and returns the redactor used for everything posted. */
function maskSecrets(settings: Settings): (text: string) => string {
  const secrets = secretsOf(settings);
  for (const secret of secrets) core.setSecret(secret);
  return createRedactor(secrets);
}
