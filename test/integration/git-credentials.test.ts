import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Git } from '../../src/workspace/git.js';
import { parseNullConfig, persistedHeaders, withoutPersistedCredentials } from '../../src/workspace/git-credentials.js';
import { gitEnv, makeTempDir, removeDir } from '../support/agent-home.js';

const exec = promisify(execFile);
const CHECKOUT_HEADER = 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3BlcnNpc3RlZA==';

let root: string;
let repo: string;
let git: Git;

async function gitConfig(...args: string[]): Promise<string> {
  return (await exec('git', ['config', ...args], { cwd: repo, env: gitEnv(root) })).stdout;
}

beforeEach(async () => {
  root = await makeTempDir('cto-git-credentials');
  repo = join(root, 'repo');
  await exec('git', ['init', '-q', repo], { env: gitEnv(root) });
  git = new Git({ cwd: repo, env: gitEnv(root) });
  // What actions/checkout persists, plus a second header under another URL and a plain one.
  await gitConfig('--local', 'http.https://github.com/.extraheader', CHECKOUT_HEADER);
  await gitConfig('--local', '--add', 'http.https://github.com/.extraheader', 'X-Second: two');
  await gitConfig('--local', 'http.extraHeader', 'X-Plain: plain');
  await gitConfig('--local', 'user.name', 'Kept Alone');
});

afterEach(async () => {
  await removeDir(root);
});

describe('withoutPersistedCredentials', () => {
  it('removes every extraheader while the function runs and restores them after', async () => {
    const before = await readFile(join(repo, '.git', 'config'), 'utf8');
    const seen = await withoutPersistedCredentials(git, async () => ({
      config: await readFile(join(repo, '.git', 'config'), 'utf8'),
      listed: await gitConfig('--list'),
    }));
    expect(seen.config).not.toContain(CHECKOUT_HEADER);
    expect(seen.listed).not.toMatch(/extraheader/i);
    expect(seen.listed).toContain('user.name=Kept Alone');
    expect(await persistedHeaders(git)).toEqual([
      { key: 'http.https://github.com/.extraheader', value: CHECKOUT_HEADER },
      { key: 'http.https://github.com/.extraheader', value: 'X-Second: two' },
      { key: 'http.extraheader', value: 'X-Plain: plain' },
    ]);
    expect(await gitConfig('--get-all', 'http.https://github.com/.extraheader')).toBe(`${CHECKOUT_HEADER}\nX-Second: two\n`);
    expect(before).toContain(CHECKOUT_HEADER);
  });

  it('restores them when the function throws, and rethrows its error', async () => {
    await expect(withoutPersistedCredentials(git, async () => {
      throw new Error('agent run failed');
    })).rejects.toThrow('agent run failed');
    expect((await persistedHeaders(git)).map((entry) => entry.value)).toEqual([CHECKOUT_HEADER, 'X-Second: two', 'X-Plain: plain']);
  });

  it('puts back only the originals when the function added a header of its own', async () => {
    await withoutPersistedCredentials(git, async () => {
      await gitConfig('--local', '--add', 'http.https://github.com/.extraheader', 'X-Agent: added');
    });
    expect(await gitConfig('--get-all', 'http.https://github.com/.extraheader')).toBe(`${CHECKOUT_HEADER}\nX-Second: two\n`);
  });

  it('does nothing harmful in a repository without persisted headers', async () => {
    await gitConfig('--local', '--unset-all', 'http.https://github.com/.extraheader');
    await gitConfig('--local', '--unset-all', 'http.extraheader');
    expect(await withoutPersistedCredentials(git, async () => 42)).toBe(42);
    expect(await persistedHeaders(git)).toEqual([]);
  });
});

describe('parseNullConfig', () => {
  it('splits keys from values that contain newlines', () => {
    expect(parseNullConfig('a.b\nline one\nline two\0c.d\0')).toEqual([
      { key: 'a.b', value: 'line one\nline two' },
      { key: 'c.d', value: '' },
    ]);
  });
});
