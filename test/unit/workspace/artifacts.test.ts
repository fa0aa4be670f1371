import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtifactStore, isExcluded } from '../../../src/workspace/artifacts.js';
import { CtoError } from '../../../src/core/model/errors.js';

// Real git in temp repositories, isolated from the machine's and the user's configuration.
let root: string;
let env: Record<string, string>;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'codex-cto-artifacts-'));
  const home = path.join(root, 'home');
  mkdirSync(home);
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let repoCount = 0;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

/** A repository with one commit; `template` '' gives one without an `info/` folder. */
function newRepo(template?: string): string {
  repoCount += 1;
  const dir = path.join(root, `repo-${repoCount}`);
  const templateArgs = template === undefined ? [] : [`--template=${template}`];
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', ...templateArgs, dir], { env });
  writeFileSync(path.join(dir, 'README.md'), '# demo\n');
  git(dir, 'add', 'README.md');
  git(dir, 'commit', '--quiet', '-m', 'initial');
  return dir;
}

function excludeOf(repo: string): string {
  return readFileSync(path.join(repo, '.git', 'info', 'exclude'), 'utf8');
}

function occurrences(text: string, line: string): number {
  return text.split('\n').filter((l) => l === line).length;
}

describe('createArtifactStore', () => {
  it('writes pretty JSON under .codex-cto/<run-id>/ and returns the path', async () => {
    const repo = newRepo();
    const store = await createArtifactStore(repo, '1234-1', env);
    const written = await store.write('plan-001.json', { tasks: [{ id: 'T1' }] });

    expect(written).toBe(path.join(repo, '.codex-cto', '1234-1', 'plan-001.json'));
    expect(readFileSync(written, 'utf8')).toBe('{\n  "tasks": [\n    {\n      "id": "T1"\n    }\n  ]\n}\n');
  });

  it('keeps artifacts out of git status, so staging everything never commits them', async () => {
    const repo = newRepo();
    const store = await createArtifactStore(repo, 'run-1', env);
    await store.write('review-001.json', { verdict: 'approve' });

    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    git(repo, 'add', '--all');
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('');
  });

  it('lists the folder in info/exclude once, keeping what was there', async () => {
    const repo = newRepo();
    const before = excludeOf(repo);
    await createArtifactStore(repo, 'run-1', env);
    await createArtifactStore(repo, 'run-2', env);

    const after = excludeOf(repo);
    expect(after.startsWith(before)).toBe(true);
    expect(occurrences(after, '.codex-cto/')).toBe(1);
  });

  it('adds its line on a line of its own when the file does not end with a newline', async () => {
    const repo = newRepo();
    writeFileSync(path.join(repo, '.git', 'info', 'exclude'), '*.tmp');
    await createArtifactStore(repo, 'run-1', env);
    expect(excludeOf(repo)).toBe('*.tmp\n.codex-cto/\n');
  });

  it('recognises an anchored entry a person already wrote', async () => {
    const repo = newRepo();
    writeFileSync(path.join(repo, '.git', 'info', 'exclude'), '/.codex-cto/\n');
    await createArtifactStore(repo, 'run-1', env);
    expect(excludeOf(repo)).toBe('/.codex-cto/\n');
  });

  it('creates info/exclude when the repository has none', async () => {
    const repo = newRepo('');
    const store = await createArtifactStore(repo, 'run-1', env);
    await store.write('claude-001.json', { ok: true });
    expect(excludeOf(repo)).toBe('.codex-cto/\n');
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('works in a linked worktree, where info/exclude lives in the main repository', async () => {
    const repo = newRepo();
    const worktree = path.join(root, `worktree-${repoCount}`);
    git(repo, 'worktree', 'add', '--quiet', '-b', 'codex-cto/issue-7', worktree);
    const store = await createArtifactStore(worktree, 'run-1', env);
    const written = await store.write('plan-001.json', {});

    expect(written.startsWith(path.join(worktree, '.codex-cto', 'run-1'))).toBe(true);
    expect(occurrences(excludeOf(repo), '.codex-cto/')).toBe(1);
    expect(git(worktree, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('refuses run ids and names that would leave the artifact folder', async () => {
    const repo = newRepo();
    await expect(createArtifactStore(repo, '../escape', env)).rejects.toThrow(/unsafe artifact run id/);
    const store = await createArtifactStore(repo, 'run-1', env);
    await expect(store.write('../../README.md', {})).rejects.toThrow(/unsafe artifact name/);
    expect(readFileSync(path.join(repo, 'README.md'), 'utf8')).toBe('# demo\n');
  });

  it('fails with a git error outside a repository', async () => {
    const plain = mkdtempSync(path.join(root, 'plain-'));
    const failure = await createArtifactStore(plain, 'run-1', { ...env, GIT_CEILING_DIRECTORIES: root }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CtoError);
    expect((failure as CtoError).kind).toBe('git');
  });
});

describe('isExcluded', () => {
  it('matches the folder pattern only as a whole line', () => {
    expect(isExcluded('# comment\n.codex-cto/\n')).toBe(true);
    expect(isExcluded('  /.codex-cto/  \r\n')).toBe(true);
    expect(isExcluded('# .codex-cto/\n')).toBe(false);
    expect(isExcluded('.codex-cto/x\n.codex-cto\n')).toBe(false);
  });
});
