// Codex as planner and reviewer: one `codex exec` turn in a read-only sandbox with a JSON-schema
// answer, validated here (Codex itself does not validate); an invalid answer gets exactly one
// repair turn (`codex exec resume`) that quotes the errors, then fails with a clear message (or, for
// errors that have a safe reading, takes that reading: see `Checked.fallback`).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSchema } from '../core/model/assets.js';
import type { CodexOutcome, Planner, PlanRequest, Reviewer, ReviewRequest } from '../core/ports.js';
import { CtoError, InvalidAnswerError } from '../core/model/errors.js';
import { runProcess, type RunAs, type RunResult } from '../workspace/process.js';
import { readAgentFile } from '../workspace/agent-file.js';
import type { Plan, Review } from '../core/model/schema-types.js';
import { checkPlan, checkReview, parseJsonReply, type Checked } from '../core/model/schemas.js';
import { reviewContextOf } from '../core/model/verdict-rules.js';
import { checkedOverride, codexExecArgs, codexResumeArgs, type CodexArgsOptions, type TurnFiles } from './codex-args.js';
import { createEventReader, sandboxFailureIn, type CodexEvents } from './codex-events.js';
import { planPrompt, repairPrompt, reviewPrompt, type CodexPhase } from './prompts.js';
import { sandboxFix } from '../workspace/sandbox.js';

/** A plan or review is a few KB; a reply file larger than this is not one. */
const MAX_REPLY_BYTES = 4 * 1024 * 1024;

export { codexExecArgs, codexResumeArgs } from './codex-args.js';
export { parseCodexEvents } from './codex-events.js';

export interface CodexOptions extends CodexArgsOptions {
  binary: string;
  workdir: string;
  /** Outside the repository: holds the schema and the `-o` files of each turn. */
  scratchDir: string;
  /** The complete child environment, built by the caller from an allow-list. */
  env: Record<string, string>;
  model: string | null;
  reasoningEffort: string | null;
  configOverrides: string[];
  /** Limit of each Codex process (the first turn and the repair turn each get this much). */
  timeoutMs: number;
  persona: string;
  /** False when the pushes cannot change `.github/workflows/`: the prompts say so. Absent: they can. */
  workflowsWritable?: boolean;
  /**
   * Fresh directories for one phase (schema in, reply out) and the variables that point Codex at them (HOME,
   * CODEX_HOME); absent, a folder of `scratchDir` serves both and the environment is used as it is.
   */
  place?: (phase: CodexPhase) => Promise<CodexPlace>;
  /** Runs Codex as the agent user. */
  runAs?: RunAs;
  /** Ends a turn at once (the model endpoint is unreachable); the reason is thrown. */
  signal?: AbortSignal;
}

export interface CodexPlace {
  inputDir: string;
  outputDir: string;
  env: Record<string, string>;
}

/** Errors quoted in the final failure message; the full list went to Codex in the repair turn. */
const ERRORS_IN_MESSAGE = 3;
/** stdout is read line by line as events; only a little of it is kept as text. */
const KEPT_OUTPUT_BYTES = 256 * 1024;
const INSTALL_HINT = 'Install the Codex CLI (`npm install -g @openai/codex`) or point the action at its binary.';
const SANDBOX_HINT = sandboxFix([]);

export function createCodexPlanner(options: CodexOptions): Planner {
  return {
    plan: (request: PlanRequest) =>
      runPhase(options, 'plan', planPrompt({ persona: options.persona, objective: request.objective, context: request.context, workflowsWritable: options.workflowsWritable ?? true }), checkPlan),
  };
}

export function createCodexReviewer(options: CodexOptions): Reviewer {
  return {
    review: (request: ReviewRequest) =>
      runPhase(options, 'review', reviewPrompt({ persona: options.persona, request, workflowsWritable: options.workflowsWritable ?? true }), (value) => checkReview(value, reviewContextOf(request))),
  };
}

interface Turn {
  events: CodexEvents;
  raw: string;
  durationMs: number;
}

async function runPhase<T extends Plan | Review>(
  options: CodexOptions,
  phase: CodexPhase,
  prompt: string,
  check: (value: unknown) => Checked<T>,
): Promise<CodexOutcome<T>> {
  // Refuse a loosening override before anything runs.
  options.configOverrides.forEach(checkedOverride);
  const place = options.place ? await options.place(phase) : await scratchPlace(options.scratchDir, phase);
  const schema = join(place.inputDir, `${phase}.schema.json`);
  await writeFile(schema, `${JSON.stringify(readSchema(phase), null, 2)}\n`, { mode: 0o644 });
  const dir = place.outputDir;
  const turnOptions = { ...options, env: { ...options.env, ...place.env } };

  const firstFiles = turnFiles(schema, dir, 1);
  const first = await runTurn(turnOptions, phase, codexExecArgs(options, firstFiles, prompt), firstFiles.output);
  const firstCheck = judge(first.raw, check);
  if (firstCheck.ok) return outcome(firstCheck.value, [first], 0);

  const threadId = first.events.threadId;
  if (threadId === null) {
    throw new CtoError('agent-output', `Codex's ${phase} is invalid and cannot be repaired (no thread to resume): ${summarise(firstCheck.errors)}`);
  }
  const repair = repairPrompt(firstCheck.errors, phase);
  const secondFiles = turnFiles(schema, dir, 2);
  const second = await runTurn(turnOptions, phase, codexResumeArgs(options, secondFiles, threadId, repair), secondFiles.output);
  const secondCheck = judge(second.raw, check);
  if (secondCheck.ok) return outcome(secondCheck.value, [first, second], 1);
  // Errors with a safe reading (an approval beside something that blocks reads as revise) do not fail the run.
  if (secondCheck.fallback !== undefined) return outcome(secondCheck.fallback, [first, second], 1);
  throw new InvalidAnswerError(
    phase,
    second.raw,
    `Codex's ${phase} is still invalid after one repair turn: ${summarise(secondCheck.errors)}`,
    `The raw answer is kept with the run's artifacts (${phase}-invalid-*.json). A more capable model or a clearer objective usually helps.`,
  );
}

