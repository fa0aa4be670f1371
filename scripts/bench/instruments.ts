// How the bench sees inside a run without changing the action:
// - timing shims: tiny bash scripts first on the action's PATH, one per program (codex, claude, npm), that
//   note the start and end of every call (bash's $EPOCHREALTIME, so no extra process) and pass everything
//   else through. The action finds them like any binary on PATH; the wrapper's own cost (starting bash,
//   a few ms) falls outside the noted interval, i.e. on the overhead side.
// - a process probe preloaded into the action's Node process (process-probe.cjs): start, end, peak RSS.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROBE_SCRIPT = fileURLToPath(new URL('./process-probe.cjs', import.meta.url));

export interface ShimTarget {
  /** The program the shim runs. */
  target: string;
  /** Variables set for that program only (the action hands agents an allow-listed environment). */
  env?: Record<string, string>;
}

/** One call of a shimmed program. */
export interface Call {
  program: string;
  /** The first argument (`exec`, `-p`, `--version`, `test`), to tell agent work from version checks. */
  firstArg: string;
  startMs: number;
  endMs: number;
}

export interface ProbeRecord {
  startMs: number;
  endMs: number;
  maxRssKb: number;
  /** The action's first log lines, each with when it was written (ms from the process start). */
  lines?: { atMs: number; text: string }[];
}

export async function writeShims(dir: string, log: string, shims: Record<string, ShimTarget>): Promise<void> {
  for (const [name, shim] of Object.entries(shims)) {
    const exports = Object.entries(shim.env ?? {}).map(([key, value]) => `export ${key}=${shellQuote(value)}`);
    const script = [
      '#!/bin/bash',
      `# Bench timing shim for ${name}: notes start and end of each call, then passes everything through.`,
      ...exports,
      'start=$EPOCHREALTIME',
      `${shellQuote(shim.target)} "$@"`,
      'status=$?',
      'end=$EPOCHREALTIME',
      `printf '%s %s %s %s\\n' ${shellQuote(name)} "$start" "$end" "\${1:-}" >> ${shellQuote(log)}`,
      'exit $status',
      '',
    ].join('\n');
    await writeFile(join(dir, name), script, { mode: 0o755 });
  }
}

export async function readCalls(log: string): Promise<Call[]> {
  const text = await readFile(log, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [program = '', start = '0', end = '0', firstArg = ''] = line.split(' ');
      // $EPOCHREALTIME is seconds with microseconds (`1795320590.514792`).
      const seconds = (text: string): number => Number(text.replace(',', '.'));
      return { program, firstArg, startMs: seconds(start) * 1000, endMs: seconds(end) * 1000 };
    })
    .sort((a, b) => a.startMs - b.startMs);
}

export async function readProbe(file: string): Promise<ProbeRecord> {
  return JSON.parse(await readFile(file, 'utf8')) as ProbeRecord;
}

/** Total time covered by the intervals, overlaps counted once. */
export function coveredMs(intervals: readonly { startMs: number; endMs: number }[]): number {
  const sorted = [...intervals].sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const { startMs, endMs } of sorted) {
    const from = Math.max(startMs, reach);
    if (endMs > from) total += endMs - from;
    reach = Math.max(reach, endMs);
  }
  return total;
}

/** The intervals clipped to a window. */
export function clip<T extends { startMs: number; endMs: number }>(intervals: readonly T[], from: number, to: number): T[] {
  return intervals
    .filter((i) => i.endMs > from && i.startMs < to)
    .map((i) => ({ ...i, startMs: Math.max(i.startMs, from), endMs: Math.min(i.endMs, to) }));
}

export function isVersionCheck(call: Call): boolean {
  return call.firstArg === '--version' || call.firstArg === '-V' || call.firstArg === '-v';
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
