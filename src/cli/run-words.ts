// What the CLI says about a local run: its summary JSON, where its work is kept and how to go on, what a
// merge did, and the `codex-cto runs` table. Pure.
import { admit, phaseWords } from '../core/lifecycle.js';
import type { Limits } from '../core/ports.js';
import { formatUsd } from '../render/format.js';
import type { MergeReport } from '../workspace/local-merge.js';
import type { SavedRun } from './run-store.js';

/** The JSON a run prints on stdout when it ends. */
export function summaryOf(run: SavedRun): Record<string, unknown> {
  const { loop, place } = run;
  return {
    id: run.id,
    phase: loop.phase,
    reason: loop.stop_reason,
    branch: place.branch,
    worktree: place.dir,
    iterations: loop.iterations.length,
    total_cost_usd: loop.total_cost_usd,
    codex_tokens: loop.codex_tokens,
    session_id: loop.session_id,
  };
}

/** Where the work of a run that was not merged is, and the command that goes on with it (if one would). */
export function keptLines(run: SavedRun, limits: Limits | null): string[] {
  const { loop, place } = run;
  if (loop.phase === 'approved') {
    return [`approved: the branch ${place.branch} is ready in ${place.dir}`, `merge it with: git merge --no-ff ${place.branch}`];
  }
  const lines = [`${phaseWords(loop.phase)}: the work is kept in ${place.dir} (branch ${place.branch})`];
  if (limits !== null && admit({ kind: 'continue', feedback: null }, loop, limits).kind === 'run') {
    lines.push(`resume with: codex-cto continue ${run.id} ["your answer or guidance"]`);
  }
  return lines;
}

export function mergedLines(run: SavedRun, target: string, report: MergeReport): string[] {
  const { place, settings } = run;
  const lines = [`merged ${place.branch} into ${target} (${settings.local.mergeStyle}, now at ${report.sha.slice(0, 12)})`];
  const changes = report.yourChanges;
  if (changes.kind === 'committed') lines.push(`your uncommitted changes on ${target} were committed first, as ${changes.sha.slice(0, 12)}`);
  if (changes.kind === 'restored') lines.push(`your uncommitted changes on ${target} were set aside for the merge and put back`);
  if (changes.kind === 'in-stash') {
    lines.push(`your uncommitted changes on ${target} conflict with the merge: they are kept in the stash (git stash list; git stash pop to apply them)`);
  }
  lines.push(report.cleaned ? `removed the worktree ${place.dir} and the branch ${place.branch}` : `the worktree is kept at ${place.dir} (branch ${place.branch})`);
  return lines;
}

const OBJECTIVE_WIDTH = 60;

/** The `codex-cto runs` table: one line per run, newest first. */
export function runsTable(runs: readonly SavedRun[]): string {
  if (runs.length === 0) return 'No runs in this repository yet; start one with: codex-cto run "<objective>"';
  const rows = runs.map((run) => [run.id, run.loop.phase, String(run.loop.iterations.length), formatUsd(run.loop.total_cost_usd), oneLine(run.objective)]);
  const header = ['ID', 'STATE', 'ITERATIONS', 'COST', 'OBJECTIVE'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** The objective on one line of plain text, cut to fit the table. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > OBJECTIVE_WIDTH ? `${flat.slice(0, OBJECTIVE_WIDTH - 3)}...` : flat;
}
