// The CLI's settings, each taken from its flag, else the repository's config file, else the default, and
// remembered with where it came from (for `codex-cto config` and for messages that name the flag, or the
// file, line and key). Pure.
import { CtoError } from '../core/model/errors.js';
import { BOUNDS, DEFAULTS, defaultEscalateAfter } from '../core/model/defaults.js';
import { configProblem, type LoadedConfig } from '../core/model/repo-config.js';
import { looksLikeCredential } from '../safety/env.js';
import { passthroughRefusal } from '../safety/env-passthrough.js';

import type { SettingRow } from '../render/settings-table.js';

export type { SettingRow } from '../render/settings-table.js';

type Flags = Readonly<Record<string, string | boolean | string[] | undefined>>;
type Found = { value: unknown; flag: string } | { value: unknown; key: string; line: number | null } | null;
type Phase = 'plan' | 'review';

/** The repository's own work around the agents' (config `setup`, `env`, `verify`), as a run takes it. */
export interface RepositoryWork {
  /** Run in the run's worktree before any model call, each within `setupTimeoutMinutes`. */
  setupCommands: string[];
  setupTimeoutMinutes: number;
  /** Variables passed from your environment to Claude Code, setup and verification (never to Codex). */
  envPassthrough: string[];
  /** Like `envPassthrough`, for names that look like credentials: only ever passed when listed here. */
  secretEnv: string[];
  /** Run after every implementation besides the plan's verification, each within the phase's time limit. */
  verifyCommands: string[];
}

export const REPOSITORY_WORK_KEYS = ['setupCommands', 'setupTimeoutMinutes', 'envPassthrough', 'secretEnv', 'verifyCommands'] as const satisfies readonly (keyof RepositoryWork)[];

/** The repository's work of a command, alone. */
export function workOf(command: RepositoryWork): RepositoryWork {
  const { setupCommands, setupTimeoutMinutes, envPassthrough, secretEnv, verifyCommands } = command;
  return { setupCommands, setupTimeoutMinutes, envPassthrough, secretEnv, verifyCommands };
}

const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

export class CliSettings {
  private readonly flags: Flags;
  private readonly config: LoadedConfig | null;
  private readonly table = new Map<string, SettingRow>();

  constructor(flags: Flags, config: LoadedConfig | null) {
    this.flags = flags;
    this.config = config;
  }

  /** Every setting read so far, in the order read. */
  rows(): SettingRow[] {
    return [...this.table.values()];
  }

  /** `--model` (plan and review commands); in a run, `--<phase>-model` first. */
  model(phase: Phase, runFlag?: string): string | null {
    const found = this.find([...(runFlag ? [runFlag] : []), 'model'], `${phase}.model`);
    return this.note(`${phase} model`, found, found === null ? null : String(found.value));
  }

  /** `--reasoning-effort` sets both phases; the file sets each. */
  effort(): { plan: string | null; review: string | null } {
    const read = (phase: Phase): string | null => {
      const found = this.find(['reasoning-effort'], `${phase}.reasoning-effort`);
      if (found !== null && !EFFORTS.includes(String(found.value))) this.fail(found, `one of ${EFFORTS.join(', ')}`);
      return this.note(`${phase} reasoning effort`, found, found === null ? null : String(found.value));
    };
    return { plan: read('plan'), review: read('review') };
  }

  timeoutMinutes(): number {
    return this.whole('timeout-minutes', 'loop.timeout-minutes', DEFAULTS.timeoutMinutes, BOUNDS.timeoutMinutes);
  }

  /** The team's rules and protected paths: only the file sets them. */
  policy(): { planInstructions: string | null; reviewInstructions: string | null; protectedPaths: string[] } {
    const text = (phase: Phase): string | null => {
      const found = this.find([], `${phase}.instructions`);
      const value = found === null || String(found.value).trim() === '' ? null : String(found.value);
      this.note(`${phase} instructions`, found, value === null ? null : `${value.trim().split('\n').length} line(s)`);
      return value;
    };
    const paths = this.find([], 'protected-paths');
    const protectedPaths = paths === null ? [] : (paths.value as string[]);
    this.note('protected paths', paths, protectedPaths.join(', '));
    return { planInstructions: text('plan'), reviewInstructions: text('review'), protectedPaths };
  }

  /** What a run adds: the loop's bounds, the models, Claude Code's turns and tools. */
  loop(): { maxIterations: number; escalateAfter: number; maxTurns: number; maxBudgetUsd: number | null; planModel: string | null; reviewModel: string | null; claudeModel: string | null; allowedTools: string[] } {
    const maxIterations = this.whole('max-iterations', 'loop.max-iterations', DEFAULTS.maxIterations, BOUNDS.iterations);
    return {
      maxIterations,
      escalateAfter: this.whole('escalate-after', 'loop.escalate-after', defaultEscalateAfter(maxIterations), { min: BOUNDS.iterations.min, max: maxIterations }),
      maxTurns: this.whole('max-turns', 'implement.max-turns', DEFAULTS.maxTurns, BOUNDS.turns),
      maxBudgetUsd: this.budget(),
      planModel: this.model('plan', 'plan-model'),
      reviewModel: this.model('review', 'review-model'),
      claudeModel: this.claudeModel(),
      allowedTools: this.tools(),
    };
  }

