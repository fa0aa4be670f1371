import { describe, expect, it } from 'vitest';
import { keptLines, mergedLines, runsTable, summaryOf } from '../../../src/cli/run-words.js';
import { parseSavedRun, type SavedRun } from '../../../src/cli/run-store.js';
import { LOCAL_DEFAULTS } from '../../../src/cli/local-options.js';
import { initialState } from '../../../src/core/state.js';
import type { LoopState } from '../../../src/core/model/schema-types.js';

function savedRun(loop: Partial<LoopState> = {}, id = '20260101T120000-abc123'): SavedRun {
  return {
    version: 1,
    id,
    objective: 'Add a `shout` option to greet()',
    started_at: '2026-01-01T12:00:00.000Z',
    updated_at: '2026-01-01T12:05:00.000Z',
    place: { dir: '/repo/.codex-cto/worktrees/r1', branch: 'codex-cto/add-a-shout-r1', target: 'main', baseSha: 'a'.repeat(40) },
    settings: { maxIterations: 5, escalateAfter: 3, maxTurns: 50, maxBudgetUsd: null, planModel: null, reviewModel: null, claudeModel: null, allowedTools: ['Read'], planReasoningEffort: null, reviewReasoningEffort: null, planInstructions: null, reviewInstructions: null, protectedPaths: [], timeoutMinutes: 30, local: { ...LOCAL_DEFAULTS } },
    loop: { ...initialState('Add a `shout` option to greet()'), max_iterations: 5, ...loop },
  };
}
const limits = { maxIterations: 5, escalateAfter: 3, maxBudgetUsd: null, requirePlanApproval: false };

describe('what the CLI says about a local run', () => {
  it('says where an unfinished run is kept and how to resume it', () => {
    expect(keptLines(savedRun({ phase: 'stopped', stop_reason: 'interrupted (Ctrl-C)' }), limits)).toEqual([
      'stopped: the work is kept in /repo/.codex-cto/worktrees/r1 (branch codex-cto/add-a-shout-r1)',
      'resume with: codex-cto continue 20260101T120000-abc123 ["your answer or guidance"]',
    ]);
  });

  it('offers no resume for a run the lifecycle would not continue', () => {
    expect(keptLines(savedRun({ phase: 'aborted' }), limits)).toEqual(['aborted: the work is kept in /repo/.codex-cto/worktrees/r1 (branch codex-cto/add-a-shout-r1)']);
  });

  it('says how to merge an approved run that was not merged', () => {
    expect(keptLines(savedRun({ phase: 'approved' }), null)).toEqual([
      'approved: the branch codex-cto/add-a-shout-r1 is ready in /repo/.codex-cto/worktrees/r1',
      'merge it with: git merge --no-ff codex-cto/add-a-shout-r1',
    ]);
  });

  it('says what a merge did with your changes and with the worktree', () => {
    const run = savedRun({ phase: 'approved' });
    expect(mergedLines(run, 'main', { sha: 'b'.repeat(40), yourChanges: { kind: 'in-stash', detail: 'conflict' }, cleaned: false })).toEqual([
      `merged codex-cto/add-a-shout-r1 into main (merge, now at ${'b'.repeat(12)})`,
      'your uncommitted changes on main conflict with the merge: they are kept in the stash (git stash list; git stash pop to apply them)',
      'the worktree is kept at /repo/.codex-cto/worktrees/r1 (branch codex-cto/add-a-shout-r1)',
    ]);
    expect(mergedLines(run, 'main', { sha: 'c'.repeat(40), yourChanges: { kind: 'none' }, cleaned: true }).at(-1)).toBe('removed the worktree /repo/.codex-cto/worktrees/r1 and the branch codex-cto/add-a-shout-r1');
  });

  it('prints a summary with the run id, phase, branch, worktree and figures', () => {
    expect(summaryOf(savedRun({ phase: 'capped', total_cost_usd: 1.5 }))).toMatchObject({ id: '20260101T120000-abc123', phase: 'capped', iterations: 0, total_cost_usd: 1.5, worktree: '/repo/.codex-cto/worktrees/r1' });
  });
});

describe('the runs table', () => {
  it('has a header and one aligned row per run, the objective on one cut line', () => {
    const long = savedRun({ phase: 'escalated', total_cost_usd: 0.42 }, '20260102T090000-def456');
    long.objective = `Line one\nline two ${'x'.repeat(80)}`;
    expect(runsTable([long, savedRun()]).split('\n')).toEqual([
      'ID                      STATE      ITERATIONS  COST   OBJECTIVE',
      `20260102T090000-def456  escalated  0           $0.42  Line one line two ${'x'.repeat(39)}...`,
      '20260101T120000-abc123  planning   0           $0.00  Add a `shout` option to greet()',
    ]);
  });

  it('says how to start when there is no run', () => {
    expect(runsTable([])).toContain('codex-cto run "<objective>"');
  });
});

describe('a saved run read back', () => {
  it('round-trips', () => {
    const run = savedRun({ phase: 'capped' });
    expect(parseSavedRun(JSON.stringify(run), 'run.json')).toEqual(run);
  });

  it('names the file and the problem when it is not JSON or not a run', () => {
    expect(() => parseSavedRun('{', '/r/run.json')).toThrow('/r/run.json is not valid JSON');
    const broken = { ...savedRun(), place: null, loop: { phase: 'dancing' } };
    expect(() => parseSavedRun(JSON.stringify(broken), '/r/run.json')).toThrow(/\/r\/run\.json is not a saved run: place must give dir, branch, target and baseSha; loop: /);
    const badStyle = savedRun();
    (badStyle.settings.local as { mergeStyle: string }).mergeStyle = 'octopus';
    expect(() => parseSavedRun(JSON.stringify(badStyle), 'run.json')).toThrow('unknown merge style or dirty-main policy');
  });
});
