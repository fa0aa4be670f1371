// The post step's rescue: a tracking comment this job left showing work going on is moved to failed,
// with what to do next; anything else is left alone.
import { describe, expect, it } from 'vitest';
import { rescueTrackingComment } from '../../../../src/action/tracking/rescue.js';
import { readMarker, renderMarker } from '../../../../src/action/tracking/state-marker.js';
import type { Issues } from '../../../../src/action/github/issues.js';
import type { TrackingState } from '../../../../src/core/model/schema-types.js';
import { trackingState } from '../../../support/render-fixtures.js';

const BOT = { login: 'github-actions[bot]', type: 'Bot' };
const SETTINGS = { maxIterations: 5, maxBudgetUsd: 10, commandPrefix: '/cto' };

function thread(state: TrackingState) {
  const updates: string[] = [];
  const issues = {
    getComment: async (id: number) => ({ id, nodeId: '', url: '', body: `### codex-cto\n\n${renderMarker(state)}`, author: BOT }),
    updateComment: async (_id: number, body: string) => void updates.push(body),
  } as unknown as Issues;
  return { issues, updates };
}

const held = (phase: TrackingState['loop']['phase']): TrackingState =>
  trackingState({ phase, max_iterations: 5 }, { run: { id: '77', attempt: '1', started_at: '2026-01-01T00:00:00Z' } });

describe('rescueTrackingComment', () => {
  it('moves a comment this job left at work to failed, saying the job ended and how to resume', async () => {
    const { issues, updates } = thread(held('implementing'));
    const view = await rescueTrackingComment(issues, 12, 501, '77', SETTINGS, 'https://run');
    expect(view?.state.loop).toMatchObject({ phase: 'failed', stop_reason: 'The job ended while implementing (cancelled or timed out).' });
    expect(view?.state.run).toBe(null);
    expect(view?.error).toEqual({
      title: 'The job ended before the loop did',
      message: 'The workflow job stopped while the loop was implementing. Work pushed so far is on the branch.',
      hint: 'Comment `/cto continue` to resume the loop.',
    });
    expect(updates).toHaveLength(1);
    const written = readMarker(updates[0] ?? '', BOT, BOT.login);
    expect(written.ok && written.state.loop.phase).toBe('failed');
  });

  it('leaves alone a comment another run holds, or one that already shows an end', async () => {
    for (const [state, runId] of [[held('implementing'), '78'], [held('approved'), '77'], [trackingState({ phase: 'reviewing' }), '77']] as const) {
      const { issues, updates } = thread(state);
      expect(await rescueTrackingComment(issues, 12, 501, runId, SETTINGS, 'https://run')).toBe(null);
      expect(updates).toEqual([]);
    }
  });
});
