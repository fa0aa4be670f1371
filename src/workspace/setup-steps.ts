// The repository's setup commands (`npm ci`, a build of test fixtures): run in the work tree before any
// model call, one after the other, each with its own time limit, in the environment of the verification
// commands and as the same user. The first that fails ends the setup: what follows it may need it.
import type { SetupResult } from '../core/ports.js';
import { runProcess, type RunAs } from './process.js';

export type { SetupResult } from '../core/ports.js';

export interface SetupOptions {
  cwd: string;
  /** The agents' environment for commands: no tokens, no model keys, the passed variables. */
  env: Record<string, string>;
  /** Time limit of each command. */
  timeoutMs: number;
  /** Output kept of each stream of a command: its head and its tail, the cut marked. */
  maxOutputBytes?: number;
  runAs?: RunAs;
  signal?: AbortSignal;
  /** Hears each command before it starts and each result after it ended (the log's groups). */
  onStart?: (command: string) => void;
  onResult?: (result: SetupResult) => void;
}

const DEFAULT_OUTPUT_BYTES = 64 * 1024;

/** Runs `commands` until one fails; the results of those that ran, the failed one last. */
export async function runSetupCommands(commands: readonly string[], options: SetupOptions): Promise<SetupResult[]> {
  const results: SetupResult[] = [];
  for (const command of commands) {
    options.onStart?.(command);
    const run = await runProcess(command, [], {
      cwd: options.cwd,
      env: options.env,
      timeoutMs: options.timeoutMs,
      shell: true,
      maxOutputBytes: options.maxOutputBytes ?? DEFAULT_OUTPUT_BYTES,
      keep: 'ends',
      runAs: options.runAs,
      signal: options.signal,
    });
    if (options.signal?.aborted) throw options.signal.reason;
    const result: SetupResult = {
      command,
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      durationMs: run.durationMs,
      output: [run.stdout.trimEnd(), run.stderr.trimEnd()].filter(Boolean).join('\n'),
      spawnError: run.spawnError,
    };
    results.push(result);
    options.onResult?.(result);
    if (!setupSucceeded(result)) break;
  }
  return results;
}

export function setupSucceeded(result: SetupResult): boolean {
  return result.exitCode === 0 && !result.timedOut && result.spawnError === null;
}
