// The comment commands on a loop (`/cto approve|continue|stop|review`): find the loop the comment is
// about, ask the lifecycle what the command means for it, acknowledge the comment and do it on GitHub.
import { admit, type Admission } from '../../core/lifecycle.js';
import type { LoopCommand, LoopRequest } from '../../core/loop-requests.js';
import { humanFeedback } from '../../core/human-feedback.js';
import { sanitiseUntrusted } from '../../safety/sanitise.js';
import type { FlowContext } from './context.js';
import { baseBranchOf, configuredLimits, holdLoop } from './saved-loop.js';
import type { Trigger } from '../event/trigger.js';
import { runLoopJob, type LoopJobResult } from './loop-job.js';
import { NEEDS_HUMAN_LABEL, settleOnGitHub } from '../publish/settle.js';
import { reviewPullRequest } from './review-pull.js';
import { readIssueContext } from './issue-context.js';
import { findTracking, Tracker, type FoundTracking } from '../tracking/tracker.js';
import { resultOfJob, resultOfReview, type FlowResult } from '../report/outputs.js';
import { branchNameFrom, requireBranchName } from '../settings/names.js';
import { code } from '../../render/escape.js';
import type { HumanFeedback, LoopState } from '../../core/model/schema-types.js';

type CommandTrigger = Extract<Trigger, { kind: 'command' }>;

/** Characters of a person's feedback kept, after hidden text is removed. */
export const FEEDBACK_CHARS = 8_000;

/** How a command comment is acknowledged: a rocket for work that resumes, eyes for a stop or a review. */
const ACKNOWLEDGE: Readonly<Record<LoopCommand, 'rocket' | 'eyes'>> = { approve: 'rocket', continue: 'rocket', revise: 'rocket', stop: 'eyes', review: 'eyes' };

/** What a command asks of the loop on `number`, and how it is acknowledged once taken. */
export interface LoopAsk {
  number: number;
  onPullRequest: boolean;
  command: LoopCommand;
  request: LoopRequest;
  acknowledge: (content: 'rocket' | 'eyes') => Promise<void>;
  /** What the person does again when another run holds the loop (`comment \`/cto continue\` again`). */
  retry: string;
}

export async function handleCommand(ctx: FlowContext, trigger: CommandTrigger): Promise<FlowResult | null> {
  const request = requestOf(trigger);
  if (request === null) {
    ctx.log(`codex-cto: \`${ctx.settings.commandPrefix} revise\` needs feedback: write what to change after the command (same line or the lines below).`);
    return null;
  }
  // A review has no reactions; the work it starts is its answer.
  const acknowledge = trigger.via === 'comment' ? (content: 'rocket' | 'eyes') => ctx.issues.react(trigger.comment.id, content) : async () => {};
  const retry = `comment ${code(`${ctx.settings.commandPrefix} ${trigger.command}`)}${request.kind === 'continue' || request.kind === 'revise' ? ' with your feedback' : ''} again`;
  return askLoop(ctx, { number: trigger.target.number, onPullRequest: trigger.onPullRequest, command: trigger.command, request, acknowledge, retry });
}

/** The request a command makes; a revise without feedback makes none. Feedback is sanitised like issue text. */
function requestOf(trigger: CommandTrigger): LoopRequest | null {
  switch (trigger.command) {
    case 'stop':
      return { kind: 'stop', reason: `@${trigger.actor.login} asked to stop` };
    case 'continue':
      return { kind: 'continue', feedback: feedbackOfText(trigger.actor.login, trigger.text) };
    case 'revise': {
      const feedback = feedbackOfText(trigger.actor.login, trigger.text);
      return feedback === null ? null : { kind: 'revise', feedback };
    }
    default:
      return { kind: trigger.command };
  }
}

function feedbackOfText(from: string, text: string): HumanFeedback | null {
  return humanFeedback(from, [{ text: sanitiseUntrusted(text, { maxChars: FEEDBACK_CHARS }).text, path: null, line: null, thread: null }]);
}

