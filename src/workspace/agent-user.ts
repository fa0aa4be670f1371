// The agent user: an unprivileged OS account created for one job. Claude and its tools, the plan's
// verification commands and Codex with its sandboxed commands run as this user; the action, its API client
// and its git pushes stay with the runner user. Being another user is what keeps the action's secrets out of
// reach: /proc/<pid>/environ, /proc/<pid>/mem and the runner user's files are closed to other users.
// The account has its own group only (never sudo, docker, adm or the runner's group), no password, no
// login shell, and every process is started with no new privileges and no capabilities.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { CtoError } from '../core/model/errors.js';
import type { RunAs } from './process.js';
import { failureText, type Privilege } from './privilege.js';

export interface AgentUser {
  name: string;
  uid: number;
  gid: number;
}

/** A fresh account name: `codex-cto-` and 8 hex digits (valid for useradd's default NAME_REGEX). */
export function agentUserName(): string {
  return `codex-cto-${randomBytes(4).toString('hex')}`;
}

const NAME = /^codex-cto-[0-9a-f]{8}$/;

export async function createAgentUser(priv: Privilege, name: string = agentUserName()): Promise<AgentUser> {
  if (!NAME.test(name)) throw new CtoError('internal', `not an agent user name: ${name}`);
  const added = await priv.run(['useradd', '--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', name]);
  if (added.exitCode !== 0) {
    throw new CtoError('settings', `Could not create the agent user ${name} (useradd ${failureText(added)}).`,
      'Agent isolation needs `useradd` (the passwd package) and root or passwordless sudo; or set `isolation: none` to run the agents as the runner user.');
  }
  const ids = await priv.run(['id', name]);
  const user = parseId(ids.stdout, name);
  if (!user) {
    await removeAgentUser(priv, name);
    throw new CtoError('internal', `The agent user ${name} was created, but \`id\` describes it as: ${ids.stdout.trim() || failureText(ids)}`);
  }
  return user;
}

/**
 * Reads `id <name>` output (`uid=999(n) gid=995(n) groups=995(n)`). Null unless the account is exactly what
 * was asked for: not root, and in no group but its own.
 */
export function parseId(output: string, name: string): AgentUser | null {
  const match = /^uid=(\d+)\(([^)]*)\) gid=(\d+)\(([^)]*)\) groups=(.*)$/.exec(output.trim());
  if (!match) return null;
  const [, uid, user, gid, , groups] = match;
  const groupIds = (groups ?? '').split(',').map((g) => Number(/^(\d+)/.exec(g)?.[1] ?? NaN));
  if (user !== name || Number(uid) === 0 || Number(gid) === 0) return null;
  if (groupIds.length !== 1 || groupIds[0] !== Number(gid)) return null;
  return { name, uid: Number(uid), gid: Number(gid) };
}

/** Stops the user's processes and deletes the account (and its group); quiet when it is already gone. */
export async function removeAgentUser(priv: Privilege, user: AgentUser | string): Promise<void> {
  const name = typeof user === 'string' ? user : user.name;
  if (!NAME.test(name)) return;
  if (typeof user !== 'string') await killAgentProcesses(priv, user);
  await priv.run(['userdel', name]);
  await priv.run(['groupdel', name]);
}

/** The setpriv words that start a command as `user`: its ids only, no supplementary groups, no capabilities, no new privileges. */
export function dropTo(user: AgentUser): string[] {
  return [
    'setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups',
    '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--',
  ];
}

/** Variables sudo sets or may carry that the agent has no business seeing. */
const SUDO_VARIABLES = ['SUDO_COMMAND', 'SUDO_USER', 'SUDO_UID', 'SUDO_GID', 'SUDO_HOME', 'SUDO_PS1'];

/**
 * Starts children as the agent user. Root runs `setpriv ... -- env PATH=.. HOME=.. <command>`; the runner user
 * prefixes `sudo -n -E --` (sudo keeps the environment we built, but resets PATH and HOME, so `env` sets them
 * again). Values other than PATH and HOME stay in the environment, out of the process list.
 */
export function agentRunAs(priv: Privilege, user: AgentUser): RunAs {
  const prefix = priv.via === 'sudo' ? ['sudo', '-n', '-E', '--'] : [];
  return {
    wrap(command, args, env) {
      const reset = [...SUDO_VARIABLES.flatMap((name) => ['-u', name]), ...(['PATH', 'HOME'] as const).flatMap((name) => (env[name] ? [`${name}=${env[name]}`] : []))];
      const argv = [...prefix, ...dropTo(user), '/usr/bin/env', ...reset, command, ...args];
      return { command: argv[0] as string, args: argv.slice(1), env };
    },
    killAll: () => killAgentProcesses(priv, user),
  };
}

/**
 * Kills every process of the agent user, including ones that left their process group or session. `kill -1`
 * run as that user reaches exactly its own processes; a few rounds catch processes forked meanwhile.
 */
export async function killAgentProcesses(priv: Privilege, user: AgentUser): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    if ((await processesOf(user.uid)).length === 0) return;
    await priv.run([...dropTo(user), '/bin/sh', '-c', 'kill -KILL -1'], { timeoutMs: 15_000 });
  }
  const left = await processesOf(user.uid);
  if (left.length > 0) throw new CtoError('internal', `Could not stop the agent user's processes (${left.length} left: ${left.slice(0, 5).join(', ')}).`);
}

/**
 * Live process ids whose real user is `uid`, from the `Uid:` line of /proc/<pid>/status (readable by everyone;
 * the owner of /proc/<pid> itself is not enough: a process that makes itself non-dumpable shows as root).
 */
export async function processesOf(uid: number): Promise<number[]> {
  const names = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  const owned = await Promise.all(
    names.map(async (name) => {
      const status = await readFile(`/proc/${name}/status`, 'utf8').catch(() => '');
      const real = /^Uid:\s+(\d+)/m.exec(status)?.[1];
      // A zombie runs nothing; it waits for a parent (maybe init) to collect its exit status.
      const zombie = /^State:\s+Z/m.test(status);
      return real !== undefined && Number(real) === uid && !zombie ? Number(name) : null;
    }),
  );
  return owned.filter((pid): pid is number => pid !== null);
}
