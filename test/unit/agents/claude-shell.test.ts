import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../../../src/workspace/process.js';
import { CLAUDE_CREDENTIAL_VARS, installShellWrapper, shellWrapper } from '../../../src/agents/claude-shell.js';

describe('the shell Claude Code runs its commands through', () => {
  it('unsets every credential variable, then runs the real bash', () => {
    const text = shellWrapper('/bin/bash');
    for (const name of CLAUDE_CREDENTIAL_VARS) expect(text).toContain(name);
    expect(text).toMatch(/^exec '\/bin\/bash' "\$@"$/m);
  });

  it('hides the key from a command while the rest of the environment passes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cto-shell-'));
    try {
      const shell = await installShellWrapper(dir);
      const run = await runProcess(shell, ['-c', 'env'], {
        cwd: dir,
        env: { PATH: '/usr/bin:/bin', ANTHROPIC_API_KEY: 'sk-ant-hidden', CLAUDE_CODE_OAUTH_TOKEN: 'oauth-hidden', KEEP: 'visible' },
        timeoutMs: 10_000,
      });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('KEEP=visible');
      expect(run.stdout).not.toContain('hidden');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
