// The repository's own verification commands (`verify`) run after the plan's every time.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createVerifier } from '../../../src/workspace/verifier.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

describe('createVerifier with commands that always run', { timeout: 30_000 }, () => {
  it("runs them after the plan's, once each, however many the plan names", async () => {
    const verifier = createVerifier({ cwd: tmpdir(), env, timeoutMs: 10_000, maxCommands: 1, alwaysRun: ['echo always', 'echo plan'] });
    const results = await verifier.verify(['echo plan', 'echo second']);
    expect(results.map((r) => [r.command, r.exitCode, r.output])).toEqual([
      ['echo plan', 0, 'plan'],
      ['echo second', null, 'skipped: at most 1 verification commands run'],
      ['echo always', 0, 'always'],
    ]);
  });
});

describe('createVerifier with values to mask', { timeout: 30_000 }, () => {
  it('masks them in what a command printed, on either stream, before anyone reads the result', async () => {
    const secret = 'chosen-db-password-4711';
    const verifier = createVerifier({ cwd: tmpdir(), env: { ...env, DB_PASSWORD: secret }, timeoutMs: 10_000, redact: (text) => text.replaceAll(secret, '***') });
    const [result] = await verifier.verify(['echo "out $DB_PASSWORD"; echo "err $DB_PASSWORD" >&2; echo "len ${#DB_PASSWORD}"']);
    expect(result?.output).toBe(`out ***\nlen ${secret.length}\nerr ***`);
  });
});
