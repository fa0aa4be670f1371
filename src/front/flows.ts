// The GitHub front's flows, one per trigger: start a loop (label, dispatch), and the comment commands
// (review, continue, stop, approve). Each authorises the actor first and leaves without touching
// anything when another run is already working on the same loop.
import type { Trigger } from '../trigger.js';
import type { Limits } from '../engine/ports.js';
import { continueAfterPause, isEndPhase } from '../engine/state.js';
import type { LoopState } from '../schema-types.js';
import { sanitiseUntrusted } from '../safety/sanitise.js';
import { authorize } from './authorize.js';
import type { FrontContext } from './context.js';
import { NEEDS_HUMAN_LABEL, runLoopJob, settleOnGitHub, type LoopJobResult } from './loop-job.js';
import { reviewPullRequest } from './review-only.js';
import { quoteIssue, readIssueContext } from './issue-context.js';
import { findTracking, Tracker, type FoundTracking } from './tracker.js';
import { outcomeFromJob, outcomeFromReview, type Outcome } from './outcome.js';
import { admitIssue, type IssueFacts } from './admission.js';
import { notStartedComment } from '../render/not-started.js';
import { requireBranchName } from '../names.js';

type Work = Exclude<Trigger, { kind: 'ignored' }>;

/** A loop another run took less than this long ago is treated as still running. */
const BUSY_FOR_MS = 6 * 60 * 60_000;

export async function handleTrigger(ctx: FrontContext, trigger: Work): Promise<Outcome | null> {
  const auth = await authorize(trigger.actor, ctx.settings, (login) => ctx.issues.role(login));
  if (!auth.ok) {
    ctx.log(`codex-cto: not starting: ${auth.reason}.`);
    return null;
  }
  ctx.log(`codex-cto: ${trigger.actor.login} may start work (${auth.via}).`);
  switch (trigger.kind) {
    case 'label':
      // The issue as it was when the label was added: the payload says all that is needed.
      return startForIssue(ctx, trigger.issue, trigger.actor.login, null, ctx.settings.triggerLabel);
    case 'dispatch': {
      if (trigger.issue === null) return startForDispatch(ctx, trigger.objective, trigger.actor.login, trigger.base);
      // A dispatch has no snapshot of the issue: it is read now, and the objective comes from the dispatch.
      const issue = await ctx.issues.get(trigger.issue);
      return startForIssue(ctx, { ...issue, title: trigger.objective }, trigger.actor.login, trigger.base, null);
    }
    case 'command':
      return command(ctx, trigger);
  }
}

function limits(ctx: FrontContext, maxIterations = ctx.settings.maxIterations): Limits {
  return {
    maxIterations,
    escalateAfter: ctx.settings.escalateAfter,
    maxBudgetUsd: ctx.settings.maxBudgetUsd,
    requirePlanApproval: ctx.settings.requirePlanApproval,
  };
}

function busy(ctx: FrontContext, found: FoundTracking | null): boolean {
  const run = found?.state.run;
  if (!run || run.id === ctx.runner.runId) return false;
  const age = Date.now() - Date.parse(run.started_at);
  if (!(age < BUSY_FOR_MS)) return false;
  ctx.log(`codex-cto: run ${run.id} is already working on this loop (since ${run.started_at}); leaving it alone.`);
  return true;
}

