// actions/checkout leaves the job token in the checkout's git config (`http.<server>/.extraheader`)
// unless `persist-credentials: false`. Anything an agent runs in that checkout could print it, so
// the entries are taken out for the duration of an agent run and put back afterwards.
import { CtoError } from '../core/model/errors.js';
import type { Git } from './git.js';

/** A config entry as git lists it: the key (section and name lower-cased) and its raw value. */
export interface ConfigEntry {
  key: string;
  value: string;
}

type GitRunner = Pick<Git, 'run'>;

/** Local config keys that carry HTTP headers, with or without a URL subsection. */
const EXTRAHEADER_KEY = /^http\..*extraheader$/i;

/** Runs `fn` with every `http.*.extraheader` entry removed from the local config, restoring them afterwards. */
export async function withoutPersistedCredentials<T>(git: GitRunner, fn: () => Promise<T>): Promise<T> {
  const saved = await persistedHeaders(git);
  await removeKeys(git, saved);
  if ((await persistedHeaders(git)).length > 0) {
    await restoreHeaders(git, saved);
    throw new CtoError('git', 'Could not remove the persisted git credentials (http.*.extraheader) before running an agent.',
      'Check out the repository with `persist-credentials: false`.');
  }
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    // Never hide the run's own error behind a restore problem.
    await restoreHeaders(git, saved).catch(() => undefined);
    throw error;
  }
  // A clean run reports a restore failure.
  await restoreHeaders(git, saved);
  return result;
}

/**
 * Takes every `http.*.extraheader` entry out of the local config for as long as agents may run (a job), and
 * returns how to put them back. Nothing is written anywhere else: the entries live only in this process.
 */
export async function setPersistedCredentialsAside(git: GitRunner): Promise<() => Promise<void>> {
  const saved = await persistedHeaders(git);
  if (saved.length === 0) return async () => undefined;
  await removeKeys(git, saved);
  if ((await persistedHeaders(git)).length > 0) {
    await restoreHeaders(git, saved);
    throw new CtoError('git', 'Could not remove the persisted git credentials (http.*.extraheader) before running an agent.',
      'Check out the repository with `persist-credentials: false`.');
  }
  let restored = false;
  return async () => {
    if (restored) return;
    restored = true;
    await restoreHeaders(git, saved);
  };
}

/** The extraheader entries in the repository's own config, in file order. */
export async function persistedHeaders(git: GitRunner): Promise<ConfigEntry[]> {
  const listing = await git.run(['config', '--local', '--null', '--get-regexp', '^http\\..*extraheader$'], { allowFailure: true });
  return parseNullConfig(listing).filter((entry) => EXTRAHEADER_KEY.test(entry.key));
}

/** Parses `git config --null` listing output: `key\nvalue\0` per entry (a value-less key has no newline). */
export function parseNullConfig(listing: string): ConfigEntry[] {
  return listing
    .split('\0')
    .filter((record) => record.length > 0)
    .map((record) => {
      const newline = record.indexOf('\n');
      return newline < 0 ? { key: record, value: '' } : { key: record.slice(0, newline), value: record.slice(newline + 1) };
    });
}

async function removeKeys(git: GitRunner, entries: readonly ConfigEntry[]): Promise<void> {
  for (const key of new Set(entries.map((entry) => entry.key))) {
    // Exit 5 means the key is already gone, which is the state we want.
    await git.run(['config', '--local', '--unset-all', key], { allowFailure: true });
  }
}

async function restoreHeaders(git: GitRunner, entries: readonly ConfigEntry[]): Promise<void> {
  // Drop whatever now sits under these keys first, so the original entries come back exactly once.
  await removeKeys(git, entries);
  for (const entry of entries) await git.run(['config', '--local', '--add', entry.key, entry.value]);
}
