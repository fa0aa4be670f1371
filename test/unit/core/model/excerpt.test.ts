// Verification output keeps its head and its tail within one budget, the cut marked: where it is kept
// (the process funnel, the verifier) and where it is shown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cutNote, headAndTail } from '../../../../src/core/model/excerpt.js';
import { runProcess } from '../../../../src/workspace/process.js';
import { createVerifier } from '../../../../src/workspace/verifier.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const dir = mkdtempSync(join(tmpdir(), 'excerpt-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('headAndTail', () => {
  it('keeps text within the budget as it is', () => {
    expect(headAndTail('short', 10, 'the output')).toBe('short');
  });

  it('keeps a third of the budget from the head and the rest from the tail, and marks the cut', () => {
    const text = `${'a'.repeat(50)}${'b'.repeat(100)}${'c'.repeat(50)}`;
    expect(headAndTail(text, 30, 'the output')).toBe(`${'a'.repeat(10)}\n${cutNote(170, 'the output')}\n${'c'.repeat(20)}`);
    expect(cutNote(170, 'the output')).toBe('[... 170 bytes of the output cut ...]');
  });

  it('never leaves half a character at either edge', () => {
    const cut = headAndTail('é'.repeat(100), 31, 'x');
    expect(cut).not.toContain('\uFFFD');
    expect(cut.startsWith('ééééé\n')).toBe(true);
    expect(cut.endsWith('\néééééééééé')).toBe(true);
  });
});

describe('runProcess keeping the ends', () => {
  it('keeps the head and the last bytes of long output, the cut counted in bytes', async () => {
    const script = "for i in $(seq 1 5000); do echo \"line $i\"; done; echo 'FAILED (failures=2)'";
    const run = await runProcess(script, [], { cwd: dir, env, timeoutMs: 30_000, shell: true, maxOutputBytes: 3_000, keep: 'ends' });
    expect(run.truncated).toBe(true);
    expect(run.stdout.startsWith('line 1\nline 2\n')).toBe(true);
    expect(run.stdout.endsWith('line 5000\nFAILED (failures=2)\n')).toBe(true);
    expect(run.stdout).toMatch(/\n\[\.\.\. \d+ bytes of output cut \.\.\.\]\n/);
    expect(Buffer.byteLength(run.stdout)).toBeLessThan(3_100);
  });

  it('keeps output within the cap whole, and the head only when asked for the head', async () => {
    const whole = await runProcess('seq 1 100', [], { cwd: dir, env, timeoutMs: 30_000, shell: true, maxOutputBytes: 3_000, keep: 'ends' });
    expect(whole.truncated).toBe(false);
    expect(whole.stdout.split('\n').at(-2)).toBe('100');
    const head = await runProcess('seq 1 5000', [], { cwd: dir, env, timeoutMs: 30_000, shell: true, maxOutputBytes: 100 });
    expect(head.stdout).toMatch(/^1\n2\n[\s\S]*\n\[output truncated at 100 bytes\]$/);
  });
});

describe('the verifier', () => {
  it('keeps a test runner\'s closing summary however long its output', async () => {
    const verifier = createVerifier({ cwd: dir, env, timeoutMs: 30_000, maxOutputBytes: 2_000 });
    const [result] = await verifier.verify(["for i in $(seq 1 3000); do echo \"ok $i\"; done; echo '# fail 1' >&2; exit 1"]);
    expect(result?.exitCode).toBe(1);
    expect(result?.output.startsWith('ok 1\nok 2\n')).toBe(true);
    expect(result?.output).toContain('ok 3000\n# fail 1');
    expect(result?.output).toMatch(/\[\.\.\. \d+ bytes of output cut \.\.\.\]/);
  });
});