async function startForIssue(
  ctx: FrontContext,
  issue: IssueFacts,
  requester: string,
  base: string | null,
  requiredLabel: string | null,
): Promise<Outcome | null> {
  const { number } = issue;
  const admission = admitIssue(issue);
  if (!admission.ok) {
    ctx.log(`codex-cto: not starting: ${admission.reason}.`);
    if (admission.comment !== null) {
      await ctx.issues.createComment(number, notStartedComment({ reason: admission.comment, via: requiredLabel === null ? 'dispatch' : { label: requiredLabel } }));
    }
    return null;
  }
  const found = await findTracking(ctx.issues, number, ctx.botLogin, ctx.log);
  if (busy(ctx, found)) return null;
  const phase = found?.state.loop.phase;
  if (phase === 'approved') {
    ctx.log(`codex-cto: the loop for #${number} was already approved; nothing to do.`);
    return null;
  }
  if (phase === 'escalated' || phase === 'capped' || phase === 'awaiting_plan_approval') {
    ctx.log(`codex-cto: the loop for #${number} is ${phase}; comment \`${ctx.settings.commandPrefix} ${phase === 'awaiting_plan_approval' ? 'approve' : 'continue'}\` to go on.`);
    return null;
  }
  for (const note of admission.issueText.notes) ctx.log(`Issue #${number} text: ${note}`);
  const job = await runLoopJob(ctx, {
    issue: number,
    commentId: found?.commentId ?? null,
    commentNodeId: found?.commentNodeId ?? '',
    objective: admission.objective,
    context: quoteIssue(number, admission.issueText.text),
    requester,
    branch: `${ctx.settings.branchPrefix}issue-${number}`,
    base: baseBranchOf(ctx, base, found?.state.base ?? null),
    resume: null,
    pr: found?.state.pr ?? null,
    limits: limits(ctx),
    requiredLabel,
  });
  return outcomeFromJob(job);
}

async function startForDispatch(ctx: FrontContext, objectiveText: string, requester: string, base: string | null): Promise<Outcome | null> {
  const objective = sanitiseUntrusted(objectiveText, { maxChars: 4000 }).text;
  if (objective.trim() === '') {
    ctx.log('codex-cto: not starting: the `objective` input has no text once hidden text is removed.');
    return null;
  }
  const job = await runLoopJob(ctx, {
    issue: null,
    commentId: null,
    commentNodeId: '',
    objective,
    context: '',
    requester,
    branch: `${ctx.settings.branchPrefix}run-${ctx.runner.runId}`,
    base: baseBranchOf(ctx, base, null),
    resume: null,
    pr: null,
    limits: limits(ctx),
    requiredLabel: null,
  });
  return outcomeFromJob(job);
}

/**
 * The branch a loop starts from: the dispatch's `base` (checked by the trigger), else the one the tracking
 * comment recorded, else `base-branch` or the repository's default branch; each refused by its own name.
 */
function baseBranchOf(ctx: FrontContext, dispatched: string | null, recorded: string | null): string {
  if (dispatched !== null) return dispatched;
  if (recorded !== null) return requireBranchName(recorded, 'The base branch recorded in the tracking comment');
  return requireBranchName(ctx.baseBranch, ctx.settings.baseBranch !== null ? 'The input `base-branch`' : "The repository's default branch");
}

