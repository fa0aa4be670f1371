import { describe, expect, it } from 'vitest';
import { agentEnv, looksLikeCredential, passesFromParent } from '../../../src/safety/env.js';
import { CtoError } from '../../../src/core/model/errors.js';

/** A runner environment at its worst: every kind of credential an Actions job can hold. */
const HOSTILE: Record<string, string | undefined> = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/runner',
  USER: 'runner',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  LC_API_TOKEN: 'lc-secret-value',
  TZ: 'UTC',
  CI: 'true',
  GITHUB_WORKSPACE: '/home/runner/work/repo',
  RUNNER_TEMP: '/home/runner/_temp',
  HTTPS_PROXY: 'http://proxy:3128',
  no_proxy: 'localhost',
  NODE_EXTRA_CA_CERTS: '/etc/ca.pem',
  GITHUB_TOKEN: 'ghs_githubtoken',
  GH_TOKEN: 'ghp_ghtoken',
  'INPUT_GITHUB-TOKEN': 'ghs_inputtoken',
  'INPUT_ANTHROPIC-API-KEY': 'sk-ant-input',
  INPUT_OBJECTIVE: 'harmless but still an input',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/token',
  ACTIONS_RUNTIME_TOKEN: 'runtime-token',
  ACTIONS_CACHE_URL: 'https://cache.example/',
  ANTHROPIC_API_KEY: 'sk-ant-from-parent',
  ANTHROPIC_BASE_URL: 'https://gateway.example',
  OPENAI_API_KEY: 'sk-openai-from-parent',
  CODEX_API_KEY: 'sk-codex-from-parent',
  AWS_SECRET_ACCESS_KEY: 'aws-secret',
  NPM_TOKEN: 'npm-token',
  DB_PASSWORD: 'hunter2',
  GOOGLE_APPLICATION_CREDENTIALS: '/creds.json',
  SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
  GITHUB_EVENT_PATH: '/home/runner/_temp/event.json',
  UNSET_VALUE: undefined,
};

const SECRET_VALUES = Object.entries(HOSTILE)
  .filter(([name]) => /TOKEN|KEY|SECRET|PASSWORD|CREDENTIAL|INPUT_|ACTIONS_|AUTH/.test(name))
  .map(([, value]) => value as string);

