// A loop's lock across runs: a ref the front creates (GitHub refuses to create one that exists, which makes
// taking it an atomic test-and-set), pointing at a commit whose message records the run that holds it. The
// rules here are pure: the ref's name, the record's text, and when a holder is gone so its lock may be taken.

/** GitHub-hosted jobs end after 6 hours: a lock taken longer ago than this belongs to a run that is gone. */
export const LOCK_LIFETIME_MS = 6 * 60 * 60_000;

/** Where the locks live: a namespace of their own, so they neither show as branches nor start push workflows. */
export const LOCK_NAMESPACE = 'refs/codex-cto/locks/';

/** A run as the lock knows it: the workflow run's id and attempt. */
export interface LockRun {
  runId: string;
  attempt: string;
}

/** Who holds a lock, as its record says; the run is null when the record does not name one. */
export interface LockHolder {
  run: LockRun | null;
  /** ISO 8601 time the lock was taken (the record's, else the commit's date). */
  takenAt: string;
}

/** What GitHub says of the holder's workflow run: ended, still going, or not known (no access, deleted). */
export type HolderRunStatus = 'completed' | 'running' | 'unknown';

/** The lock of the loop that works on `branch` (a valid branch name, so a valid ref name once prefixed). */
export function lockRefOf(branch: string): string {
  return `${LOCK_NAMESPACE}${branch}`;
}

/** The lock commit's message: what a later run reads to tell who holds the loop. */
export function lockRecord(branch: string, run: LockRun, takenAt: string): string {
  return `codex-cto lock of ${branch}\n\nRun: ${run.runId}\nAttempt: ${run.attempt}\nTaken: ${takenAt}\n`;
}

/**
 * The holder a lock commit's `message` names. Anyone who may push could have written it, so only a run id
 * and attempt of digits and a valid time are taken; `committedAt` (the commit's date) stands in for a time
 * the message lacks.
 */
export function parseLockRecord(message: string, committedAt: string): LockHolder {
  const field = (name: string, pattern: RegExp): string | null => {
    const line = message.split('\n').find((l) => l.startsWith(`${name}: `));
    const value = line?.slice(name.length + 2).trim() ?? '';
    return pattern.test(value) ? value : null;
  };
  const runId = field('Run', /^\d{1,20}$/);
  const attempt = field('Attempt', /^\d{1,6}$/);
  const taken = field('Taken', /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  const takenAt = taken !== null && Number.isFinite(Date.parse(taken)) ? taken : committedAt;
  return { run: runId === null ? null : { runId, attempt: attempt ?? '1' }, takenAt };
}

/**
 * Whether a lock `holder` took is stale, so `self` may take it over: an earlier attempt of this same run
 * (a re-run starts once the attempt before it has ended), a holder whose workflow run has completed, or a
 * lock older than LOCK_LIFETIME_MS (or of no readable age). Anything else is a run still at work.
 */
export function lockIsStale(holder: LockHolder, status: HolderRunStatus, self: LockRun, now: number): boolean {
  const run = holder.run;
  if (run !== null && run.runId === self.runId && Number(run.attempt) < Number(self.attempt)) return true;
  if (status === 'completed') return true;
  const age = now - Date.parse(holder.takenAt);
  return !Number.isFinite(age) || age >= LOCK_LIFETIME_MS;
}
