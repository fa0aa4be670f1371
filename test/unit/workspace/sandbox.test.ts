// Codex's sandbox: the probe's verdict, when the action may change the host, what it changes (narrowest
// first), and that it says so; the AppArmor profile it loads names only the given binaries.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apparmorProfile, ensureSandbox, prepareSandbox, sandboxFix, type SandboxChange, type SandboxHost } from '../../../src/workspace/sandbox.js';
import { privilege, type Privilege } from '../../../src/workspace/privilege.js';
import type { RunResult } from '../../../src/workspace/process.js';
import { CtoError } from '../../../src/core/model/errors.js';

const ok = (stdout = ''): RunResult => ({ exitCode: 0, signal: null, timedOut: false, stdout, stderr: '', truncated: false, durationMs: 1, spawnError: null });
const failed = (stderr: string): RunResult => ({ ...ok(), exitCode: 1, stderr });

/** A privilege that records what it was asked to run and answers from a table. */
function recordingPriv(answers: Record<string, RunResult> = {}): Privilege & { ran: string[][] } {
  const ran: string[][] = [];
  const base = privilege('sudo', ['sudo', '-n', '--']);
  return {
    ...base,
    ran,
    run: async (argv) => {
      ran.push([...argv]);
      return answers[argv[0] as string] ?? ok();
    },
  };
}

const restricted: SandboxHost = { restriction: async () => '1', apparmorActive: async () => true };
const BWRAP = '/opt/hostedtoolcache/codex/vendor/x86_64-unknown-linux-musl/codex-resources/bwrap';

function input(overrides: Partial<Parameters<typeof prepareSandbox>[0]> = {}) {
  const log: string[] = [];
  return {
    log,
    value: {
      mode: 'auto' as const,
      runnerEnvironment: 'github-hosted',
      priv: recordingPriv(),
      bubblewraps: [BWRAP],
      scratchDir: tmpdir(),
      log: (m: string) => log.push(m),
      host: restricted,
      ...overrides,
    },
  };
}

describe('prepareSandbox', () => {
  it('loads an AppArmor profile for the bubblewrap binaries on a GitHub-hosted runner, and says so', async () => {
    const priv = recordingPriv();
    const { value, log } = input({ priv });
    const change = await prepareSandbox(value);
    expect(change).toEqual({ kind: 'apparmor', profileFile: join(tmpdir(), 'codex-cto-bwrap.apparmor'), binaries: [BWRAP] });
    expect(priv.ran).toEqual([['apparmor_parser', '--version'], ['apparmor_parser', '--replace', '--', join(tmpdir(), 'codex-cto-bwrap.apparmor')]]);
    expect(log.join('\n')).toContain(`lets ${BWRAP} create user namespaces`);
  });

  it('falls back to the sysctl where the profile tools are missing', async () => {
    const priv = recordingPriv({ apparmor_parser: failed('apparmor_parser: command not found') });
    const { value, log } = input({ priv });
    expect(await prepareSandbox(value)).toEqual({ kind: 'sysctl', previous: '1' });
    expect(priv.ran.at(-1)).toEqual(['sysctl', '-w', 'kernel.apparmor_restrict_unprivileged_userns=0']);
    expect(log.join('\n')).toContain('set kernel.apparmor_restrict_unprivileged_userns=0');
  });

  it('uses the sysctl when AppArmor is not active', async () => {
    const priv = recordingPriv();
    const { value } = input({ priv, host: { restriction: async () => '1', apparmorActive: async () => false } });
    expect(await prepareSandbox(value)).toEqual({ kind: 'sysctl', previous: '1' });
    expect(priv.ran).toEqual([['sysctl', '-w', 'kernel.apparmor_restrict_unprivileged_userns=0']]);
  });

  it('changes nothing on a self-hosted runner unless told to (auto), and always when told to', async () => {
    const priv = recordingPriv();
    expect(await prepareSandbox(input({ priv, runnerEnvironment: 'self-hosted' }).value)).toBeNull();
    expect(priv.ran).toEqual([]);
    expect(await prepareSandbox(input({ priv, runnerEnvironment: 'self-hosted', mode: 'always' }).value)).not.toBeNull();
  });

  it('changes nothing with prepare-sandbox: never, without root or sudo, or when the restriction is not the cause', async () => {
    expect(await prepareSandbox(input({ mode: 'never' }).value)).toBeNull();
    expect(await prepareSandbox(input({ priv: null }).value)).toBeNull();
    const priv = recordingPriv();
    expect(await prepareSandbox(input({ priv, host: { restriction: async () => null, apparmorActive: async () => true } }).value)).toBeNull();
    expect(await prepareSandbox(input({ priv, host: { restriction: async () => '0', apparmorActive: async () => true } }).value)).toBeNull();
    expect(priv.ran).toEqual([]);
  });

  it('reports a sysctl it could not set, and changes nothing', async () => {
    const priv = recordingPriv({ apparmor_parser: failed('no'), sysctl: failed('permission denied') });
    const { value, log } = input({ priv });
    expect(await prepareSandbox(value)).toBeNull();
    expect(log.join('\n')).toContain('could not set kernel.apparmor_restrict_unprivileged_userns=0');
  });
});

