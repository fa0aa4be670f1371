// Who may start work: people with write, maintain or admin on the repository, the allow-listed users, and
// the allow-listed bots (exact logins). Everyone else is refused with a reason for the log.
import type { RoleName } from '../github/issues.js';

export interface ActorRef {
  login: string;
  type: string;
}

export interface Allowances {
  allowedUsers: readonly string[];
  allowedBots: readonly string[];
}

export type Authorization = { ok: true; via: string } | { ok: false; reason: string };

const WRITERS: readonly RoleName[] = ['admin', 'maintain', 'write'];

export async function authorize(actor: ActorRef, allow: Allowances, roleOf: (login: string) => Promise<RoleName>): Promise<Authorization> {
  const login = actor.login.toLowerCase();
  if (!login) return { ok: false, reason: 'the event names no actor' };
  if (actor.type === 'Bot' || login.endsWith('[bot]')) {
    // A bot is never trusted for its role; only an exact entry in allowed-bots lets it in.
    return allow.allowedBots.some((b) => b.toLowerCase() === login)
      ? { ok: true, via: 'allowed-bots' }
      : { ok: false, reason: `${actor.login} is a bot and is not listed in allowed-bots` };
  }
  if (allow.allowedUsers.some((u) => u.toLowerCase() === login)) return { ok: true, via: 'allowed-users' };
  const role = await roleOf(actor.login);
  return WRITERS.includes(role)
    ? { ok: true, via: `${role} permission` }
    : { ok: false, reason: `${actor.login} has ${role} permission on the repository; write, maintain or admin is required (or add them to allowed-users)` };
}
