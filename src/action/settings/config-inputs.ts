// Which key of the repository's config file stands for which action input, and the file's values as the
// text an input would hold, so that a value from the file is checked by the same rules (and refused with
// the same words, its file, line and key named) as the input it stands for.
import { configProblem } from '../../core/model/config-file.js';
import type { LoadedConfig, RepoConfig } from '../../core/model/repo-config.js';
import type { InputName } from './inputs.js';

/** The config key each configurable input stands for (an explicit input wins over it). */
export const CONFIG_KEYS: Readonly<Partial<Record<InputName, string>>> = Object.freeze({
  'plan-model': 'plan.model',
  'review-model': 'review.model',
  'claude-model': 'implement.model',
  'max-turns': 'implement.max-turns',
  'allowed-tools': 'implement.allowed-tools',
  'max-iterations': 'loop.max-iterations',
  'escalate-after': 'loop.escalate-after',
  'max-budget-usd': 'loop.max-budget-usd',
  'require-plan-approval': 'loop.require-plan-approval',
  'timeout-minutes': 'loop.timeout-minutes',
  'branch-prefix': 'pull-request.branch-prefix',
  'draft-pr': 'pull-request.draft',
  'auto-merge': 'pull-request.auto-merge',
  'merge-method': 'pull-request.merge-method',
  setup: 'setup',
  'env-passthrough': 'env',
  verify: 'verify',
});

/** Where a setting's value came from. */
export type Origin =
  | { kind: 'input'; name: string }
  | { kind: 'config'; source: string; key: string; line: number | null }
  | { kind: 'default' };

export interface ConfigEntry {
  /** The value as an input would hold it (a list one item a line). */
  text: string;
  origin: Extract<Origin, { kind: 'config' }>;
}

/** The value the file sets at a dotted key (`loop.max-iterations`), or undefined. */
export function configAt(config: RepoConfig, key: string): unknown {
  let value: unknown = config;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The entry at `key` of a loaded file; null when the file does not set it. */
export function configEntry(loaded: LoadedConfig | null, key: string): ConfigEntry | null {
  if (loaded === null) return null;
  const value = configAt(loaded.config, key);
  if (value === undefined || value === null) return null;
  const text = Array.isArray(value) ? value.map(String).join('\n') : String(value);
  return { text, origin: { kind: 'config', source: loaded.source, key, line: loaded.lines[key] ?? null } };
}

/** The entry standing for an input, or null when no key stands for it or the file does not set it. */
export function configEntryFor(loaded: LoadedConfig | null, name: InputName): ConfigEntry | null {
  const key = CONFIG_KEYS[name];
  return key === undefined ? null : configEntry(loaded, key);
}

/** A problem with a value from the file, worded like the input problems. */
export function configValueProblem(origin: ConfigEntry['origin'], expected: string, got: string): string {
  return `${configProblem(origin.source, origin.line, origin.key, `expected ${expected}, got ${got}`)} — fix the repository's config file`;
}

/** How the effective settings name an origin. */
export function describeOrigin(origin: Origin): string {
  switch (origin.kind) {
    case 'input':
      return `input \`${origin.name}\``;
    case 'config':
      return `${origin.source}${origin.line === null ? '' : ` line ${origin.line}`} (\`${origin.key}\`)`;
    case 'default':
      return 'default';
  }
}
