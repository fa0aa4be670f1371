import { describe, expect, it } from 'vitest';
import { CONFIG_FILE, MAX_CONFIG_BYTES, dottedKey, parseRepoConfig } from '../../../../src/core/model/repo-config.js';

const FULL = `# The team's settings
plan:
  model: gpt-5.5
  reasoning-effort: high
  instructions: |
    Every change ships with a test.
review:
  model: gpt-5.5-review
  instructions: Refuse new runtime dependencies.
implement: { model: sonnet, max-turns: 40, allowed-tools: [Read, Edit, Bash] }
loop: { max-iterations: 4, escalate-after: 2, max-budget-usd: 7.5, require-plan-approval: false, timeout-minutes: 20 }
setup: [ "npm ci" ]
env: [ DATABASE_URL, JAVA_HOME ]
verify: [ "npm test" ]
protected-paths: [ ".github/workflows/**", "migrations/**" ]
pull-request: { branch-prefix: bots/, draft: false, auto-merge: true, merge-method: rebase }
`;

function problemsOf(text: string): string[] {
  const load = parseRepoConfig(text, CONFIG_FILE);
  expect(load.ok).toBe(false);
  return load.ok ? [] : load.problems;
}

describe('parseRepoConfig', () => {
  it('reads every key of the documented shape, with the line of each key', () => {
    const load = parseRepoConfig(FULL, CONFIG_FILE);
    expect(load.ok).toBe(true);
    if (!load.ok) return;
    expect(load.loaded.config.plan).toEqual({ model: 'gpt-5.5', 'reasoning-effort': 'high', instructions: 'Every change ships with a test.\n' });
    expect(load.loaded.config.implement?.['allowed-tools']).toEqual(['Read', 'Edit', 'Bash']);
    expect(load.loaded.config.loop?.['max-budget-usd']).toBe(7.5);
    expect(load.loaded.config.env).toEqual(['DATABASE_URL', 'JAVA_HOME']);
    expect(load.loaded.config['pull-request']?.['merge-method']).toBe('rebase');
    expect(load.loaded.lines['plan.model']).toBe(3);
    expect(load.loaded.lines['review.instructions']).toBe(9);
    expect(load.loaded.lines['loop.max-iterations']).toBe(11);
    expect(load.loaded.lines['protected-paths[1]']).toBe(15);
  });

  it('takes an empty file, or one of comments only, as a config that sets nothing', () => {
    expect(parseRepoConfig('', CONFIG_FILE)).toEqual({ ok: true, loaded: { source: CONFIG_FILE, config: {}, lines: {} } });
    expect(parseRepoConfig('# later\n', CONFIG_FILE)).toEqual({ ok: true, loaded: { source: CONFIG_FILE, config: {}, lines: {} } });
  });

  it('names the file, the line and the key of an unknown key, and the keys known there', () => {
    expect(problemsOf('plan:\n  model: a\n  modle: b\n')).toEqual([
      '`.github/codex-cto.yml` line 3, key `plan.modle`: unknown key (known here: `model`, `reasoning-effort`, `instructions`)',
    ]);
    expect(problemsOf('verbose: true\n')[0]).toMatch(/^`\.github\/codex-cto\.yml` line 1, key `verbose`: unknown key \(known here: `plan`, /);
  });

  it('names a wrong type, a value outside a list, a bad variable name and a number-or-none, each with its line, in the order of the file', () => {
    const text = 'loop:\n  max-iterations: "five"\n  max-budget-usd: lots\nenv: [DATABASE_URL, 1BAD]\npull-request:\n  merge-method: fast\n';
    expect(problemsOf(text)).toEqual([
      '`.github/codex-cto.yml` line 2, key `loop.max-iterations`: expected a whole number, got `five`',
      '`.github/codex-cto.yml` line 3, key `loop.max-budget-usd`: expected a number or `none`, got `lots`',
      '`.github/codex-cto.yml` line 4, key `env[1]`: expected an environment variable name (letters, digits and `_`, not starting with a digit), got `1BAD`',
      '`.github/codex-cto.yml` line 6, key `pull-request.merge-method`: expected one of `merge`, `squash`, `rebase`, got `fast`',
    ]);
  });

  it('refuses YAML that does not parse, and a repeated key, with the line', () => {
    expect(problemsOf('plan: {model: a}\nplan: 3\n')).toEqual(['`.github/codex-cto.yml` line 2: not valid YAML (Map keys must be unique)']);
    expect(problemsOf('plan:\n  model: [a\n')[0]).toMatch(/^`\.github\/codex-cto\.yml` line \d: not valid YAML \(/);
  });

  it('refuses a file that is not a mapping, a file too large to be settings, and an alias bomb', () => {
    expect(problemsOf('- a\n')).toEqual(['`.github/codex-cto.yml`: expected a mapping of keys at the top, got a list `["a"]`']);
    expect(problemsOf(`# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`)).toEqual(['`.github/codex-cto.yml`: the file is larger than 64 KB']);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(problemsOf(bomb)[0]).toMatch(/not usable YAML/);
  });

  it('bounds lists and text: too many setup commands, instructions too long', () => {
    const problems = problemsOf(`setup: [${Array.from({ length: 21 }, () => 'x').join(', ')}]\nreview:\n  instructions: "${'y'.repeat(2001)}"\n`);
    expect(problems).toEqual([
      '`.github/codex-cto.yml` line 1, key `setup`: must NOT have more than 20 items',
      '`.github/codex-cto.yml` line 3, key `review.instructions`: must NOT have more than 2000 characters',
    ]);
  });

  it('quotes a bad value with control characters escaped and long values shortened', () => {
    const [problem] = problemsOf(`pull-request:\n  merge-method: "a\\u202e${'z'.repeat(80)}"\n`);
    expect(problem).toContain('got `a\\u202e');
    expect(problem).toContain('...`');
  });
});

describe('dottedKey', () => {
  it('names keys and list items as a person writes them', () => {
    expect(dottedKey('/loop/max-iterations')).toBe('loop.max-iterations');
    expect(dottedKey('/setup/0')).toBe('setup[0]');
    expect(dottedKey('')).toBe('');
  });
});