  /** Setup, the passed variables and the always-run verification: the file's keys, `--env` and `--secret-env`. */
  repositoryWork(): RepositoryWork {
    const commands = (key: 'setup' | 'verify'): string[] => {
      const found = this.find([], key);
      const list = found === null ? [] : (found.value as string[]);
      this.note(key === 'setup' ? 'setup' : 'verify', found, list.join('; '));
      return list;
    };
    const setupCommands = commands('setup');
    const setupTimeoutMinutes = this.whole('setup-timeout-minutes', 'setup-timeout-minutes', DEFAULTS.setupTimeoutMinutes, BOUNDS.timeoutMinutes);
    return { setupCommands, setupTimeoutMinutes, envPassthrough: this.names('env', 'env', false), secretEnv: this.names('secret-env', 'secret-env', true), verifyCommands: commands('verify') };
  }

  /** Variable names from a comma-separated flag or the file's list, each one the agents may have. */
  private names(flag: string, key: string, secret: boolean): string[] {
    const found = this.find([flag], key);
    const names = found === null ? [] : 'flag' in found ? String(found.value).split(',').map((n) => n.trim()).filter(Boolean) : (found.value as string[]);
    names.forEach((name, index) => {
      const refusal = !secret && looksLikeCredential(name) && passthroughRefusal(name, true) === null
        ? `it looks like a credential: pass it with --secret-env ${name} if the agents must have it`
        : passthroughRefusal(name, secret);
      if (refusal !== null) this.fail(this.item(found, index, name), `a variable the agents may have, but ${refusal}`);
    });
    if (names.length > BOUNDS.envNames.max) this.fail(found, `at most ${BOUNDS.envNames.max} names`);
    this.note(flag === 'env' ? 'env' : 'secret env', found, names.join(', '));
    return names;
  }

  /** Item `index` of a list the file gave (its own line), or the flag that gave the whole list. */
  private item(found: Found, index: number, value: string): Found {
    if (found === null || 'flag' in found) return found === null ? null : { value, flag: found.flag };
    const key = `${found.key}[${index}]`;
    return { value, key, line: this.config?.lines[key] ?? found.line };
  }

  private claudeModel(): string | null {
    const found = this.find(['claude-model'], 'implement.model');
    return this.note('claude model', found, found === null ? null : String(found.value));
  }

  private tools(): string[] {
    const found = this.find(['allowed-tools'], 'implement.allowed-tools');
    const tools = found === null ? [...DEFAULTS.allowedTools] : 'flag' in found ? String(found.value).split(',').map((t) => t.trim()).filter(Boolean) : (found.value as string[]);
    this.note('allowed tools', found, tools.join(','));
    return tools;
  }

  private budget(): number | null {
    const found = this.find(['max-budget-usd'], 'loop.max-budget-usd');
    if (found === null) return this.note('max budget usd', found, DEFAULTS.budgetUsd.attended);
    const value = found.value === 'none' ? null : Number(found.value);
    if (value !== null && (!Number.isFinite(value) || value <= 0 || value > BOUNDS.budgetUsd.max)) this.fail(found, 'a positive amount in USD, or `none`');
    return this.note('max budget usd', found, value);
  }

  private whole(flag: string, key: string, fallback: number, range: { min: number; max: number }): number {
    const found = this.find([flag], key);
    const value = found === null ? fallback : Number(found.value);
    if (!Number.isInteger(value) || value < range.min || value > range.max) this.fail(found, `a whole number from ${range.min} to ${range.max}`);
    return this.note(flag.replace(/-/g, ' '), found, value);
  }

  /** The first flag given, else the file's key, else null. */
  private find(flags: readonly string[], key: string): Found {
    for (const flag of flags) {
      const value = this.flags[flag];
      if (value !== undefined) return { value, flag };
    }
    if (this.config === null) return null;
    let value: unknown = this.config.config;
    for (const part of key.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    return value === undefined || value === null ? null : { value, key, line: this.config.lines[key] ?? null };
  }

  private note<T extends string | number | null>(setting: string, found: Found, value: T): T {
    const origin = found === null ? 'default' : 'flag' in found ? `--${found.flag}` : `${this.config?.source ?? ''}${found.line === null ? '' : ` line ${found.line}`} (\`${found.key}\`)`;
    this.table.set(setting, { setting, value: value === null || value === '' ? '(none)' : String(value), origin });
    return value;
  }

  private fail(found: Found, expected: string): never {
    if (found !== null && !('flag' in found)) {
      throw new CtoError('config', configProblem(this.config?.source ?? '', found.line, found.key, `expected ${expected}, got \`${String(found.value)}\``), 'Fix the config file, or override the value with its flag.');
    }
    const flag = found === null ? 'a default' : `--${found.flag}`;
    throw new CtoError('settings', `codex-cto: ${flag} must be ${expected}, got "${String(found?.value)}"`, 'Run `codex-cto --help` for the commands and options.');
  }
}
