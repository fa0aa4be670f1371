import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSessionTranscript, storedTranscripts, TRANSCRIPT_LIMITS } from '../../../../src/action/transcripts/contents.js';

const ID = '0b8f7a52-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
let dir = '';

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

describe('storedTranscripts', () => {
  it('takes the store files by their names, redacted, and nothing else', async () => {
    dir = await mkdtemp(join(tmpdir(), 'transcripts-'));
    await writeFile(join(dir, 'plan-001.json'), '{"note":"token ghp_abcdefghijklmnopqrstuvwxyz0123"}');
    await writeFile(join(dir, 'review-invalid-002.json'), '{"reply":"SECRET-VALUE"}');
    await writeFile(join(dir, 'claude-001.jsonl'), '{}\n');
    await writeFile(join(dir, 'claude-2.jsonl'), '{}\n');
    await writeFile(join(dir, 'notes.txt'), 'not ours');
    await mkdir(join(dir, 'verification-001.json'));
    await symlink('/etc/hostname', join(dir, 'review-001.json'));
    const redact = (text: string) => text.replace(/ghp_[A-Za-z0-9]+|SECRET-VALUE/g, '***');
    const { files, skipped } = await storedTranscripts(dir, redact);
    expect([...files.keys()]).toEqual(['claude-001.jsonl', 'claude-2.jsonl', 'plan-001.json', 'review-invalid-002.json']);
    expect(files.get('plan-001.json')).toBe('{"note":"token ***"}');
    expect(files.get('review-invalid-002.json')).toBe('{"reply":"***"}');
    expect(skipped).toEqual([]);
  });

  it('leaves out a file over the size bound and says so', async () => {
    dir = await mkdtemp(join(tmpdir(), 'transcripts-'));
    await writeFile(join(dir, 'claude-001.json'), Buffer.alloc(TRANSCRIPT_LIMITS.fileBytes + 1, 'x'));
    const { files, skipped } = await storedTranscripts(dir, (t) => t);
    expect(files.size).toBe(0);
    expect(skipped).toEqual([`claude-001.json (${TRANSCRIPT_LIMITS.fileBytes + 1} bytes, more than ${TRANSCRIPT_LIMITS.fileBytes})`]);
  });

  it('finds nothing in a folder that does not exist', async () => {
    expect((await storedTranscripts('/nonexistent/codex-cto', (t) => t)).files.size).toBe(0);
  });
});

describe('isSessionTranscript', () => {
  it('takes JSON lines of which one names the session', () => {
    expect(isSessionTranscript(`{"type":"queue-operation"}\n{"type":"user","sessionId":"${ID}"}\n`, ID)).toBe(true);
  });

  it('refuses another session, a line that is not a JSON object, or nothing', () => {
    expect(isSessionTranscript('{"sessionId":"other"}\n', ID)).toBe(false);
    expect(isSessionTranscript(`{"sessionId":"${ID}"}\nnot json\n`, ID)).toBe(false);
    expect(isSessionTranscript(`["${ID}"]\n`, ID)).toBe(false);
    expect(isSessionTranscript('', ID)).toBe(false);
  });
});
