import { describe, expect, it } from 'vitest';
import { CtoError } from '../../../../src/core/model/errors.js';
import { parseSettings, secretsOf, type Settings } from '../../../../src/action/settings/settings.js';

const facts = { pinned: { claude: '2.1.330', codex: '0.169.0' } };

function parse(inputs: Record<string, string> = {}): Settings {
  return parseSettings((name) => ({ 'github-token': 'ghs_token', ...inputs })[name] ?? '', facts);
}

function problems(inputs: Record<string, string>): string[] {
  try {
    parse(inputs);
  } catch (error) {
    expect((error as CtoError).kind).toBe('settings');
    return (error as CtoError).message.split('\n').filter((line) => line.startsWith('- '));
  }
  throw new Error('expected parseSettings to throw');
}

describe('setup and verify commands', () => {
  it('takes one command per line, skipping blank lines and comments', () => {
    const settings = parse({ setup: 'npm ci\n\n# seed the database\n  ./scripts/seed.sh --fast  \n', verify: 'npm test\nnpm run lint', 'setup-timeout-minutes': '5' });
    expect(settings.setupCommands).toEqual(['npm ci', './scripts/seed.sh --fast']);
    expect(settings.verifyCommands).toEqual(['npm test', 'npm run lint']);
    expect(settings.setupTimeoutMinutes).toBe(5);
  });

  it('bounds the number and length of commands and refuses control characters', () => {
    expect(problems({ setup: Array.from({ length: 21 }, (_, i) => `echo ${i}`).join('\n') })).toEqual([
      '- input `setup`: expected at most 20 commands, one per line, got 21 commands — fix the `with:` block of the workflow step',
    ]);
    expect(problems({ verify: `echo ${'x'.repeat(2_001)}` })[0]).toMatch(/^- input `verify`: expected commands of at most 2000 characters/);
    expect(problems({ setup: 'echo a\u0007b' })[0]).toMatch(/^- input `setup`: expected commands without control characters, got `echo a\\u0007b`/);
    expect(problems({ 'setup-timeout-minutes': '0' })[0]).toMatch(/^- input `setup-timeout-minutes`: expected a whole number from 1 to 360/);
  });
});

describe('variables passed to the agents', () => {
  it('passes plain names through env-passthrough and credential-looking ones through secret-env', () => {
    const settings = parse({ 'env-passthrough': 'DATABASE_URL, JAVA_HOME\nVIRTUAL_ENV', 'secret-env': 'DB_PASSWORD' });
    expect(settings.envPassthrough).toEqual(['DATABASE_URL', 'JAVA_HOME', 'VIRTUAL_ENV']);
    expect(settings.secretEnv).toEqual(['DB_PASSWORD']);
  });

  it('sends a name that looks like a credential to secret-env', () => {
    for (const name of ['DB_PASSWORD', 'NPM_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'SIGNING_KEY', 'PG_PASS', 'SESSION_COOKIE', 'BASIC_AUTH']) {
      expect(problems({ 'env-passthrough': name })[0], name).toContain('it looks like a credential: list it in `secret-env` if the agents must have it');
    }
  });

  it('never passes the GitHub token, the runner tokens, the model keys or what codex-cto sets, even as secrets', () => {
    const refused = {
      GITHUB_TOKEN: 'GitHub and runner credentials never reach an agent',
      GH_TOKEN: 'GitHub and runner credentials never reach an agent',
      ACTIONS_RUNTIME_TOKEN: 'GitHub and runner credentials never reach an agent',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'GitHub and runner credentials never reach an agent',
      'INPUT_GITHUB-TOKEN': 'not a variable name',
      INPUT_OPENAI_API_KEY: 'GitHub and runner credentials never reach an agent',
      ANTHROPIC_API_KEY: "the model keys and the agents' own settings are set by codex-cto",
      OPENAI_API_KEY: "the model keys and the agents' own settings are set by codex-cto",
      CODEX_API_KEY: "the model keys and the agents' own settings are set by codex-cto",
      CLAUDE_CONFIG_DIR: "the model keys and the agents' own settings are set by codex-cto",
      HOME: 'codex-cto sets it for the agents itself',
      PATH: 'codex-cto sets it for the agents itself',
      GIT_CONFIG_GLOBAL: 'codex-cto sets it for the agents itself',
    };
    for (const [name, why] of Object.entries(refused)) {
      expect(problems({ 'secret-env': name })[0], name).toContain(why);
      expect(problems({ 'env-passthrough': name })[0], name).toContain(why);
    }
  });

  it('masks the values of secret-env variables with the tokens and keys', () => {
    const settings = parse({ 'secret-env': 'DB_PASSWORD', 'env-passthrough': 'DATABASE_URL' });
    expect(secretsOf(settings, { DB_PASSWORD: 'hunter2-long', DATABASE_URL: 'postgres://db/app' })).toEqual(['ghs_token', 'hunter2-long']);
  });

  it('reads write-workflows as a boolean', () => {
    expect(parse({ 'write-workflows': 'true' }).writeWorkflows).toBe(true);
    expect(problems({ 'write-workflows': 'yes' })[0]).toMatch(/^- input `write-workflows`: expected `true` or `false`/);
  });
});
