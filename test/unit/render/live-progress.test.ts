// The live section of the tracking comment while Claude implements, by exact string; everything Claude
// wrote is escaped.
import { describe, expect, it } from 'vitest';
import { liveProgressSection, MAX_SHOWN_TODOS } from '../../../src/render/live-progress.js';
import { trackingComment } from '../../../src/render/tracking-comment.js';
import type { ImplementProgress } from '../../../src/core/ports.js';
import { iteration, reviseReview, samplePlan, trackingState, trackingView } from '../../support/render-fixtures.js';

const PROGRESS: ImplementProgress = {
  turns: 7,
  inputTokens: 12_000,
  outputTokens: 345,
  todos: [
    { text: 'Add the JSON formatter', status: 'completed' },
    { text: 'Wire the --json flag', status: 'in_progress' },
    { text: 'Document it', status: 'pending' },
  ],
  lastEdited: 'src/cli.ts',
};

describe('liveProgressSection', () => {
  it('shows the todo list with ticks, the file last edited, turns, tokens and the cost known so far', () => {
    expect(liveProgressSection({ progress: PROGRESS, costSoFarUsd: 1.5 })).toBe([
      '#### Claude is working',
      '',
      '- [x] Add the JSON formatter',
      '- [ ] **Wire the --json flag** (in progress)',
      '- [ ] Document it',
      '',
      "Last edited: `src/cli.ts` · 7 turns so far · 12,345 tokens · cost so far $1.50 (this run's is added when Claude finishes)",
    ].join('\n'));
  });

  it('shows nothing before Claude has done anything, and no list without todos', () => {
    expect(liveProgressSection({ progress: { turns: 0, inputTokens: 0, outputTokens: 0, todos: [], lastEdited: null }, costSoFarUsd: 0 })).toBeNull();
    expect(liveProgressSection({ progress: { turns: 1, inputTokens: 100, outputTokens: 1, todos: [], lastEdited: null }, costSoFarUsd: 0 })).toBe(
      "#### Claude is working\n\n1 turn so far · 101 tokens · cost so far $0.00 (this run's is added when Claude finishes)",
    );
  });

  it('escapes what Claude wrote: mentions, HTML, markdown, and paths that are not plain', () => {
    const section = liveProgressSection({
      progress: {
        ...PROGRESS,
        todos: [{ text: '@octocat <img src=x onerror=alert(1)> [click](http://evil) # heading', status: 'pending' }, { text: '', status: 'pending' }],
        lastEdited: 'src/`x`|<b>.ts',
      },
      costSoFarUsd: 0,
    }) ?? '';
    expect(section).not.toContain('@octocat');
    expect(section).not.toContain('<img');
    expect(section).toContain('\\[click\\](http://evil)');
    expect(section).toContain('- [ ] (no text)');
    expect(section).toContain('Last edited: <code>');
    expect(section).not.toContain('<b>');
  });

  it('shows at most the first todos and says how many more there are', () => {
    const todos = Array.from({ length: MAX_SHOWN_TODOS + 3 }, (_, i) => ({ text: `Item ${i}`, status: 'pending' as const }));
    const section = liveProgressSection({ progress: { ...PROGRESS, todos }, costSoFarUsd: 0 }) ?? '';
    expect(section.match(/^- \[ \] Item/gm)).toHaveLength(MAX_SHOWN_TODOS);
    expect(section).toContain('- … and 3 more items');
  });
});

describe('the live section in the tracking comment', () => {
  const implementing = () =>
    trackingState({ phase: 'implementing', plan: samplePlan(), iterations: [iteration(1)], last_review: reviseReview(), consecutive_revises: 1 });

  it('comes after the status and before the plan while Claude implements', () => {
    const comment = trackingComment({ ...trackingView(implementing()), live: { progress: PROGRESS, costSoFarUsd: 0.42 } });
    const live = comment.indexOf('#### Claude is working');
    expect(live).toBeGreaterThan(comment.indexOf('### codex-cto: Implementing iteration 2 of 5'));
    expect(live).toBeLessThan(comment.indexOf('#### Plan'));
  });

  it('is left out in every other phase, even when progress is still set', () => {
    const state = implementing();
    state.loop.phase = 'verifying';
    expect(trackingComment({ ...trackingView(state), live: { progress: PROGRESS, costSoFarUsd: 0 } })).not.toContain('Claude is working');
  });
});