async function command(ctx: FrontContext, trigger: Extract<Work, { kind: 'command' }>): Promise<Outcome | null> {
  const located = await locate(ctx, trigger.target.number, trigger.onPullRequest);
  if (located && busy(ctx, located.found)) {
    if (trigger.command === 'stop') await ctx.issues.react(trigger.comment.id, 'eyes');
    return null;
  }
  const found = located?.found ?? null;
  if (trigger.command === 'review' && trigger.onPullRequest && !found) {
    await ctx.issues.react(trigger.comment.id, 'eyes');
    return outcomeFromReview(await reviewPullRequest(ctx, trigger.target.number));
  }
  if (!found || !located) {
    ctx.log(`codex-cto: \`${ctx.settings.commandPrefix} ${trigger.command}\` on #${trigger.target.number}: no codex-cto loop found here; ignoring.`);
    return null;
  }
  const loop = found.state.loop;
  const resume = async (state: LoopState, maxIterations?: number): Promise<LoopJobResult> =>
    runLoopJob(ctx, {
      issue: found.state.issue,
      commentId: found.commentId,
      commentNodeId: found.commentNodeId,
      objective: loop.objective,
      // The reviewer checks the change against the issue as it reads now.
      context: await readIssueContext(ctx.issues, found.state.issue),
      requester: found.state.requester,
      branch: requireBranchName(found.state.branch ?? `${ctx.settings.branchPrefix}issue-${found.state.issue ?? located.thread}`, 'The work branch recorded in the tracking comment'),
      base: baseBranchOf(ctx, null, found.state.base),
      resume: state,
      pr: found.state.pr,
      limits: { ...limits(ctx, maxIterations), requirePlanApproval: false },
      requiredLabel: null,
    });

  switch (trigger.command) {
    case 'approve':
      if (loop.phase !== 'awaiting_plan_approval') return ignoredCommand(ctx, trigger, `the loop is ${loop.phase}, not waiting for plan approval`);
      await ctx.issues.react(trigger.comment.id, 'rocket');
      return outcomeFromJob(await resume(loop));
    case 'continue': {
      if (!['escalated', 'capped', 'stopped', 'budget_exhausted', 'failed', 'revise'].includes(loop.phase)) {
        return ignoredCommand(ctx, trigger, `the loop is ${loop.phase}; only a paused or ended loop can continue`);
      }
      await ctx.issues.react(trigger.comment.id, 'rocket');
      // The pause is over: the label asking a person to look goes before the work resumes.
      if (loop.phase === 'escalated') await ctx.issues.removeLabel(found.state.issue ?? found.state.pr ?? located.thread, NEEDS_HUMAN_LABEL);
      // A capped loop gets another round of max-iterations; any other pause goes on up to the cap.
      const done = loop.iterations.length;
      const cap = loop.phase === 'capped' || done >= ctx.settings.maxIterations ? done + ctx.settings.maxIterations : ctx.settings.maxIterations;
      return outcomeFromJob(await resume(continueAfterPause(loop), cap));
    }
    case 'stop': {
      await ctx.issues.react(trigger.comment.id, 'eyes');
      if (isEndPhase(loop.phase) && loop.phase !== 'escalated' && loop.phase !== 'awaiting_plan_approval') {
        return ignoredCommand(ctx, trigger, `the loop already ended (${loop.phase})`);
      }
      await stopLoop(ctx, found, trigger.actor.login);
      return null;
    }
    case 'review': {
      await ctx.issues.react(trigger.comment.id, 'eyes');
      const reviewed = await reviewPullRequest(ctx, trigger.target.number, found);
      const next = reviewed.loop;
      const budget = ctx.settings.maxBudgetUsd;
      const mayGoOn =
        next !== null && next.phase === 'revise' && next.iterations.length < ctx.settings.maxIterations && (budget === null || next.total_cost_usd < budget);
      if (mayGoOn) return outcomeFromJob(await resume(next));
      if (next) await settleOnGitHub(ctx, { pr: found.state.pr ?? trigger.target.number, issue: found.state.issue, phase: next.phase, clearNeedsHuman: true });
      return outcomeFromReview(reviewed);
    }
  }
}

function ignoredCommand(ctx: FrontContext, trigger: Extract<Work, { kind: 'command' }>, why: string): null {
  ctx.log(`codex-cto: ignoring \`${ctx.settings.commandPrefix} ${trigger.command}\`: ${why}.`);
  return null;
}

async function stopLoop(ctx: FrontContext, found: FoundTracking, login: string): Promise<void> {
  const tracker = new Tracker({
    issues: ctx.issues,
    thread: found.state.issue ?? found.state.pr,
    commentId: found.commentId,
    state: { ...found.state, loop: { ...found.state.loop, phase: 'stopped', stop_reason: `@${login} asked to stop` }, run: null },
    links: { runUrl: ctx.runner.runUrl, branchUrl: found.state.branch ? ctx.branchUrl(found.state.branch) : null, prUrl: found.state.pr ? ctx.pullUrl(found.state.pr) : null },
    settings: ctx.settings,
  });
  await tracker.save();
}

/** The loop a command on `number` refers to: a codex-cto branch points to its issue, else the thread itself. */
async function locate(ctx: FrontContext, number: number, onPullRequest: boolean): Promise<{ thread: number; found: FoundTracking | null } | null> {
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
