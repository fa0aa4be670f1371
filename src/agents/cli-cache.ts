// Keeping the installed agent CLIs between runs: the port a front offers (the action: the Actions cache)
// and the key an installed tree is saved under. The key names everything that changes the tree npm
// writes: each package and its version, the OS, the architecture, the C library the native binaries are
// built for, and the way codex-cto installs them (its layout, bumped when the install command changes).
import { createHash } from 'node:crypto';

/** Where installed CLIs are kept between runs. Failures are the cache's to report; they never throw. */
export interface CliCache {
  /** Puts back the tree saved under exactly `key` into `dir`; false on a miss or any failure. */
  restore(dir: string, key: string): Promise<boolean>;
  /** Saves the tree in `dir` under `key`; a failure is reported and forgotten. */
  save(dir: string, key: string): Promise<void>;
}

export interface WantedPackage {
  /** `codex` or `claude`: the short name in the key. */
  agent: 'codex' | 'claude';
  name: string;
  version: string;
}

export interface HostPlatform {
  os: string;
  arch: string;
  /** `glibc` or `musl` on Linux (the native binaries differ), empty elsewhere. */
  libc: string;
}

/** Bumped whenever the install command or the prefix's layout changes: older trees are then never restored (2: one prefix per CLI, pruned). */
export const INSTALL_LAYOUT = 2;

const KEY_PREFIX = 'codex-cto-agent-clis';
const VERSION = /^[0-9A-Za-z.+-]{1,64}$/;

/**
 * The cache key of a tree holding `packages` on `platform`. Readable first (what a person looks for in the
 * cache list), then a digest of every fact, so no key of a different tree begins with this one.
 */
export function cliCacheKey(packages: readonly WantedPackage[], platform: HostPlatform): string {
  for (const p of packages) {
    if (!VERSION.test(p.version)) throw new Error(`not a version that can name a cache entry: ${JSON.stringify(p.version)}`);
  }
  const sorted = [...packages].sort((a, b) => a.agent.localeCompare(b.agent));
  const facts = JSON.stringify({ layout: INSTALL_LAYOUT, platform, packages: sorted.map((p) => [p.name, p.version]) });
  const digest = createHash('sha256').update(facts).digest('hex').slice(0, 16);
  const readable = [platform.os, platform.arch, ...sorted.map((p) => `${p.agent}-${p.version}`)].join('-');
  return `${KEY_PREFIX}-${readable}-${digest}`;
}

/** The platform of this process; the C library from Node's own report (glibc when it names a version). */
export function hostPlatform(): HostPlatform {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  const libc = process.platform !== 'linux' ? '' : header?.glibcVersionRuntime ? 'glibc' : 'musl';
  return { os: process.platform, arch: process.arch, libc };
}
