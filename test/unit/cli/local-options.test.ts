import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli/args.js';
import { LOCAL_DEFAULTS, localOptionsFrom, localOptionsOf } from '../../../src/cli/local-options.js';
import { parseRepoConfig } from '../../../src/core/model/repo-config.js';

const local = (...flags: string[]) => {
  const command = parseCli(['run', 'Add a thing', ...flags]);
  if (command.kind !== 'run') throw new Error('not a run');
  return command.local;
};

describe('the local orchestrator options', () => {
  it('default to no merge, the abort policy, a merge commit, clean-up after a merge and worktrees under .codex-cto', () => {
    expect(local()).toEqual({ worktreeDir: '.codex-cto/worktrees', autoMerge: false, mergeTarget: null, mergeStyle: 'merge', dirtyMain: 'abort', cleanupAfterMerge: true });
  });

  it('read every flag', () => {
    expect(local('--merge-into', 'release/2.x', '--merge-style', 'squash', '--dirty-main', 'stash', '--keep-worktree', '--worktree-dir', '../work')).toEqual({
      worktreeDir: '../work',
      autoMerge: true,
      mergeTarget: 'release/2.x',
      mergeStyle: 'squash',
      dirtyMain: 'stash',
      cleanupAfterMerge: false,
    });
    expect(local('--merge').autoMerge).toBe(true);
  });

  it('refuse an unknown policy or style, and a target that is not a branch name, naming the flag', () => {
    expect(() => local('--dirty-main', 'discard')).toThrow('--dirty-main must be one of abort, commit, stash, got "discard"');
    expect(() => local('--merge-style', 'octopus')).toThrow('--merge-style must be one of merge, squash, rebase');
    expect(() => local('--merge-into=-x')).toThrow('--merge-into must name a branch');
    expect(() => local('--merge-into', 'a b')).toThrow('--merge-into must name a branch');
    expect(() => local('--worktree-dir', ' ')).toThrow('--worktree-dir must name a folder');
  });

  it('keep what a base (a config file) set where no flag says otherwise', () => {
    const base = { ...LOCAL_DEFAULTS, autoMerge: true, mergeStyle: 'rebase' as const, dirtyMain: 'commit' as const };
    expect(localOptionsFrom({}, base)).toEqual(base);
    expect(localOptionsFrom({ 'dirty-main': 'abort' }, base).dirtyMain).toBe('abort');
  });
});

describe("the config file's local: section", () => {
  const loaded = (text: string) => {
    const load = parseRepoConfig(text, '.github/codex-cto.yml');
    if (!load.ok) throw new Error(load.problems.join('; '));
    return load.loaded;
  };

  it('sets the options under the flags, which still win', () => {
    const config = loaded('local:\n  auto-merge: true\n  merge-target: develop\n  merge-style: squash\n  dirty-main: stash\n  cleanup-after-merge: false\n  worktree-dir: ../trees\n');
    expect(localOptionsOf(config)).toEqual({ worktreeDir: '../trees', autoMerge: true, mergeTarget: 'develop', mergeStyle: 'squash', dirtyMain: 'stash', cleanupAfterMerge: false });
    const command = parseCli(['run', 'Add a thing', '--dirty-main', 'commit'], config);
    expect(command.kind === 'run' && command.local).toMatchObject({ dirtyMain: 'commit', mergeStyle: 'squash', mergeTarget: 'develop' });
    expect(localOptionsOf(null)).toEqual(LOCAL_DEFAULTS);
  });

  it('refuses an unknown policy in the file, naming the line and key', () => {
    const load = parseRepoConfig('local:\n  dirty-main: discard\n', '.github/codex-cto.yml');
    expect(load.ok).toBe(false);
    expect(!load.ok && load.problems.join('\n')).toContain('line 2, key `local.dirty-main`');
  });
});

describe('the runs and continue command lines', () => {
  it('parse runs, and continue with its run id and the rest as feedback', () => {
    expect(parseCli(['runs'])).toEqual({ kind: 'runs' });
    const command = parseCli(['continue', '20260101T120000-abc123', 'Keep', 'the old API']);
    expect(command).toMatchObject({ kind: 'continue', runId: '20260101T120000-abc123', feedback: 'Keep the old API', maxBudgetUsd: undefined });
    expect(parseCli(['continue', 'x', '--max-budget-usd', '3'])).toMatchObject({ feedback: null, maxBudgetUsd: 3 });
  });

  it('refuse continue without a run id, or with --dry-run', () => {
    expect(() => parseCli(['continue'])).toThrow('continue needs a run id');
    expect(() => parseCli(['continue', 'x', '--dry-run'])).toThrow('continue has no --dry-run');
  });

  it('turn help <command> and <command> --help into that command\'s help', () => {
    expect(parseCli(['help', 'continue'])).toEqual({ kind: 'help', topic: 'continue' });
    expect(parseCli(['run', '--help'])).toEqual({ kind: 'help', topic: 'run' });
    expect(parseCli(['--help'])).toEqual({ kind: 'help', topic: null });
    expect(parseCli([])).toEqual({ kind: 'help', topic: null });
  });
});
