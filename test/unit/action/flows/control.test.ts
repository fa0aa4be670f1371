// Between iterations the loop asks whether to stop: a merged or closed PR, a closed or locked issue, the
// trigger label removed, or a stop command from a permitted person since the run began.
import { describe, expect, it } from 'vitest';
import { createControl, type ControlOptions } from '../../../../src/action/flows/control.js';
import type { CommentRef, LoopStatus } from '../../../../src/action/github/issues.js';

const OPEN: LoopStatus = { issue: { state: 'OPEN', locked: false, labels: ['codex-cto'] }, pr: { state: 'OPEN', merged: false }, comments: [] };

function comment(body: string, login: string, createdAt: string): CommentRef {
  return { id: 1, nodeId: '', url: '', body, createdAt, author: { login, type: 'User' } };
}

function control(status: LoopStatus, overrides: Partial<ControlOptions> = {}) {
  return createControl({
    status: async () => status,
    issueNumber: 12,
    prNumber: () => 13,
    requiredLabel: 'codex-cto',
    since: '2026-01-01T10:00:00Z',
    commandPrefix: '/cto',
    mayCommand: async (actor) => actor.login !== 'mallory',
    ...overrides,
  });
}

describe('createControl', () => {
  it('goes on while nothing changed', async () => {
    expect(await control(OPEN).stopRequested()).toBe(null);
  });

  it.each([
    ['the PR was merged (which also closes the issue)', { ...OPEN, issue: { ...OPEN.issue!, state: 'CLOSED' as const }, pr: { state: 'MERGED' as const, merged: true } }, 'pull request #13 was merged'],
    ['the PR was closed', { ...OPEN, pr: { state: 'CLOSED' as const, merged: false } }, 'pull request #13 was closed'],
    ['the issue was closed', { ...OPEN, issue: { ...OPEN.issue!, state: 'CLOSED' as const } }, '#12 was closed'],
    ['the issue was locked', { ...OPEN, issue: { ...OPEN.issue!, locked: true } }, '#12 was locked'],
    ['the trigger label was removed', { ...OPEN, issue: { ...OPEN.issue!, labels: [] } }, 'the `codex-cto` label was removed'],
  ])('stops when %s', async (_what, status, reason) => {
    expect(await control(status).stopRequested()).toBe(reason);
  });

  it('keeps going without the label when the loop was not started by it (a dispatch, a command)', async () => {
    expect(await control({ ...OPEN, issue: { ...OPEN.issue!, labels: [] } }, { requiredLabel: null }).stopRequested()).toBe(null);
  });

  it('stops on a stop command by a permitted person since the run began, and only then', async () => {
    const before = comment('/cto stop', 'mona', '2026-01-01T09:59:59Z');
    const quoted = comment('> /cto stop', 'mona', '2026-01-01T10:00:01Z');
    const byOutsider = comment('/cto stop', 'mallory', '2026-01-01T10:00:02Z');
    expect(await control({ ...OPEN, comments: [before, quoted, byOutsider] }).stopRequested()).toBe(null);
    const byMona = comment('Enough for today.\n/cto stop', 'mona', '2026-01-01T10:00:03Z');
    expect(await control({ ...OPEN, comments: [before, byOutsider, byMona] }).stopRequested()).toBe('@mona asked to stop');
  });
});
