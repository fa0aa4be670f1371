// Finding or installing the agent CLIs with a cache between runs, on stand-in programs: `codex` and
// `claude` scripts that answer `--version`, an `npm` that "installs" them into its --prefix and notes each
// call, and a cache in memory. The real npm, registry and Actions cache are the integration test's.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentPrefix, findOrInstallAgents, type InstallOptions } from '../../../src/agents/install.js';
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
  // npm install --no-save ... --prefix P spec: notes its arguments and writes the CLI the spec names under P,
  // with the parts of Codex's package that codex-cto prunes.
  await script(join(dir, 'tools', 'npm'), [
    `echo "$*" >> ${npmCalls}`,
    'while [ "$1" != "--prefix" ]; do shift; done',
    'mkdir -p "$2/node_modules/.bin"',
    'case "$3" in',
    `  @openai/codex@*) printf '#!/bin/sh\\necho "codex-cli ${VERSIONS.codex}"\\n' > "$2/node_modules/.bin/codex"`,
    '    v="$2/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl"',
    '    mkdir -p "$v/bin" "$v/codex-resources/voice/bin" "$v/codex-path"',
    '    touch "$v/bin/codex" "$v/bin/codex-code-mode-host" "$v/codex-resources/voice/bin/codex-voice-host" "$v/codex-resources/bwrap" "$v/codex-path/rg" ;;',
    `  @anthropic-ai/claude-code@*) printf '#!/bin/sh\\necho "${VERSIONS.claude} (Claude Code)"\\n' > "$2/node_modules/.bin/claude" ;;`,
    'esac',
    'chmod 777 "$2/node_modules/.bin/"*',
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
function memoryCache(restoreWith: ((prefix: string, key: string) => Promise<void>) | null) {
  const saved: string[] = [];
  const asked: string[] = [];
  const cache: CliCache = {
    async restore(prefix, key) {
      asked.push(key);
      if (!restoreWith) return false;
      await restoreWith(prefix, key);
      return true;
    },
    async save(_prefix, key) {
      saved.push(key);
    },
  };
  return { cache, saved, asked };
}

const keyOf = (agent: 'codex' | 'claude'): string =>
  cliCacheKey([{ agent, name: agent === 'codex' ? '@openai/codex' : '@anthropic-ai/claude-code', version: VERSIONS[agent] }], hostPlatform());
const prefixOf = (agent: 'codex' | 'claude'): string => agentPrefix(join(dir, 'tool-cache'), agent, VERSIONS[agent]);
const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

/** Writes the `agent` CLI answering with `version` into a restored prefix. */
const restoredCli = (version?: string) => async (prefix: string, key: string): Promise<void> => {
  const agent = key === keyOf('codex') ? 'codex' : 'claude';
  const script_ = join(prefix, 'node_modules', '.bin', agent);
  await script(script_, agent === 'codex' ? `echo "codex-cli ${version ?? VERSIONS.codex}"` : `echo "${VERSIONS.claude} (Claude Code)"`);
};

describe('finding or installing the agent CLIs with a cache', () => {
  it('installs each CLI into its own prefix on a miss, prunes and seals it, and saves it under its own key', async () => {
    const { cache, saved, asked } = memoryCache(null);
    const found = await findOrInstallAgents(options(cache));
    expect(found).toEqual({ codex: join(prefixOf('codex'), 'node_modules', '.bin', 'codex'), claude: join(prefixOf('claude'), 'node_modules', '.bin', 'claude') });
    expect(asked.sort()).toEqual([keyOf('codex'), keyOf('claude')].sort());
    expect((await npmRuns()).map((run) => run.split(' ').pop()).sort()).toEqual(['@anthropic-ai/claude-code@2.1.330', '@openai/codex@0.169.0']);
    expect(saved.sort()).toEqual([keyOf('codex'), keyOf('claude')].sort());
    // npm left the binaries writable by everyone: sealed before anything else could use them.
    expect((await stat(found.codex)).mode & 0o022).toBe(0);
    expect((await stat(found.claude)).mode & 0o022).toBe(0);
    expect((await stat(join(prefixOf('codex'), '..'))).mode & 0o022).toBe(0);
    // The parts codex-cto never runs are gone; what codex exec and its sandbox use stays.
    const vendor = join(prefixOf('codex'), 'node_modules', '@openai', 'codex-linux-x64', 'vendor', 'x86_64-unknown-linux-musl');
    expect(await exists(join(vendor, 'codex-resources', 'voice'))).toBe(false);
    expect(await exists(join(vendor, 'bin', 'codex-code-mode-host'))).toBe(false);
    for (const kept of ['bin/codex', 'codex-resources/bwrap', 'codex-path/rg']) expect(await exists(join(vendor, kept)), kept).toBe(true);
  });

  it('restores on a hit and neither installs nor saves', async () => {
    const { cache, saved } = memoryCache(restoredCli());
    const log: string[] = [];
    const found = await findOrInstallAgents(options(cache, log));
    expect(found.claude).toBe(join(prefixOf('claude'), 'node_modules', '.bin', 'claude'));
    expect(await npmRuns()).toEqual([]);
    expect(saved).toEqual([]);
    expect(log.join('\n')).toMatch(/restored @openai\/codex@0\.169\.0 from the Actions cache/);
    expect(log.join('\n')).toMatch(/restored @anthropic-ai\/claude-code@2\.1\.330 from the Actions cache/);
  });

  it('installs into an emptied prefix the one CLI whose restored tree does not answer with the wanted version', async () => {
    const { cache, saved } = memoryCache(async (prefix, key) => {
      await restoredCli('0.1.0')(prefix, key);
      await writeFile(join(prefix, 'left-over'), 'from the archive');
    });
    const log: string[] = [];
    await findOrInstallAgents(options(cache, log));
    expect(await npmRuns()).toEqual([expect.stringMatching(/@openai\/codex@0\.169\.0$/)]);
    expect(await exists(join(prefixOf('codex'), 'left-over'))).toBe(false);
    expect(await exists(join(prefixOf('claude'), 'left-over'))).toBe(true);
    expect(saved).toEqual([keyOf('codex')]);
    expect(log.join('\n')).toMatch(/the cached @openai\/codex@0\.169\.0 did not answer with the wanted version; installing it/);
  });

  it('asks no cache when both CLIs are on PATH at the wanted versions', async () => {
    await fakeClis(join(dir, 'empty'));
    const { cache, asked } = memoryCache(null);
    expect(await findOrInstallAgents(options(cache))).toEqual({ codex: join(dir, 'empty', 'codex'), claude: join(dir, 'empty', 'claude') });
    expect(asked).toEqual([]);
    expect(await npmRuns()).toEqual([]);
  });

  it('installs only the CLI that is not on PATH, under that CLI\'s key', async () => {
    await script(join(dir, 'empty', 'codex'), `echo "codex-cli ${VERSIONS.codex}"`);
    const { cache, saved } = memoryCache(null);
    await findOrInstallAgents(options(cache));
    expect(await npmRuns()).toEqual([expect.stringMatching(/@anthropic-ai\/claude-code@2\.1\.330$/)]);
    expect(saved).toEqual([keyOf('claude')]);
  });

  it('without a cache installs as before, and a failed install saves nothing and reports the package', async () => {
    await findOrInstallAgents(options(null));
    expect(await npmRuns()).toHaveLength(2);
    await script(join(dir, 'tools', 'npm'), 'case "$*" in *@openai/codex@*) echo "npm ERR! 503" >&2; exit 1 ;; esac; exit 1');
    await rm(join(dir, 'tool-cache'), { recursive: true });
    await mkdir(join(dir, 'tool-cache'));
    const { cache, saved } = memoryCache(null);
    const error = await findOrInstallAgents(options(cache)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CtoError);
    expect((error as CtoError).message).toMatch(/Could not install @openai\/codex@0\.169\.0: npm exited 1/);
    // The advice installs every CLI the runner lacks, in one command.
    expect((error as CtoError).hint).toMatch(/npm install -g @openai\/codex@0\.169\.0 @anthropic-ai\/claude-code@2\.1\.330`/);
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
