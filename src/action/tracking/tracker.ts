// The tracking comment: one comment per issue (or per PR for a dispatch without an issue), edited in
// place as the loop moves, carrying the hidden state marker that lets later runs continue the loop.
import type { LoopState, TrackingState } from '../../core/model/schema-types.js';
import type { Issues, LoopStatus } from '../github/issues.js';
import type { Settings } from '../settings/settings.js';
import { capInForce } from '../../core/lifecycle.js';
import { MARKER_PREFIX, readMarker, renderMarker } from './state-marker.js';
import { trackingComment, type LoopView, type TrackingView } from '../../render/tracking-comment.js';
import type { LiveProgressView } from '../../render/live-progress.js';

export interface TrackerLinks {
  runUrl: string;
  branchUrl: string | null;
  prUrl: string | null;
  /** The transcripts artifact of the loop's last run, once known. */
  transcriptsUrl?: string | null;
}

export interface FoundTracking {
  commentId: number;
  /** The comment's GraphQL node id (empty when GitHub did not say it). */
  commentNodeId: string;
  state: TrackingState;
}

/**
 * The loop's state as found on a thread: the newest comment by the bot identity whose marker validates.
 * Markers in comments by anyone else, or that fail validation, are ignored and logged.
 */
export async function findTracking(issues: Pick<Issues, 'findComments'>, thread: number, botLogin: string, log: (message: string) => void): Promise<FoundTracking | null> {
  const candidates = await issues.findComments(thread, MARKER_PREFIX);
  let found: FoundTracking | null = null;
  for (const comment of candidates) {
    const read = readMarker(comment.body, comment.author, botLogin);
    if (read.ok) found = { commentId: comment.id, commentNodeId: comment.nodeId, state: read.state };
    else log(`Ignoring a state marker in comment ${comment.id} by ${comment.author.login}: ${read.reason}`);
  }
  return found;
}

/** What the tracker asks of GitHub: write its comment, read the loop status back with a write, and (for progress) edit it once. */
export type TrackingThread = Pick<Issues, 'createComment' | 'updateComment' | 'updateCommentReadingStatus'> & Partial<Pick<Issues, 'updateCommentOnce' | 'updateCommentMarkingReady'>>;

export interface TrackerOptions {
  issues: TrackingThread;
  /** The issue or PR number the comment lives on; null until there is one (dispatch before the PR). */
  thread: number | null;
  commentId: number | null;
  /** The GraphQL node id of that comment ('' or left out when unknown): lets a write read the loop status back. */
  commentNodeId?: string;
  state: TrackingState;
  links: TrackerLinks;
  settings: Pick<Settings, 'maxIterations' | 'maxBudgetUsd' | 'commandPrefix'> & Partial<Pick<Settings, 'isolation'>>;
  now?: () => number;
  /**
   * Told where the comment lives and the phase it shows, whenever that is known anew: the post step needs
   * both after a cancelled job (and has nothing to do when the phase written last is an end phase).
   */
  onWritten?: (thread: number, commentId: number, phase: LoopState['phase']) => void;
}

export class Tracker {
  private readonly issues: TrackingThread;
  private thread: number | null;
  private commentId: number | null;
  private commentNodeId: string;
  private current: TrackingState;
  private readonly links: TrackerLinks;
  private readonly settings: TrackerOptions['settings'];
  private readonly now: () => number;
  private lastBody = '';
  private error: TrackingView['error'] = null;
  private session: TrackingView['session'] = null;
  private live: LiveProgressView | null = null;
  private readonly onWritten: TrackerOptions['onWritten'];

  constructor(options: TrackerOptions) {
    this.issues = options.issues;
    this.thread = options.thread;
    this.commentId = options.commentId;
    this.commentNodeId = options.commentNodeId ?? '';
    this.current = options.state;
    this.links = { ...options.links };
    this.settings = options.settings;
    this.now = options.now ?? Date.now;
    this.onWritten = options.onWritten;
    // A comment found from an earlier run: where it is counts now; the phase this run starts in is a working
    // one, so the post step looks at the comment unless this run writes an end phase into it.
    if (this.thread !== null && this.commentId !== null) this.onWritten?.(this.thread, this.commentId, options.state.loop.phase);
  }

  get state(): TrackingState {
    return this.current;
  }

  get url(): string | null {
    return this.commentId === null || this.thread === null || this.commentUrl === '' ? null : this.commentUrl;
  }

