// Number, money, time and duration formats shared by every renderer. Deterministic on purpose:
// no locale (ICU data differs between machines) and no clock (times are passed in).

/** `$1.23`; two decimals, which is what a person compares between runs. A cost under a cent reads `<$0.01`, not `$0.00`. */
export function formatUsd(amount: number): string {
  const value = Number.isFinite(amount) ? amount : 0;
  return value > 0 && value < 0.005 ? '<$0.01' : `$${value.toFixed(2)}`;
}

/** `1,234,567` with comma grouping, independent of the machine's locale. */
export function formatCount(count: number): string {
  const value = Number.isFinite(count) ? Math.round(count) : 0;
  const digits = String(Math.abs(value));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0 ? `-${grouped}` : grouped;
}

/** `45s`, `3m 05s`, `1h 02m`: coarse on purpose, since agent runs take minutes. */
export function formatDuration(ms: number): string {
  const seconds = Number.isFinite(ms) && ms > 0 ? Math.round(ms / 1000) : 0;
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad2(seconds % 60)}s`;
  return `${Math.floor(minutes / 60)}h ${pad2(minutes % 60)}m`;
}

/** `2026-11-22 02:52 UTC` from an ISO 8601 time; null when the text is not a time. */
export function formatUtc(iso: string): string | null {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return null;
  const date = `${time.getUTCFullYear()}-${pad2(time.getUTCMonth() + 1)}-${pad2(time.getUTCDate())}`;
  return `${date} ${pad2(time.getUTCHours())}:${pad2(time.getUTCMinutes())} UTC`;
}

/** `1 task`, `3 tasks`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
