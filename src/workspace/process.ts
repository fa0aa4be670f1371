// The one process funnel: every child process (agents, git, verification commands) runs through
// here, with an argument array (never a shell string unless asked for), stdin ignored, a timeout
// that kills the whole process tree, output captured up to a cap, and the duration measured.
import { execa } from 'execa';
import { headBytesOf, joinEnds } from '../core/model/excerpt.js';

export interface RunOptions {
  cwd: string;
  /** The complete environment of the child; nothing is inherited implicitly. */
  env: Record<string, string>;
  timeoutMs: number;
  /** Bytes kept of stdout and of stderr each; the rest is dropped and noted. */
  maxOutputBytes?: number;
  /** What of longer output is kept: its start (the default), or its head and tail with the cut marked. */
  keep?: 'head' | 'ends';
  /** Run `command` through `/bin/sh -c` (verification commands only, which are shell by nature). */
  shell?: boolean;
  /** Called for each complete stdout line as it arrives (progress, event streams). */
  onStdoutLine?: (line: string) => void;
  /** Runs the child as another OS user (the agent user); absent, it runs as this process's user. */
  runAs?: RunAs;
  /** Stops the child (and its tree) when aborted, as a timeout does; the caller reads `signal.reason`. */
  signal?: AbortSignal;
}

/** How a child is started as another user, and how whatever it started is stopped. */
export interface RunAs {
  /** The command line and environment that start `command` as that user. */
  wrap(command: string, args: readonly string[], env: Record<string, string>): { command: string; args: string[]; env: Record<string, string> };
  /** Kills every process of that user: a child started through sudo is not ours to signal. */
  killAll(): Promise<void>;
}

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** True when stdout or stderr exceeded the cap. */
  truncated: boolean;
  durationMs: number;
  /** The process could not be started (ENOENT and the like). */
  spawnError: string | null;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
/** Time between SIGTERM to the tree and SIGKILL. */
const KILL_GRACE_MS = 2_000;

export async function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const cap = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const stdout = new CappedBuffer(cap, options.keep ?? 'head');
  const stderr = new CappedBuffer(cap, options.keep ?? 'head');
  const started = performance.now();
  const plain = { command: options.shell ? '/bin/sh' : command, args: options.shell ? ['-c', command] : [...args], env: options.env };
  const launch = options.runAs ? options.runAs.wrap(plain.command, plain.args, plain.env) : plain;
  const child = execa(launch.command, launch.args, {
    cwd: options.cwd,
    env: launch.env,
    extendEnv: false,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    // A detached child leads its own process group, so the timeout can kill the whole tree.
    detached: true,
    cleanup: true,
  });
  const lines = options.onStdoutLine ? lineSplitter(options.onStdoutLine) : null;
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout.push(chunk);
    lines?.push(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

  let timedOut = false;
  const stop = (): void => {
    killTree(child.pid, 'SIGTERM');
    setTimeout(() => killTree(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
    // Another user's processes (and a tree that left its group) are stopped through that user.
    if (options.runAs) options.runAs.killAll().catch(() => undefined);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  const result = await child;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', stop);
  if (timedOut) killTree(child.pid, 'SIGKILL');
  lines?.end();

  const spawnError = result.failed && result.exitCode === undefined && !result.signal && !timedOut
    ? (result.cause instanceof Error ? result.cause.message : (result.shortMessage ?? 'could not start'))
    : null;
  return {
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    timedOut,
    stdout: stdout.text(),
    stderr: stderr.text(),
    truncated: stdout.truncated || stderr.truncated,
    durationMs: Math.round(performance.now() - started),
    spawnError,
  };
}

/** Hands `onLine` each complete line of a stream as it arrives, and the unfinished rest at its end. */
function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk.toString('utf8');
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        onLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    },
    end() {
      if (pending) onLine(pending);
    },
  };
}

function killTree(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Output kept up to a cap: its start, or its head and a rolling tail (`ends`). */
class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly cap: number;
  private readonly headCap: number;
  private readonly tail: Buffer[] = [];
  private tailSize = 0;
  private seen = 0;
  truncated = false;
  constructor(cap: number, keep: 'head' | 'ends') {
    this.cap = cap;
    this.headCap = keep === 'ends' ? headBytesOf(cap) : cap;
  }
  push(chunk: Buffer): void {
    this.seen += chunk.length;
    const room = this.headCap - this.size;
    const kept = room <= 0 ? Buffer.alloc(0) : chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length > 0) {
      this.chunks.push(kept);
      this.size += kept.length;
    }
    if (kept.length === chunk.length) return;
    if (this.headCap === this.cap) {
      this.truncated = true;
      return;
    }
    this.truncated = this.seen > this.cap;
    this.tail.push(chunk.subarray(kept.length));
    this.tailSize += chunk.length - kept.length;
    const tailCap = this.cap - this.headCap;
    while (this.tailSize - (this.tail[0]?.length ?? 0) >= tailCap) this.tailSize -= (this.tail.shift() as Buffer).length;
  }
  text(): string {
    const head = Buffer.concat(this.chunks);
    if (!this.truncated) return Buffer.concat([head, ...this.tail]).toString('utf8');
    if (this.headCap === this.cap) return `${head.toString('utf8')}\n[output truncated at ${this.cap} bytes]`;
    const tailCap = this.cap - this.headCap;
    const tail = Buffer.concat(this.tail);
    const kept = tail.subarray(Math.max(0, tail.length - tailCap));
    return joinEnds(head, kept, this.seen - head.length - kept.length, 'output');
  }
}
