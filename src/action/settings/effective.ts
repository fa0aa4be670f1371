// The action's effective settings as rows for the dry run: each setting a config file can set, its value,
// and where it came from (an input, the file with its line and key, or the default). Pure.
import type { SettingRow } from '../../render/settings-table.js';
import { configEntry, describeOrigin, type Origin } from './config-inputs.js';
import type { InputName } from './inputs.js';
import type { ResolvedSettings, Settings } from './settings.js';

type Shown = string | number | boolean | null | readonly string[];

/** Settings an input sets (the file's key standing in when the input is empty). */
const BY_INPUT: readonly [InputName, (s: Settings) => Shown][] = [
  ['plan-model', (s) => s.planModel],
  ['review-model', (s) => s.reviewModel],
  ['claude-model', (s) => s.claudeModel],
  ['max-turns', (s) => s.maxTurns],
  ['allowed-tools', (s) => s.allowedTools],
  ['max-iterations', (s) => s.maxIterations],
  ['escalate-after', (s) => s.escalateAfter],
  ['max-budget-usd', (s) => s.maxBudgetUsd ?? 'none'],
  ['require-plan-approval', (s) => s.requirePlanApproval],
  ['timeout-minutes', (s) => s.timeoutMinutes],
  ['branch-prefix', (s) => s.branchPrefix],
  ['draft-pr', (s) => s.draftPr],
  ['auto-merge', (s) => s.autoMerge],
  ['merge-method', (s) => s.mergeMethod],
  ['setup', (s) => s.setupCommands],
  ['env-passthrough', (s) => s.envPassthrough],
  ['verify', (s) => s.verifyCommands],
];

/** Settings only the file sets (or, for reasoning effort, the one input for both phases). */
const BY_KEY: readonly [string, (s: Settings) => Shown][] = [
  ['plan.reasoning-effort', (s) => s.planReasoningEffort],
  ['review.reasoning-effort', (s) => s.reviewReasoningEffort],
  ['plan.instructions', (s) => linesOf(s.planInstructions)],
  ['review.instructions', (s) => linesOf(s.reviewInstructions)],
  ['protected-paths', (s) => s.protectedPaths],
];

export function effectiveRows(resolved: ResolvedSettings): SettingRow[] {
  const { settings, origins, config } = resolved;
  const rows = BY_INPUT.map(([name, value]) => row(name, value(settings), origins.get(name) ?? { kind: 'default' }));
  for (const [key, value] of BY_KEY) {
    const effort = key.endsWith('reasoning-effort') ? origins.get('reasoning-effort') : undefined;
    const origin: Origin = effort?.kind === 'input' ? effort : (configEntry(config, key)?.origin ?? { kind: 'default' });
    rows.push(row(key, value(settings), origin));
  }
  return rows;
}

function row(setting: string, value: Shown, origin: Origin): SettingRow {
  const shown = value === null ? '(none)' : Array.isArray(value) ? (value.length === 0 ? '(none)' : value.join(', ')) : String(value);
  return { setting, value: shown, origin: describeOrigin(origin) };
}

function linesOf(text: string | null): string | null {
  return text === null ? null : `${text.trim().split('\n').length} line(s)`;
}
