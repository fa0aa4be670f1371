// The local orchestrator's own settings (where worktrees go, what happens after an approval), one typed
// object with its defaults: the repository config file's `local:` section over the defaults, the flags over
// both. Pure.
import { CtoError } from '../core/model/errors.js';
import type { LoadedConfig } from '../core/model/repo-config.js';
import { DIRTY_MAIN_POLICIES, MERGE_STYLES, type DirtyMainPolicy, type MergeStyle } from '../workspace/local-merge.js';

export interface LocalOptions {
  /** The folder the run's worktree is made in; relative to the repository's top level. */
  worktreeDir: string;
  /** Merge the branch into `mergeTarget` once Codex approves it. */
  autoMerge: boolean;
  /** The branch to merge into; null: the branch checked out when the run started. */
  mergeTarget: string | null;
  mergeStyle: MergeStyle;
  /** What a merge does with uncommitted changes to tracked files of the target's checkout. */
  dirtyMain: DirtyMainPolicy;
  /** Remove the worktree and the branch after a merge (kept, with their path printed, otherwise). */
  cleanupAfterMerge: boolean;
}

export const LOCAL_DEFAULTS: Readonly<LocalOptions> = Object.freeze({
  worktreeDir: '.codex-cto/worktrees',
  autoMerge: false,
  mergeTarget: null,
  mergeStyle: 'merge',
  dirtyMain: 'abort',
  cleanupAfterMerge: true,
});

/** The flags, for node's parseArgs. */
export const LOCAL_FLAGS = {
  'worktree-dir': { type: 'string' },
  merge: { type: 'boolean' },
  'merge-into': { type: 'string' },
  'merge-style': { type: 'string' },
  'dirty-main': { type: 'string' },
  'keep-worktree': { type: 'boolean' },
} as const;

export const LOCAL_USAGE = `  --merge                       After approval, merge the branch into the branch you were on.
  --merge-into BRANCH           After approval, merge into BRANCH (implies --merge).
  --merge-style S               merge (a merge commit, default), squash (one commit) or rebase
                                (the run's commits replayed onto the target, which fast-forwards).
  --dirty-main P                Uncommitted changes to tracked files of the target's checkout at merge
                                time: abort (default: no merge, nothing touched), commit (committed on
                                the target first, before the merge), stash (set aside, merged, put back;
                                if they conflict they stay in \`git stash list\`). Untracked files are
                                never touched; a merge that would overwrite one fails and is undone.
  --keep-worktree               Keep the worktree and branch after a merge (removed by default).
  --worktree-dir DIR            Where run worktrees go (default ${LOCAL_DEFAULTS.worktreeDir}, from the repository top).
                                The config file's \`local:\` section sets each of these too.
`;

/** The defaults with the config file's `local:` section over them (the schema already checked its values). */
export function localOptionsOf(config: LoadedConfig | null): LocalOptions {
  const file = config?.config.local ?? {};
  return {
    worktreeDir: file['worktree-dir'] ?? LOCAL_DEFAULTS.worktreeDir,
    autoMerge: file['auto-merge'] ?? LOCAL_DEFAULTS.autoMerge,
    mergeTarget: file['merge-target'] ?? LOCAL_DEFAULTS.mergeTarget,
    mergeStyle: file['merge-style'] ?? LOCAL_DEFAULTS.mergeStyle,
    dirtyMain: file['dirty-main'] ?? LOCAL_DEFAULTS.dirtyMain,
    cleanupAfterMerge: file['cleanup-after-merge'] ?? LOCAL_DEFAULTS.cleanupAfterMerge,
  };
}

type FlagValues = { [K in keyof typeof LOCAL_FLAGS]?: (typeof LOCAL_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

export function localOptionsFrom(values: FlagValues, base: LocalOptions = LOCAL_DEFAULTS): LocalOptions {
  const target = values['merge-into'];
  if (target !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(target)) throw flagError(`--merge-into must name a branch, got "${target}"`);
  const dir = values['worktree-dir'];
  if (dir !== undefined && dir.trim() === '') throw flagError('--worktree-dir must name a folder');
  return {
    worktreeDir: dir ?? base.worktreeDir,
    autoMerge: values.merge === true || target !== undefined || base.autoMerge,
    mergeTarget: target ?? base.mergeTarget,
    mergeStyle: oneOf(values['merge-style'], MERGE_STYLES, 'merge-style') ?? base.mergeStyle,
    dirtyMain: oneOf(values['dirty-main'], DIRTY_MAIN_POLICIES, 'dirty-main') ?? base.dirtyMain,
    cleanupAfterMerge: values['keep-worktree'] === true ? false : base.cleanupAfterMerge,
  };
}

function oneOf<T extends string>(raw: string | undefined, allowed: readonly T[], name: string): T | null {
  if (raw === undefined) return null;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw flagError(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
}

function flagError(message: string): CtoError {
  return new CtoError('settings', `codex-cto: ${message}`, 'Run `codex-cto run --help` for the options.');
}