async function scratchPlace(scratchDir: string, phase: CodexPhase): Promise<CodexPlace> {
  await mkdir(scratchDir, { recursive: true });
  const dir = await mkdtemp(join(scratchDir, `codex-${phase}-`));
  return { inputDir: dir, outputDir: dir, env: {} };
}

function turnFiles(schema: string, dir: string, turn: number): TurnFiles {
  return { schema, output: join(dir, `reply-${turn}.txt`) };
}

function judge<T>(raw: string, check: (value: unknown) => Checked<T>): Checked<T> {
  const parsed = parseJsonReply(raw);
  return parsed.ok ? check(parsed.value) : { ok: false, errors: [parsed.error] };
}

function outcome<T>(value: T, turns: readonly Turn[], repairs: number): CodexOutcome<T> {
  const last = turns[turns.length - 1] as Turn;
  return {
    value,
    threadId: turns[0]?.events.threadId ?? null,
    // `codex exec resume` reports the usage of the whole thread (seen with 0.169.0: 20 -> 30 -> 50
    // over three turns), so the last turn's figure already covers both turns.
    usage: last.events.usage,
    raw: last.raw,
    repairs,
    durationMs: turns.reduce((sum, turn) => sum + turn.durationMs, 0),
  };
}

/** Runs one Codex process and turns every way it can fail into a typed error. */
async function runTurn(options: CodexOptions, phase: CodexPhase, args: string[], output: string): Promise<Turn> {
  const reader = createEventReader();
  const result = await runProcess(options.binary, args, {
    cwd: options.workdir,
    env: options.env,
    timeoutMs: options.timeoutMs,
    maxOutputBytes: KEPT_OUTPUT_BYTES,
    onStdoutLine: (line) => reader.push(line),
    runAs: options.runAs,
    signal: options.signal,
  });
  if (options.signal?.aborted) throw options.signal.reason;
  const events = reader.result();
  failOn(result, events, phase, options);
  // The reply file sits in a folder the agent user owns: read without following links, bounded.
  const raw = await readAgentFile(output, MAX_REPLY_BYTES);
  if (raw.trim() === '') {
    throw new CtoError(
      'agent-failed',
      `Codex ended its ${phase} turn without an answer: the output file is empty.${lastWords(events, result)}`,
      'Check the model and provider settings; the Codex event log shows what happened in the turn.',
    );
  }
  return { events, raw, durationMs: result.durationMs };
}

function failOn(result: RunResult, events: CodexEvents, phase: CodexPhase, options: CodexOptions): void {
  if (result.spawnError !== null) {
    throw new CtoError('agent-missing', `Codex could not be started (${options.binary}): ${result.spawnError}`, INSTALL_HINT);
  }
  if (result.timedOut) {
    throw new CtoError(
      'timeout',
      `Codex did not finish its ${phase} within ${Math.round(options.timeoutMs / 1000)} s and was stopped.`,
      'Raise `timeout-minutes` (the limit of each agent run), or narrow the objective.',
    );
  }
  const sandbox =
    (events.turnFailed === null ? null : sandboxFailureIn(events.turnFailed)) ?? events.sandboxFailure ?? sandboxFailureIn(result.stderr);
  if (sandbox !== null) {
    throw new CtoError('sandbox', `Codex's read-only sandbox could not start: ${sandbox}`, SANDBOX_HINT);
  }
  if (events.turnFailed !== null) {
    throw new CtoError('agent-failed', `Codex's ${phase} turn failed: ${events.turnFailed}`);
  }
  if (result.exitCode !== 0) {
    const how = result.exitCode === null ? `was killed (${result.signal ?? 'signal'})` : `exited with code ${result.exitCode}`;
    throw new CtoError('agent-failed', `Codex ${how} during its ${phase}.${lastWords(events, result)}`);
  }
}

/** The last error event or stderr lines, to quote in a failure. */
function lastWords(events: CodexEvents, result: RunResult): string {
  const stderr = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('WARNING: proceeding') && line !== 'Reading additional input from stdin...')
    .slice(-5)
    .join(' | ');
  const said = events.errors[events.errors.length - 1] ?? stderr;
  return said === '' ? '' : ` Codex said: ${said.slice(0, 1_000)}`;
}

function summarise(errors: readonly string[]): string {
  const shown = errors.slice(0, ERRORS_IN_MESSAGE).join('; ');
  return errors.length > ERRORS_IN_MESSAGE ? `${shown}; and ${errors.length - ERRORS_IN_MESSAGE} more` : shown;
}
