// The local CLI's command line, parsed once into a typed command over the repository's config file (a flag
// wins over the file, the file over the default; see cli-settings.ts). Pure.
import { parseArgs } from 'node:util';
import { CtoError } from '../core/model/errors.js';
import { BOUNDS, DEFAULTS, defaultEscalateAfter } from '../core/model/defaults.js';
import { CONFIG_FILE, type LoadedConfig } from '../core/model/repo-config.js';
import { CliSettings, type SettingRow } from './cli-settings.js';
import { LOCAL_FLAGS, localOptionsFrom, localOptionsOf, type LocalOptions } from './local-options.js';

interface Common {
  dryRun: boolean;
  /** Extra `-c key=value` overrides for Codex (a gateway or custom provider). */
  codexConfig: string[];
  planReasoningEffort: string | null;
  reviewReasoningEffort: string | null;
  timeoutMinutes: number;
  /** The team's rules from the config file, appended to the CTO persona; null for none. */
  planInstructions: string | null;
  reviewInstructions: string | null;
  /** Paths the loop may not change (config `protected-paths`). */
  protectedPaths: string[];
}

export type CliCommand =
  | ({ kind: 'plan'; objective: string; model: string | null } & Common)
  | ({ kind: 'review'; text: string; model: string | null; base: string | null; planFile: string | null } & Common)
  | ({
      kind: 'run';
      objective: string;
      maxIterations: number;
      escalateAfter: number;
      maxTurns: number;
      maxBudgetUsd: number | null;
      planModel: string | null;
      reviewModel: string | null;
      claudeModel: string | null;
      allowedTools: string[];
      local: LocalOptions;
    } & Common)
  | ({ kind: 'continue'; runId: string; feedback: string | null; maxBudgetUsd: number | null | undefined } & Common)
  | { kind: 'runs' }
  | { kind: 'config'; rows: SettingRow[] }
  | { kind: 'status' }
  | { kind: 'help'; topic: string | null }
  | { kind: 'version' };

export const USAGE = `Usage: codex-cto <command> [options]

Commands:
  plan "<objective>"            Ask Codex for a plan; prints the validated plan JSON.
  review "<objective + results>" Ask Codex to review HEAD against --base; prints the verdict JSON.
  run "<objective>"             Run the whole loop in a new git worktree and branch.
  runs                          List this repository's runs (id, state, iterations, cost, objective).
  continue <run-id> [feedback]  Resume a paused, capped or interrupted run, with your answer or guidance.
  status                        Check that both CLIs are installed and their keys are set.
  config                        Print the effective settings and where each came from.

Options:
  --model M                     Codex model (plan, review).
  --plan-model M, --review-model M, --claude-model M   Models for each phase (run).
  --max-iterations N            Review rounds at most (default ${DEFAULTS.maxIterations}).
  --escalate-after N            Stop after N consecutive "revise" verdicts (default ${defaultEscalateAfter(DEFAULTS.maxIterations)}, at most --max-iterations).
  --max-turns N                 Claude Code turns per iteration (default ${DEFAULTS.maxTurns}).
  --max-budget-usd X            Claude spending cap for the whole run (default: none, as you watch the run
                                and Ctrl-C stops it; the GitHub Action's default is $${DEFAULTS.budgetUsd.unattended}).
  --allowed-tools LIST          Claude Code tools, comma separated (default ${DEFAULTS.allowedTools.join(',')}).
  --reasoning-effort E          Codex reasoning effort (low, medium, high, ...).
  -c, --codex-config KEY=VALUE  Extra Codex config override; repeatable (gateways, providers).
  --timeout-minutes N           Time limit of each agent run (default ${DEFAULTS.timeoutMinutes}).
  --base REF                    What review diffs against (default: HEAD's parent).
  --plan FILE                   Plan JSON the review judges against (review).
  --merge, --merge-into BRANCH  After approval, merge the branch (run; see codex-cto run --help).
  --dry-run                     Print the exact commands that would run; call nothing.
  --config PATH                 The config file (default: ${CONFIG_FILE} of the repository).
  -h, --help                    Show this, or a command's usage: codex-cto help <command>.
  --version                     codex-cto's version and the agent CLIs'.

A flag wins over the config file, the config file over the default.
`;

/** Every flag, for node's parseArgs. */
const OPTIONS = {
  model: { type: 'string' },
  'plan-model': { type: 'string' },
  'review-model': { type: 'string' },
  'claude-model': { type: 'string' },
  'max-iterations': { type: 'string' },
  'escalate-after': { type: 'string' },
  'max-turns': { type: 'string' },
  'max-budget-usd': { type: 'string' },
  'allowed-tools': { type: 'string' },
  'reasoning-effort': { type: 'string' },
  'codex-config': { type: 'string', short: 'c', multiple: true },
  'timeout-minutes': { type: 'string' },
  base: { type: 'string' },
  plan: { type: 'string' },
  ...LOCAL_FLAGS,
  'dry-run': { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export function parseCli(argv: readonly string[], config: LoadedConfig | null = null): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return { kind: 'help', topic: (command === 'help' ? rest[0] : command) ?? null };
  if (values.version) return { kind: 'version' };
  if (!command) return { kind: 'help', topic: null };
  const text = rest.join(' ').trim();
  const from = new CliSettings(values, config);
  const effort = from.effort();
  const common: Common = {
    dryRun: values['dry-run'] ?? false,
    codexConfig: values['codex-config'] ?? [],
    planReasoningEffort: effort.plan,
    reviewReasoningEffort: effort.review,
    timeoutMinutes: from.timeoutMinutes(),
    ...from.policy(),
  };
  switch (command) {
    case 'status':
      return { kind: 'status' };
    case 'plan':
      return { kind: 'plan', objective: required(text, 'plan'), model: from.model('plan'), ...common };
    case 'review':
      return { kind: 'review', text: required(text, 'review'), model: from.model('review'), base: values.base ?? null, planFile: values.plan ?? null, ...common };
    case 'run':
      return { kind: 'run', objective: required(text, 'run'), ...from.loop(), local: localOptionsFrom(values, localOptionsOf(config)), ...common };
    case 'config':
      // Every setting read the way `run` reads it, then listed with where each came from.
      from.loop();
      return { kind: 'config', rows: from.rows() };
    case 'runs':
      return { kind: 'runs' };
    case 'continue': {
      const [runId, ...feedback] = rest;
      if (!runId) throw usageError('continue needs a run id, e.g. codex-cto continue 20260101T120000-abc123 "Keep the old API"; codex-cto runs lists them');
      if (common.dryRun) throw usageError('continue has no --dry-run');
      const budget = values['max-budget-usd'];
      return { kind: 'continue', runId, feedback: feedback.join(' ').trim() || null, maxBudgetUsd: budget === undefined ? undefined : money(budget), ...common };
    }
    default:
      throw usageError(`unknown command "${command}"`);
  }
}

export function usageError(message: string): CtoError {
  return new CtoError('settings', `codex-cto: ${message}`, 'Run `codex-cto --help` for the commands and options.');
}

function required(text: string, command: string): string {
  if (!text) throw usageError(`${command} needs a quoted objective, e.g. codex-cto ${command} "Add a health check endpoint"`);
  return text;
}

function money(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > BOUNDS.budgetUsd.max) throw usageError(`--max-budget-usd must be a positive amount in USD, got "${raw}"`);
  return value;
}
