// Codex's read-only sandbox is a precondition: Codex never plans or reviews without it, and the sandbox is
// never loosened instead. It is probed once per job, as the agents run (same user, same checkout), with
// Codex's own `codex sandbox` running `true`. On Ubuntu 24.04 (GitHub's ubuntu-latest) AppArmor forbids the
// unprivileged user namespaces bubblewrap needs, and the probe fails with
// `bwrap: loopback: Failed RTM_NEWADDR: Operation not permitted`. Where the action may change the host
// (`prepare-sandbox`), it lifts that restriction as narrowly as it can and probes again:
//   1. an AppArmor profile that lets only the bubblewrap binaries Codex may use create user namespaces;
//   2. where the profile tools are missing, the sysctl that lifts the restriction for every program.
// What it changed is undone at the end of the job (a self-hosted host outlives it).
import { access, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import { runProcess, type RunAs, type RunResult } from './process.js';
import { failureText, type Privilege } from './privilege.js';

export type PrepareSandbox = 'auto' | 'always' | 'never';

export const USERNS_SYSCTL = 'kernel.apparmor_restrict_unprivileged_userns';
const USERNS_SYSCTL_FILE = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';
const PROFILE_NAME = 'codex-cto-bwrap';

export interface ProbeInput {
  codex: string;
  /** The checkout Codex will work in. */
  cwd: string;
  /** Codex's environment (a fresh CODEX_HOME). */
  env: Record<string, string>;
  runAs?: RunAs;
}

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** Runs `true` in Codex's read-only sandbox, as the agents will run. */
export async function probeSandbox(input: ProbeInput): Promise<ProbeResult> {
  const run = await runProcess(
    input.codex,
    ['sandbox', '--disable', 'plugins', '-c', 'analytics.enabled=false', '-c', 'sandbox_mode="read-only"', '--', 'true'],
    { cwd: input.cwd, env: input.env, timeoutMs: 60_000, maxOutputBytes: 64 * 1024, runAs: input.runAs },
  );
  if (run.exitCode === 0) return { ok: true };
  return { ok: false, reason: probeFailure(run) };
}

function probeFailure(run: RunResult): string {
  if (run.spawnError) return `codex could not be started: ${run.spawnError}`;
  if (run.timedOut) return 'the probe did not finish within 60 s';
  const lines = `${run.stderr}\n${run.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('WARNING: proceeding'));
  return lines.slice(-3).join(' | ') || `codex sandbox exited ${run.exitCode ?? run.signal}`;
}

/** What the action changed on the host to let the sandbox start; undone at the end of the job. */
export type SandboxChange =
  | { kind: 'apparmor'; profileFile: string; binaries: string[] }
  | { kind: 'sysctl'; previous: string };

export interface PrepareInput {
  mode: PrepareSandbox;
  /** `RUNNER_ENVIRONMENT`: `github-hosted` or `self-hosted`. */
  runnerEnvironment: string;
  priv: Privilege | null;
  /** The bubblewrap binaries Codex may use (see `codexBubblewraps`). */
  bubblewraps: string[];
  /** Where the profile file is written (the agents' room: removed with it, but the profile is unloaded first). */
  scratchDir: string;
  log: (message: string) => void;
  /** What the host says; the real /proc and /sys unless a test stands in. */
  host?: SandboxHost;
}

/** The two facts about the host the preparation depends on. */
export interface SandboxHost {
  /** The value of kernel.apparmor_restrict_unprivileged_userns, or null where the kernel has no such setting. */
  restriction(): Promise<string | null>;
  /** Whether AppArmor is active (profiles can be loaded at all). */
  apparmorActive(): Promise<boolean>;
}

export const realSandboxHost: SandboxHost = {
  restriction: async () => (await readFile(USERNS_SYSCTL_FILE, 'utf8').catch(() => null))?.trim() ?? null,
  apparmorActive: () => exists('/sys/kernel/security/apparmor'),
};

/**
 * Lifts the user-namespace restriction when allowed here and it is the cause; returns what was changed, or
 * null when nothing was (not allowed, no privilege, or a different cause).
 */
export async function prepareSandbox(input: PrepareInput): Promise<SandboxChange | null> {
  const allowed = input.mode === 'always' || (input.mode === 'auto' && input.runnerEnvironment === 'github-hosted');
  if (!allowed || !input.priv) return null;
  const host = input.host ?? realSandboxHost;
  // Another cause (no user namespaces at all, a seccomp filter, a container) is not ours to change.
  if ((await host.restriction()) !== '1') return null;
  const priv = input.priv;
  if (input.bubblewraps.length > 0 && (await host.apparmorActive()) && (await hasProfileTools(priv))) {
    const profileFile = join(input.scratchDir, `${PROFILE_NAME}.apparmor`);
    await writeFile(profileFile, apparmorProfile(input.bubblewraps));
    const loaded = await priv.run(['apparmor_parser', '--replace', '--', profileFile]);
    if (loaded.exitCode === 0) {
      input.log(`codex-cto: loaded the AppArmor profile ${PROFILE_NAME}, which lets ${input.bubblewraps.join(' and ')} create user namespaces (Codex's sandbox); it is unloaded at the end of the job`);
      return { kind: 'apparmor', profileFile, binaries: input.bubblewraps };
    }
    input.log(`codex-cto: could not load an AppArmor profile for Codex's bubblewrap (apparmor_parser ${failureText(loaded)}); trying the sysctl`);
  }
  const set = await priv.run(['sysctl', '-w', `${USERNS_SYSCTL}=0`]);
  if (set.exitCode !== 0) {
    input.log(`codex-cto: could not set ${USERNS_SYSCTL}=0: ${failureText(set)}`);
    return null;
  }
  input.log(`codex-cto: set ${USERNS_SYSCTL}=0 (unprivileged user namespaces, needed by Codex's sandbox); it is set back to 1 at the end of the job`);
  return { kind: 'sysctl', previous: '1' };
}

