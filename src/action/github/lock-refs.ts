// The Git database endpoints as the loop lock uses them: a commit that records the holder, a ref created
// only when it does not exist (GitHub answers 422 when it does), moved only by a fast-forward (a takeover
// names the stale lock commit as its parent, so of two takers only the first can move it), read, deleted;
// and the status of the workflow run a lock names.
import { call, explain, httpStatus, type Api, type RepoRef } from './client.js';
import { LOCK_LIFETIME_MS, type HolderRunStatus } from '../../core/loop-lock.js';

/** Git's empty tree: a lock commit carries no files, and no request is spent finding a tree. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
/** How far two runners' clocks may disagree about when a lock was taken. */
const CLOCK_MARGIN_MS = 30 * 60_000;

/** A lock this run took: the ref and the commit it made for it. */
export interface HeldLock {
  ref: string;
  sha: string;
  /** When this run took it (ms since the epoch, this runner's clock); absent in a lock saved without it. */
  takenAt?: number;
}

export class LockRefs {
  private readonly api: Api;
  private readonly repo: RepoRef;

  constructor(api: Api, repo: RepoRef) {
    this.api = api;
    this.repo = repo;
  }

  /** A commit without files whose message is `record`; `parent` is the stale lock commit it replaces. */
  async record(record: string, parent: string | null): Promise<string> {
    const { data } = await call('record the loop lock', 'contents: write', () =>
      this.api.rest.git.createCommit({ ...this.repo, message: record, tree: EMPTY_TREE, parents: parent === null ? [] : [parent] }),
    );
    return data.sha;
  }

  /** Creates `ref` at `sha`; false when the ref exists (another run holds the lock). */
  async create(ref: string, sha: string): Promise<boolean> {
    try {
      await this.api.rest.git.createRef({ ...this.repo, ref, sha });
      return true;
    } catch (error) {
      if (httpStatus(error) === 422) return false;
      throw wrapped('take the loop lock', error);
    }
  }

  /** Moves `ref` to `sha` if that is a fast-forward; false when someone moved or removed it first. */
  async advance(ref: string, sha: string): Promise<boolean> {
    try {
      await this.api.rest.git.updateRef({ ...this.repo, ref: short(ref), sha, force: false });
      return true;
    } catch (error) {
      if (httpStatus(error) === 422) return false;
      throw wrapped('take over the loop lock', error);
    }
  }

  /** The commit `ref` points at, or null when there is no such ref. */
  async read(ref: string): Promise<string | null> {
    try {
      return (await this.api.rest.git.getRef({ ...this.repo, ref: short(ref) })).data.object.sha;
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw wrapped('read the loop lock', error);
    }
  }

  /** A lock commit's message and date. */
  async commit(sha: string): Promise<{ message: string; date: string }> {
    const { data } = await call('read the loop lock', 'contents: read', () => this.api.rest.git.getCommit({ ...this.repo, commit_sha: sha }));
    return { message: data.message, date: data.committer.date };
  }

  /** Deletes `ref`; one already gone is fine. */
  async remove(ref: string): Promise<void> {
    try {
      await this.api.rest.git.deleteRef({ ...this.repo, ref: short(ref) });
    } catch (error) {
      if (httpStatus(error) !== 422 && httpStatus(error) !== 404) throw wrapped('release the loop lock', error);
    }
  }

  /** Whether workflow run `runId` has completed; `unknown` when it cannot be read (no `actions: read`, deleted). */
  async runStatus(runId: string): Promise<HolderRunStatus> {
    try {
      const { data } = await this.api.rest.actions.getWorkflowRun({ ...this.repo, run_id: Number(runId) });
      return data.status === 'completed' ? 'completed' : 'running';
    } catch {
      return 'unknown';
    }
  }
}

/**
 * Releases `lock` when this run still holds it. Another run takes a lock over only when its holder's run has
 * completed (this one is running: the post step too belongs to it), was an earlier attempt, or took it more
 * than LOCK_LIFETIME_MS ago. So while this run's lock is younger than that, less a margin for the clocks of
 * two runners, it is still this run's, and one DELETE gives it back. An older lock is read first and deleted
 * only when it still points at the commit this run made; between the read and the delete another run could
 * only have taken it by judging it stale. Returns whether the lock was this run's to release.
 */
export async function releaseHeldLock(refs: LockRefs, lock: HeldLock, now: number): Promise<boolean> {
  const young = lock.takenAt !== undefined && now - lock.takenAt < LOCK_LIFETIME_MS - CLOCK_MARGIN_MS;
  if (!young && (await refs.read(lock.ref)) !== lock.sha) return false;
  await refs.remove(lock.ref);
  return true;
}

/** The ref as the single-ref endpoints name it: without `refs/`. */
function short(ref: string): string {
  return ref.replace(/^refs\//, '');
}

function wrapped(what: string, error: unknown): Error {
  return explain(what, 'contents: write', error);
}
