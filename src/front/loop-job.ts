// One tracked run of the loop on GitHub: claim the tracking comment, prepare the branch, hand the engine
// its ports, publish each iteration (commit, push, PR, review, check run), and finish in a visible state.
import type { Limits, LoopEvent, Observer, Ports } from '../engine/ports.js';
import { runLoop, type LoopResult } from '../engine/loop.js';
import { initialState } from '../engine/state.js';
import type { LoopState, TrackingState } from '../schema-types.js';
import { createArtifactStore } from '../artifacts.js';
import { prBody } from '../render/pr-body.js';
import { createPublishingRepository, prepareBranch } from './branch.js';
import { createControl } from './control.js';
import { postVerdict } from './verdict.js';
import { commentableLines } from '../diff-lines.js';
import type { PullRef } from '../github/pulls.js';
import type { LoopStatus } from '../github/issues.js';
import { Tracker } from './tracker.js';
import { requireKeys } from '../preflight.js';
import type { FrontContext } from './context.js';

/** The label an escalated loop puts on its thread: a person should look before it goes on. */
export const NEEDS_HUMAN_LABEL = 'codex-cto:needs-human';

export interface LoopJob {
  /** Where the tracking comment lives: the issue, or null for a dispatch without one (the PR, once open). */
  issue: number | null;
  commentId: number | null;
  /** The GraphQL node id of that comment ('' when unknown). */
  commentNodeId: string;
  objective: string;
  /** Sanitised issue text for the planner. */
  context: string;
  requester: string;
  branch: string;
  base: string;
  /** Null starts a new loop. */
  resume: LoopState | null;
  pr: number | null;
  limits: Limits;
  /** The label whose removal stops the loop (label trigger only). */
  requiredLabel: string | null;
}

export interface LoopJobResult {
  result: LoopResult;
  tracking: TrackingState;
  prUrl: string | null;
  artifacts: { plan: string | null; review: string | null };
}

