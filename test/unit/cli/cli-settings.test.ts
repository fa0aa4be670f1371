// The CLI's settings: a flag > the repository's config file > the default, each with where it came from.
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli/args.js';
import { configPathOf } from '../../../src/cli/config-file.js';
import { parseRepoConfig, type LoadedConfig } from '../../../src/core/model/repo-config.js';
import { CtoError } from '../../../src/core/model/errors.js';
import { settingsTable } from '../../../src/render/settings-table.js';

function config(text: string): LoadedConfig {
  const load = parseRepoConfig(text, '.github/codex-cto.yml');
  if (!load.ok) throw new Error(load.problems.join('\n'));
  return load.loaded;
}

const FILE = config(`plan: { model: gpt-plan, reasoning-effort: low, instructions: "Test first." }
review: { model: gpt-review }
implement: { model: sonnet, max-turns: 40, allowed-tools: [Read, Edit] }
loop: { max-iterations: 4, max-budget-usd: 3, timeout-minutes: 20 }
protected-paths: [ "migrations/**" ]
`);

describe('parseCli over a config file', () => {
  it("takes the file's values where no flag is given", () => {
    expect(parseCli(['run', 'x'], FILE)).toMatchObject({
      planModel: 'gpt-plan', reviewModel: 'gpt-review', claudeModel: 'sonnet', maxTurns: 40, allowedTools: ['Read', 'Edit'],
      maxIterations: 4, escalateAfter: 3, maxBudgetUsd: 3, timeoutMinutes: 20, planReasoningEffort: 'low', reviewReasoningEffort: null,
      planInstructions: 'Test first.', reviewInstructions: null, protectedPaths: ['migrations/**'],
    });
    expect(parseCli(['plan', 'x'], FILE)).toMatchObject({ model: 'gpt-plan', planInstructions: 'Test first.' });
    expect(parseCli(['review', 'x'], FILE)).toMatchObject({ model: 'gpt-review' });
  });

  it('lets a flag win over the file', () => {
    expect(parseCli(['run', 'x', '--max-iterations', '2', '--model', 'm', '--review-model', 'r', '--reasoning-effort', 'high', '--max-budget-usd', 'none'], FILE)).toMatchObject({
      maxIterations: 2, escalateAfter: 2, planModel: 'm', reviewModel: 'r', planReasoningEffort: 'high', reviewReasoningEffort: 'high', maxBudgetUsd: null,
    });
  });

  it('names the file, line and key of a value out of bounds, and the flag of a bad flag', () => {
    const bad = config('loop:\n  max-iterations: 40\n');
    const error = (() => {
      try {
        parseCli(['run', 'x'], bad);
      } catch (e) {
        return e as CtoError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.kind).toBe('config');
    expect(error.message).toBe('`.github/codex-cto.yml` line 2, key `loop.max-iterations`: expected a whole number from 1 to 20, got `40`');
    expect(() => parseCli(['run', 'x', '--max-turns', '0'], FILE)).toThrow('codex-cto: --max-turns must be a whole number from 1 to 1000, got "0"');
  });

  it('lists every setting with its value and origin for `codex-cto config`', () => {
    const command = parseCli(['config', '--max-turns', '9'], FILE);
    expect(command.kind).toBe('config');
    const rows = command.kind === 'config' ? command.rows : [];
    const by = new Map(rows.map((row) => [row.setting, row]));
    expect(by.get('plan model')).toEqual({ setting: 'plan model', value: 'gpt-plan', origin: '.github/codex-cto.yml line 1 (`plan.model`)' });
    expect(by.get('max turns')).toEqual({ setting: 'max turns', value: '9', origin: '--max-turns' });
    expect(by.get('escalate after')).toEqual({ setting: 'escalate after', value: '3', origin: 'default' });
    expect(by.get('protected paths')).toMatchObject({ value: 'migrations/**' });
  });
});

describe('configPathOf', () => {
  it('finds --config PATH and --config=PATH, not after --', () => {
    expect(configPathOf(['run', 'x', '--config', 'a.yml'])).toBe('a.yml');
    expect(configPathOf(['--config=b.yml', 'plan', 'x'])).toBe('b.yml');
    expect(configPathOf(['run', '--', '--config', 'c.yml'])).toBeNull();
    expect(configPathOf(['run', 'x'])).toBeNull();
  });
});

describe('settingsTable', () => {
  it('aligns the columns and keeps each value on one short line', () => {
    expect(settingsTable([
      { setting: 'plan model', value: 'gpt-plan', origin: 'default' },
      { setting: 'instructions', value: `a\nb${'c'.repeat(80)}`, origin: '--x' },
    ])).toBe([
      'setting       value                                                         from',
      'plan model    gpt-plan                                                      default',
      `instructions  a b${'c'.repeat(54)}...  --x`,
    ].join('\n'));
  });
});

describe("parseCli: the repository's setup, passed variables and verification", () => {
  const WORK = config(`setup:
  - npm ci
env:
  - DATABASE_URL
  - JAVA_HOME
verify: [ "npm test" ]
`);
  const thrown = (run: () => unknown): CtoError => {
    try {
      run();
    } catch (error) {
      return error as CtoError;
    }
    throw new Error('expected a throw');
  };

  it('takes setup, env and verify from the file for run and continue, with the defaults beside them', () => {
    const work = { setupCommands: ['npm ci'], setupTimeoutMinutes: 15, envPassthrough: ['DATABASE_URL', 'JAVA_HOME'], secretEnv: [], verifyCommands: ['npm test'] };
    expect(parseCli(['run', 'x'], WORK)).toMatchObject(work);
    expect(parseCli(['continue', 'r1'], WORK)).toMatchObject(work);
    expect(parseCli(['run', 'x'], null)).toMatchObject({ setupCommands: [], envPassthrough: [], secretEnv: [], verifyCommands: [] });
  });

  it('lets --env replace the list, --secret-env pass a credential-looking name, --setup-timeout-minutes bound setup', () => {
    expect(parseCli(['run', 'x', '--env', 'REDIS_URL, LANG_HOME', '--secret-env', 'DB_PASSWORD', '--setup-timeout-minutes', '40'], WORK)).toMatchObject({
      envPassthrough: ['REDIS_URL', 'LANG_HOME'], secretEnv: ['DB_PASSWORD'], setupTimeoutMinutes: 40,
    });
  });

  it('refuses a credential-looking name in env with its line and key, naming --secret-env', () => {
    const error = thrown(() => parseCli(['run', 'x'], config('env:\n  - DATABASE_URL\n  - API_TOKEN\n')));
    expect(error.kind).toBe('config');
    expect(error.message).toBe('`.github/codex-cto.yml` line 3, key `env[1]`: expected a variable the agents may have, but it looks like a credential: pass it with --secret-env API_TOKEN if the agents must have it, got `API_TOKEN`');
    expect(thrown(() => parseCli(['run', 'x', '--env', 'DB_PASSWORD'], null)).message).toContain('codex-cto: --env must be a variable the agents may have, but it looks like a credential');
  });

  it('never passes the GitHub token, a model key or what codex-cto sets, not even as a secret', () => {
    expect(thrown(() => parseCli(['run', 'x', '--secret-env', 'GH_TOKEN'], null)).message).toContain('GitHub and runner credentials never reach an agent');
    expect(thrown(() => parseCli(['run', 'x', '--secret-env', 'ANTHROPIC_API_KEY'], null)).message).toContain('the model keys');
    expect(thrown(() => parseCli(['run', 'x'], config('env: [ PATH ]\n'))).message).toContain('codex-cto sets it for the agents itself');
  });

  it('shows each with where it came from in `codex-cto config`', () => {
    const command = parseCli(['config', '--secret-env', 'DB_PASSWORD'], WORK);
    const rows = new Map((command.kind === 'config' ? command.rows : []).map((row) => [row.setting, row]));
    expect(rows.get('setup')).toEqual({ setting: 'setup', value: 'npm ci', origin: '.github/codex-cto.yml line 1 (`setup`)' });
    expect(rows.get('env')).toEqual({ setting: 'env', value: 'DATABASE_URL, JAVA_HOME', origin: '.github/codex-cto.yml line 3 (`env`)' });
    expect(rows.get('secret env')).toEqual({ setting: 'secret env', value: 'DB_PASSWORD', origin: '--secret-env' });
    expect(rows.get('verify')).toEqual({ setting: 'verify', value: 'npm test', origin: '.github/codex-cto.yml line 6 (`verify`)' });
    expect(rows.get('setup timeout minutes')).toEqual({ setting: 'setup timeout minutes', value: '15', origin: 'default' });
  });
});
