// One tracked run of the loop on GitHub: claim the tracking comment, prepare the branch, hand the engine
// its ports, publish each iteration (commit, push, PR, review, check run), and finish in a visible state.
import type { Control, Limits, LoopEvent, Observer, Ports } from '../../core/ports.js';
import { artifactName, runLoop, type LoopResult } from '../../core/loop.js';
import { capInForce } from '../../core/lifecycle.js';
import type { LoopState, TrackingState, TranscriptsArtifact } from '../../core/model/schema-types.js';
import * as core from '@actions/core';
import { artifactDir, createArtifactStore, type RunArtifacts } from '../../workspace/artifacts.js';
import { restoreSession, uploadTranscripts, type TranscriptsScope } from '../transcripts/carry.js';
import type { JobAgents } from './job-agents.js';
import type { ImplementWatch } from '../../agents/claude.js';
import { ProgressEdits } from '../tracking/progress-edits.js';
import { progressAllowance } from '../github/rate-gauge.js';
import { createPublishingRepository, prepareBranch } from '../publish/work-branch.js';
import { LoopPullRequest } from '../publish/pull-request.js';
import { settleOnGitHub } from '../publish/settle.js';
import { keepWorkflowPatch } from '../publish/held-back.js';
import { answerFeedbackThreads, type RepliesScope } from '../publish/feedback-replies.js';
import { createControl } from './control.js';
import { runSetupPhase } from './setup-phase.js';
import type { LoopStatus } from '../github/issues.js';
import { Tracker } from '../tracking/tracker.js';
import { trackingWriteFor } from '../tracking/write-rules.js';
import { requireKeys } from '../settings/required-keys.js';
import { requireValidConfig } from './run-config.js';
import { ACTION_ADVICE } from '../report/action-advice.js';
import type { FlowContext } from './context.js';

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
  /** The loop to run from, as the lifecycle admitted it: a new loop's first state, or the saved one resumed. */
  state: LoopState;
  pr: number | null;
  limits: Limits;
  /** The label whose removal stops the loop (label trigger only). */
  requiredLabel: string | null;
  /** The transcripts artifact of the loop's last run, as the tracking comment names it; null for none. */
  transcripts: TranscriptsArtifact | null;
}

export interface LoopJobResult {
  result: LoopResult;
  tracking: TrackingState;
  prUrl: string | null;
  artifacts: { plan: string | null; review: string | null };
}

export async function runLoopJob(ctx: FlowContext, job: LoopJob): Promise<LoopJobResult> {
  const startedAt = new Date().toISOString();
  const tracker = openTracker(ctx, job, startedAt);
  // The first comment goes out before anything slow (installing the CLIs, fetching), so the user sees it at once.
  await tracker.save();
  // Before anything is paid for: a config file with problems, or a loop without a Claude Code key, gets no plan.
  requireValidConfig(ctx.config);
  requireKeys(ctx.settings, 'loop');

  const agents = await ctx.agents();
  const memory = transcriptsOf(ctx, agents);
  tracker.setSession(await restoreSession(memory.scope, agents, job.state.session_id, job.transcripts));
  const git = agents.git;
  const work = await prepareBranch(git, ctx.remote, job.branch, job.base);
  // On every run that goes on with the loop (a fresh runner each time), and before any model call.
  await runSetupPhase(ctx, agents);
  const pullRequest = new LoopPullRequest(ctx, job, tracker, work, git, work.reused ? await git.headSha() : '');
  const artifacts: LoopJobResult['artifacts'] = { plan: null, review: null };
  const announced: Announced = { status: null };
  const store = await createArtifactStore(ctx.runner.workspace, memory.storeId, ctx.gitEnv);
  const ports: Ports = {
    planner: agents.planner(),
    implementer: agents.implementer(implementWatch(ctx, tracker, store)),
    reviewer: agents.reviewer(work.baseSha, 'HEAD'),
    verifier: agents.verifier(),
    repository: createPublishingRepository({
      git,
      remote: ctx.remote,
      identity: ctx.identity,
      work,
      onPushed: (sha) => pullRequest.pushed(sha),
      onWorkflowsHeldBack: (held) => keepWorkflowPatch(
        { comment: (thread, body) => ctx.issues.createComment(thread, body), thread: tracker.state.pr ?? job.issue, branch: job.branch, redact: ctx.redact },
        held,
      ),
      log: ctx.log,
    }),
    artifacts: store,
    observer: trackingObserver({ tracker, pullRequest, artifacts, announced, job, answerThreads: (event) => answerFeedbackThreads(repliesScope(ctx), tracker.state.pr, event, pullRequest.known()?.headSha ?? null) }),
    control: stopRequests(ctx, job, tracker, announced, startedAt),
    advice: ACTION_ADVICE,
  };
  const result = await runLoop({ objective: job.objective, context: job.context }, ports, job.limits, job.state);
  await memory.keep(tracker);

  const { pr, issue } = tracker.state;
  await settleOnGitHub(ctx, { pr, issue, phase: result.state.phase, pull: pullRequest.known(), clearNeedsHuman: false });
  return { result, tracking: tracker.state, prUrl: pr ? ctx.pullUrl(pr) : null, artifacts };
}

function repliesScope(ctx: FlowContext): RepliesScope {
  return { reviewComments: ctx.reviewComments, pullUrl: ctx.pullUrl, commandPrefix: ctx.settings.commandPrefix, log: ctx.log };
}

