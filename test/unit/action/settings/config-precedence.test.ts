// Precedence of the action's settings: an explicit input > the repository's config file > the default, each
// value remembered with where it came from; a bad value from the file is named by file, line and key.
import { describe, expect, it } from 'vitest';
import { CtoError } from '../../../../src/core/model/errors.js';
import { parseRepoConfig, type LoadedConfig } from '../../../../src/core/model/repo-config.js';
import { resolveSettings } from '../../../../src/action/settings/settings.js';
import { CONFIG_KEYS } from '../../../../src/action/settings/config-inputs.js';
import { CONFIGURABLE_DEFAULTS, INPUT_DEFAULTS } from '../../../../src/action/settings/inputs.js';
import { effectiveRows } from '../../../../src/action/settings/effective.js';

const facts = { pinned: { claude: '2.1.330', codex: '0.169.0' } };
const SOURCE = '.github/codex-cto.yml on main';

function config(text: string): LoadedConfig {
  const load = parseRepoConfig(text, SOURCE);
  if (!load.ok) throw new Error(load.problems.join('\n'));
  return load.loaded;
}

function resolve(inputs: Record<string, string>, text: string | null) {
  return resolveSettings((name) => ({ 'github-token': 't', ...inputs })[name] ?? '', facts, text === null ? null : config(text));
}

function thrown(run: () => unknown): CtoError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CtoError);
    return error as CtoError;
  }
  throw new Error('expected a CtoError');
}

const FILE = `plan: { model: gpt-plan, reasoning-effort: low, instructions: "Test first." }
review: { model: gpt-review, reasoning-effort: high }
implement: { model: sonnet, max-turns: 40, allowed-tools: [Read, "Bash(npm test:*)"] }
loop: { max-iterations: 4, escalate-after: 2, max-budget-usd: none, require-plan-approval: true, timeout-minutes: 20 }
setup: [ "npm ci" ]
env: [ DATABASE_URL ]
verify: [ "npm test" ]
protected-paths: [ "migrations/**" ]
pull-request: { branch-prefix: bots/, draft: false, auto-merge: true, merge-method: rebase }
`;

describe('the action settings over a config file', () => {
  it('take every value the file sets when the inputs are empty', () => {
    const { settings } = resolve({}, FILE);
    expect(settings).toMatchObject({
      planModel: 'gpt-plan', reviewModel: 'gpt-review', claudeModel: 'sonnet',
      planReasoningEffort: 'low', reviewReasoningEffort: 'high', planInstructions: 'Test first.', reviewInstructions: null,
      maxTurns: 40, allowedTools: ['Read', 'Bash(npm test:*)'],
      maxIterations: 4, escalateAfter: 2, maxBudgetUsd: null, requirePlanApproval: true, timeoutMinutes: 20,
      setupCommands: ['npm ci'], envPassthrough: ['DATABASE_URL'], verifyCommands: ['npm test'], protectedPaths: ['migrations/**'],
      branchPrefix: 'bots/', draftPr: false, autoMerge: true, mergeMethod: 'rebase',
    });
  });

  it('let an explicit input win over the file, and the file over the default', () => {
    const { settings, origins } = resolve({ 'max-iterations': '6', 'reasoning-effort': 'medium', 'draft-pr': 'true' }, FILE);
    expect(settings).toMatchObject({ maxIterations: 6, escalateAfter: 2, planReasoningEffort: 'medium', reviewReasoningEffort: 'medium', draftPr: true, maxTurns: 40 });
    expect(origins.get('max-iterations')).toEqual({ kind: 'input', name: 'max-iterations' });
    expect(origins.get('max-turns')).toEqual({ kind: 'config', source: SOURCE, key: 'implement.max-turns', line: 3 });
    const bare = resolve({}, 'plan: { model: x }\n');
    expect(bare.settings).toMatchObject({ maxIterations: 5, escalateAfter: 3, maxTurns: 50, maxBudgetUsd: 10, draftPr: true, mergeMethod: 'squash', branchPrefix: 'codex-cto/' });
    expect(bare.origins.get('max-iterations')).toEqual({ kind: 'default' });
  });

  it("check the file's values by the inputs' rules, naming the file, line and key, as a `config` error", () => {
    const error = thrown(() => resolve({}, 'loop:\n  max-iterations: 30\nimplement:\n  model: "bad model"\npull-request:\n  branch-prefix: "a..b/"\n'));
    expect(error.kind).toBe('config');
    expect(error.message).toContain("3 problems with the repository's config file:");
    expect(error.message).toContain(`- \`${SOURCE}\` line 2, key \`loop.max-iterations\`: expected a whole number from 1 to 20, got \`30\` — fix the repository's config file`);
    expect(error.message).toContain(`\`${SOURCE}\` line 4, key \`implement.model\`: expected a model name`);
    expect(error.message).toContain(`\`${SOURCE}\` line 6, key \`pull-request.branch-prefix\``);
    expect(error.hint).toBe(`Fix \`${SOURCE}\` on the base branch.`);
  });

  it('refuse an escalate-after from the file above the max-iterations of an input', () => {
    const error = thrown(() => resolve({ 'max-iterations': '2' }, 'loop: { escalate-after: 3 }\n'));
    expect(error.message).toContain('key `loop.escalate-after`: expected a number no larger than `max-iterations` (2)');
  });

  it('report problems of inputs and of the file together, as a `settings` error', () => {
    const error = thrown(() => resolve({ 'max-turns': '0' }, 'loop: { max-iterations: 0 }\n'));
    expect(error.kind).toBe('settings');
    expect(error.message).toContain("2 problems with the action inputs and the repository's config file");
    expect(error.hint).toContain('the `with:` block');
    expect(error.hint).toContain(SOURCE);
  });

  it('have a default for every configurable input, none of them in action.yml, and a config key for each', () => {
    for (const name of Object.keys(CONFIGURABLE_DEFAULTS)) {
      expect(CONFIG_KEYS).toHaveProperty(name);
      expect(INPUT_DEFAULTS).not.toHaveProperty(name);
    }
  });
});

describe('effectiveRows', () => {
  it('lists each setting with its value and where it came from', () => {
    const rows = effectiveRows(resolve({ 'review-model': 'gpt-input' }, FILE));
    const byName = new Map(rows.map((row) => [row.setting, row]));
    expect(byName.get('plan-model')).toEqual({ setting: 'plan-model', value: 'gpt-plan', origin: `${SOURCE} line 1 (\`plan.model\`)` });
    expect(byName.get('review-model')).toEqual({ setting: 'review-model', value: 'gpt-input', origin: 'input `review-model`' });
    expect(byName.get('max-budget-usd')).toMatchObject({ value: 'none' });
    expect(byName.get('plan.instructions')).toMatchObject({ value: '1 line(s)', origin: `${SOURCE} line 1 (\`plan.instructions\`)` });
    expect(byName.get('env-passthrough')).toMatchObject({ value: 'DATABASE_URL', origin: `${SOURCE} line 6 (\`env\`)` });
    expect(effectiveRows(resolve({}, null)).find((row) => row.setting === 'max-iterations')).toEqual({ setting: 'max-iterations', value: '5', origin: 'default' });
  });
});
