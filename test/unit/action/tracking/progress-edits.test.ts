// Progress edits: at most one per interval, none when nothing changed, held back by the rate budget, never
// failing the loop, and finished before the implementation's outcome goes back to the loop.
import { describe, expect, it } from 'vitest';
import { ProgressEdits, type ProgressTimers } from '../../../../src/action/tracking/progress-edits.js';
import type { ProgressAllowance } from '../../../../src/action/github/rate-gauge.js';
import type { ImplementProgress } from '../../../../src/core/ports.js';
import type { LiveProgressView } from '../../../../src/render/live-progress.js';

/** Timers a test fires by hand: `fire()` runs the one pending timer and waits for what it started. */
function manualTimers(): ProgressTimers & { pending(): number | null; fire(): Promise<void> } {
  let next: { run: () => void; ms: number } | null = null;
  return {
    set(run, ms) {
      next = { run, ms };
      return next;
    },
    clear(handle) {
      if (handle === next) next = null;
    },
    pending: () => next?.ms ?? null,
    async fire() {
      const timer = next;
      next = null;
      timer?.run();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

const progress = (turns: number, lastEdited: string | null = 'src/a.js'): ImplementProgress => ({
  turns, inputTokens: 100 * turns, outputTokens: 20 * turns, todos: [{ text: 'Do it', status: 'in_progress' }], lastEdited,
});

function setup(options: { allowance?: () => ProgressAllowance; fail?: Error; intervalMs?: number } = {}) {
  const timers = manualTimers();
  const shown: (LiveProgressView | null)[] = [];
  const logs: string[] = [];
  let saves = 0;
  const edits = new ProgressEdits({
    intervalMs: options.intervalMs ?? 60_000,
    tracker: {
      setLive: (live) => void shown.push(live),
      saveProgress: async () => {
        saves += 1;
        if (options.fail) throw options.fail;
        return true;
      },
    },
    costSoFarUsd: () => 0.25,
    allowance: options.allowance ?? (() => 'go'),
    log: (message) => void logs.push(message),
    timers,
  });
  return { edits, timers, shown, logs, saves: () => saves };
}

describe('ProgressEdits', () => {
  it('edits once per interval with the latest progress, and not when nothing changed', async () => {
    const { edits, timers, shown, saves } = setup();
    edits.begin();
    expect(timers.pending()).toBe(60_000);
    edits.show(progress(1));
    edits.show(progress(2));
    await timers.fire();
    expect(saves()).toBe(1);
    expect(shown.at(-1)).toEqual({ progress: progress(2), costSoFarUsd: 0.25 });
    await timers.fire();
    expect(saves()).toBe(1);
    edits.show(progress(3));
    await timers.fire();
    expect(saves()).toBe(2);
    expect(await edits.end()).toEqual({ edits: 2, unchanged: 1, heldBack: 0, failed: 0 });
    expect(shown.at(-1)).toBeNull();
    expect(timers.pending()).toBeNull();
  });

  it('makes no edit before Claude has shown anything', async () => {
    const { edits, timers, saves } = setup();
    edits.begin();
    await timers.fire();
    expect(saves()).toBe(0);
  });

  it('slows to a quarter of the pace when the budget says slow, and holds back when it says stop', async () => {
    let allowance: ProgressAllowance = 'slow';
    const { edits, timers, saves } = setup({ allowance: () => allowance });
    edits.begin();
    edits.show(progress(1));
    await timers.fire();
    expect(saves()).toBe(1);
    expect(timers.pending()).toBe(240_000);
    allowance = 'stop';
    edits.show(progress(2));
    await timers.fire();
    await timers.fire();
    expect(saves()).toBe(1);
    expect((await edits.end()).heldBack).toBe(2);
  });

  it('drops a failed edit with one line in the log, and goes on', async () => {
    const { edits, timers, logs, saves } = setup({ fail: new Error('GitHub answered 500') });
    edits.begin();
    edits.show(progress(1));
    await timers.fire();
    edits.show(progress(2));
    await timers.fire();
    expect(saves()).toBe(2);
    expect(logs).toEqual(['codex-cto: a progress edit of the tracking comment failed and was dropped: GitHub answered 500']);
    expect((await edits.end()).failed).toBe(2);
  });

  it('with interval 0 never schedules an edit', async () => {
    const { edits, timers, saves } = setup({ intervalMs: 0 });
    edits.begin();
    edits.show(progress(1));
    expect(timers.pending()).toBeNull();
    await edits.end();
    expect(saves()).toBe(0);
  });

  it('ends after the edit under way: the loop never writes while a progress edit is in flight', async () => {
    const timers = manualTimers();
    const order: string[] = [];
    let release: () => void = () => {};
    const edits = new ProgressEdits({
      intervalMs: 1_000,
      tracker: {
        setLive: (live) => void order.push(live === null ? 'live off' : 'live on'),
        saveProgress: () => new Promise<boolean>((resolve) => {
          order.push('edit sent');
          release = () => {
            order.push('edit answered');
            resolve(true);
          };
        }),
      },
      costSoFarUsd: () => 0,
      allowance: () => 'go',
      log: () => {},
      timers,
    });
    edits.begin();
    edits.show(progress(1));
    await timers.fire();
    const ended = edits.end().then(() => order.push('ended'));
    await Promise.resolve();
    expect(order).toEqual(['live on', 'edit sent']);
    release();
    await ended;
    expect(order).toEqual(['live on', 'edit sent', 'edit answered', 'live off', 'ended']);
    expect(timers.pending()).toBeNull();
  });
});