/** The run's memory: its artifact store's folder, and its transcripts kept as a workflow artifact at the end. */
function transcriptsOf(ctx: FlowContext, agents: JobAgents) {
  const storeId = `${ctx.runner.runId}-${ctx.runner.runAttempt}`;
  const scope: TranscriptsScope = {
    uploadArtifacts: ctx.settings.uploadArtifacts,
    githubToken: ctx.settings.githubToken,
    runner: ctx.runner,
    redact: ctx.redact,
    log: ctx.log,
    warn: (message) => core.warning(ctx.redact(message)),
  };
  return {
    scope,
    storeId,
    /** Uploads the transcripts and names the artifact in the tracking comment (none: the comment names none). */
    async keep(tracker: Tracker): Promise<void> {
      const storeDir = artifactDir(ctx.runner.workspace, storeId);
      const uploaded = await uploadTranscripts(scope, agents, { storeDir, tracking: tracker.state });
      tracker.update({ transcripts: uploaded });
      tracker.setLinks({ transcriptsUrl: uploaded ? ctx.transcriptsUrl(uploaded) : null });
      await tracker.save();
    },
  };
}

/**
 * Claude's implementation as it goes: progress edits of the tracking comment (throttled, and first to give way
 * when the repository's API budget runs low), and its stream kept, redacted, as `claude-<k>.jsonl`.
 */
function implementWatch(ctx: FlowContext, tracker: Tracker, store: RunArtifacts): ImplementWatch {
  const edits = new ProgressEdits({
    intervalMs: ctx.settings.progressIntervalSeconds * 1000,
    tracker,
    costSoFarUsd: () => tracker.state.loop.total_cost_usd,
    allowance: () => progressAllowance(ctx.rateGauge.snapshot(), Date.now()),
    log: ctx.log,
  });
  return {
    started: () => edits.begin(),
    progress: (progress) => edits.show(progress),
    transcript: (iteration) =>
      store.transcript(`${artifactName('claude', iteration)}l`, {
        redact: ctx.redact,
        onError: (error) => ctx.log(`codex-cto: could not keep Claude's transcript: ${(error as Error).message}`),
      }),
    ended: async () => {
      const stats = await edits.end();
      if (stats.edits + stats.heldBack + stats.failed > 0) {
        ctx.log(`codex-cto: progress edits: ${stats.edits} made, ${stats.heldBack} held back for the rate budget, ${stats.failed} failed, ${stats.unchanged} intervals without news`);
      }
    },
  };
}

/** The tracking comment this run writes, this run holding the loop until it ends. */
function openTracker(ctx: FlowContext, job: LoopJob, startedAt: string): Tracker {
  const { runner } = ctx;
  const tracker = new Tracker({
    issues: ctx.issues,
    thread: job.issue ?? job.pr,
    commentId: job.commentId,
    commentNodeId: job.commentNodeId,
    state: {
      loop: job.state,
      issue: job.issue,
      pr: job.pr,
      branch: job.branch,
      base: job.base,
      requester: job.requester,
      run: { id: runner.runId, attempt: runner.runAttempt, started_at: startedAt },
      transcripts: job.transcripts,
    },
    links: {
      runUrl: runner.runUrl,
      branchUrl: ctx.branchUrl(job.branch),
      prUrl: job.pr ? ctx.pullUrl(job.pr) : null,
      transcriptsUrl: job.transcripts ? ctx.transcriptsUrl(job.transcripts) : null,
    },
    settings: ctx.settings,
    onWritten: ctx.rememberTracking,
  });
  ctx.onTracker(tracker);
  return tracker;
}

/** What the announcement of an iteration read back; the stop check that follows it takes it (once). */
interface Announced {
  status: LoopStatus | null;
}

interface ObserverParts {
  tracker: Tracker;
  pullRequest: LoopPullRequest;
  artifacts: LoopJobResult['artifacts'];
  announced: Announced;
  job: LoopJob;
  /** Answers a person's review threads once the iteration they asked for is reviewed. */
  answerThreads: (event: Extract<LoopEvent, { type: 'reviewed' }>) => Promise<number>;
}

/** The engine's events on GitHub: the loop state into the tracking comment (as write-rules.ts says when), verdicts onto the PR. */
function trackingObserver({ tracker, pullRequest, artifacts, announced, job, answerThreads }: ObserverParts): Observer {
  return {
    async emit(event: LoopEvent) {
      // A finished loop is no longer this run's: later runs (continue, approve, review) must not see it as busy.
      tracker.update(event.type === 'finished' ? { loop: event.state, run: null } : { loop: event.state });
      if (event.type === 'plan') artifacts.plan = event.artifact;
      if (event.type === 'reviewed') {
        artifacts.review = event.artifact;
        await pullRequest.publishVerdict(event, capInForce(event.state, job.limits.maxIterations));
        await answerThreads(event);
      }
      const pull = pullRequest.known();
      if (event.type === 'finished' && event.state.phase === 'approved' && pull?.draft) {
        // The approved loop's last write takes the PR out of draft in the same request; settling then skips it.
        if (await tracker.saveMarkingReady(pull.nodeId)) pullRequest.markedReady();
        return;
      }
      switch (trackingWriteFor(event)) {
        case 'defer':
          return;
        case 'write-reading-status':
          announced.status = await tracker.saveReadingStatus(job.issue, tracker.state.pr);
          return;
        case 'write':
          await tracker.save();
      }
    },
  };
}

/** Stop requests between iterations, answered from what the announcement read back when it could. */
function stopRequests(ctx: FlowContext, job: LoopJob, tracker: Tracker, announced: Announced, startedAt: string): Control {
  return createControl({
    status: async () => {
      const status = announced.status ?? (await ctx.issues.loopStatus(job.issue, tracker.state.pr));
      announced.status = null;
      return status;
    },
    issueNumber: job.issue,
    prNumber: () => tracker.state.pr,
    requiredLabel: job.requiredLabel,
    since: startedAt,
    commandPrefix: ctx.settings.commandPrefix,
    mayCommand: ctx.mayCommand,
  });
}
