// One run per loop at a time, whatever event started it: before a run touches a loop it takes the loop's
// lock through the API (a ref that only one creator gets), and gives it back when it ends, whichever way it
// ends. A lock whose holder is gone (its run completed, or older than a job can live) is taken over by a
// fast-forward from the stale lock commit, which only one of two racing takers can make.
import { lockIsStale, lockRecord, lockRefOf, parseLockRecord, type LockHolder, type LockRun } from '../../core/loop-lock.js';
import { releaseHeldLock, type HeldLock, type LockRefs } from '../github/lock-refs.js';
import { STATE_LOCK } from '../post-step/saved-state.js';

/** The lock of a loop: this run holds it now, or another run does. */
export type LoopLock = { held: true } | { held: false; holder: LockHolder };

export interface LockScope {
  /** Takes the lock of the loop working on `branch` for this run, or says who holds it. One lock per run. */
  holdLoop(branch: string): Promise<LoopLock>;
  /** Gives the lock back when this run still holds it; a failure is a warning (the post step tries again). */
  releaseLoop(): Promise<void>;
}

export interface LockScopeInput {
  refs: LockRefs;
  self: LockRun;
  log: (message: string) => void;
  warn: (message: string) => void;
  saveState: (name: string, value: string) => void;
  now: () => number;
}

/** Rounds of create, look, take over: each lost round means the lock changed hands meanwhile. */
const ROUNDS = 3;

export function createLockScope(input: LockScopeInput): LockScope {
  let held: HeldLock | null = null;
  return {
    async holdLoop(branch) {
      if (held !== null) throw new Error(`this run already holds the lock ${held.ref}`);
      const taken = await take(input, branch);
      if ('holder' in taken) return { held: false, holder: taken.holder };
      held = taken;
      // Before anything else can fail: a main step that dies from here on leaves the lock to its post step.
      input.saveState(STATE_LOCK, JSON.stringify(held));
      return { held: true };
    },
    async releaseLoop() {
      const lock = held;
      if (lock === null) return;
      try {
        if (!(await releaseHeldLock(input.refs, lock, input.now()))) input.warn(`codex-cto: the loop lock ${lock.ref} was no longer this run's; left as it is.`);
        held = null;
        input.saveState(STATE_LOCK, '');
      } catch (error) {
        input.warn(`codex-cto: could not release the loop lock ${lock.ref} (the post step tries again): ${(error as Error).message}`);
      }
    },
  };
}

async function take(input: LockScopeInput, branch: string): Promise<HeldLock | { holder: LockHolder }> {
  const { refs, self } = input;
  const ref = lockRefOf(branch);
  const record = (): string => lockRecord(branch, self, new Date(input.now()).toISOString());
  const mine = await refs.record(record(), null);
  let holder: LockHolder | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    if (await refs.create(ref, mine)) return { ref, sha: mine, takenAt: input.now() };
    const current = await refs.read(ref);
    // Released between the create and the read: try again.
    if (current === null) continue;
    const { message, date } = await refs.commit(current);
    holder = parseLockRecord(message, date);
    const status = holder.run === null ? 'unknown' : await refs.runStatus(holder.run.runId);
    if (!lockIsStale(holder, status, self, input.now())) return { holder };
    // The successor names the stale commit as its parent: the move is a fast-forward only from there.
    const successor = await refs.record(record(), current);
    if (await refs.advance(ref, successor)) {
      input.log(`codex-cto: took over the loop lock ${ref} from ${holderWords(holder)}, which ${status === 'completed' ? 'has ended' : 'is gone'}.`);
      return { ref, sha: successor, takenAt: input.now() };
    }
  }
  return { holder: holder ?? { run: null, takenAt: new Date(input.now()).toISOString() } };
}

function holderWords(holder: LockHolder): string {
  return holder.run === null ? 'a run it does not name' : `run ${holder.run.runId} (attempt ${holder.run.attempt})`;
}
