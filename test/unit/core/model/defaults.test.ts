// One set of defaults and bounds: the action's inputs and the CLI's flags both take theirs from
// core/model/defaults.ts, so a default changed there changes in both (and action.yml, which
// test/unit/action/settings/inputs.test.ts keeps equal to the inputs).
import { describe, expect, it } from 'vitest';
import { BOUNDS, DEFAULTS, defaultEscalateAfter } from '../../../../src/core/model/defaults.js';
import { parseSettings } from '../../../../src/action/settings/settings.js';
import { parseCli } from '../../../../src/cli/args.js';

const pinned = { claude: '2.1.330', codex: '0.169.0' };

describe('defaults shared by the action and the CLI', () => {
  it('are what the action takes when the workflow sets nothing', () => {
    const settings = parseSettings((name) => (name === 'github-token' ? 'ghs_token' : ''), { pinned });
    expect(settings).toMatchObject({
      maxIterations: DEFAULTS.maxIterations,
      escalateAfter: defaultEscalateAfter(DEFAULTS.maxIterations),
      maxTurns: DEFAULTS.maxTurns,
      maxBudgetUsd: DEFAULTS.budgetUsd.unattended,
      timeoutMinutes: DEFAULTS.timeoutMinutes,
      allowedTools: [...DEFAULTS.allowedTools],
    });
  });

  it('are what the CLI takes when no flag is given', () => {
    expect(parseCli(['run', 'an objective'])).toMatchObject({
      maxIterations: DEFAULTS.maxIterations,
      escalateAfter: defaultEscalateAfter(DEFAULTS.maxIterations),
      maxTurns: DEFAULTS.maxTurns,
      maxBudgetUsd: DEFAULTS.budgetUsd.attended,
      timeoutMinutes: DEFAULTS.timeoutMinutes,
      allowedTools: [...DEFAULTS.allowedTools],
    });
  });

  it('bound both alike: the largest allowed value passes, one more is refused', () => {
    const action = (name: string, value: string) => () =>
      parseSettings((input) => (input === 'github-token' ? 'ghs_token' : input === name ? value : ''), { pinned });
    const cli = (flag: string, value: string) => () => parseCli(['run', 'x', `--${flag}`, value]);
    const cases = [
      ['max-iterations', BOUNDS.iterations.max],
      ['max-turns', BOUNDS.turns.max],
      ['timeout-minutes', BOUNDS.timeoutMinutes.max],
      ['max-budget-usd', BOUNDS.budgetUsd.max],
    ] as const;
    for (const [name, max] of cases) {
      expect(action(name, String(max))).not.toThrow();
      expect(cli(name, String(max))).not.toThrow();
      expect(action(name, String(max + 1))).toThrow(name);
      expect(cli(name, String(max + 1))).toThrow(name);
    }
  });

  it('escalate after 3 revisions, or after every iteration when fewer are allowed', () => {
    expect([1, 2, 3, 5, 20].map(defaultEscalateAfter)).toEqual([1, 2, 3, 3, 3]);
  });
});
