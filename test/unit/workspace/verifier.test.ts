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
