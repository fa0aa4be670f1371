// Root, for the few things agent isolation needs it for: creating and removing the agent user, handing the
// work tree over and back, starting the agents as that user, and preparing Codex's sandbox. Directly when the
// action runs as root (job containers, the test world), through passwordless sudo where the runner user has
// it (GitHub-hosted runners). Every call is an argument array with a fixed PATH, never a shell string.
import { runProcess, type RunResult } from './process.js';

export interface Privilege {
  readonly via: 'root' | 'sudo';
  /** The words that make a command run as root: none for root, `sudo -n --` otherwise. */
  readonly prefix: readonly string[];
  /** Runs `argv` as root; a failure is returned, not thrown. */
  run(argv: readonly string[], options?: { timeoutMs?: number; env?: Record<string, string> }): Promise<RunResult>;
}

/** The environment of root's commands: nothing of ours, a PATH that finds the system tools. */
export const ROOT_ENV: Readonly<Record<string, string>> = Object.freeze({
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
});

const TIMEOUT_MS = 60_000;

/** Root when we are root, sudo when it works without a password, else null (isolation is impossible). */
export async function findPrivilege(uid: number | null = process.getuid?.() ?? null): Promise<Privilege | null> {
  if (uid === 0) return privilege('root', []);
  const sudo = await runProcess('sudo', ['-n', 'true'], { cwd: '/', env: { ...ROOT_ENV }, timeoutMs: 15_000 });
  return sudo.exitCode === 0 ? privilege('sudo', ['sudo', '-n', '--']) : null;
}

export function privilege(via: Privilege['via'], prefix: readonly string[]): Privilege {
  return {
    via,
    prefix,
    run(argv, options = {}) {
      const [command, ...args] = [...prefix, ...argv] as [string, ...string[]];
      return runProcess(command, args, { cwd: '/', env: { ...ROOT_ENV, ...options.env }, timeoutMs: options.timeoutMs ?? TIMEOUT_MS });
    },
  };
}

/** The last lines a failed root command printed, for an error message. */
export function failureText(result: RunResult): string {
  if (result.spawnError) return result.spawnError;
  const said = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-3).join(' | ');
  return `exit ${result.exitCode ?? result.signal}${said ? `: ${said}` : ''}`;
}