  /** Known once this run created the comment; a comment found from an earlier run has none here. */
  private commentUrl = '';

  /** Moves the comment to a thread (dispatch: the PR once it exists). */
  async attach(thread: number): Promise<void> {
    if (this.thread !== null) return;
    this.thread = thread;
    await this.save();
  }

  setLinks(links: Partial<TrackerLinks>): void {
    Object.assign(this.links, links);
  }

  setError(error: TrackingView['error']): void {
    this.error = error;
  }

  /** What became of Claude Code's session at the start of this run, shown until the run ends. */
  setSession(session: TrackingView['session']): void {
    this.session = session ?? null;
  }

  /** What Claude is doing, shown while the comment says it implements; null to show nothing. */
  setLive(live: LiveProgressView | null): void {
    this.live = live;
  }

  /**
   * A progress edit: the comment as it is now, written once and never retried (progress-edits.ts decides
   * when). False when there is no comment to edit yet, or nothing changed.
   */
  async saveProgress(): Promise<boolean> {
    if (this.thread === null || this.commentId === null || !this.issues.updateCommentOnce) return false;
    const body = this.render();
    if (body === this.lastBody) return false;
    await this.issues.updateCommentOnce(this.commentId, body);
    this.written(body);
    return true;
  }

  update(change: Partial<TrackingState> & { loop?: LoopState }): void {
    this.current = { ...this.current, ...change };
  }

  /**
   * Writes the comment (creating it the first time). The caller decides when: every write is one API
   * request, and the loop job writes only at phase changes and the end.
   */
  async save(): Promise<void> {
    if (this.thread === null) return;
    const body = this.render();
    if (body === this.lastBody) return;
    if (this.commentId === null) {
      const created = await this.issues.createComment(this.thread, body);
      this.commentId = created.id;
      this.commentNodeId = created.nodeId;
      this.commentUrl = created.url;
    } else {
      await this.issues.updateComment(this.commentId, body);
    }
    this.written(body);
  }

  /**
   * Writes the comment like `save` and reads the loop status of `issue` and `pr` in the same request. Null
   * when no such write is possible (no comment yet, no node id, nothing changed): the comment is then saved
   * as usual and the caller reads the status itself.
   */
  async saveReadingStatus(issue: number | null, pr: number | null): Promise<LoopStatus | null> {
    if (this.thread === null || this.commentId === null || this.commentNodeId === '') {
      await this.save();
      return null;
    }
    const body = this.render();
    if (body === this.lastBody) return null;
    const status = await this.issues.updateCommentReadingStatus(this.commentNodeId, body, issue, pr);
    this.written(body);
    return status;
  }

  /**
   * Writes the comment like `save` and marks the pull request `pullNodeId` ready in the same request. True when
   * the PR is now ready; false when it is not (no such write possible, nothing changed, or GitHub refused the
   * move out of draft): the comment is then saved as usual and the caller marks the PR ready itself.
   */
  async saveMarkingReady(pullNodeId: string): Promise<boolean> {
    if (this.thread === null || this.commentId === null || this.commentNodeId === '' || pullNodeId === '' || !this.issues.updateCommentMarkingReady) {
      await this.save();
      return false;
    }
    const body = this.render();
    if (body === this.lastBody) return false;
    const ready = await this.issues.updateCommentMarkingReady(this.commentNodeId, body, pullNodeId);
    this.written(body);
    return ready;
  }

  private written(body: string): void {
    this.lastBody = body;
    if (this.thread !== null && this.commentId !== null) this.onWritten?.(this.thread, this.commentId, this.current.loop.phase);
  }

  /** What the comment shows, also used for the job summary when a run fails. */
  view(): LoopView {
    return {
      state: this.current,
      // The cap saved with the loop: after a continue it is more than the setting.
      maxIterations: capInForce(this.current.loop, this.settings.maxIterations),
      maxBudgetUsd: this.settings.maxBudgetUsd,
      commandPrefix: this.settings.commandPrefix,
      updatedAt: new Date(this.now()).toISOString(),
      runUrl: this.links.runUrl,
      branchUrl: this.links.branchUrl,
      prUrl: this.links.prUrl,
      error: this.error,
      isolationOff: this.settings.isolation === 'none',
      transcriptsUrl: this.links.transcriptsUrl ?? null,
      session: this.session,
      live: this.live,
    };
  }

  render(): string {
    return trackingComment({ ...this.view(), marker: renderMarker(this.current) });
  }
}
