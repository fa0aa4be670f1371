// The implementer port on Claude Code: build the command line, run it through the process funnel,
// read its stream line by line (progress as it goes, the transcript, the result at the end). Only a
// missing binary is an exception; everything Claude itself does wrong is reported in the outcome.
import type { ImplementOutcome, ImplementProgress, ImplementRequest, Implementer } from '../core/ports.js';
import { CtoError } from '../core/model/errors.js';
import { runProcess } from '../workspace/process.js';
import { claudeArgs, type ClaudeOptions } from './claude-args.js';
import { installCommand } from '../core/model/versions.js';
import { parseClaudeResult } from './claude-result.js';
import { installShellWrapper } from './claude-shell.js';
import { claudeConfigDir, sessionIsHere } from './claude-session.js';
import { ClaudeStreamReader } from './claude-stream.js';
import type { TranscriptSink } from '../workspace/transcript.js';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { claudeArgs, type ClaudeOptions } from './claude-args.js';
export { parseClaudeResult, type ClaudeRun } from './claude-result.js';

/** Who watches an implementation while it runs: its progress, and where its stream is kept. */
export interface ImplementWatch {
  /** Told when an implementation starts. */
  started?(): void;
  /** Told after every line that changed what Claude has done so far; must not throw. */
  progress?(progress: ImplementProgress): void;
  /** The transcript of iteration `iteration`'s stream, or null to keep none. */
  transcript?(iteration: number): TranscriptSink | null;
  /** Told when an implementation ends, before its outcome goes back to the loop. */
  ended?(): Promise<void>;
}

export function createClaudeImplementer(options: ClaudeOptions, watch: ImplementWatch = {}): Implementer {
  let shell: Promise<string> | null = null;
  // Sessions this implementer saw: they are on disk, even where the agent user's files are closed to us.
  const seen = new Set<string>();
  return {
    async implement(request: ImplementRequest): Promise<ImplementOutcome> {
      shell ??= installShellWrapper(options.shellDir ?? join(tmpdir(), `codex-cto-shell-${randomBytes(6).toString('hex')}`));
      // A session from an earlier workflow run is not on this runner: start a new one, whose prompt then
      // carries the whole picture (plan and the reviewer's requests) instead of only the requests.
      const resumable =
        request.sessionId !== null &&
        (seen.has(request.sessionId) || options.knownSessions?.has(request.sessionId) === true || (await sessionIsHere(claudeConfigDir(options.env), request.sessionId)));
      const effective = resumable ? request : { ...request, sessionId: null };
      const reader = new ClaudeStreamReader(options.workdir);
      const transcript = watch.transcript?.(request.iteration) ?? null;
      watch.started?.();
      const run = await runProcess(options.binary, claudeArgs(effective, options), {
        cwd: options.workdir,
        env: { ...options.env, SHELL: await shell },
        timeoutMs: options.timeoutMs,
        runAs: options.runAs,
        signal: options.signal,
        // The stream itself is read line by line; what is kept of stdout is for a failure's message only.
        maxOutputBytes: STDOUT_KEPT_BYTES,
        keep: 'ends',
        onStdoutLine: (line) => {
          transcript?.line(line);
          reader.read(line);
          watch.progress?.(reader.progress());
        },
      }).finally(async () => {
        await transcript?.close();
        await watch.ended?.();
      });
      if (options.signal?.aborted) throw options.signal.reason;
      if (run.spawnError !== null) {
        throw new CtoError('agent-missing', `Claude Code could not be started (${options.binary}): ${run.spawnError}`,
          `Install it with: \`${installCommand('claude')}\``);
      }
      const outcome = parseClaudeResult(run, reader.result() ?? undefined);
      if (outcome.sessionId) seen.add(outcome.sessionId);
      // A failed resumed run leaves the session it resumed intact, so the next iteration can go on with it.
      return { ...outcome, sessionId: outcome.sessionId ?? effective.sessionId };
    },
  };
}

/** Bytes of stdout kept besides the stream reader (head and tail), for the message of a run without a result. */
const STDOUT_KEPT_BYTES = 256 * 1024;
