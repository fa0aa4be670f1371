// The bundled local CLI as a person runs it, for integration tests: a sample repository to work on, the
// environment that points the real agent CLIs at the scripted model servers, and the command itself.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runProcess } from '../../src/workspace/process.js';
import { FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY, gitEnv } from './agent-home.js';
import { SAMPLE_FILES } from './scenario.js';

export const CLI = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));

/** The greeter sample as a git repository with one commit on main, in `home/name`. */
export async function sampleRepo(home: string, name = 'greeter'): Promise<string> {
  const repo = join(home, name);
  for (const [path, text] of Object.entries(SAMPLE_FILES)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  }
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', 'Initial commit']]) await git(home, repo, args);
  return repo;
}

/** Runs git in `cwd` with the test's isolated configuration; fails the test when git fails. */
export async function git(home: string, cwd: string, args: string[]): Promise<string> {
  const run = await runProcess('git', args, { cwd, env: gitEnv(home), timeoutMs: 30_000 });
  expect(run.exitCode, `git ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

export function cliEnv(home: string, anthropicUrl: string): Record<string, string> {
  return {
    ...gitEnv(home),
    OPENAI_API_KEY: FAKE_OPENAI_KEY,
    ANTHROPIC_API_KEY: FAKE_ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: anthropicUrl,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    CLAUDE_CODE_MAX_RETRIES: '0',
    CODEX_HOME: join(home, '.codex'),
  };
}

export async function cli(args: string[], cwd: string, env: Record<string, string>) {
  return runProcess(process.execPath, [CLI, ...args], { cwd, env, timeoutMs: 240_000 });
}
