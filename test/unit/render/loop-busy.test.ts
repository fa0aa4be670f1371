// What a run that found its loop busy says: the holder linked, the branch, since when, and what to repeat.
import { describe, expect, it } from 'vitest';
import { loopBusyLine, loopBusyReply, loopBusySummary } from '../../../src/render/loop-busy.js';

const VIEW = {
  holder: { runId: '77', attempt: '1', url: 'https://github.com/o/r/actions/runs/77' },
  since: '2026-03-01T11:00:00.000Z',
  branch: 'codex-cto/issue-7',
  retry: 'comment `/cto continue` again',
};

describe('a busy loop, in words', () => {
  it('replies with the holder linked and what to do again', () => {
    expect(loopBusyReply(VIEW)).toBe(
      '**codex-cto did not act on this:** [run 77](https://github.com/o/r/actions/runs/77) is working on this loop (`codex-cto/issue-7`, since 2026-03-01T11:00:00.000Z), and one loop takes one run at a time. Once it has finished, comment `/cto continue` again.',
    );
  });

  it('says "another run" when the lock names none, and nothing to repeat when nobody asked', () => {
    const text = loopBusyReply({ ...VIEW, holder: null, retry: null });
    expect(text).toBe('**codex-cto did not act on this:** another run is working on this loop (`codex-cto/issue-7`, since 2026-03-01T11:00:00.000Z), and one loop takes one run at a time.');
    expect(loopBusySummary({ ...VIEW, retry: null })).toMatch(/^## codex-cto: Busy\n\n\*\*codex-cto did not act on this:\*\* \[run 77\]/);
  });

  it('logs the holder with its attempt and link', () => {
    expect(loopBusyLine(VIEW)).toBe(
      'codex-cto: run 77 (attempt 1, https://github.com/o/r/actions/runs/77) is already working on the loop on codex-cto/issue-7 (since 2026-03-01T11:00:00.000Z); leaving it alone; once it has finished, comment `/cto continue` again.',
    );
  });
});
