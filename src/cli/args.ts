// The local CLI's command line, parsed once into a typed command over the repository's config file (a flag
// wins over the file, the file over the default; see cli-settings.ts). Pure.
import { parseArgs } from 'node:util';
import { CtoError } from '../core/model/errors.js';
import { BOUNDS, DEFAULTS, defaultEscalateAfter } from '../core/model/defaults.js';
import { CONFIG_FILE, type LoadedConfig } from '../core/model/repo-config.js';
import { CliSettings, type RepositoryWork, type SettingRow } from './cli-settings.js';
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

/** Where `--json` plan and review keep their numbered artifacts: a new run, or the one `--run` names. */
interface Recorded {
  /** Print only the validated JSON on stdout (diagnostics go to stderr). */
  json: boolean;
  runId: string | null;
}

export type CliCommand =
  | ({ kind: 'plan'; objective: string; model: string | null } & Common & Recorded)
  | ({
      kind: 'review';
      text: string;
      model: string | null;
      base: string | null;
      planFile: string | null;
      maxIterations: number;
      escalateAfter: number;
    } & Common & Recorded)
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
    } & RepositoryWork & Common)
  | ({ kind: 'continue'; runId: string; feedback: string | null; maxBudgetUsd: number | null | undefined } & RepositoryWork & Common)
  | { kind: 'runs' }
  | { kind: 'config'; rows: SettingRow[] }
  | { kind: 'status' }
  | { kind: 'skill'; action: 'install' | 'uninstall'; scope: SkillScope }
  | { kind: 'help'; topic: string | null }
  | { kind: 'version' };

/** Where the Claude Code skill goes: the repository's `.claude/skills/`, or the user's. */
export type SkillScope = 'project' | 'user';

export const USAGE = `Usage: codex-cto <command> [options]

Commands:
  plan "<objective>"            Ask Codex for a plan; prints it (--json: only the validated plan JSON).
  review "<objective + results>" Ask Codex to review HEAD against --base; prints the verdict (--json: the JSON).
  run "<objective>"             Run the whole loop in a new git worktree and branch.
  runs                          List this repository's runs (id, state, iterations, cost, objective).
  continue <run-id> [feedback]  Resume a paused, capped or interrupted run, with your answer or guidance.
  status                        Check the CLIs, their keys or logins, Codex's sandbox and the skill.
  config                        Print the effective settings and where each came from.
  skill install|uninstall       Add (or remove) the Claude Code skill /codex-cto: --project (default) or --user.

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
  --timeout-minutes N           Time limit of each agent run and verification command (default ${DEFAULTS.timeoutMinutes}).
  --env LIST, --secret-env LIST Variables of yours passed to Claude Code, setup and verification (run).
  --base REF                    What review diffs against (default: HEAD's parent).
  --plan FILE                   Plan JSON the review judges against (review; default: the run's latest plan).
  --json                        Print only the validated JSON on stdout (plan, review); diagnostics on stderr.
  --run ID                      Keep numbering the artifacts of run ID in .codex-cto/ID/ (plan, review).
  --project, --user             Where skill install|uninstall works: this repository (default) or your home.
  --merge, --merge-into BRANCH  After approval, merge the branch (run; see codex-cto run --help).
  --dry-run                     Print the exact commands that would run; call nothing.
  --config PATH                 The config file (default: ${CONFIG_FILE} of the repository).
  -h, --help                    Show this, or a command's usage: codex-cto help <command>.
  --version                     codex-cto's version and the agent CLIs'.

A flag wins over the config file, the config file over the default.
Exit codes: 0 success (review: approve), 1 error, 2 revise, 3 abort, 4 needs_human (review).
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
  env: { type: 'string' },
  'secret-env': { type: 'string' },
  'setup-timeout-minutes': { type: 'string' },
  base: { type: 'string' },
  plan: { type: 'string' },
  ...LOCAL_FLAGS,
  json: { type: 'boolean' },
  run: { type: 'string' },
  project: { type: 'boolean' },
  user: { type: 'boolean' },
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
      return { kind: 'plan', objective: required(text, 'plan'), model: from.model('plan'), ...recorded(values), ...common };
    case 'review': {
      const loop = from.loop();
      return {
        kind: 'review',
        text: required(text, 'review'),
        model: from.model('review'),
        base: values.base ?? null,
        planFile: values.plan ?? null,
        maxIterations: loop.maxIterations,
        escalateAfter: loop.escalateAfter,
        ...recorded(values),
        ...common,
      };
    }
    case 'skill':
      return skillCommand(rest, values);
    case 'run':
      return { kind: 'run', objective: required(text, 'run'), ...from.loop(), ...from.repositoryWork(), local: localOptionsFrom(values, localOptionsOf(config)), ...common };
    case 'config':
      // Every setting read the way `run` reads it, then listed with where each came from.
      from.loop();
      from.repositoryWork();
      return { kind: 'config', rows: from.rows() };
    case 'runs':
      return { kind: 'runs' };
    case 'continue': {
      const [runId, ...feedback] = rest;
      if (!runId) throw usageError('continue needs a run id, e.g. codex-cto continue 20260101T120000-abc123 "Keep the old API"; codex-cto runs lists them');
      if (common.dryRun) throw usageError('continue has no --dry-run');
      const budget = values['max-budget-usd'];
      // The repository's setup, variables and verification are read again: a fixed setup applies.
      return { kind: 'continue', runId, feedback: feedback.join(' ').trim() || null, maxBudgetUsd: budget === undefined ? undefined : money(budget), ...from.repositoryWork(), ...common };
    }
    default:
      throw usageError(`unknown command "${command}"`);
  }
}

/** A run id names a folder under .codex-cto/: letters, digits, `.`, `_`, `-`. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function recorded(values: { json?: boolean; run?: string }): Recorded {
  const runId = values.run ?? null;
  if (runId !== null && !RUN_ID.test(runId)) throw usageError(`--run takes the id of a run in .codex-cto/ (letters, digits, ".", "_", "-"), got "${runId}"`);
  return { json: values.json ?? false, runId };
}

function skillCommand(rest: readonly string[], values: { project?: boolean; user?: boolean }): CliCommand {
  const [action, ...extra] = rest;
  if (action !== 'install' && action !== 'uninstall') throw usageError('skill needs install or uninstall, e.g. codex-cto skill install --project');
  if (extra.length > 0) throw usageError(`skill ${action} takes no other words, got "${extra.join(' ')}"`);
  if (values.project && values.user) throw usageError('choose one of --project and --user');
  return { kind: 'skill', action, scope: values.user ? 'user' : 'project' };
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