/** Takes the loop `ask` is about, asks the lifecycle what the command means for it, and does it. */
export async function askLoop(ctx: FlowContext, ask: LoopAsk): Promise<FlowResult | null> {
  const place = await placeOf(ctx, ask.number, ask.onPullRequest);
  // A stop on a busy loop is not lost: the run holding it reads stop commands between iterations.
  if (place.branch !== null && !(await holdLoop(ctx, place.branch, ask.command === 'stop' ? null : { thread: ask.number, retry: ask.retry }))) {
    if (ask.command === 'stop') await ask.acknowledge('eyes');
    return null;
  }
  const found = await findLoop(ctx, place, ask);
  if (ask.command === 'review' && ask.onPullRequest && !found) {
    await ask.acknowledge('eyes');
    return resultOfReview(await reviewPullRequest(ctx, ask.number));
  }
  if (!found) {
    ctx.log(`codex-cto: \`${ctx.settings.commandPrefix} ${ask.command}\` on #${ask.number}: no codex-cto loop found here; ignoring.`);
    return null;
  }
  const decision = admit(ask.request, found.state.loop, configuredLimits(ctx));
  // A stop is acknowledged whatever comes of it; the other commands once they are taken.
  if (ask.command === 'stop' || decision.kind !== 'ignore') await ask.acknowledge(ACKNOWLEDGE[ask.command]);
  return carryOut(ctx, ask, decision, found, place.thread);
}

async function carryOut(ctx: FlowContext, ask: LoopAsk, decision: Admission, found: FoundTracking, thread: number): Promise<FlowResult | null> {
  switch (decision.kind) {
    case 'ignore': {
      const goOn = decision.goOnWith === null ? '' : `; comment \`${ctx.settings.commandPrefix} ${decision.goOnWith}\` to go on`;
      ctx.log(`codex-cto: ignoring \`${ctx.settings.commandPrefix} ${ask.command}\`: the loop ${decision.reason}${goOn}.`);
      return null;
    }
    case 'stop':
      await saveLoop(ctx, found, decision.state);
      return null;
    case 'run':
      // The pause is over: the label asking a person to look goes before the work resumes.
      if (decision.endsEscalation) await ctx.issues.removeLabel(found.state.issue ?? found.state.pr ?? thread, NEEDS_HUMAN_LABEL);
      return resultOfJob(await resumeLoop(ctx, found, thread, decision));
    case 'review': {
      const reviewed = await reviewPullRequest(ctx, ask.number, found);
      const after = reviewed.after;
      if (after?.goOn) return resultOfJob(await resumeLoop(ctx, found, thread, after.goOn));
      if (after) await settleOnGitHub(ctx, { pr: found.state.pr ?? ask.number, issue: found.state.issue, phase: after.state.phase, clearNeedsHuman: true });
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

/** Where the loop of a command on `number` is. */
interface LoopPlace {
  /** The thread its tracking comment is on: the issue a codex-cto branch names, else the thread itself. */
  thread: number;
  /** Its work branch, which names its lock; null for a pull request that is not on a codex-cto branch. */
  branch: string | null;
}

async function placeOf(ctx: FlowContext, number: number, onPullRequest: boolean): Promise<LoopPlace> {
  const prefix = ctx.settings.branchPrefix;
  if (!onPullRequest) return { thread: number, branch: `${prefix}issue-${number}` };
  const pull = await ctx.pulls.get(number);
  const branch = pull.headRef.startsWith(prefix) ? branchNameFrom(pull.headRef) : null;
  const match = branch === null ? null : /^issue-(\d+)$/.exec(branch.slice(prefix.length));
  return { thread: match?.[1] ? Number(match[1]) : number, branch };
}

/** The loop's tracking comment; a pull request only has the loop whose comment names it. */
async function findLoop(ctx: FlowContext, place: LoopPlace, ask: LoopAsk): Promise<FoundTracking | null> {
  const found = await findTracking(ctx.issues, place.thread, ctx.botLogin, ctx.log);
  if (found && ask.onPullRequest && found.state.pr !== null && found.state.pr !== ask.number) return null;
  return found;
}
