// The action's main step: settings -> trigger -> flow -> outputs, and the one place that reports failure.
// Most events a workflow receives are not for codex-cto (other labels, comments without a command). That
// is decided with small modules only; the flows, most of the bundle, load once there is work.
import { EOL } from 'node:os';
import { readRunnerContext } from './event/runner-context.js';
import { envInputReader } from './settings/inputs.js';
import { parseSettings, resolveSettings, secretsOf, type Settings } from './settings/settings.js';
import { parseTrigger } from './event/trigger.js';
import { keyedWorkOf, requireKeys } from './settings/required-keys.js';
import { createRedactor } from '../safety/redact.js';
import { pinnedAgentVersions } from '../core/model/versions.js';
import type { FlowContext } from './flows/context.js';
import type { FlowResult } from './report/outputs.js';

type Flows = typeof import('./flows/index.js');

const loadFlows = (): Promise<Flows> => import('./flows/index.js');

/**
 * The main step. `env` is the process environment (inputs, the runner's variables); `write` is the log
 * stream, used for the one line an ignored event gets before anything else is loaded.
 */
export async function runMainStep(env: Record<string, string | undefined>, write: (text: string) => void): Promise<void> {
  let redact = createRedactor([]);
  let ctx: FlowContext | null = null;
  let flows: Flows | null = null;
  try {
    const runner = readRunnerContext(env);
    const payload = runner.payload as { repository?: { default_branch?: unknown } } | null;
    const defaultBranch = typeof payload?.repository?.default_branch === 'string' ? payload.repository.default_branch : undefined;
    // The inputs alone say whether the event is for codex-cto; the repository's config file is read once there is work.
    const read = envInputReader(env);
    const facts = { defaultBranch, pinned: pinnedAgentVersions() };
    const settings = parseSettings(read, facts);
    const trigger = parseTrigger(runner.eventName, runner.payload, settings);
    if (trigger.kind === 'ignored') {
      // What core.info prints; loading @actions/core for this one line would cost more than the rest of the step.
      write(`codex-cto: ignoring this event: ${trigger.reason}${EOL}`);
      return;
    }
    flows = await loadFlows();
    const { core } = flows;
    redact = maskSecrets(core, settings, env);
    const log = (message: string): void => core.info(redact(message));
    ctx = await flows.createFlowContext({
      settings,
      resolve: (config) => resolveSettings(read, facts, config),
      trigger,
      runner,
      env,
      log,
      defaultBranch: settings.baseBranch ?? defaultBranch ?? null,
      saveState: core.saveState,
      redact,
    });
    // Now that the bot identity is known, its own comments are recognised even when it is typed `User` (a PAT).
    const known = parseTrigger(runner.eventName, runner.payload, settings, { botLogin: ctx.botLogin });
    if (known.kind === 'ignored') {
      core.info(`codex-cto: ignoring this event: ${known.reason}`);
      return;
    }
    if (settings.dryRun) {
      // A dry run checks what a real one would check first: the config file and the keys the work needs.
      flows.requireValidConfig(ctx.config);
      log(`codex-cto: dry run: effective settings:\n${flows.settingsTable(flows.effectiveRows(ctx.config.resolved))}`);
      const work = keyedWorkOf(known);
      if (work !== null) requireKeys(ctx.settings, work);
      log(`codex-cto: dry run: would handle ${known.kind}${known.kind === 'command' ? ` ${known.command}` : ''} for ${known.actor.login}; nothing is posted or run.`);
      return;
    }
    const result = await flows.handleTrigger(ctx, known);
    if (result) await finish(flows, result, ctx, redact);
  } catch (error) {
    flows ??= await loadFlows();
    await flows.reportFailure(error, ctx?.tracker() ?? null, redact);
  } finally {
    // The agent user, its room and the key proxy go with the main step; the post step is the safety net.
    await ctx?.close();
  }
}

async function finish(flows: Flows, result: FlowResult, ctx: FlowContext, redact: (text: string) => string): Promise<void> {
  await flows.writeResult(result, ctx, redact);
  if (result.error) await flows.reportFailure(result.error, ctx.tracker(), redact, { writeSummary: false });
}

/** Masks every secret input in the log at once and returns the redactor used for everything posted. */
function maskSecrets(core: Flows['core'], settings: Settings, env: Record<string, string | undefined>): (text: string) => string {
  const secrets = secretsOf(settings, env);
  for (const secret of secrets) core.setSecret(secret);
  return createRedactor(secrets);
}
