// Git references of the bare repositories behind the remote, so a ref made through the API is the
// same ref `git ls-remote` and `git fetch` see, and the other way round. Changes use `git update-ref`
// with the expected old value, which git checks under its own lock: a create fails when the ref
// exists, a move fails when someone moved it first.
import type { GitRunner } from './git-queries.js';

export interface StoredRef {
  /** Full name, `refs/...`. */
  ref: string;
  sha: string;
  /** `commit`, or `tag` for an annotated tag. */
  type: string;
}

const ZERO = '0'.repeat(40);

/** GitHub's rule for a new reference's name: `refs/` and at least two slashes; git's own rules on top. */
export async function isValidRefName(git: GitRunner, ref: string): Promise<boolean> {
  if (!ref.startsWith('refs/') || ref.split('/').length < 3) return false;
  return (await git(['check-ref-format', ref], { allowFailure: true })).exitCode === 0;
}

/** Refs whose name (without `refs/`) starts with `prefix`, by name; all of them for an empty prefix. */
export async function listRefs(git: GitRunner, gitDir: string, prefix = ''): Promise<StoredRef[]> {
  const out = await git(['--git-dir', gitDir, 'for-each-ref', '--sort=refname', '--format=%(refname)%00%(objectname)%00%(objecttype)']);
  return out.stdout.split('\n').filter(Boolean)
    .map((line) => line.split('\0') as [string, string, string])
    .map(([ref, sha, type]) => ({ ref, sha, type }))
    .filter((stored) => stored.ref.slice('refs/'.length).startsWith(prefix));
}

export async function readRef(git: GitRunner, gitDir: string, ref: string): Promise<StoredRef | null> {
  return (await listRefs(git, gitDir, ref.slice('refs/'.length))).find((stored) => stored.ref === ref) ?? null;
}

/** The type of object `sha` names (`commit`, `tag`, ...), or null when the repository has no such object. */
export async function objectType(git: GitRunner, gitDir: string, sha: string): Promise<string | null> {
  if (!/^[0-9a-f]{40}$/.test(sha)) return null;
  const out = await git(['--git-dir', gitDir, 'cat-file', '-t', sha], { allowFailure: true });
  return out.exitCode === 0 ? out.stdout.trim() : null;
}

/** Creates `ref` at `sha` unless it exists; false when it does (or appeared meanwhile). */
export async function createRef(git: GitRunner, gitDir: string, ref: string, sha: string): Promise<boolean> {
  return (await git(['--git-dir', gitDir, 'update-ref', ref, sha, ZERO], { allowFailure: true })).exitCode === 0;
}

/** Moves `ref` from `from` to `to`; false when it no longer points at `from`. */
export async function moveRef(git: GitRunner, gitDir: string, ref: string, from: string, to: string): Promise<boolean> {
  return (await git(['--git-dir', gitDir, 'update-ref', ref, to, from], { allowFailure: true })).exitCode === 0;
}

export async function deleteRef(git: GitRunner, gitDir: string, ref: string, from: string): Promise<boolean> {
  return (await git(['--git-dir', gitDir, 'update-ref', '-d', ref, from], { allowFailure: true })).exitCode === 0;
}

/** Whether `ancestor` is reachable from `descendant` (a fast-forward from one to the other). */
export async function isAncestor(git: GitRunner, gitDir: string, ancestor: string, descendant: string): Promise<boolean> {
  return (await git(['--git-dir', gitDir, 'merge-base', '--is-ancestor', ancestor, descendant], { allowFailure: true })).exitCode === 0;
}
