// The pull request a loop job publishes to: opened (or found) after the first push, its head followed
// push by push, and each verdict posted on it as a review and a check run.
import type { LoopEvent } from '../../core/ports.js';
import { prBody } from '../../render/pr-body.js';
import { commentableLines } from './commentable-lines.js';
import type { Git } from '../../workspace/git.js';
import type { PullRef, Pulls } from '../github/pulls.js';
import type { Settings } from '../settings/settings.js';
import type { Tracker } from '../tracking/tracker.js';
import { publishVerdict, type VerdictTarget } from './verdict.js';
import type { WorkBranch } from './work-branch.js';

export interface PullRequestScope {
  pulls: Pick<Pulls, 'findOpen' | 'create' | 'get'>;
  verdictTarget: () => VerdictTarget;
  settings: Pick<Settings, 'draftPr'>;
}

export interface PullRequestJob {
  /** The issue the loop works on; null for a dispatch, whose tracking comment moves to the PR. */
  issue: number | null;
  objective: string;
  requester: string;
}

type Reviewed = Extract<LoopEvent, { type: 'reviewed' }>;

export class LoopPullRequest {
  private readonly ctx: PullRequestScope;
  private readonly job: PullRequestJob;
  private readonly tracker: Tracker;
  private readonly work: WorkBranch;
  private readonly git: Git;
  /** The head commit the verdict is posted on ('' until there is one). */
  private headSha: string;
  private author = '';
  /** The PR as this run opened or found it, so finishing needs no extra read. */
  private pull: PullRef | null = null;

  /** `headSha`: a reused branch (a re-run, a continued loop) is already the PR's head before the first push. */
  constructor(ctx: PullRequestScope, job: PullRequestJob, tracker: Tracker, work: WorkBranch, git: Git, headSha: string) {
    this.ctx = ctx;
    this.job = job;
    this.tracker = tracker;
    this.work = work;
    this.git = git;
    this.headSha = headSha;
  }

  /** After every push: follows the head, and opens the PR (or finds it) when the loop has none yet. */
  async pushed(sha: string): Promise<void> {
    this.headSha = sha;
    const state = this.tracker.state;
    if (state.pr !== null) return;
    const { branch, base } = this.work;
    const draft = this.ctx.settings.draftPr;
    // Only a branch that was already on the remote can have a PR: a new one skips the lookup.
    const pull =
      (this.work.reused ? await this.ctx.pulls.findOpen(branch, base) : null) ??
      (await this.ctx.pulls.create({
        branch,
        base,
        title: `codex-cto: ${oneLine(this.job.objective)}`,
        body: prBody({ objective: this.job.objective, plan: state.loop.plan, issue: this.job.issue, requester: this.job.requester, trackingUrl: this.tracker.url, draft }),
        draft,
      }));
    this.author = pull.author;
    this.pull = pull;
    this.tracker.update({ pr: pull.number });
    this.tracker.setLinks({ prUrl: pull.url });
    if (this.job.issue === null) await this.tracker.attach(pull.number);
  }

  /** Posts the verdict of `event` on the PR's head, when there are both. */
  async publishVerdict(event: Reviewed, maxIterations: number): Promise<void> {
    const pr = this.tracker.state.pr;
    const headSha = this.headSha;
    if (pr === null || !headSha) return;
    if (!this.author) this.author = (await this.ctx.pulls.get(pr)).author;
    await publishVerdict(this.ctx.verdictTarget(), {
      prNumber: pr,
      headSha,
      prAuthor: this.author,
      commentableLines: (paths) => commentableLines(this.git, this.work.baseSha, headSha, paths),
      review: event.review,
      earlierFindings: event.earlierFindings,
      hiddenCharacters: event.hiddenCharacters,
      plan: event.state.plan,
      iteration: event.iteration,
      maxIterations,
      phase: event.state.phase,
    });
  }

  /** The PR as last seen, at the head last pushed; null when this run did not open or find it. */
  /** The PR was marked ready by the tracking comment's last write: finishing has nothing left to do there. */
  markedReady(): void {
    if (this.pull) this.pull = { ...this.pull, draft: false };
  }

  known(): PullRef | null {
    return this.pull && this.headSha ? { ...this.pull, headSha: this.headSha } : null;
  }
}

function oneLine(text: string): string {
  const first = text.split('\n')[0]?.trim() ?? '';
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}