/** Undoes a change of `prepareSandbox`; reports what it could not undo. */
export async function restoreSandbox(priv: Privilege, change: SandboxChange, log: (message: string) => void): Promise<void> {
  const result =
    change.kind === 'apparmor'
      ? await priv.run(['apparmor_parser', '--remove', '--', change.profileFile])
      : await priv.run(['sysctl', '-w', `${USERNS_SYSCTL}=${change.previous}`]);
  if (result.exitCode !== 0) {
    const what = change.kind === 'apparmor' ? `unload the AppArmor profile ${PROFILE_NAME}` : `set ${USERNS_SYSCTL} back to ${change.previous}`;
    log(`codex-cto: could not ${what}: ${failureText(result)}`);
  }
}

/**
 * An AppArmor profile attached to the given binaries only: unconfined, plus the right to create user
 * namespaces that Ubuntu's default policy withholds from unconfined programs.
 */
export function apparmorProfile(binaries: readonly string[]): string {
  const profiles = binaries.map((binary, i) =>
    [`profile ${PROFILE_NAME}-${i + 1} ${quoteProfilePath(binary)} flags=(unconfined) {`, '  userns,', '}'].join('\n'),
  );
  return ['# codex-cto: lets Codex\'s bubblewrap create the user namespace of its read-only sandbox', 'abi <abi/4.0>,', 'include <tunables/global>', '', ...profiles, ''].join('\n');
}

function quoteProfilePath(path: string): string {
  if (!/^\/[^\0\n"]*$/.test(path)) throw new CtoError('internal', `not a path for an AppArmor profile: ${JSON.stringify(path)}`);
  return `"${path}"`;
}

async function hasProfileTools(priv: Privilege): Promise<boolean> {
  return (await priv.run(['apparmor_parser', '--version'])).exitCode === 0;
}

/**
 * The bubblewrap binaries Codex may run: a `bwrap` on the agents' PATH, and the one bundled with the Codex
 * package (`vendor/<target>/codex-resources/bwrap`, beside the native binary), found from the launcher.
 */
export async function codexBubblewraps(codexBinary: string, path: string): Promise<string[]> {
  const found: string[] = [];
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'bwrap');
    if (await exists(candidate)) {
      found.push(await realpath(candidate));
      break;
    }
  }
  const launcher = await realpath(codexBinary).catch(() => codexBinary);
  for (const vendor of await vendorDirs(launcher)) {
    for (const target of await readdir(vendor).catch(() => [] as string[])) {
      const candidate = join(vendor, target, 'codex-resources', 'bwrap');
      if (await exists(candidate)) found.push(await realpath(candidate));
    }
  }
  return [...new Set(found)];
}

/** `vendor/` folders that may hold Codex's native build, around a launcher at `<package>/bin/codex(.js)`. */
async function vendorDirs(launcher: string): Promise<string[]> {
  const pkg = dirname(dirname(launcher));
  const scope = dirname(pkg);
  const dirs = [join(pkg, 'vendor')];
  for (const base of [scope, join(pkg, 'node_modules', '@openai')]) {
    for (const name of await readdir(base).catch(() => [] as string[])) {
      if (name.startsWith('codex-linux-')) dirs.push(join(base, name, 'vendor'));
    }
  }
  return dirs;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** What a person runs to let the sandbox start on this host, for the failure message. */
export function sandboxFix(bubblewraps: readonly string[]): string {
  const profile = bubblewraps.length > 0
    ? `load an AppArmor profile that allows \`userns,\` for ${bubblewraps.map((b) => `\`${b}\``).join(' and ')}, or run `
    : 'run ';
  return (
    `Codex's read-only sandbox (bubblewrap) needs unprivileged user namespaces. On this host ${profile}` +
    `\`sudo sysctl -w ${USERNS_SYSCTL}=0\` before codex-cto, or set \`prepare-sandbox: always\` to let codex-cto do it ` +
    '(and undo it at the end of the job). In a container, the container needs user namespaces too.'
  );
}

export interface EnsureInput {
  probe: () => Promise<ProbeResult>;
  /** Lifts the restriction where allowed; null when nothing was changed. */
  prepare: () => Promise<SandboxChange | null>;
  /** Told of a change at once, so that it is undone whatever happens next. */
  onChange: (change: SandboxChange) => void;
  bubblewraps: () => Promise<string[]>;
  log: (message: string) => void;
}

/** Probes; on failure prepares the host where allowed and probes again; throws a `sandbox` error when it still fails. */
export async function ensureSandbox(input: EnsureInput): Promise<void> {
  const first = await input.probe();
  if (first.ok) return;
  input.log(`codex-cto: Codex's read-only sandbox could not start: ${first.reason}`);
  const change = await input.prepare();
  if (change) {
    input.onChange(change);
    const second = await input.probe();
    if (second.ok) return;
    const what = change.kind === 'apparmor' ? 'loading an AppArmor profile for its bubblewrap' : `setting ${USERNS_SYSCTL}=0`;
    throw new CtoError('sandbox', `Codex's read-only sandbox could not start, even after ${what}: ${second.reason}. Codex does not plan or review without it.`,
      sandboxFix(await input.bubblewraps()));
  }
  throw new CtoError('sandbox', `Codex's read-only sandbox could not start: ${first.reason}. Codex does not plan or review without it.`,
    sandboxFix(await input.bubblewraps()));
}
