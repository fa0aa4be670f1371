// Progress edits of the tracking comment while Claude implements: what it is doing, at most once per
// interval, never when nothing changed since the last edit, and only while the repository's rate budget
// allows (rate-gauge.ts): progress is the first thing to give way. An edit that fails is dropped; progress
// never fails the loop, and the loop's own writes never wait behind it (`end` waits for the edit under way).
import type { ImplementProgress } from '../../core/ports.js';
import type { LiveProgressView } from '../../render/live-progress.js';
import { SLOW_FACTOR, type ProgressAllowance } from '../github/rate-gauge.js';

export interface ProgressTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ProgressEditsOptions {
  /** Milliseconds between two edits at most; 0 makes no edits. */
  intervalMs: number;
  tracker: { setLive(live: LiveProgressView | null): void; saveProgress(): Promise<boolean> };
  /** The loop's cost before this implementation. */
  costSoFarUsd: () => number;
  allowance: () => ProgressAllowance;
  log: (message: string) => void;
  timers?: ProgressTimers;
  /** Edits per implementation at most. */
  maxEdits?: number;
}

/** What one implementation's progress cost and saved. */
export interface ProgressStats {
  edits: number;
  /** Intervals that passed with nothing new to show. */
  unchanged: number;
  /** Intervals that passed with something new, held back by the rate budget. */
  heldBack: number;
  failed: number;
}

const REAL_TIMERS: ProgressTimers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const DEFAULT_MAX_PROGRESS_EDITS = 500;

export class ProgressEdits {
  private readonly options: ProgressEditsOptions;
  private readonly timers: ProgressTimers;
  private latest: ImplementProgress | null = null;
  private shownKey = '';
  private timer: unknown = null;
  private running = false;
  private inFlight: Promise<void> = Promise.resolve();
  private stats: ProgressStats = { edits: 0, unchanged: 0, heldBack: 0, failed: 0 };
  private warned = false;

  constructor(options: ProgressEditsOptions) {
    this.options = options;
    this.timers = options.timers ?? REAL_TIMERS;
  }

  /** An implementation starts: the first edit comes an interval later (the comment was just written). */
  begin(): void {
    this.latest = null;
    this.shownKey = '';
    this.stats = { edits: 0, unchanged: 0, heldBack: 0, failed: 0 };
    this.running = this.options.intervalMs > 0;
    this.schedule(this.options.intervalMs);
  }

  /** The latest progress; shown with the next edit. */
  show(progress: ImplementProgress): void {
    if (this.running) this.latest = progress;
  }

  /** The implementation ended: no more edits, the one under way finished, the live section gone. */
  async end(): Promise<ProgressStats> {
    this.running = false;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    await this.inFlight;
    this.options.tracker.setLive(null);
    return { ...this.stats };
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.inFlight = this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    const interval = this.options.intervalMs;
    const key = this.latest === null ? '' : JSON.stringify(this.latest);
    if (key === '' || key === this.shownKey) {
      this.stats.unchanged += 1;
      return this.schedule(interval);
    }
    const allowance = this.options.allowance();
    if (allowance === 'stop' || this.stats.edits >= (this.options.maxEdits ?? DEFAULT_MAX_PROGRESS_EDITS)) {
      this.stats.heldBack += 1;
      return this.schedule(interval);
    }
    await this.edit(key);
    this.schedule(allowance === 'slow' ? interval * SLOW_FACTOR : interval);
  }

  private async edit(key: string): Promise<void> {
    const progress = this.latest as ImplementProgress;
    this.options.tracker.setLive({ progress, costSoFarUsd: this.options.costSoFarUsd() });
    try {
      if (await this.options.tracker.saveProgress()) this.stats.edits += 1;
      this.shownKey = key;
    } catch (error) {
      this.stats.failed += 1;
      if (!this.warned) this.options.log(`codex-cto: a progress edit of the tracking comment failed and was dropped: ${(error as Error).message}`);
      this.warned = true;
    }
  }
}
