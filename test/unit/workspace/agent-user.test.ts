// The agent user's account and how its processes are started: only an account that is exactly what was
// asked for is accepted, and the command line drops to it with no groups, capabilities or new privileges.
import { describe, expect, it } from 'vitest';
import { agentRunAs, agentUserName, dropTo, parseId } from '../../../src/workspace/agent-user.js';
import { privilege } from '../../../src/workspace/privilege.js';

const USER = { name: 'codex-cto-0a1b2c3d', uid: 999, gid: 995 };

describe('parseId', () => {
  it('reads an account in its own group only', () => {
    expect(parseId('uid=999(codex-cto-0a1b2c3d) gid=995(codex-cto-0a1b2c3d) groups=995(codex-cto-0a1b2c3d)\n', USER.name)).toEqual(USER);
  });

  it('refuses an account in any other group (sudo, docker, adm), root, or another name', () => {
    expect(parseId('uid=999(codex-cto-0a1b2c3d) gid=995(codex-cto-0a1b2c3d) groups=995(codex-cto-0a1b2c3d),27(sudo)', USER.name)).toBeNull();
    expect(parseId('uid=999(codex-cto-0a1b2c3d) gid=995(codex-cto-0a1b2c3d) groups=995(codex-cto-0a1b2c3d),999(docker)', USER.name)).toBeNull();
    expect(parseId('uid=0(codex-cto-0a1b2c3d) gid=995(codex-cto-0a1b2c3d) groups=995(codex-cto-0a1b2c3d)', USER.name)).toBeNull();
    expect(parseId('uid=999(someone) gid=995(someone) groups=995(someone)', USER.name)).toBeNull();
    expect(parseId('id: no such user', USER.name)).toBeNull();
  });
});

describe('agentUserName', () => {
  it('is fresh each time and valid for useradd', () => {
    const a = agentUserName();
    expect(a).toMatch(/^codex-cto-[0-9a-f]{8}$/);
    expect(agentUserName()).not.toBe(a);
  });
});

describe('agentRunAs', () => {
  const env = { PATH: '/usr/bin:/bin', HOME: '/tmp/room/home', ANTHROPIC_API_KEY: 'placeholder' };

  it('as root: setpriv to the agent ids, no groups, no capabilities, no new privileges; PATH and HOME set again', () => {
    const launch = agentRunAs(privilege('root', []), USER).wrap('/usr/bin/claude', ['-p', 'hi'], env);
    expect(launch.command).toBe('setpriv');
    expect(launch.args).toEqual([
      '--reuid=999', '--regid=995', '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--',
      '/usr/bin/env', '-u', 'SUDO_COMMAND', '-u', 'SUDO_USER', '-u', 'SUDO_UID', '-u', 'SUDO_GID', '-u', 'SUDO_HOME', '-u', 'SUDO_PS1',
      'PATH=/usr/bin:/bin', 'HOME=/tmp/room/home', '/usr/bin/claude', '-p', 'hi',
    ]);
    // Everything else stays in the environment, out of the process list.
    expect(launch.env).toBe(env);
    expect(launch.args.join(' ')).not.toContain('placeholder');
  });

  it('through sudo: the same command after `sudo -n -E --`', () => {
    const launch = agentRunAs(privilege('sudo', ['sudo', '-n', '--']), USER).wrap('/bin/sh', ['-c', 'npm test'], env);
    expect(launch.command).toBe('sudo');
    expect(launch.args.slice(0, 4)).toEqual(['-n', '-E', '--', 'setpriv']);
    expect(launch.args.slice(-3)).toEqual(['/bin/sh', '-c', 'npm test']);
  });

  it('drops to the ids given', () => {
    expect(dropTo(USER).slice(0, 2)).toEqual(['setpriv', '--reuid=999']);
  });
});
