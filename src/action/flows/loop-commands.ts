// The comment commands on a loop (`/cto approve|continue|stop|review`): find the loop the comment is
// about, ask the lifecycle what the command means for it, acknowledge the comment and do it on GitHub.
import { admit, type Admission } from '../../core/lifecycle.js';
import type { LoopCommand } from '../../core/loop-requests.js';
import type { FlowContext } from './context.js';
import { baseBranchOf, busy, configuredLimits } from './saved-loop.js';
import type { Trigger } from '../event/trigger.js';
import { runLoopJob, type LoopJobResult } from './loop-job.js';
import { NEEDS_HUMAN_LABEL, settleOnGitHub } from '../publish/settle.js';
import { reviewPullRequest } from './review-pull.js';
import { readIssueContext } from './issue-context.js';
import { findTracking, Tracker, type FoundTracking } from '../tracking/tracker.js';
import { resultOfJob, resultOfReview, type FlowResult } from '../report/outputs.js';
import { requireBranchName } from '../settings/names.js';
import type { LoopState } from '../../core/model/schema-types.js';

type CommandTrigger = Extract<Trigger, { kind: 'command' }>;

/** How a command comment is acknowledged: a rocket for work that resumes, eyes for a stop or a review. */
const ACKNOWLEDGE: Readonly<Record<LoopCommand, 'rocket' | 'eyes'>> = { approve: 'rocket', continue: 'rocket', stop: 'eyes', review: 'eyes' };

export async function handleCommand(ctx: FlowContext, trigger: CommandTrigger): Promise<FlowResult | null> {
  const located = await locate(ctx, trigger.target.number, trigger.onPullRequest);
  if (located && busy(ctx, located.found)) {
    if (trigger.command === 'stop') await ctx.issues.react(trigger.comment.id, 'eyes');
    return null;
  }
  const found = located?.found ?? null;
  if (trigger.command === 'review' && trigger.onPullRequest && !found) {
    await ctx.issues.react(trigger.comment.id, 'eyes');
    return resultOfReview(await reviewPullRequest(ctx, trigger.target.number));
  }
  if (!found || !located) {
    ctx.log(`codex-cto: \`${ctx.settings.commandPrefix} ${trigger.command}\` on #${trigger.target.number}: no codex-cto loop found here; ignoring.`);
    return null;
  }
  const request = trigger.command === 'stop' ? { kind: 'stop' as const, reason: `@${trigger.actor.login} asked to stop` } : { kind: trigger.command };
  const decision = admit(request, found.state.loop, configuredLimits(ctx));
  // A stop is acknowledged whatever comes of it; the other commands once they are taken.
  if (trigger.command === 'stop' || decision.kind !== 'ignore') await ctx.issues.react(trigger.comment.id, ACKNOWLEDGE[trigger.command]);
  return carryOut(ctx, trigger, decision, found, located.thread);
}

async function carryOut(ctx: FlowContext, trigger: CommandTrigger, decision: Admission, found: FoundTracking, thread: number): Promise<FlowResult | null> {
  switch (decision.kind) {
    case 'ignore':
      ctx.log(`codex-cto: ignoring \`${ctx.settings.commandPrefix} ${trigger.command}\`: the loop ${decision.reason}.`);
      return null;
    case 'stop':
      await saveLoop(ctx, found, decision.state);
      return null;
    case 'run':
      // The pause is over: the label asking a person to look goes before the work resumes.
      if (decision.endsEscalation) await ctx.issues.removeLabel(found.state.issue ?? found.state.pr ?? thread, NEEDS_HUMAN_LABEL);
      return resultOfJob(await resumeLoop(ctx, found, thread, decision));
    case 'review': {
      const reviewed = await reviewPullRequest(ctx, trigger.target.number, found);
      const after = reviewed.after;
      if (after?.goOn) return resultOfJob(await resumeLoop(ctx, found, thread, after.goOn));
      if (after) await settleOnGitHub(ctx, { pr: found.state.pr ?? trigger.target.number, issue: found.state.issue, phase: after.state.phase, clearNeedsHuman: true });
      return resultOfReview(reviewed);
    }
  }
}

/** The saved loop run on from `run.state` within `run.limits`, in the tracking comment it was found in. */
async function resumeLoop(ctx: FlowContext, found: FoundTracking, thread: number, run: Extract<Admission, { kind: 'run' }>): Promise<LoopJobResult> {
  const saved = found.state;
  // The reviewer checks the change against the issue as it reads now.
  const context = await readIssueContext(ctx.issues, saved.issue);
  return runLoopJob(ctx, {
    issue: saved.issue,
    commentId: found.commentId,
    commentNodeId: found.commentNodeId,
    objective: saved.loop.objective,
    context,
    requester: saved.requester,
    branch: requireBranchName(saved.branch ?? `${ctx.settings.branchPrefix}issue-${saved.issue ?? thread}`, 'The work branch recorded in the tracking comment'),
    base: baseBranchOf(ctx, null, saved.base),
    state: run.state,
    pr: saved.pr,
    limits: run.limits,
    requiredLabel: null,
    transcripts: saved.transcripts,
  });
}

/** Writes `loop` into the tracking comment it was found in, no run holding it. */
async function saveLoop(ctx: FlowContext, found: FoundTracking, loop: LoopState): Promise<void> {
  const tracker = new Tracker({
    issues: ctx.issues,
    thread: found.state.issue ?? found.state.pr,
    commentId: found.commentId,
    state: { ...found.state, loop, run: null },
    links: { runUrl: ctx.runner.runUrl, branchUrl: found.state.branch ? ctx.branchUrl(found.state.branch) : null, prUrl: found.state.pr ? ctx.pullUrl(found.state.pr) : null },
    settings: ctx.settings,
  });
  await tracker.save();
}

/** The loop a command on `number` refers to: a codex-cto branch points to its issue, else the thread itself. */
async function locate(ctx: FlowContext, number: number, onPullRequest: boolean): Promise<{ thread: number; found: FoundTracking | null } | null> {
  let thread = number;
  if (onPullRequest) {
    const pull = await ctx.pulls.get(number);
    const prefix = ctx.settings.branchPrefix;
    const match = pull.headRef.startsWith(prefix) ? /^issue-(\d+)$/.exec(pull.headRef.slice(prefix.length)) : null;
    if (match?.[1]) thread = Number(match[1]);
  }
  const found = await findTracking(ctx.issues, thread, ctx.botLogin, ctx.log);
  if (found && onPullRequest && found.state.pr !== null && found.state.pr !== number) return { thread, found: null };
  return { thread, found };
}
