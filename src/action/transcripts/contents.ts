// What a run's transcripts artifact holds, every byte through the same redaction as everything posted:
// the files the loop's artifact store wrote this run (plan-001.json, claude-001.json, verification-001.json,
// review-001.json, an invalid answer's *-invalid-001.json), and Claude Code's session as the agent left it.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The session's name inside the artifact (its id is the loop's, in the tracking comment). */
export const SESSION_ENTRY = 'claude-session.jsonl';
/** Names the artifact store gives its files: `<kind>-<iteration>.json` (`.jsonl` for streams), iterations padded or not. */
const STORE_FILE = /^[a-z]+(?:-[a-z]+)*-[0-9]{1,6}\.jsonl?$/;
/** Bounds of what one run uploads. */
export const TRANSCRIPT_LIMITS = { files: 200, fileBytes: 16 * 1024 * 1024 } as const;

export interface TranscriptFiles {
  /** Redacted contents by file name. */
  files: Map<string, string>;
  /** What was left out and why, for the log. */
  skipped: string[];
}

/** The run's stored files (regular files with the store's names only, bounded), redacted. */
export async function storedTranscripts(dir: string, redact: (text: string) => string): Promise<TranscriptFiles> {
  const files = new Map<string, string>();
  const skipped: string[] = [];
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => STORE_FILE.test(name)).sort();
  for (const name of names) {
    if (files.size >= TRANSCRIPT_LIMITS.files) {
      skipped.push(`${name} (more than ${TRANSCRIPT_LIMITS.files} files)`);
      continue;
    }
    const stat = await lstat(join(dir, name));
    if (!stat.isFile()) continue;
    if (stat.size > TRANSCRIPT_LIMITS.fileBytes) {
      skipped.push(`${name} (${stat.size} bytes, more than ${TRANSCRIPT_LIMITS.fileBytes})`);
      continue;
    }
    files.set(name, redact(await readFile(join(dir, name), 'utf8')));
  }
  return { files, skipped };
}

/** True when `text` reads as Claude Code's transcript of `sessionId`: JSON lines, one of them naming it. */
export function isSessionTranscript(text: string, sessionId: string): boolean {
  let named = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return false;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    if ((value as { sessionId?: unknown }).sessionId === sessionId) named = true;
  }
  return named;
}
