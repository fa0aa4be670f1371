// Finding or installing the agent CLIs with a cache between runs, on stand-in programs: `codex` and
// `claude` scripts that answer `--version`, an `npm` that "installs" them into its --prefix and notes each
// call, and a cache in memory. The real npm, registry and Actions cache are the integration test's.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentsPrefix, findOrInstallAgents, type InstallOptions } from '../../../src/agents/install.js';
import { cliCacheKey, hostPlatform, type CliCache } from '../../../src/agents/cli-cache.js';
import { CtoError } from '../../../src/core/model/errors.js';

const VERSIONS = { codex: '0.169.0', claude: '2.1.330' };

let dir: string;
let npmCalls: string;

async function script(path: string, body: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
}

/** Writes `codex` and `claude` that answer with `versions` into `binDir`. */
async function fakeClis(binDir: string, versions = VERSIONS): Promise<void> {
  await script(join(binDir, 'codex'), `echo "codex-cli ${versions.codex}"`);
  await script(join(binDir, 'claude'), `echo "${versions.claude} (Claude Code)"`);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cto-install-'));
  npmCalls = join(dir, 'npm-calls');
  // npm install --no-save ... --prefix P specs...: notes its arguments and writes both CLIs under P.
  await script(join(dir, 'tools', 'npm'), [
    `echo "$*" >> ${npmCalls}`,
    'while [ "$1" != "--prefix" ]; do shift; done',
    `mkdir -p "$2/node_modules/.bin" && printf '#!/bin/sh\\necho "codex-cli ${VERSIONS.codex}"\\n' > "$2/node_modules/.bin/codex"`,
    `printf '#!/bin/sh\\necho "${VERSIONS.claude} (Claude Code)"\\n' > "$2/node_modules/.bin/claude" && chmod 777 "$2/node_modules/.bin/"*`,
  ].join('\n'));
  await mkdir(join(dir, 'empty'));
  await mkdir(join(dir, 'tool-cache'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(cache: CliCache | null, log: string[] = []): InstallOptions {
  return {
    path: join(dir, 'empty'),
    toolCache: join(dir, 'tool-cache'),
    codexVersion: VERSIONS.codex,
    claudeVersion: VERSIONS.claude,
    env: { PATH: `${join(dir, 'tools')}:/usr/bin:/bin` },
    log: (line) => log.push(line),
    cache,
  };
}

const npmRuns = async (): Promise<string[]> => (await readFile(npmCalls, 'utf8').catch(() => '')).split('\n').filter(Boolean);

/** A cache in memory: what was saved, and a restore that writes `restoreWith` (when set) into the prefix. */
function memoryCache(restoreWith: ((prefix: string) => Promise<void>) | null) {
  const saved: string[] = [];
  const asked: string[] = [];
  const cache: CliCache = {
    async restore(prefix, key) {
      asked.push(key);
      if (!restoreWith) return false;
      await restoreWith(prefix);
      return true;
    },
    async save(_prefix, key) {
      saved.push(key);
    },
  };
  return { cache, saved, asked };
}

const expectedKey = cliCacheKey(
  [
    { agent: 'codex', name: '@openai/codex', version: VERSIONS.codex },
    { agent: 'claude', name: '@anthropic-ai/claude-code', version: VERSIONS.claude },
  ],
  hostPlatform(),
);

describe('finding or installing the agent CLIs with a cache', () => {
  it('installs on a miss, seals the prefix against other users, and saves it under the key of both versions', async () => {
    const { cache, saved, asked } = memoryCache(null);
    const found = await findOrInstallAgents(options(cache));
    const prefix = agentsPrefix(join(dir, 'tool-cache'), VERSIONS.codex, VERSIONS.claude);
    expect(found).toEqual({ codex: join(prefix, 'node_modules', '.bin', 'codex'), claude: join(prefix, 'node_modules', '.bin', 'claude') });
    expect(asked).toEqual([expectedKey]);
    expect(await npmRuns()).toHaveLength(1);
    expect(saved).toEqual([expectedKey]);
    // npm left the binaries writable by everyone: sealed before anything else could use them.
    expect((await stat(found.codex)).mode & 0o022).toBe(0);
    expect((await stat(join(prefix, '..'))).mode & 0o022).toBe(0);
  });

  it('restores on a hit and neither installs nor saves', async () => {
    const { cache, saved } = memoryCache((prefix) => fakeClis(join(prefix, 'node_modules', '.bin')));
    const log: string[] = [];
    const found = await findOrInstallAgents(options(cache, log));
    expect(found.claude).toContain('codex-cto-agents');
    expect(await npmRuns()).toEqual([]);
    expect(saved).toEqual([]);
    expect(log.join('\n')).toMatch(/restored @openai\/codex@0\.169\.0 and @anthropic-ai\/claude-code@2\.1\.330 from the Actions cache/);
  });

  it('installs into an emptied prefix when the restored CLIs do not answer with the wanted versions', async () => {
    const { cache, saved } = memoryCache(async (prefix) => {
      await fakeClis(join(prefix, 'node_modules', '.bin'), { codex: '0.1.0', claude: VERSIONS.claude });
      await writeFile(join(prefix, 'left-over'), 'from the archive');
    });
    const log: string[] = [];
    await findOrInstallAgents(options(cache, log));
    expect(await npmRuns()).toHaveLength(1);
    await expect(stat(join(agentsPrefix(join(dir, 'tool-cache'), VERSIONS.codex, VERSIONS.claude), 'left-over'))).rejects.toThrow();
    expect(saved).toEqual([expectedKey]);
    expect(log.join('\n')).toMatch(/did not answer with the wanted versions; installing them/);
  });

  it('asks no cache when both CLIs are on PATH at the wanted versions', async () => {
    await fakeClis(join(dir, 'empty'));
    const { cache, asked } = memoryCache(null);
    expect(await findOrInstallAgents(options(cache))).toEqual({ codex: join(dir, 'empty', 'codex'), claude: join(dir, 'empty', 'claude') });
    expect(asked).toEqual([]);
    expect(await npmRuns()).toEqual([]);
  });

  it('keys the tree on the one package it installs when the other CLI is on PATH', async () => {
    await script(join(dir, 'empty', 'codex'), `echo "codex-cli ${VERSIONS.codex}"`);
    const { cache, saved } = memoryCache(null);
    await findOrInstallAgents(options(cache));
    expect((await npmRuns())[0]).toMatch(/@anthropic-ai\/claude-code@2\.1\.330$/);
    expect(saved).toEqual([cliCacheKey([{ agent: 'claude', name: '@anthropic-ai/claude-code', version: VERSIONS.claude }], hostPlatform())]);
  });

  it('without a cache installs as before, and a failed install saves nothing', async () => {
    await findOrInstallAgents(options(null));
    expect(await npmRuns()).toHaveLength(1);
    await script(join(dir, 'tools', 'npm'), 'echo "npm ERR! 503" >&2; exit 1');
    await rm(join(dir, 'tool-cache'), { recursive: true });
    await mkdir(join(dir, 'tool-cache'));
    const { cache, saved } = memoryCache(null);
    const error = await findOrInstallAgents(options(cache)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CtoError);
    expect((error as CtoError).message).toMatch(/Could not install @openai\/codex@0\.169\.0 and @anthropic-ai\/claude-code@2\.1\.330: npm exited 1/);
    expect(saved).toEqual([]);
  });
});

describe('the cache key', () => {
  const both = [
    { agent: 'codex' as const, name: '@openai/codex', version: '0.169.0' },
    { agent: 'claude' as const, name: '@anthropic-ai/claude-code', version: '2.1.330' },
  ];
  const linux = { os: 'linux', arch: 'x64', libc: 'glibc' };

  it('reads as what it holds and changes with every version, the OS, the architecture and the C library', () => {
    const key = cliCacheKey(both, linux);
    expect(key).toMatch(/^codex-cto-agent-clis-linux-x64-claude-2\.1\.330-codex-0\.169\.0-[0-9a-f]{16}$/);
    expect(cliCacheKey([...both].reverse(), linux)).toBe(key);
    const others = [
      cliCacheKey([both[0]!, { ...both[1]!, version: '2.1.331' }], linux),
      cliCacheKey([{ ...both[0]!, version: '0.169.1' }, both[1]!], linux),
      cliCacheKey(both, { ...linux, arch: 'arm64' }),
      cliCacheKey(both, { ...linux, libc: 'musl' }),
      cliCacheKey(both, { ...linux, os: 'darwin' }),
      cliCacheKey([both[0]!], linux),
    ];
    expect(new Set([key, ...others]).size).toBe(7);
    // The service also matches a key as a prefix: no other tree's key may begin with this one.
    for (const other of others) expect(other.startsWith(key)).toBe(false);
  });

  it('refuses a version that could break out of the key', () => {
    expect(() => cliCacheKey([{ ...both[0]!, version: '1.0.0,evil' }], linux)).toThrow(/not a version/);
  });
});
