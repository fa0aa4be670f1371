// An agent's output stream kept as a transcript file of the run's artifacts: one line at a time, each line
// redacted before it is written, the file bounded in size (a note says where it was cut). Writes go out in
// order, one at a time, batching whatever arrived meanwhile, so the agent's output is never held up by the disk.
import { appendFile, writeFile } from 'node:fs/promises';

/** Bytes a transcript may take; what comes later is counted, not kept. */
export const MAX_TRANSCRIPT_BYTES = 8 * 1024 * 1024;

export interface TranscriptSink {
  /** Takes one line of output (without its newline). */
  line(text: string): void;
  /** Writes what is pending and the note of a cut; resolves when the file is complete. Never rejects. */
  close(): Promise<void>;
}

export interface TranscriptOptions {
  redact: (text: string) => string;
  maxBytes?: number;
  /** Told once when a write fails (the transcript is then given up; the run goes on). */
  onError?: (error: unknown) => void;
}

export function openTranscript(file: string, options: TranscriptOptions): TranscriptSink {
  const max = options.maxBytes ?? MAX_TRANSCRIPT_BYTES;
  let kept = 0;
  let left = { lines: 0, bytes: 0 };
  let pending: string[] = [];
  let failed = false;
  let busy = true;
  let chain: Promise<void> = writeFile(file, '', { mode: 0o600 }).catch(fail).finally(settle);

  function fail(error: unknown): void {
    if (!failed) options.onError?.(error);
    failed = true;
  }
  function settle(): void {
    busy = false;
    flush();
  }
  /** Starts a write of everything pending unless one is under way (its end starts the next). */
  function flush(): void {
    if (busy || pending.length === 0 || failed) return;
    const text = pending.join('');
    pending = [];
    busy = true;
    chain = appendFile(file, text, 'utf8').catch(fail).finally(settle);
  }
  return {
    line(text) {
      const redacted = `${options.redact(text)}\n`;
      const bytes = Buffer.byteLength(redacted, 'utf8');
      if (left.lines > 0 || kept + bytes > max) {
        left = { lines: left.lines + 1, bytes: left.bytes + bytes };
        return;
      }
      kept += bytes;
      pending.push(redacted);
      flush();
    },
    async close() {
      if (left.lines > 0) pending.push(`${JSON.stringify({ type: 'codex-cto', note: `transcript cut at ${kept} bytes: ${left.lines} more lines (${left.bytes} bytes) left out` })}\n`);
      flush();
      // Each write's end starts the next: wait until nothing is under way and nothing is pending.
      while (busy || (pending.length > 0 && !failed)) await chain;
    },
  };
}
