// Taking and giving back a loop's lock over a small fake of the refs API that keeps GitHub's rules (a create
// fails when the ref exists, a move must be a fast-forward from the ref's commit): a free loop, a live
// holder, a stale one taken over, a takeover lost to another taker, a lock released meanwhile, and a
// release that leaves alone a lock that is no longer this run's.
import { describe, expect, it } from 'vitest';
import { createLockScope } from '../../../../src/action/flows/lock-scope.js';
import type { LockRefs } from '../../../../src/action/github/lock-refs.js';
import type { HolderRunStatus } from '../../../../src/core/loop-lock.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const REF = 'refs/codex-cto/locks/codex-cto/issue-3';

function fakeRefs(runs: Record<string, HolderRunStatus> = {}) {
  const commits = new Map<string, { message: string; parent: string | null }>();
  const refs = new Map<string, string>();
  const calls: string[] = [];
  let next = 0;
  const api = {
    async record(message: string, parent: string | null) {
      const sha = String(++next).padStart(40, '0');
      commits.set(sha, { message, parent });
      calls.push(`record ${parent ?? '-'}`);
      return sha;
    },
    async create(ref: string, sha: string) {
      calls.push('create');
      if (refs.has(ref)) return false;
      refs.set(ref, sha);
      return true;
    },
    async read(ref: string) {
      calls.push('read');
      return refs.get(ref) ?? null;
    },
    async commit(sha: string) {
      calls.push('commit');
      return { message: commits.get(sha)?.message ?? '', date: '2026-03-01T11:59:00Z' };
    },
    async advance(ref: string, sha: string) {
      calls.push('advance');
      if (commits.get(sha)?.parent !== refs.get(ref)) return false;
      refs.set(ref, sha);
      return true;
    },
    async remove(ref: string) {
      calls.push('remove');
      refs.delete(ref);
    },
    async runStatus(runId: string) {
      calls.push(`status ${runId}`);
      return runs[runId] ?? 'unknown';
    },
  };
  /** Another run's lock, taken `ago` ms before now. */
  const heldBy = (runId: string, ago: number) => {
    const sha = String(++next).padStart(40, '0');
    commits.set(sha, { message: `codex-cto lock\n\nRun: ${runId}\nAttempt: 1\nTaken: ${new Date(NOW - ago).toISOString()}\n`, parent: null });
    refs.set(REF, sha);
    return sha;
  };
  return { api, refs, calls, heldBy };
}

function scope(refs: ReturnType<typeof fakeRefs>, runId = '900', clock = { now: NOW }) {
  const said: string[] = [];
  const saved: string[] = [];
  const lock = createLockScope({
    refs: refs.api as unknown as LockRefs,
    self: { runId, attempt: '1' },
    log: (m) => said.push(m),
    warn: (m) => said.push(`warn ${m}`),
    saveState: (name, value) => saved.push(`${name}=${value}`),
    now: () => clock.now,
  });
  return { lock, said, saved };
}

describe('the loop lock scope', () => {
  it('takes a free loop with two requests, saves it for the post step, and gives it back', async () => {
    const refs = fakeRefs();
    const { lock, saved } = scope(refs);
    expect(await lock.holdLoop('codex-cto/issue-3')).toEqual({ held: true });
    expect(refs.calls).toEqual(['record -', 'create']);
    expect(saved).toEqual([`loop-lock=${JSON.stringify({ ref: REF, sha: refs.refs.get(REF), takenAt: NOW })}`]);
    await lock.releaseLoop();
    expect(refs.refs.has(REF)).toBe(false);
    // No other run may take a lock this young: giving it back is one DELETE, no read first.
    expect(refs.calls).toEqual(['record -', 'create', 'remove']);
    expect(saved.at(-1)).toBe('loop-lock=');
  });

  it('leaves a loop whose holder is still running, naming the holder', async () => {
    const refs = fakeRefs({ 800: 'running' });
    const theirs = refs.heldBy('800', 60_000);
    const { lock, saved } = scope(refs);
    expect(await lock.holdLoop('codex-cto/issue-3')).toEqual({ held: false, holder: { run: { runId: '800', attempt: '1' }, takenAt: new Date(NOW - 60_000).toISOString() } });
    expect(refs.refs.get(REF)).toBe(theirs);
    expect(saved).toEqual([]);
    await lock.releaseLoop();
    expect(refs.refs.get(REF)).toBe(theirs);
  });

  it('takes over the lock of a completed run by a fast-forward from its commit', async () => {
    const refs = fakeRefs({ 800: 'completed' });
    const stale = refs.heldBy('800', 60_000);
    const { lock, said } = scope(refs);
    expect(await lock.holdLoop('codex-cto/issue-3')).toEqual({ held: true });
    expect(refs.calls).toEqual(['record -', 'create', 'read', 'commit', 'status 800', `record ${stale}`, 'advance']);
    expect(said).toEqual([`codex-cto: took over the loop lock ${REF} from run 800 (attempt 1), which has ended.`]);
  });

  it('backs off when another taker moved the stale lock first, and names the new holder', async () => {
    const refs = fakeRefs({ 800: 'completed', 801: 'running' });
    refs.heldBy('800', 60_000);
    const realAdvance = refs.api.advance;
    // The other taker gets there between this run's look and its move.
    refs.api.advance = async (ref, sha) => {
      refs.heldBy('801', 0);
      return realAdvance(ref, sha);
    };
    const { lock } = scope(refs);
    const taken = await lock.holdLoop('codex-cto/issue-3');
    expect(taken).toMatchObject({ held: false, holder: { run: { runId: '801' } } });
  });

  it('tries again when the holder let go between the create and the read', async () => {
    const refs = fakeRefs();
    refs.heldBy('800', 0);
    const realRead = refs.api.read;
    refs.api.read = async (ref) => {
      refs.refs.delete(ref);
      return realRead(ref);
    };
    const { lock } = scope(refs);
    expect(await lock.holdLoop('codex-cto/issue-3')).toEqual({ held: true });
    expect(refs.calls).toEqual(['record -', 'create', 'read', 'create']);
  });

  it('reads a lock held nearly as long as a job lives before releasing it, and leaves one that is no longer its own', async () => {
    const refs = fakeRefs();
    const clock = { now: NOW };
    const { lock, said } = scope(refs, '900', clock);
    await lock.holdLoop('codex-cto/issue-3');
    // Five and a half hours on, another run could have judged this lock stale and taken it.
    clock.now = NOW + 5.5 * 60 * 60_000;
    const someoneElse = refs.heldBy('801', 0);
    await lock.releaseLoop();
    expect(refs.refs.get(REF)).toBe(someoneElse);
    expect(said).toEqual([`warn codex-cto: the loop lock ${REF} was no longer this run's; left as it is.`]);
  });
});