describe('agentEnv', () => {
  for (const agent of ['claude', 'codex', 'verify', 'git'] as const) {
    it(`passes no credential from a hostile parent to ${agent}`, () => {
      const env = agentEnv(HOSTILE, agent, {});
      const values = Object.values(env);
      for (const secret of SECRET_VALUES) expect(values).not.toContain(secret);
      expect(Object.keys(env).filter((name) => /^(INPUT_|ACTIONS_|ANTHROPIC_|OPENAI_|CODEX_)/.test(name))).toEqual([]);
    });

    it(`keeps the basics and network settings for ${agent}`, () => {
      const env = agentEnv(HOSTILE, agent, {});
      expect(env).toMatchObject({
        PATH: '/usr/bin:/bin', HOME: '/home/runner', USER: 'runner', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC',
        CI: 'true', HTTPS_PROXY: 'http://proxy:3128', NODE_EXTRA_CA_CERTS: '/etc/ca.pem',
        GIT_TERMINAL_PROMPT: '0',
      });
      // Agents reach their models through the key proxy on loopback, never through the runner's proxy.
      expect(env.no_proxy).toBe(agent === 'claude' || agent === 'codex' ? 'localhost,127.0.0.1,::1' : 'localhost');
      // The runner's own paths stay out: agents work in a room of their own.
      expect(env).not.toHaveProperty('GITHUB_WORKSPACE');
      expect(env).not.toHaveProperty('RUNNER_TEMP');
      expect(env).not.toHaveProperty('UNSET_VALUE');
      expect(env).not.toHaveProperty('GITHUB_EVENT_PATH');
      expect(env).not.toHaveProperty('SSH_AUTH_SOCK');
    });
  }

  it('gives Claude its own key and endpoint only through extra, plus quiet-traffic settings', () => {
    const env = agentEnv(HOSTILE, 'claude', { ANTHROPIC_API_KEY: 'sk-ant-explicit', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' });
    expect(env.ANTHROPIC_API_KEY).toBe('sk-ant-explicit');
    expect(env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:9');
    expect(env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC).toBe('1');
    expect(env.DISABLE_AUTOUPDATER).toBe('1');
    expect(agentEnv(HOSTILE, 'claude', {})).not.toHaveProperty('ANTHROPIC_API_KEY');
  });

  it('gives Codex its own key only through extra and no Claude settings', () => {
    const env = agentEnv(HOSTILE, 'codex', { OPENAI_API_KEY: 'sk-openai-explicit', CODEX_HOME: '/tmp/codex' });
    expect(env.OPENAI_API_KEY).toBe('sk-openai-explicit');
    expect(env.CODEX_HOME).toBe('/tmp/codex');
    expect(env).not.toHaveProperty('CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC');
  });

  it("refuses to hand one vendor's key to the other agent", () => {
    expect(() => agentEnv({}, 'claude', { OPENAI_API_KEY: 'sk' })).toThrow(CtoError);
    expect(() => agentEnv({}, 'codex', { ANTHROPIC_API_KEY: 'sk' })).toThrow(/ANTHROPIC_API_KEY/);
  });

  it('refuses any vendor key or setting for verification commands and git', () => {
    for (const agent of ['verify', 'git'] as const) {
      expect(() => agentEnv({}, agent, { ANTHROPIC_API_KEY: 'sk' })).toThrow(CtoError);
      expect(() => agentEnv({}, agent, { OPENAI_API_KEY: 'sk' })).toThrow(CtoError);
      expect(() => agentEnv({}, agent, { CODEX_HOME: '/x' })).toThrow(CtoError);
    }
  });

  it('refuses GitHub and runner credentials even when passed on purpose', () => {
    for (const name of ['GITHUB_TOKEN', 'GH_TOKEN', 'INPUT_GITHUB-TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_CACHE_URL', 'ACTIONS_ID_TOKEN_REQUEST_URL']) {
      for (const agent of ['claude', 'codex', 'verify', 'git'] as const) {
        expect(() => agentEnv({}, agent, { [name]: 'x' }), `${name} to ${agent}`).toThrow(CtoError);
      }
    }
  });

  it('refuses secret-looking names that are not the agent\'s own', () => {
    expect(() => agentEnv({}, 'verify', { NPM_TOKEN: 'x' })).toThrow(/looks like a credential/);
    expect(() => agentEnv({}, 'claude', { MY_SECRET: 'x' })).toThrow(CtoError);
  });

  it('lets git receive a config entry by environment (its name contains KEY but is no key)', () => {
    const env = agentEnv({}, 'git', { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraheader', GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic x' });
    expect(env.GIT_CONFIG_KEY_0).toBe('http.extraheader');
    expect(() => agentEnv({}, 'claude', { GIT_CONFIG_KEY_0: 'x' })).toThrow(CtoError);
  });

  it('lets extra override a default on purpose', () => {
    expect(agentEnv({}, 'verify', { GIT_TERMINAL_PROMPT: '1', HOME: '/tmp/h' })).toMatchObject({ GIT_TERMINAL_PROMPT: '1', HOME: '/tmp/h' });
  });
});

describe('passesFromParent', () => {
  it('drops allow-listed prefixes whose name looks secret', () => {
    expect(passesFromParent('LC_TIME')).toBe(true);
    expect(passesFromParent('LC_SECRET')).toBe(false);
    expect(passesFromParent('LC_KEYS')).toBe(false);
  });

  it('is case-sensitive about names, so a look-alike does not pass', () => {
    expect(passesFromParent('path')).toBe(false);
    expect(passesFromParent('Home')).toBe(false);
  });
});

describe('credential-looking names', () => {
  it('treats an authorisation as a credential but not an author', () => {
    expect(looksLikeCredential('NPM_AUTH')).toBe(true);
    expect(looksLikeCredential('AUTHORIZATION')).toBe(true);
    expect(looksLikeCredential('BASIC_AUTH_HEADER')).toBe(true);
    expect(looksLikeCredential('GIT_AUTHOR_NAME')).toBe(false);
    expect(looksLikeCredential('GIT_AUTHOR_EMAIL')).toBe(false);
    expect(looksLikeCredential('AUTHOR')).toBe(false);
  });

  it('gives the git identity to every agent', () => {
    const env = agentEnv({ PATH: '/usr/bin', GIT_AUTHOR_NAME: 'Mona', GIT_AUTHOR_EMAIL: 'mona@example.com' }, 'claude', {});
    expect(env.GIT_AUTHOR_NAME).toBe('Mona');
    expect(env.GIT_AUTHOR_EMAIL).toBe('mona@example.com');
  });
});
