// Who may start work: writers by their role, listed users by login, bots only when listed exactly;
// everyone else refused with a reason for the log.
import { describe, expect, it } from 'vitest';
import { authorize } from '../../../../src/action/event/authorize.js';
import type { RoleName } from '../../../../src/action/github/issues.js';

const none = { allowedUsers: [], allowedBots: [] };
const roles = (role: RoleName) => async (): Promise<RoleName> => role;

describe('authorize', () => {
  it.each(['admin', 'maintain', 'write'] as const)('lets a person with %s permission in', async (role) => {
    expect(await authorize({ login: 'mona', type: 'User' }, none, roles(role))).toEqual({ ok: true, via: `${role} permission` });
  });

  it.each(['triage', 'read', 'none'] as const)('refuses a person with %s permission, saying what is required', async (role) => {
    const auth = await authorize({ login: 'mona', type: 'User' }, none, roles(role));
    expect(auth).toEqual({ ok: false, reason: `mona has ${role} permission on the repository; write, maintain or admin is required (or add them to allowed-users)` });
  });

  it('lets an allow-listed user in whatever their role, case-insensitively, without asking GitHub', async () => {
    const asked: string[] = [];
    const auth = await authorize({ login: 'Outside-Helper', type: 'User' }, { allowedUsers: ['outside-helper'], allowedBots: [] }, async (login) => {
      asked.push(login);
      return 'none';
    });
    expect(auth).toEqual({ ok: true, via: 'allowed-users' });
    expect(asked).toEqual([]);
  });

  it('never trusts a bot for its role: only an exact allowed-bots entry lets it in', async () => {
    const admin = roles('admin');
    expect(await authorize({ login: 'renovate[bot]', type: 'Bot' }, none, admin)).toEqual({ ok: false, reason: 'renovate[bot] is a bot and is not listed in allowed-bots' });
    expect(await authorize({ login: 'renovate[bot]', type: 'User' }, none, admin)).toMatchObject({ ok: false });
    expect(await authorize({ login: 'renovate[bot]', type: 'Bot' }, { allowedUsers: [], allowedBots: ['Renovate[bot]'] }, admin)).toEqual({ ok: true, via: 'allowed-bots' });
    // A user list entry does not let a bot in.
    expect(await authorize({ login: 'renovate[bot]', type: 'Bot' }, { allowedUsers: ['renovate[bot]'], allowedBots: [] }, admin)).toMatchObject({ ok: false });
  });

  it('refuses an event without an actor', async () => {
    expect(await authorize({ login: '', type: 'User' }, none, roles('admin'))).toEqual({ ok: false, reason: 'the event names no actor' });
  });
});
