// A small world for tests of the bundled local CLI: the scenario's sample repository in a throwaway home,
// a commit of everything, and a call of `dist/cli/index.js` as `bin/codex-cto.js` runs it.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runProcess } from '../../src/workspace/process.js';
import { gitEnv } from './agent-home.js';
import { SAMPLE_FILES } from './scenario.js';

const CLI = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));

/** The greeter package of the scenario, committed on `main` in `<home>/greeter`. */
export async function sampleRepo(home: string): Promise<string> {
  const repo = join(home, 'greeter');
  for (const [path, text] of Object.entries(SAMPLE_FILES)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  }
  await git(repo, home, ['init', '-q', '-b', 'main']);
  await commitAll(repo, home, 'Initial commit');
  return repo;
}

export async function commitAll(repo: string, home: string, message: string): Promise<void> {
  await git(repo, home, ['add', '-A']);
  await git(repo, home, ['commit', '-q', '-m', message]);
}

export async function git(repo: string, home: string, args: string[]): Promise<string> {
  const run = await runProcess('git', args, { cwd: repo, env: gitEnv(home), timeoutMs: 30_000 });
  expect(run.exitCode, run.stderr).toBe(0);
  return run.stdout;
}

export async function cliCall(args: string[], cwd: string, env: Record<string, string>) {
  return runProcess(process.execPath, [CLI, ...args], { cwd, env, timeoutMs: 240_000 });
}
