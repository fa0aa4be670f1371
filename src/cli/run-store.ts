// Local runs as the CLI saves them, one `.codex-cto/<run-id>/run.json` beside the run's artifacts: what the
// run was asked, where its worktree and branch are, the settings it runs with, and the loop's state, so
// `codex-cto runs` can list them and `codex-cto continue` can take one up again. Codex's `-c` overrides
// are not saved (they may name endpoints or carry secrets); `continue` takes them again.
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import type { LoopState } from '../core/model/schema-types.js';
import { checkLoopState } from '../core/model/schemas.js';
import { ARTIFACT_DIR } from '../workspace/artifacts.js';
import { DIRTY_MAIN_POLICIES, MERGE_STYLES } from '../workspace/local-merge.js';
import type { WorkspacePlace } from '../workspace/local-worktree.js';
import type { RepositoryWork } from './cli-settings.js';
import type { Command } from './io.js';

/**
 * The run's settings as its command line and config file gave them: not Codex's `-c` overrides, and not the
 * repository's setup, variables and verification, which each stretch reads from the config file as it is then.
 */
export type RunSettings = Omit<Command<'run'>, 'kind' | 'objective' | 'codexConfig' | 'dryRun' | keyof RepositoryWork>;

export interface SavedRun {
  version: 1;
  id: string;
  objective: string;
  started_at: string;
  updated_at: string;
  place: WorkspacePlace;
  settings: RunSettings;
  loop: LoopState;
}

const RUN_FILE = 'run.json';
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;
/** `runs` reads at most this many (the newest). */
export const MAX_LISTED = 200;

export function runFile(root: string, id: string): string {
  return join(root, ARTIFACT_DIR, id, RUN_FILE);
}

/** Writes the run whole or not at all: a run interrupted mid-write keeps its last complete state. */
export async function saveRun(root: string, run: SavedRun): Promise<void> {
  const file = runFile(root, run.id);
  await writeFile(`${file}.next`, `${JSON.stringify(run, null, 2)}\n`, 'utf8');
  await rename(`${file}.next`, file);
}

export async function loadRun(root: string, id: string): Promise<SavedRun> {
  if (!SAFE_ID.test(id)) throw new CtoError('settings', `codex-cto: "${id}" is not a run id.`, 'Run `codex-cto runs` to list the runs of this repository.');
  const file = runFile(root, id);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new CtoError('settings', `There is no run ${id} in this repository.`, 'Run `codex-cto runs` to list its runs.');
    throw error;
  });
  return parseSavedRun(text, file);
}

/** The saved runs, newest first, and a line for each file that could not be read. */
export async function listRuns(root: string): Promise<{ runs: SavedRun[]; unreadable: string[] }> {
  const names = await readdir(join(root, ARTIFACT_DIR)).catch(() => [] as string[]);
  const ids = names.filter((name) => SAFE_ID.test(name) && name !== 'worktrees').sort().reverse().slice(0, MAX_LISTED);
  const runs: SavedRun[] = [];
  const unreadable: string[] = [];
  for (const id of ids) {
    const file = runFile(root, id);
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue; // a plan or review artifact folder, not a run
    try {
      runs.push(parseSavedRun(text, file));
    } catch (error) {
      unreadable.push((error as Error).message);
    }
  }
  return { runs, unreadable };
}

/** A saved run read back, checked field by field; the error names the file and what is wrong. */
export function parseSavedRun(text: string, file: string): SavedRun {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CtoError('settings', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const problems = savedRunProblems(value);
  if (problems.length > 0) throw new CtoError('settings', `${file} is not a saved run: ${problems.slice(0, 3).join('; ')}`);
  return value as SavedRun;
}

function savedRunProblems(value: unknown): string[] {
  if (!isObject(value)) return ['not an object'];
  const problems: string[] = [];
  if (value.version !== 1) problems.push('version must be 1');
  for (const key of ['id', 'objective', 'started_at', 'updated_at'] as const) if (typeof value[key] !== 'string') problems.push(`${key} must be a string`);
  if (typeof value.id === 'string' && !SAFE_ID.test(value.id)) problems.push('id is not a run id');
  const place = value.place;
  if (!isObject(place) || typeof place.dir !== 'string' || typeof place.branch !== 'string' || typeof place.baseSha !== 'string' || !(place.target === null || typeof place.target === 'string')) {
    problems.push('place must give dir, branch, target and baseSha');
  }
  const settings = value.settings;
  if (!isObject(settings) || !isObject(settings.local) || typeof settings.maxIterations !== 'number' || typeof settings.escalateAfter !== 'number' || !Array.isArray(settings.allowedTools)) {
    problems.push('settings are incomplete');
  } else if (!localProblemsFree(settings.local)) {
    problems.push('settings.local: unknown merge style or dirty-main policy');
  }
  const loop = checkLoopState(value.loop);
  if (!loop.ok) problems.push(...loop.errors.map((error) => `loop: ${error}`));
  return problems;
}

function localProblemsFree(local: Record<string, unknown>): boolean {
  return (MERGE_STYLES as readonly unknown[]).includes(local.mergeStyle) && (DIRTY_MAIN_POLICIES as readonly unknown[]).includes(local.dirtyMain)
    && typeof local.worktreeDir === 'string' && (local.mergeTarget === null || typeof local.mergeTarget === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
