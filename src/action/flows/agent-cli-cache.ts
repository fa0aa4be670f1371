// The Actions cache as the place installed agent CLIs are kept between runs. Every failure (the service
// down or refusing, a corrupt archive, a tree that cannot be packed) is a warning, and the CLIs are then
// installed as if nothing had been cached. The cache client is loaded only when a run has CLIs to find.
import * as core from '@actions/core';
import type { CliCache } from '../../agents/cli-cache.js';

/** Bounds of one download: a stalled segment is given up, and the CLIs installed instead. */
const DOWNLOAD = { timeoutInMs: 60_000, segmentTimeoutInMs: 5 * 60_000 };

type CacheClient = typeof import('@actions/cache');

/**
 * The Actions cache, or null when switched off. The client is loaded, and the runner asked whether it offers
 * the service, on the first restore: a run whose CLIs are on PATH never loads it.
 */
export function actionsCliCache(enabled: boolean, log: (message: string) => void): CliCache | null {
  if (!enabled) return null;
  let client: Promise<CacheClient | null> | null = null;
  const load = (): Promise<CacheClient | null> => (client ??= import('@actions/cache').then((cache) => {
    if (cache.isFeatureAvailable()) return cache;
    log('codex-cto: the Actions cache is not available on this runner; the agent CLIs are installed without it');
    return null;
  }));
  const warn = (what: string, error: unknown) => core.warning(`codex-cto: could not ${what} the agent CLIs in the Actions cache: ${error instanceof Error ? error.message : String(error)}`);
  return {
    async restore(dir, key) {
      try {
        const cache = await load();
        if (!cache) return false;
        // No restore keys: only the tree of exactly these versions, OS and architecture may come back.
        const matched = await cache.restoreCache([dir], key, [], DOWNLOAD);
        if (matched === undefined) return false;
        // The service also matches a key as a prefix: a longer key is another tree.
        if (matched !== key) {
          warn('restore', new Error(`the cache answered with ${matched} for ${key}`));
          return false;
        }
        return true;
      } catch (error) {
        warn('restore', error);
        return false;
      }
    },
    async save(dir, key) {
      try {
        const cache = await load();
        if (!cache) return;
        const id = await cache.saveCache([dir], key);
        // -1: the client said why (another job saving the same key, the service refusing).
        if (id !== -1) log(`codex-cto: saved the agent CLIs to the Actions cache (${key})`);
      } catch (error) {
        warn('save', error);
      }
    },
  };
}
