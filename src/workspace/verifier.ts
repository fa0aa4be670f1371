// Runs the plan's verification commands: the reviewer gets facts (exit codes, output), not claims.
import type { VerificationResult, Verifier } from '../core/ports.js';
import { runProcess, type RunAs } from './process.js';

export interface VerifierOptions {
  cwd: string;
  /** A scrubbed environment (no tokens, no vendor keys). */
  env: Record<string, string>;
  timeoutMs: number;
  /** Output kept per stream of each command: its head and its tail, the cut marked. */
  maxOutputBytes?: number;
  /** Commands run at most; the rest are reported as skipped. */
  maxCommands?: number;
  /** Runs the commands as the agent user: they are the agent's code as much as the change is. */
  runAs?: RunAs;
  /** Ends the commands at once; the reason is thrown. */
  signal?: AbortSignal;
  /** The repository's own commands, run after the plan's every time (those the plan already names run once). */
  alwaysRun?: readonly string[];
  /** Masks values passed on purpose as secrets (`secret-env`): a test that prints one must not carry it into a prompt. */
  redact?: (text: string) => string;
}

const DEFAULT_OUTPUT_BYTES = 16 * 1024;
const DEFAULT_MAX_COMMANDS = 20;
const asIs = (text: string): string => text;

export function createVerifier(options: VerifierOptions): Verifier {
  return {
    async verify(planned) {
      const results: VerificationResult[] = [];
      const always = options.alwaysRun ?? [];
      const commands = [...planned, ...always.filter((command) => !planned.includes(command))];
      const limit = options.maxCommands ?? DEFAULT_MAX_COMMANDS;
      for (const [index, command] of commands.entries()) {
        // The plan's commands are capped; the repository's own always run.
        if (index >= limit && !always.includes(command)) {
          results.push({ command, exitCode: null, timedOut: false, durationMs: 0, output: `skipped: at most ${limit} verification commands run` });
          continue;
        }
        const run = await runProcess(command, [], {
          cwd: options.cwd,
          env: options.env,
          timeoutMs: options.timeoutMs,
          shell: true,
          maxOutputBytes: options.maxOutputBytes ?? DEFAULT_OUTPUT_BYTES,
          // Test runners print their failures and summary last: the tail matters as much as the head.
          keep: 'ends',
          runAs: options.runAs,
          signal: options.signal,
        });
        if (options.signal?.aborted) throw options.signal.reason;
        const output = (options.redact ?? asIs)([run.stdout.trimEnd(), run.stderr.trimEnd()].filter(Boolean).join('\n'));
        results.push({
          command,
          exitCode: run.exitCode,
          timedOut: run.timedOut,
          durationMs: run.durationMs,
          output: run.spawnError ? `could not start: ${run.spawnError}` : run.timedOut ? `${output}\n[timed out after ${Math.round(options.timeoutMs / 1000)} s]` : output,
        });
      }
      return results;
    },
  };
}
