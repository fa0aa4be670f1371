// The GitHub front's flows, one per trigger: start a loop (label, dispatch), or a comment command
// (loop-commands.ts). Each authorises the actor first, then takes the loop's lock, and leaves the loop alone
// when another run holds it. Whether a loop starts is the lifecycle's rule.
import type { Trigger } from '../event/trigger.js';
import { admit } from '../../core/lifecycle.js';
import { sanitiseUntrusted } from '../../safety/sanitise.js';
import { quoteIssue } from './issue-context.js';
import { authorize } from '../event/authorize.js';
import type { FlowContext } from './context.js';
import { runLoopJob } from './loop-job.js';
import { handleCommand } from './loop-commands.js';
import { handlePullReview } from './pull-review.js';
import { findTracking } from '../tracking/tracker.js';
import { baseBranchOf, configuredLimits, holdLoop } from './saved-loop.js';
import { resultOfJob, type FlowResult } from '../report/outputs.js';
import { admitIssue, type IssueFacts } from '../event/issue-admission.js';
import { notStartedComment } from '../../render/not-started.js';

type Work = Exclude<Trigger, { kind: 'ignored' }>;

export async function handleTrigger(ctx: FlowContext, trigger: Work): Promise<FlowResult | null> {
  const reviewer = ctx.verdictTarget().reviewerLogin;
  if (reviewer !== null && trigger.actor.login === reviewer) {
    ctx.log(`codex-cto: not starting: ${reviewer} is the reviewer identity of codex-cto itself.`);
    return null;
  }
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
      return handleCommand(ctx, trigger);
    case 'pull-review':
      return handlePullReview(ctx, trigger);
  }
}

async function startForIssue(
  ctx: FlowContext,
  issue: IssueFacts,
  requester: string,
  base: string | null,
  requiredLabel: string | null,
): Promise<FlowResult | null> {
  const { number } = issue;
  const admission = admitIssue(issue);
  if (!admission.ok) {
    ctx.log(`codex-cto: not starting: ${admission.reason}.`);
    if (admission.comment !== null) {
      await ctx.issues.createComment(number, notStartedComment({ reason: admission.comment, via: requiredLabel === null ? 'dispatch' : { label: requiredLabel } }));
    }
    return null;
  }
  const branch = `${ctx.settings.branchPrefix}issue-${number}`;
  // Taken before the tracking comment is read: what this run reads, no other run is changing.
  if (!(await holdLoop(ctx, branch, null))) return null;
  const found = await findTracking(ctx.issues, number, ctx.botLogin, ctx.log);
  const decision = admit({ kind: 'start', objective: admission.objective }, found?.state.loop ?? null, configuredLimits(ctx));
  if (decision.kind === 'ignore') {
    const goOn = decision.goOnWith === null ? '' : `; comment \`${ctx.settings.commandPrefix} ${decision.goOnWith}\` to go on`;
    ctx.log(`codex-cto: the loop for #${number} ${decision.reason}${goOn}.`);
    return null;
  }
  if (decision.kind !== 'run') return null;
  for (const note of admission.issueText.notes) ctx.log(`Issue #${number} text: ${note}`);
  const job = await runLoopJob(ctx, {
    issue: number,
    commentId: found?.commentId ?? null,
    commentNodeId: found?.commentNodeId ?? '',
    objective: admission.objective,
    context: quoteIssue(number, admission.issueText.text),
    requester,
    branch,
    base: baseBranchOf(ctx, base, found?.state.base ?? null),
    state: decision.state,
    pr: found?.state.pr ?? null,
    limits: decision.limits,
    requiredLabel,
    transcripts: found?.state.transcripts ?? null,
  });
  return resultOfJob(job);
}

async function startForDispatch(ctx: FlowContext, objectiveText: string, requester: string, base: string | null): Promise<FlowResult | null> {
  const objective = sanitiseUntrusted(objectiveText, { maxChars: 4000 }).text;
  if (objective.trim() === '') {
    ctx.log('codex-cto: not starting: the `objective` input has no text once hidden text is removed.');
    return null;
  }
  const decision = admit({ kind: 'start', objective }, null, configuredLimits(ctx));
  if (decision.kind !== 'run') return null;
  const branch = `${ctx.settings.branchPrefix}run-${ctx.runner.runId}`;
  // A loop of its own, yet a command on its pull request may come while this run works on it.
  if (!(await holdLoop(ctx, branch, null))) return null;
  const job = await runLoopJob(ctx, {
    issue: null,
    commentId: null,
    commentNodeId: '',
    objective,
    context: '',
    requester,
    branch,
    base: baseBranchOf(ctx, base, null),
    state: decision.state,
    pr: null,
    limits: decision.limits,
    requiredLabel: null,
    transcripts: null,
  });
  return resultOfJob(job);
}
