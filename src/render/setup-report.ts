// The repository's setup as people see it: the section of the job summary, and the words of a failed
// command that stop the loop (the failure reporter puts them in the tracking comment's `<pre>` block).
import type { SetupResult } from '../core/ports.js';
import { clip, code, escapePreformatted, escapeTableCell, stripInvisible } from './escape.js';
import { formatDuration } from './format.js';

/** Lines of a failed command's output shown with its failure. */
const LAST_LINES = 20;
const LINE_CHARS = 300;
/** The output shown per command in the job summary. */
const SUMMARY_OUTPUT_CHARS = 6_000;

/** How a command ended, in a few words. */
export function setupOutcome(result: SetupResult, timeoutMinutes: number): string {
  if (result.spawnError !== null) return `could not start (${result.spawnError})`;
  if (result.timedOut) return `timed out (limit ${timeoutMinutes} min)`;
  return result.exitCode === null ? 'was killed' : `exited ${result.exitCode}`;
}

/** The last lines of a command's output, each shortened. */
export function lastLines(output: string, count = LAST_LINES): string {
  const lines = output.trimEnd().split('\n');
  return lines.slice(-count).map((line) => clip(line, LINE_CHARS)).join('\n');
}

/** The message of a setup command that failed: the command, how it ended, its last lines. */
export function setupFailureMessage(result: SetupResult, timeoutMinutes: number): string {
  const head = `The setup command \`${clip(result.command.replace(/\s+/g, ' '), 300)}\` ${setupOutcome(result, timeoutMinutes)} after ${formatDuration(result.durationMs)}; nothing was planned or changed.`;
  const tail = lastLines(result.output);
  return tail.trim() === '' ? `${head} It printed nothing.` : `${head} Its last lines:\n${tail}`;
}

/**
 * A setup command's output as a terminal shows it: the repository's text (and so possibly an agent's) with its
 * control characters removed, so it cannot move the cursor or retitle the window, each line indented, then
 * how the command ended.
 */
export function setupTerminalText(result: SetupResult, timeoutMinutes: number): string {
  const output = stripInvisible(result.output).trimEnd();
  const body = output === '' ? [] : output.split('\n').map((line) => `  ${line}`);
  return [...body, `setup: ${setupOutcome(result, timeoutMinutes)} after ${formatDuration(result.durationMs)}`].join('\n');
}

/** The job summary's setup section: each command, how it ended and how long it took, the output folded. */
export function setupSummary(results: readonly SetupResult[], timeoutMinutes: number): string {
  if (results.length === 0) return '';
  const rows = results.map((r) => `| ${code(r.command)} | ${escapeTableCell(setupOutcome(r, timeoutMinutes))} | ${formatDuration(r.durationMs)} |`);
  const outputs = results
    .filter((r) => r.output.trim() !== '')
    .map((r) => [`<details><summary>${escapeTableCell(clip(r.command, 200))}</summary>`, '', '<pre>', escapePreformatted(lastChars(r.output, SUMMARY_OUTPUT_CHARS)), '</pre>', '</details>'].join('\n'));
  return ['### Setup', '', '| command | result | time |', '| --- | --- | --- |', ...rows, '', ...outputs, ''].join('\n');
}

function lastChars(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}
