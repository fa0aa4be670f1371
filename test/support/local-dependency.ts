// A repository whose tests need a dependency installed first: `shout` from a local tarball (a `file:`
// dependency, as a vendored package or a registry stand-in would be), with its lock file, so that
// `npm ci` installs it offline. The tarball sits in a folder every user can read: the agent user runs `npm ci`.
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess } from '../../src/workspace/process.js';
import { SAMPLE_FILES } from './scenario.js';

export const DEPENDENCY = { name: 'shout', version: '1.2.3' } as const;

export interface LocalDependency {
  /** Holds the tarball; remove it when done. */
  dir: string;
  /** The greeter's files with the dependency, its lock file and a `.gitignore` for `node_modules/`. */
  files: Record<string, string>;
}

export async function localDependency(): Promise<LocalDependency> {
  const dir = await mkdtemp(path.join(tmpdir(), 'local-dependency-'));
  await chmod(dir, 0o755);
  const source = path.join(dir, 'source');
  await mkdir(source);
  await writeFile(path.join(source, 'package.json'), `${JSON.stringify({ ...DEPENDENCY, main: 'index.js' }, null, 2)}\n`);
  await writeFile(path.join(source, 'index.js'), 'module.exports = (text) => String(text).toUpperCase();\n');
  await npm(['pack', '--pack-destination', dir], source);
  const tarball = path.join(dir, `${DEPENDENCY.name}-${DEPENDENCY.version}.tgz`);
  await chmod(tarball, 0o644);
  const project = path.join(dir, 'project');
  await mkdir(project);
  const manifest = { ...JSON.parse(SAMPLE_FILES['package.json'] as string), dependencies: { [DEPENDENCY.name]: `file:${tarball}` } };
  const packageJson = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(path.join(project, 'package.json'), packageJson);
  await npm(['install', '--package-lock-only', '--offline', '--no-audit', '--no-fund'], project);
  const lock = await readFile(path.join(project, 'package-lock.json'), 'utf8');
  return { dir, files: { ...SAMPLE_FILES, 'package.json': packageJson, 'package-lock.json': lock, '.gitignore': 'node_modules/\n' } };
}

async function npm(args: string[], cwd: string): Promise<void> {
  const run = await runProcess('npm', args, { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd }, timeoutMs: 120_000 });
  if (run.exitCode !== 0) throw new Error(`npm ${args.join(' ')} failed: ${run.stderr || run.stdout}`);
}
