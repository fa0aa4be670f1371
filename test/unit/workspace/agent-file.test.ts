import { link, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAgentFile } from '../../../src/workspace/agent-file.js';

describe('readAgentFile: what the action reads of an agent\'s output folder', () => {
  let dir: string;
  let secret: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-file-'));
    secret = join(dir, 'runner-only.txt');
    await writeFile(secret, 'GITHUB_TOKEN=ghs_secret', { mode: 0o600 });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a regular file, and gives empty text for a missing one', async () => {
    await writeFile(join(dir, 'reply.txt'), '{"verdict":"approve"}');
    expect(await readAgentFile(join(dir, 'reply.txt'), 1000)).toBe('{"verdict":"approve"}');
    expect(await readAgentFile(join(dir, 'absent.txt'), 1000)).toBe('');
  });

  it('refuses a symbolic link, wherever it points', async () => {
    await symlink(secret, join(dir, 'link.txt'));
    await expect(readAgentFile(join(dir, 'link.txt'), 1000)).rejects.toThrow(/symbolic link/);
    await symlink('/proc/self/environ', join(dir, 'environ.txt'));
    await expect(readAgentFile(join(dir, 'environ.txt'), 1000)).rejects.toThrow(/symbolic link/);
  });

  it('refuses a hard link to another file', async () => {
    await link(secret, join(dir, 'hard.txt'));
    await expect(readAgentFile(join(dir, 'hard.txt'), 1000)).rejects.toThrow(/hard link/);
  });

  it('refuses a FIFO without waiting on it, and a file over the bound', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    await expect(readAgentFile(join(dir, 'fifo'), 1000)).rejects.toThrow(/not a regular file/);
    await writeFile(join(dir, 'big.txt'), 'x'.repeat(2000));
    await expect(readAgentFile(join(dir, 'big.txt'), 1000)).rejects.toThrow(/more than 1000/);
  });
});
