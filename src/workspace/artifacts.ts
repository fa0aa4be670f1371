// Artifacts of a run (plans, reviews, Claude results) as pretty JSON files under
// `<repo>/.codex-cto/<run-id>/`. The folder is listed in the repository's own exclude file, so
// staging everything for a commit never picks them up, whatever the project's .gitignore says.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactStore } from '../core/ports.js';
import { CtoError } from '../core/model/errors.js';
import { Git } from './git.js';
import { openTranscript, type TranscriptOptions, type TranscriptSink } from './transcript.js';

export const ARTIFACT_DIR = '.codex-cto';
const EXCLUDE_LINE = `${ARTIFACT_DIR}/`;
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The run's artifact folder: JSON documents, and transcripts written line by line as an agent works. */
export interface RunArtifacts extends ArtifactStore {
  readonly dir: string;
  /** A transcript file (`claude-001.jsonl`), redacted line by line and bounded in size. */
  transcript(name: string, options: TranscriptOptions): TranscriptSink;
}

/**
 * Prepares `<repoDir>/.codex-cto/<runId>/` and returns a store writing into it. `env` is the
 * environment git runs with (git must be on its PATH).
 */
export async function createArtifactStore(repoDir: string, runId: string, env: Record<string, string>): Promise<RunArtifacts> {
  if (!SAFE_SEGMENT.test(runId)) throw new CtoError('internal', `unsafe artifact run id: ${JSON.stringify(runId)}`);
  await excludeFromGit(new Git({ cwd: repoDir, env, timeoutMs: 30_000 }), EXCLUDE_LINE);
  const dir = artifactDir(repoDir, runId);
  await mkdir(dir, { recursive: true });
  const fileOf = (name: string): string => {
    if (!SAFE_SEGMENT.test(name)) throw new CtoError('internal', `unsafe artifact name: ${JSON.stringify(name)}`);
    return path.join(dir, name);
  };
  return {
    dir,
    async write(name: string, value: unknown): Promise<string> {
      const file = fileOf(name);
      await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
      return file;
    },
    transcript: (name, options) => openTranscript(fileOf(name), options),
  };
}

/** The folder a run's store writes into. */
export function artifactDir(repoDir: string, runId: string): string {
  if (!SAFE_SEGMENT.test(runId)) throw new CtoError('internal', `unsafe artifact run id: ${JSON.stringify(runId)}`);
  return path.join(repoDir, ARTIFACT_DIR, runId);
}

/**
 * Adds `line` (a folder, `name/`) to the repository's `info/exclude` unless it is there; `--git-path` finds
 * the file in worktrees too.
 */
export async function excludeFromGit(git: Git, line: string): Promise<void> {
  const reported = (await git.run(['rev-parse', '--git-path', 'info/exclude'])).trim();
  const file = path.resolve(git.cwd, reported);
  const current = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  if (isExcluded(current, line)) return;
  await mkdir(path.dirname(file), { recursive: true });
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${separator}${line}\n`, 'utf8');
}

/** True when an exclude file already lists `entry` (default the artifact folder), anchored or not. */
export function isExcluded(excludeText: string, entry: string = EXCLUDE_LINE): boolean {
  return excludeText
    .split(/\r?\n/)
    .map((line) => line.trim())
    .some((line) => line === entry || line === `/${entry}`);
}
