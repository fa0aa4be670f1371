// The Claude Code command line for one implementation run. Pure, so tests and --dry-run can show
// exactly what would be executed.
import type { ImplementRequest } from '../core/ports.js';
import type { RunAs } from '../workspace/process.js';
import { DEFAULTS } from '../core/model/defaults.js';
import { implementPrompt, workerSystemPrompt } from './implement-prompt.js';

export interface ClaudeOptions {
  binary: string;
  workdir: string;
  /** The complete child environment, built with agentEnv(..., 'claude', ...). */
  env: Record<string, string>;
  model: string | null;
  maxTurns: number;
  /** Tool names or rules such as `Bash(npm test:*)`; empty for the default tools. */
  allowedTools: string[];
  timeoutMs: number;
  /** Runs Claude Code as the agent user. */
  runAs?: RunAs;
  /** Ends the run at once (the model endpoint is unreachable); the reason is thrown. */
  signal?: AbortSignal;
  /** Where the shell wrapper goes (readable by the agent user); default: a folder of the temp dir. */
  shellDir?: string;
  /** Sessions known to be on disk though this process may not see them (carried from an earlier run). */
  knownSessions?: ReadonlySet<string>;
}

/**
 * Tools whose bare approval would let Claude write anywhere on disk. They are left to
 * `--permission-mode acceptEdits`, which approves edits inside the working directory only, so an
 * edit outside it is denied and shows up in `permission_denials`.
 */
const FILE_EDIT_TOOLS: ReadonlySet<string> = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);

/**
 * argv for `claude`. Two lists, because observed behaviour differs from what the flag names suggest:
 * `--allowedTools` only pre-approves (other tools, Agent, Skill and the like, stay offered, and
 * acceptEdits even runs some Bash file commands unapproved), while `--tools` decides which tools
 * exist at all. So `--tools` gets exactly the configured tool names and `--allowedTools` the rules.
 * The prompt goes last, after `--`, because both list flags are variadic and would swallow it.
 */
export function claudeArgs(request: ImplementRequest, options: ClaudeOptions): string[] {
  const rules = options.allowedTools.length > 0 ? options.allowedTools : DEFAULTS.allowedTools;
  const args = [
    '-p',
    // One JSON event per line while it works (progress, the transcript), the result object last.
    '--output-format', 'stream-json', '--verbose',
    '--max-turns', String(Math.max(1, Math.floor(options.maxTurns))),
    '--tools', toolNames(rules).join(','),
  ];
  const approved = preApproved(rules);
  if (approved.length > 0) args.push('--allowedTools', approved.join(','));
  args.push('--permission-mode', 'acceptEdits', '--append-system-prompt', workerSystemPrompt());
  if (options.model) args.push('--model', options.model);
  if (request.budgetUsd !== null) args.push('--max-budget-usd', formatUsd(request.budgetUsd));
  if (request.sessionId) args.push('--resume', request.sessionId);
  args.push('--', implementPrompt(request));
  return args;
}

/** `Bash(npm test:*)` -> `Bash`; order kept, duplicates dropped. */
export function toolNames(rules: readonly string[]): string[] {
  const names = rules.map((rule) => rule.replace(/\(.*$/s, '').trim()).filter((name) => name.length > 0);
  return [...new Set(names)];
}

/** The rules passed to `--allowedTools`: everything but bare file-edit tools (see FILE_EDIT_TOOLS). */
export function preApproved(rules: readonly string[]): string[] {
  return [...new Set(rules.map((rule) => rule.trim()).filter((rule) => rule && !FILE_EDIT_TOOLS.has(rule)))];
}

/** Dollars with at most four decimals, never negative, never in exponent notation. */
export function formatUsd(amount: number): string {
  const cents = Math.max(0, Math.floor(amount * 10_000)) / 10_000;
  return cents.toFixed(4).replace(/\.?0+$/, '') || '0';
}