export async function runLoopJob(ctx: FrontContext, job: LoopJob): Promise<LoopJobResult> {
  const { settings, runner } = ctx;
  const startedAt = new Date().toISOString();
  const tracker = new Tracker({
    issues: ctx.issues,
    thread: job.issue ?? job.pr,
    commentId: job.commentId,
    commentNodeId: job.commentNodeId,
    state: {
      loop: job.resume ?? initialState(job.objective),
      issue: job.issue,
      pr: job.pr,
      branch: job.branch,
      base: job.base,
      requester: job.requester,
      run: { id: runner.runId, attempt: runner.runAttempt, started_at: startedAt },
    },
    links: { runUrl: runner.runUrl, branchUrl: ctx.branchUrl(job.branch), prUrl: job.pr ? ctx.pullUrl(job.pr) : null },
    settings,
    onWritten: ctx.rememberTracking,
  });
  ctx.onTracker(tracker);
  // The first comment goes out before anything slow (installing the CLIs, fetching), so the user sees it at once.
  await tracker.save();
  // Before anything is paid for: a loop without a Claude Code key must not get as far as a plan.
  requireKeys(settings, 'loop');

  const agents = await ctx.agents();
  const git = agents.git;
  const work = await prepareBranch(git, ctx.remote, job.branch, job.base);
  const artifacts = { plan: null as string | null, review: null as string | null };
  let prAuthor = '';
  // The PR as this run opened or found it, so finishing needs no extra read.
  const known: { pull: PullRef | null } = { pull: null };
  // A reused branch (a re-run, a continued loop) is already the PR's head: a review of work this run
  // does not change must still reach the PR, so the verdict has a commit before the first push.
  let headSha = work.reused ? await git.headSha() : '';

  const ensurePr = async (sha: string): Promise<void> => {
    headSha = sha;
    const state = tracker.state;
    if (state.pr !== null) return;
    // Only a branch that was already on the remote can have a PR: a new one skips the lookup.
    const pull =
      (work.reused ? await ctx.pulls.findOpen(job.branch, job.base) : null) ??
      (await ctx.pulls.create({
        branch: job.branch,
        base: job.base,
        title: `codex-cto: ${oneLine(job.objective)}`,
        body: prBody({ objective: job.objective, plan: state.loop.plan, issue: job.issue, requester: job.requester, trackingUrl: tracker.url, draft: settings.draftPr }),
        draft: settings.draftPr,
      }));
    prAuthor = pull.author;
    known.pull = pull;
    tracker.update({ pr: pull.number });
    tracker.setLinks({ prUrl: pull.url });
    if (job.issue === null) await tracker.attach(pull.number);
  };

  // What the announcement of an iteration read back; the stop check that follows it takes it (once).
  let announced: LoopStatus | null = null;

  const observer: Observer = {
    async emit(event: LoopEvent) {
      // A finished loop is no longer this run's: later runs (continue, approve, review) must not see it as busy.
      tracker.update(event.type === 'finished' ? { loop: event.state, run: null } : { loop: event.state });
      if (event.type === 'plan') artifacts.plan = event.artifact;
      if (event.type === 'reviewed') {
        artifacts.review = event.artifact;
        const pr = tracker.state.pr;
        if (pr !== null && headSha) {
          if (!prAuthor) prAuthor = (await ctx.pulls.get(pr)).author;
          await postVerdict(ctx.verdictTarget(), {
            prNumber: pr,
            headSha,
            prAuthor,
            commentableLines: (paths) => commentableLines(git, work.baseSha, headSha, paths),
            review: event.review,
            earlierFindings: event.earlierFindings,
            hiddenCharacters: event.hiddenCharacters,
            plan: event.state.plan,
            iteration: event.iteration,
            maxIterations: job.limits.maxIterations,
            phase: event.state.phase,
          });
        }
      }
      // Phase changes and milestones are written at once: a deferred one would leave the comment showing
      // a phase the loop has left for as long as Claude works. The facts in between (Claude's result, the
      // verification, the commit) reach it with the next phase change, moments later.
      if (event.type === 'implemented' || event.type === 'verified' || event.type === 'saved') return;
      // Nor are the moments that are over as soon as they begin written on their own (one edit fewer per
      // iteration): `revise` only leads, after the stop check, to the next iteration or the end, and an
      // approve or abort verdict ends the loop at once; both are written then.
      // The verdict itself is on the PR at once (review, check run); the comment shows it with the write
      // that follows the stop check: the next iteration's phase, or the end.
      if (event.type === 'phase' && event.phase === 'revise') return;
      if (event.type === 'reviewed') return;
      // The announcement of an iteration reads the thread back in the same request, for the stop check.
      if (event.type === 'phase' && event.phase === 'implementing') {
        announced = await tracker.saveReadingStatus(job.issue, tracker.state.pr);
        return;
      }
      await tracker.save();
    },
  };

  const ports: Ports = {
      planner: agents.planner(),
      implementer: agents.implementer(),
      reviewer: agents.reviewer(work.baseSha, 'HEAD'),
      verifier: agents.verifier(),
      repository: createPublishingRepository({ git, remote: ctx.remote, identity: ctx.identity, work, onPushed: ensurePr, log: ctx.log }),
      artifacts: await createArtifactStore(runner.workspace, `${runner.runId}-${runner.runAttempt}`, ctx.childEnv('git')),
      observer,
      control: createControl({
        status: async () => {
          const status = announced ?? (await ctx.issues.loopStatus(job.issue, tracker.state.pr));
          announced = null;
          return status;
        },
        issueNumber: job.issue,
        prNumber: () => tracker.state.pr,
        requiredLabel: job.requiredLabel,
        since: startedAt,
        commandPrefix: settings.commandPrefix,
        mayCommand: ctx.mayCommand,
      }),
  };
  const result = await runLoop({ objective: job.objective, context: job.context }, ports, job.limits, job.resume ?? undefined);

  await settleOnGitHub(ctx, {
    pr: tracker.state.pr,
    issue: tracker.state.issue,
    phase: result.state.phase,
    pull: known.pull && headSha ? { ...known.pull, headSha } : null,
    clearNeedsHuman: false,
  });
  return { result, tracking: tracker.state, prUrl: tracker.state.pr ? ctx.pullUrl(tracker.state.pr) : null, artifacts };
}

/**
 * What an ended (or paused) loop leaves on GitHub, whoever ended it (a loop run, or `/cto review`):
 * on approval a ready PR (merged with auto-merge) and no needs-human label; on escalation the label.
 */
export async function settleOnGitHub(
  ctx: FrontContext,
  loop: {
    pr: number | null;
    issue: number | null;
    phase: LoopState['phase'];
    /** The PR as the caller already knows it (saves a read); null to read it. */
    pull?: PullRef | null;
    /** Remove the needs-human label on approval (a loop that may have been escalated before). */
    clearNeedsHuman: boolean;
  },
): Promise<void> {
  const { pr, issue, phase } = loop;
  const thread = issue ?? pr;
  if (phase === 'approved' && pr !== null) {
    const pull = loop.pull ?? (await ctx.pulls.get(pr));
    if (pull.draft) {
      try {
        await ctx.pulls.markReady(pull);
      } catch (error) {
        // Someone may have marked it ready since this run last looked: only a PR still in draft is a failure.
        if ((await ctx.pulls.get(pr)).draft) throw error;
      }
    }
    if (loop.clearNeedsHuman && thread !== null) await ctx.issues.removeLabel(thread, NEEDS_HUMAN_LABEL);
    if (ctx.settings.autoMerge) {
      try {
        await ctx.pulls.merge(pr, ctx.settings.mergeMethod, pull.headSha);
      } catch (error) {
        ctx.log(`Merging #${pr} now was refused (${(error as Error).message}); enabling auto-merge instead`);
        await ctx.pulls.enableAutoMerge(pull, ctx.settings.mergeMethod);
      }
    }
  }
  if (phase === 'escalated' && thread !== null) await ctx.issues.addLabel(thread, NEEDS_HUMAN_LABEL);
}

function oneLine(text: string): string {
  const first = text.split('\n')[0]?.trim() ?? '';
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}
