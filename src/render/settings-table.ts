// The effective settings as text: one line per setting with its value and where it came from (a flag or an
// input, the config file with its line and key, or the default). `codex-cto config` and the action's
// dry run print it. Pure.

/** One setting, its value as shown, and where the value came from. */
export interface SettingRow {
  setting: string;
  value: string;
  origin: string;
}

const MAX_VALUE = 60;

export function settingsTable(rows: readonly SettingRow[]): string {
  const shown = rows.map((row) => ({ ...row, value: oneLine(row.value) }));
  const settingWidth = Math.max('setting'.length, ...shown.map((row) => row.setting.length));
  const valueWidth = Math.max('value'.length, ...shown.map((row) => row.value.length));
  const line = (a: string, b: string, c: string): string => `${a.padEnd(settingWidth)}  ${b.padEnd(valueWidth)}  ${c}`.trimEnd();
  return [line('setting', 'value', 'from'), ...shown.map((row) => line(row.setting, row.value, row.origin))].join('\n');
}

function oneLine(value: string): string {
  const flat = value.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();
  return flat.length > MAX_VALUE ? `${flat.slice(0, MAX_VALUE - 3)}...` : flat;
}
