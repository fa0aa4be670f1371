// The loop lock's pure rules: the ref a branch's loop is locked by, the record a lock commit carries and
// how much of a hostile one is believed, and when a holder is gone so its lock may be taken over.
import { describe, expect, it } from 'vitest';
import { LOCK_LIFETIME_MS, lockIsStale, lockRecord, lockRefOf, parseLockRecord, type LockHolder } from '../../../src/core/loop-lock.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const SELF = { runId: '500', attempt: '1' };
const holder = (runId: string, attempt: string, ago: number): LockHolder => ({ run: { runId, attempt }, takenAt: new Date(NOW - ago).toISOString() });

describe('the lock ref and its record', () => {
  it('keeps locks in a namespace of their own, named by the work branch', () => {
    expect(lockRefOf('codex-cto/issue-7')).toBe('refs/codex-cto/locks/codex-cto/issue-7');
  });

  it('reads back the run, attempt and time it records', () => {
    const text = lockRecord('codex-cto/issue-7', { runId: '123456789', attempt: '2' }, '2026-03-01T11:00:00.000Z');
    expect(text).toBe('codex-cto lock of codex-cto/issue-7\n\nRun: 123456789\nAttempt: 2\nTaken: 2026-03-01T11:00:00.000Z\n');
    expect(parseLockRecord(text, '2020-01-01T00:00:00Z')).toEqual({ run: { runId: '123456789', attempt: '2' }, takenAt: '2026-03-01T11:00:00.000Z' });
  });

  it('believes only digits for a run and a valid time; the commit date stands in for a missing time', () => {
    expect(parseLockRecord('Run: 12; rm -rf /\nTaken: soon', '2026-03-01T10:00:00Z')).toEqual({ run: null, takenAt: '2026-03-01T10:00:00Z' });
    expect(parseLockRecord('Run: 42\nAttempt: x\nTaken: 2026-13-45T99:99:99Z', '2026-03-01T10:00:00Z')).toEqual({ run: { runId: '42', attempt: '1' }, takenAt: '2026-03-01T10:00:00Z' });
    expect(parseLockRecord('', 'not a date').run).toBeNull();
  });
});

describe('when a lock is stale', () => {
  it('is held while its run is going and younger than a job can live', () => {
    expect(lockIsStale(holder('400', '1', 60_000), 'running', SELF, NOW)).toBe(false);
    expect(lockIsStale(holder('400', '1', LOCK_LIFETIME_MS - 1000), 'unknown', SELF, NOW)).toBe(false);
  });

  it('is stale once the holding run has completed, however young', () => {
    expect(lockIsStale(holder('400', '1', 1000), 'completed', SELF, NOW)).toBe(true);
  });

  it('is stale once older than a job can live, whatever GitHub says of the run', () => {
    expect(lockIsStale(holder('400', '1', LOCK_LIFETIME_MS), 'running', SELF, NOW)).toBe(true);
    expect(lockIsStale({ run: null, takenAt: 'garbage' }, 'unknown', SELF, NOW)).toBe(true);
  });

  it('is stale when an earlier attempt of this same run left it; the same attempt (another job of the run) holds it', () => {
    expect(lockIsStale(holder('500', '1', 1000), 'running', { runId: '500', attempt: '2' }, NOW)).toBe(true);
    expect(lockIsStale(holder('500', '1', 1000), 'running', SELF, NOW)).toBe(false);
    expect(lockIsStale(holder('500', '3', 1000), 'running', { runId: '500', attempt: '2' }, NOW)).toBe(false);
  });
});