describe('ensureSandbox', () => {
  const fail = { ok: false as const, reason: 'bwrap: loopback: Failed RTM_NEWADDR: Operation not permitted' };

  it('asks nothing more when the probe passes', async () => {
    let prepared = 0;
    await ensureSandbox({ probe: async () => ({ ok: true }), prepare: async () => { prepared += 1; return null; }, onChange: () => undefined, bubblewraps: async () => [], log: () => undefined });
    expect(prepared).toBe(0);
  });

  it('prepares, records the change at once, and probes again', async () => {
    const answers = [fail, { ok: true as const }];
    const changes: SandboxChange[] = [];
    await ensureSandbox({ probe: async () => answers.shift()!, prepare: async () => ({ kind: 'sysctl', previous: '1' }), onChange: (c) => changes.push(c), bubblewraps: async () => [], log: () => undefined });
    expect(changes).toEqual([{ kind: 'sysctl', previous: '1' }]);
  });

  it('fails with the reason and what to run when nothing may be changed', async () => {
    const error = await ensureSandbox({ probe: async () => fail, prepare: async () => null, onChange: () => undefined, bubblewraps: async () => [BWRAP], log: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CtoError);
    expect((error as CtoError).kind).toBe('sandbox');
    expect((error as CtoError).message).toContain('Failed RTM_NEWADDR');
    expect((error as CtoError).message).toContain('does not plan or review without it');
    expect((error as CtoError).hint).toContain('sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0');
    expect((error as CtoError).hint).toContain(BWRAP);
  });

  it('fails when the sandbox still cannot start after the change, keeping the change recorded for undoing', async () => {
    const changes: SandboxChange[] = [];
    const error = await ensureSandbox({ probe: async () => fail, prepare: async () => ({ kind: 'apparmor', profileFile: '/tmp/p', binaries: [BWRAP] }), onChange: (c) => changes.push(c), bubblewraps: async () => [BWRAP], log: () => undefined }).catch((e: unknown) => e);
    expect((error as CtoError).message).toContain('even after loading an AppArmor profile');
    expect(changes).toHaveLength(1);
  });
});

describe('apparmorProfile', () => {
  it('lets exactly the given binaries create user namespaces', () => {
    const text = apparmorProfile([BWRAP, '/usr/bin/bwrap']);
    expect(text).toContain(`profile codex-cto-bwrap-1 "${BWRAP}" flags=(unconfined) {\n  userns,\n}`);
    expect(text).toContain('profile codex-cto-bwrap-2 "/usr/bin/bwrap" flags=(unconfined) {');
    expect(text).toContain('abi <abi/4.0>,');
  });

  it('refuses a path that could break out of the profile syntax', () => {
    expect(() => apparmorProfile(['/tmp/x" flags=(unconfined) { capability, } profile y "/z'])).toThrow(/not a path/);
    expect(() => apparmorProfile(['relative/bwrap'])).toThrow(/not a path/);
  });
});

describe('sandboxFix', () => {
  it('names the command to run and the input that lets codex-cto do it', () => {
    expect(sandboxFix([])).toContain('`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`');
    expect(sandboxFix([])).toContain('`prepare-sandbox: always`');
  });
});
