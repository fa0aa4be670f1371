// The git funnel's hardening: every command runs with hooks, fsmonitor, credential helpers, askpass, ssh
// and foreign transports off; every diff without external or textconv drivers; the repository named
// explicitly when asked; the push token in the environment, never in the argument list.
import { describe, expect, it } from 'vitest';
import { authEnv, basicAuth, gitArgs, HARDENING, SAFE_ATTRIBUTES } from '../../../src/workspace/git.js';

describe('gitArgs', () => {
  it('hardens every command', () => {
    const args = gitArgs(['status', '--porcelain'], null);
    for (const setting of ['core.hooksPath=/dev/null', 'core.fsmonitor=false', 'credential.helper=', 'core.askPass=', 'core.sshCommand=false', 'protocol.allow=never']) {
      expect(args).toContain(setting);
    }
    expect(args.slice(-2)).toEqual(['status', '--porcelain']);
    expect(args.slice(0, HARDENING.length)).toEqual([...HARDENING]);
  });

  it('names the repository when given, so nothing in the work tree chooses it', () => {
    expect(gitArgs(['add', '--all'], { gitDir: '/r/git', workTree: '/r/work' }).slice(0, 2)).toEqual(['--git-dir=/r/git', '--work-tree=/r/work']);
  });

  it('turns off external diff and textconv drivers for every command that can print a patch', () => {
    expect(gitArgs(['diff', '--stat', 'a...b'], null).slice(-5)).toEqual(['diff', '--no-ext-diff', '--no-textconv', '--stat', 'a...b']);
    expect(gitArgs(['-c', 'user.name=x', 'log', '-p'], null).slice(-6)).toEqual(['-c', 'user.name=x', 'log', '--no-ext-diff', '--no-textconv', '-p']);
    expect(gitArgs(['show', 'HEAD'], null)).toContain('--no-ext-diff');
    expect(gitArgs(['commit', '-m', 'diff'], null)).not.toContain('--no-ext-diff');
  });
});

describe('authEnv', () => {
  it('passes the token as environment config, resetting any persisted header first', () => {
    const env = authEnv({ url: 'https://github.com/o/r.git', token: 'ghs_secret' });
    expect(env).toEqual({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'http.extraheader',
      GIT_CONFIG_VALUE_0: '',
      GIT_CONFIG_KEY_1: 'http.extraheader',
      GIT_CONFIG_VALUE_1: `AUTHORIZATION: basic ${basicAuth('ghs_secret')}`,
    });
  });
});

describe('SAFE_ATTRIBUTES', () => {
  it('switches every filter and merge driver off for every path', () => {
    expect(SAFE_ATTRIBUTES).toContain('* !filter !merge');
  });
});
