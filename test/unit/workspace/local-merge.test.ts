// Merging a run's branch with real git in temp repositories: into a target nobody has checked out (done in
// the run's worktree), a merge that conflicts (undone, nothing lost), and targets it must refuse.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeApproved, type MergeOptions } from '../../../src/workspace/local-merge.js';
import { openLocalWorkspace, type LocalWorkspace } from '../../../src/workspace/local-worktree.js';

let root: string;
let env: Record<string, string>;
let count = 0;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'codex-cto-merge-'));
  mkdirSync(path.join(root, 'home'));
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: path.join(root, 'home'),
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

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

/** A repository on main with a `release` branch, and a run whose worktree changed `notes.txt`. */
async function repoWithRun(): Promise<{ repo: string; workspace: LocalWorkspace }> {
  const repo = path.join(root, `repo-${++count}`);
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(repo, 'notes.txt'), 'one\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'First');
  git(repo, 'branch', 'release');
  const workspace = await openLocalWorkspace(repo, 'Add a line', `run${count}`, env, path.join(repo, '.codex-cto', 'worktrees'));
  writeFileSync(path.join(workspace.dir, 'notes.txt'), 'one\ntwo\n');
  await workspace.repository.saveWork('codex-cto iteration 1: Add a line');
  return { repo, workspace };
}

const options = (target: string, overrides: Partial<MergeOptions> = {}): MergeOptions => ({ target, style: 'merge', dirtyMain: 'abort', cleanup: false, message: 'Merge the run', ...overrides });

// Real git on a busy machine: several git commands per test.
describe('merging an approved run', { timeout: 60_000 }, () => {
  it('merges into a target nobody has checked out inside the run worktree, which goes back to its branch', async () => {
    const { repo, workspace } = await repoWithRun();
    const report = await mergeApproved(workspace, options('release'), env);
    expect(git(repo, 'rev-parse', 'release').trim()).toBe(report.sha);
    expect(git(repo, 'show', 'release:notes.txt')).toBe('one\ntwo\n');
    expect(git(repo, 'log', '-1', '--format=%s', 'release').trim()).toBe('Merge the run');
    expect(git(workspace.dir, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe(workspace.branch);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
    expect(report).toMatchObject({ yourChanges: { kind: 'none' }, cleaned: false });
  });

  it('undoes a merge that conflicts and keeps the branch, the worktree and the target as they were', async () => {
    const { repo, workspace } = await repoWithRun();
    writeFileSync(path.join(repo, 'notes.txt'), 'one\nthree\n');
    git(repo, 'commit', '-q', '-am', 'Meanwhile on main');
    const before = git(repo, 'rev-parse', 'main').trim();
    await expect(mergeApproved(workspace, options('main', { cleanup: true }), env)).rejects.toThrow(/The merge of codex-cto\/add-a-line-run\d+ into main failed and was undone/);
    expect(git(repo, 'rev-parse', 'main').trim()).toBe(before);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe('one\nthree\n');
    expect(existsSync(workspace.dir)).toBe(true);
    expect(git(repo, 'branch', '--list', workspace.branch)).toContain(workspace.branch);
  });

  it('refuses a target that does not exist', async () => {
    const { workspace } = await repoWithRun();
    await expect(mergeApproved(workspace, options('nope'), env)).rejects.toThrow('Not merging: there is no branch nope.');
  });

  it('refuses a target checked out in another worktree, naming it', async () => {
    const { repo, workspace } = await repoWithRun();
    const other = path.join(root, `other-${count}`);
    git(repo, 'worktree', 'add', '-q', other, 'release');
    await expect(mergeApproved(workspace, options('release'), env)).rejects.toThrow(`Not merging: release is checked out in ${other}.`);
  });
});
