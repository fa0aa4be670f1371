// The folder of a plan/review run, `.codex-cto/<run-id>/`: a new run, or the one `--run` names (which must
// exist, so a mistyped id is an error rather than a fresh run). It knows the names already there, so plans
// and reviews are numbered in order, and it reads them back. `base.json` keeps the commit the run's plan
// was made at: what the run's reviews diff against.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import type { ArtifactStore } from '../core/ports.js';
import { ARTIFACT_DIR, createArtifactStore } from '../workspace/artifacts.js';
import { runId } from './agent-setup.js';

export const BASE_FILE = 'base.json';
/** The folder beside the runs where `codex-cto run` keeps its worktrees (workspace/local-worktree.ts). */
const WORKTREES = 'worktrees';

export interface RunFolder {
  id: string;
  dir: string;
  /** The files there when it was opened. */
  names: string[];
  /** Writes an artifact, creating the folder on the first write; the file's path. */
  write(name: string, value: unknown): Promise<string>;
  readJson(name: string): Promise<unknown>;
  /** The commit the run's plan was made at, or null when the run has none recorded. */
  baseCommit(): Promise<string | null>;
  recordBase(commit: string): Promise<void>;
}

export async function openRunFolder(root: string, id: string | null, gitEnv: Record<string, string>): Promise<RunFolder> {
  const dir = join(root, ARTIFACT_DIR, id ?? '');
  let names: string[] = [];
  if (id === WORKTREES) throw new CtoError('settings', `"${WORKTREES}" holds the worktrees of \`codex-cto run\`, not a run.`, 'Give --run the id codex-cto printed (codex-cto: run <id>).');
  if (id !== null) {
    names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        throw new CtoError('settings', `There is no run "${id}" in ${join(root, ARTIFACT_DIR)}.`, 'Give the id codex-cto printed (codex-cto: run <id>), or leave out --run to start a new run.');
      }
      throw error;
    });
  }
  const runIdentity = id ?? runId();
  // Created on the first write: a plan that fails leaves no empty run behind.
  let store: Promise<ArtifactStore> | null = null;
  const write = async (name: string, value: unknown): Promise<string> => (await (store ??= createArtifactStore(root, runIdentity, gitEnv))).write(name, value);
  const folder = join(root, ARTIFACT_DIR, runIdentity);
  const readJson = async (name: string): Promise<unknown> => {
    const file = join(folder, name);
    try {
      return JSON.parse(await readFile(file, 'utf8')) as unknown;
    } catch (error) {
      throw new CtoError('settings', `Cannot read ${file}: ${(error as Error).message}`);
    }
  };
  return {
    id: runIdentity,
    dir: folder,
    names,
    write,
    readJson,
    async baseCommit() {
      if (!names.includes(BASE_FILE)) return null;
      const value = (await readJson(BASE_FILE)) as { commit?: unknown } | null;
      return typeof value?.commit === 'string' && /^[0-9a-f]{40,64}$/.test(value.commit) ? value.commit : null;
    },
    async recordBase(commit) {
      if (!names.includes(BASE_FILE)) await write(BASE_FILE, { commit });
    },
  };
}
