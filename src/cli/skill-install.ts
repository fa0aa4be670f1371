// Writing and removing the skill's folder. Install records what it wrote (each file's SHA-256 and the
// folders it had to create) in a manifest beside the files; uninstall removes exactly that, and only when
// every file is still as written. A file codex-cto did not write, or one changed since, is never
// overwritten or deleted: the command refuses and says which file, having changed nothing.
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import type { SkillFile } from './skill-text.js';

/** The record of an installation, kept in the skill's folder. */
export const MANIFEST = '.codex-cto-skill.json';

interface Manifest {
  written_by: 'codex-cto';
  /** File path inside the skill folder -> SHA-256 of the text written. */
  files: Record<string, string>;
  /** Folders the installation created, relative to the skills home, deepest first. */
  created: string[];
}

export interface InstallResult {
  dir: string;
  written: string[];
  /** True when an earlier, unchanged installation was replaced. */
  updated: boolean;
}

export interface UninstallResult {
  dir: string;
  removed: string[];
  /** Folders left in place because they hold files codex-cto did not write. */
  kept: string[];
}

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** Writes `files` into `<home>/<skillPath>`; `home` is the `.claude` folder (the project's or the user's). */
export async function installSkill(home: string, skillPath: string, files: readonly SkillFile[]): Promise<InstallResult> {
  const dir = join(home, skillPath);
  const previous = await readManifest(dir);
  const names = new Set([...files.map((file) => file.path), ...Object.keys(previous?.files ?? {})]);
  const blocked: string[] = [];
  for (const name of names) {
    const problem = await overwriteProblem(join(dir, name), previous?.files[name]);
    if (problem) blocked.push(`${name} ${problem}`);
  }
  if (blocked.length > 0) {
    throw new CtoError('refused', `Not installing the skill in ${dir}: ${blocked.join('; ')}.`,
      'Move those files away (or remove them) if you no longer need them, then run `codex-cto skill install` again.');
  }
  const created = previous?.created ?? (await missingFolders(home, skillPath));
  await mkdir(dir, { recursive: true });
  for (const name of Object.keys(previous?.files ?? {})) {
    if (!files.some((file) => file.path === name)) await rm(join(dir, name), { force: true });
  }
  const manifest: Manifest = { written_by: 'codex-cto', files: {}, created };
  for (const file of files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.text, 'utf8');
    manifest.files[file.path] = sha256(file.text);
  }
  await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  return { dir, written: files.map((file) => file.path), updated: previous !== null };
}

/** Removes what `installSkill` wrote into `<home>/<skillPath>`; null when there is nothing installed there. */
export async function uninstallSkill(home: string, skillPath: string): Promise<UninstallResult | null> {
  const dir = join(home, skillPath);
  if (!(await exists(dir))) return null;
  const manifest = await readManifest(dir);
  if (manifest === null) {
    throw new CtoError('refused', `${dir} was not written by codex-cto (it has no ${MANIFEST}); nothing was removed.`,
      'Remove that folder yourself if you no longer need it.');
  }
  const changed: string[] = [];
  const present: string[] = [];
  for (const [name, hash] of Object.entries(manifest.files)) {
    const state = await fileState(join(dir, name), hash);
    if (state === 'changed') changed.push(name);
    if (state === 'as-written') present.push(name);
  }
  if (changed.length > 0) {
    throw new CtoError('refused', `Not removing the skill in ${dir}: ${changed.join(', ')} changed since codex-cto wrote ${changed.length === 1 ? 'it' : 'them'}; nothing was removed.`,
      'Keep your changes elsewhere (or delete the files yourself), then run `codex-cto skill uninstall` again.');
  }
  for (const name of present) await rm(join(dir, name));
  await rm(join(dir, MANIFEST));
  const kept: string[] = [];
  for (const folder of foldersToRemove(home, manifest.created)) {
    // Deepest first: once one stays, the folders above it hold it.
    if (!(await removeIfEmpty(folder))) {
      kept.push(folder);
      break;
    }
  }
  return { dir, removed: present, kept };
}

/** Why `file` may not be overwritten, or null when it may (absent, or written by codex-cto and unchanged). */
async function overwriteProblem(file: string, writtenHash: string | undefined): Promise<string | null> {
  const state = await fileState(file, writtenHash ?? null);
  if (state === 'absent' || state === 'as-written') return null;
  if (state === 'not-a-file') return 'is not a plain file';
  return writtenHash === undefined ? 'exists and was not written by codex-cto' : 'changed since codex-cto wrote it';
}

type FileState = 'absent' | 'as-written' | 'changed' | 'not-a-file';

async function fileState(file: string, writtenHash: string | null): Promise<FileState> {
  const stat = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (stat === null) return 'absent';
  if (!stat.isFile()) return 'not-a-file';
  return writtenHash !== null && sha256(await readFile(file)) === writtenHash ? 'as-written' : 'changed';
}

async function readManifest(dir: string): Promise<Manifest | null> {
  const text = await readFile(join(dir, MANIFEST), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;
  const parsed = parseManifest(text);
  if (parsed === null) throw new CtoError('refused', `${join(dir, MANIFEST)} is not a manifest codex-cto wrote; nothing was changed.`);
  return parsed;
}

/** The manifest in `text`, or null when it is not one (a safe relative path for every entry). */
export function parseManifest(text: string): Manifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const m = value as Partial<Manifest> | null;
  if (!m || m.written_by !== 'codex-cto' || typeof m.files !== 'object' || m.files === null || !Array.isArray(m.created)) return null;
  const plain = (path: unknown): boolean => typeof path === 'string' && path !== '' && !path.startsWith('/') && !path.split(/[\\/]/).includes('..');
  if (!Object.entries(m.files).every(([path, hash]) => plain(path) && typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash))) return null;
  if (!m.created.every((path) => path === '.' || plain(path))) return null;
  return { written_by: 'codex-cto', files: { ...m.files }, created: [...m.created] };
}

/** The folders from `home` down to `<home>/<skillPath>` that do not exist yet, deepest first, relative to `home`. */
async function missingFolders(home: string, skillPath: string): Promise<string[]> {
  const levels = ['.'];
  let path = '';
  for (const part of skillPath.split('/')) levels.push((path = path ? `${path}/${part}` : part));
  const missing: string[] = [];
  for (const level of levels) if (!(await exists(join(home, level)))) missing.push(level);
  return missing.reverse();
}

/** The folders the installation created, deepest first; never one above `home`. */
function foldersToRemove(home: string, created: readonly string[]): string[] {
  return created.map((level) => join(home, level)).filter((folder) => !relative(home, folder).startsWith('..'));
}

async function removeIfEmpty(folder: string): Promise<boolean> {
  try {
    await rmdir(folder);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return true;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}
