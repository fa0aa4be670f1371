// A transcript file: every line redacted before it is written, in order, bounded in size with a note of the cut.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTranscript } from '../../../src/workspace/transcript.js';
import { createRedactor } from '../../../src/safety/redact.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'codex-cto-transcript-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const redact = createRedactor(['the-configured-secret']);

describe('openTranscript', () => {
  it('writes every line in order, redacted', async () => {
    const file = path.join(dir, 'claude-001.jsonl');
    const sink = openTranscript(file, { redact });
    for (let i = 0; i < 200; i++) sink.line(JSON.stringify({ type: 'assistant', n: i, text: i === 7 ? 'key the-configured-secret and ghp_abcdefghijklmnopqrstuvwxyz0123456789' : 'x' }));
    await sink.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { n: number }).n)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(lines[7]).toBe('{"type":"assistant","n":7,"text":"key *** and ***"}');
  });

  it('keeps at most maxBytes and notes how much was left out', async () => {
    const file = path.join(dir, 'claude-002.jsonl');
    const sink = openTranscript(file, { redact, maxBytes: 100 });
    for (let i = 0; i < 10; i++) sink.line('y'.repeat(29));
    await sink.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['y'.repeat(29), 'y'.repeat(29), 'y'.repeat(29)]);
    expect(JSON.parse(lines[3] ?? '')).toEqual({ type: 'codex-cto', note: 'transcript cut at 90 bytes: 7 more lines (210 bytes) left out' });
    expect(lines).toHaveLength(4);
  });

  it('gives up quietly when the file cannot be written, saying so once', async () => {
    const errors: unknown[] = [];
    const sink = openTranscript(path.join(dir, 'missing', 'claude-003.jsonl'), { redact, onError: (error) => errors.push(error) });
    sink.line('a');
    sink.line('b');
    await sink.close();
    expect(errors).toHaveLength(1);
  });
});
