import { describe, expect, it } from 'vitest';
import { USAGE } from '../../../src/cli/args.js';
import { usageOf } from '../../../src/cli/usage.js';
import { DEFAULTS } from '../../../src/core/model/defaults.js';

describe("each command's usage", () => {
  it.each(['plan', 'review', 'run', 'runs', 'continue', 'status'])('%s has its own usage, starting with its command line', (command) => {
    expect(usageOf(command)).toMatch(new RegExp(`^Usage: codex-cto ${command}\\b`));
  });

  it('falls back to the overview for no or an unknown command', () => {
    expect(usageOf(null)).toBe(USAGE);
    expect(usageOf('toString')).toBe(USAGE);
  });

  it("states that the budget default differs from the action's, with the action's figure", () => {
    for (const text of [USAGE, usageOf('run')]) {
      expect(text).toContain(`the GitHub Action's default is $${DEFAULTS.budgetUsd.unattended}`);
    }
  });

  it('run lists every orchestrator option and says what each dirty-main policy does', () => {
    const run = usageOf('run');
    for (const flag of ['--merge ', '--merge-into', '--merge-style', '--dirty-main', '--keep-worktree', '--worktree-dir']) expect(run).toContain(flag);
    expect(run).toContain('abort (default: no merge, nothing touched)');
    expect(run).toContain('Untracked files are\n                                never touched');
  });
});
