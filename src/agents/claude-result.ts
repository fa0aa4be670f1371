// Turns what `claude -p` left behind (its result object, read from the stream or from stdout) into an
// ImplementOutcome. Agent failure is data here, never an exception: the files Claude wrote before failing stay on disk and the
// engine decides what to do with them.
import type { ImplementOutcome } from '../core/ports.js';

export interface ClaudeRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
}

/** Characters of stderr kept when there is no result object to report. */
export const STDERR_TAIL_CHARS = 2_000;
const DENIAL_INPUT_CHARS = 300;

/** `found`: the result object the stream reader kept; absent, stdout is searched for it (`--output-format json`). */
export function parseClaudeResult(run: ClaudeRun, found?: Record<string, unknown> | null): ImplementOutcome {
  const result = found === undefined ? findResultObject(run.stdout) : found;
  if (!result) return failure(run);
  const isError = result.is_error !== false;
  const stopReason = isError ? errorReason(result) : 'success';
  return {
    // Judged by is_error: an API error arrives as subtype "success" with is_error true.
    ok: !isError && run.exitCode === 0,
    sessionId: stringOr(result.session_id, null),
    turns: numberOr(result.num_turns, 0),
    costUsd: numberOr(result.total_cost_usd, 0),
    durationMs: run.durationMs,
    resultText: isError || run.exitCode !== 0 ? errorText(result, run.stderr, run.exitCode) : stringOr(result.result, ''),
    stopReason: !isError && run.exitCode !== 0 ? 'crash' : stopReason,
    permissionDenials: denials(result.permission_denials),
  };
}

type Json = Record<string, unknown>;

/** The final `{"type":"result"}` object: the whole of stdout, or else its last line that is one. */
function findResultObject(stdout: string): Json | null {
  const candidates = [stdout.trim(), ...stdout.trim().split('\n').reverse()];
  for (const candidate of candidates) {
    if (!candidate.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(candidate);
      if (isObject(value) && value.type === 'result') return value;
    } catch {
      // Not this one; try the next line.
    }
  }
  return null;
}

function errorReason(result: Json): string {
  const subtype = stringOr(result.subtype, '');
  const terminal = stringOr(result.terminal_reason, '');
  if (subtype === 'error_max_turns' || terminal === 'max_turns') return 'error_max_turns';
  if (subtype === 'error_max_budget_usd' || terminal.includes('budget')) return 'error_max_budget_usd';
  if (terminal === 'api_error' || (result.api_error_status !== undefined && result.api_error_status !== null)) return 'api_error';
  if (subtype.startsWith('error_')) return subtype;
  return terminal || 'crash';
}

function errorText(result: Json, stderr: string, exitCode: number | null = null): string {
  const parts: string[] = [];
  const text = stringOr(result.result, '').trim();
  if (text) parts.push(text);
  if (Array.isArray(result.errors)) {
    for (const error of result.errors) parts.push(typeof error === 'string' ? error : JSON.stringify(error));
  }
  if (typeof result.api_error_status === 'number') parts.push(`API status ${result.api_error_status}`);
  if (parts.length === 0 && result.is_error === false && exitCode !== 0) {
    parts.push(`Claude Code exited with code ${exitCode ?? 'unknown'} after reporting success.`);
    const stderrTail = tail(stderr);
    if (stderrTail) parts.push(stderrTail);
  }
  if (parts.length === 0) parts.push(tail(stderr) || 'Claude Code reported an error without a message.');
  return parts.join('\n');
}

function failure(run: ClaudeRun): ImplementOutcome {
  const stopReason = run.timedOut ? 'timeout' : run.exitCode === 0 ? 'unparseable' : 'crash';
  const what = run.timedOut
    ? `Claude Code did not finish in time and was stopped after ${Math.round(run.durationMs / 1000)} s.`
    : run.exitCode === 0
      ? 'Claude Code exited without a JSON result.'
      : `Claude Code exited with ${run.exitCode === null ? 'a signal' : `code ${run.exitCode}`} and no JSON result.`;
  const output = tail(run.stderr) || tail(run.stdout);
  return {
    ok: false,
    sessionId: null,
    turns: 0,
    costUsd: 0,
    durationMs: run.durationMs,
    resultText: output ? `${what}\n${output}` : what,
    stopReason,
    permissionDenials: [],
  };
}

function denials(value: unknown): ImplementOutcome['permissionDenials'] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((denial) => ({
    tool: stringOr(denial.tool_name, 'unknown'),
    input: summariseInput(denial.tool_input),
  }));
}

/** The part of a tool input a person needs to see: the command or path, else compact JSON. */
function summariseInput(input: unknown): string {
  let text: string;
  if (isObject(input) && typeof input.command === 'string') text = input.command;
  else if (isObject(input) && typeof input.file_path === 'string') text = input.file_path;
  else if (isObject(input) && typeof input.url === 'string') text = input.url;
  else text = JSON.stringify(input ?? null);
  return text.length > DENIAL_INPUT_CHARS ? `${text.slice(0, DENIAL_INPUT_CHARS)}...` : text;
}

function tail(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > STDERR_TAIL_CHARS ? `...${trimmed.slice(-STDERR_TAIL_CHARS)}` : trimmed;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
