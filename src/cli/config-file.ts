// The repository's config file for the CLI: `.github/codex-cto.yml` of the repository the CLI runs in, or
// the file `--config PATH` names. A missing default file is no config; a missing named file, or a file
// with problems, stops the command with the file, line and key of each problem.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { CONFIG_FILE, MAX_CONFIG_BYTES, parseRepoConfig, type LoadedConfig } from '../core/model/repo-config.js';
import { CtoError } from '../core/model/errors.js';
import { agentEnv } from '../safety/env.js';
import { Git } from '../workspace/git.js';
import type { CliIo } from './io.js';

/** The value of `--config` (as `--config PATH` or `--config=PATH`), or null. */
export function configPathOf(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return null;
    if (arg === '--config') return argv[i + 1] ?? null;
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return null;
}

export async function loadCliConfig(io: CliIo, named: string | null): Promise<LoadedConfig | null> {
  const path = named !== null ? resolve(io.cwd, named) : await defaultPath(io);
  if (path === null) return null;
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_CONFIG_BYTES) throw new CtoError('config', `${shownPath(io, path)} is larger than ${MAX_CONFIG_BYTES / 1024} KB.`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof CtoError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && named === null) return null;
    throw new CtoError('config', `Cannot read the config file ${shownPath(io, path)}: ${(error as Error).message}`, 'Check the path given to --config.');
  }
  const load = parseRepoConfig(text, shownPath(io, path));
  if (!load.ok) {
    const heading = load.problems.length === 1 ? 'one problem' : `${load.problems.length} problems`;
    throw new CtoError('config', `codex-cto cannot start: ${heading} with the config file:\n${load.problems.map((p) => `- ${p}`).join('\n')}`, 'Fix the config file, or point --config at another.');
  }
  return load.loaded;
}

/** `.github/codex-cto.yml` at the root of the repository around the working directory; null outside one. */
async function defaultPath(io: CliIo): Promise<string | null> {
  const top = await new Git({ cwd: io.cwd, env: agentEnv(io.env, 'git', {}) }).exec(['rev-parse', '--show-toplevel']);
  return top.exitCode === 0 ? join(top.stdout.trim(), CONFIG_FILE) : null;
}

function shownPath(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
