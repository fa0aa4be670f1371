// The loop as a state machine over ports: plan -> (announce -> stop check -> implement -> verify -> save ->
// review -> decide)*.
// The engine knows nothing of GitHub or processes; the fronts hand it ports and persist the state it
// emits. State changes go through the pure functions of state.ts, decisions through decide.ts.
//
// Failure policy: any exception from a port, the observer's included, ends the run in `failed`. The
// observer is the user's window (the tracking comment); a loop that goes on working while nobody can
// see it would break the promise that every phase ends in a visible state. Before reporting, work of
// an iteration in progress is saved (best effort; the first error is the one returned).
import { CtoError, InvalidAnswerError, describeError } from './model/errors.js';
import type { LoopState, Plan, Review } from './model/schema-types.js';
import { mergedPlanErrors, taskListErrors, verificationErrors } from './model/plan-rules.js';
import { reviewContextOf, settleReview, type ReviewContext } from './model/verdict-rules.js';
import {
  commitMessage,
  decideFailedImplementation,
  decideVerdict,
  failedImplementationAdvice,
  gateIteration,
  planPauseReason,
  type Decision,
  type FailureAdvice,
  type SaveOccasion,
} from './decide.js';
import type { Limits, LoopEvent, Ports } from './ports.js';
import { feedbackUsed } from './human-feedback.js';
import {
  budgetLeft,
  endIn,
  enterPhase,
  feedbackFrom,
  initialState,
  iterationRecord,
  nextIteration,
  previousReviewOf,
  startIteration,
  withImplementation,
  withIteration,
  withPlan,
  withCap,
  withReview,
  withVerification,
  type EndPhase,
  type IterationDraft,
  type WorkPhase,
} from './state.js';

export { initialState } from './state.js';

export interface LoopInput {
  objective: string;
  /** The issue text, already sanitised and quoted as data: the planner plans from it, the reviewer checks the change against it. */
  context: string;
}

export interface LoopResult {
  state: LoopState;
  /** What ended the loop in `failed` (null in every other phase), for the front to report. */
  error: unknown | null;
}

/**
 * Runs the loop until it ends or pauses. Without `resume` it plans first; with it, it continues from
 * that state (a missing plan is made first; otherwise iterations go on while the limits allow).
 * Never throws, except on invalid limits (a programmer error).
 */
export async function runLoop(input: LoopInput, ports: Ports, limits: Limits, resume?: LoopState): Promise<LoopResult> {
  checkLimits(limits);
  return new LoopRun(input, ports, limits, resume ?? initialState(input.objective)).drive();
}

export function artifactName(kind: 'plan' | 'claude' | 'verification' | 'review' | 'plan-invalid' | 'review-invalid', k: number): string {
  return `${kind}-${String(k).padStart(3, '0')}.json`;
}

class LoopRun {
  private readonly input: LoopInput;
  private readonly ports: Ports;
  private readonly limits: Limits;
  private state: LoopState;
  /** The iteration in progress; its record is refreshed whenever something about it becomes known. */
  private draft: IterationDraft | null = null;

  constructor(input: LoopInput, ports: Ports, limits: Limits, state: LoopState) {
    this.input = input;
    this.ports = ports;
    this.limits = limits;
    // The cap this run works to travels with the state, so whoever shows the loop reads it from there.
    this.state = withCap(state, limits.maxIterations);
  }

  async drive(): Promise<LoopResult> {
    try {
      return await this.work();
    } catch (error) {
      return this.fail(error);
    }
  }

  private async work(): Promise<LoopResult> {
    if (this.state.plan === null) {
      const plan = await this.makePlan();
      const pause = planPauseReason(plan, this.limits.requirePlanApproval);
      if (pause !== null) return this.end('awaiting_plan_approval', pause);
    }
    for (;;) {
      const k = nextIteration(this.state);
      const gate = gateIteration(this.state, this.limits, k);
      if (gate.kind === 'end') return this.end(gate.phase, gate.reason);
      const decision = await this.iterate(k);
      this.draft = null;
      if (decision.kind === 'end') return this.end(decision.phase, decision.reason, decision.advice);
      await this.enter('revise', k);
    }
  }

  private async makePlan(): Promise<Plan> {
    await this.enter('planning', 0);
    const outcome = await this.ports.planner.plan({ objective: this.input.objective, context: this.input.context });
    this.state = withPlan(this.state, outcome.value, outcome.usage);
    const artifact = await this.ports.artifacts.write(artifactName('plan', 1), outcome.value);
    await this.emit({ type: 'plan', plan: outcome.value, state: this.state, artifact });
    return outcome.value;
  }

  private async iterate(k: number): Promise<Decision> {
    const plan = this.currentPlan();
    await this.enter('implementing', k);
    // The stop check follows the announcement and comes before any work, as the Control port promises.
    const stop = await this.ports.control.stopRequested();
    if (stop !== null) return { kind: 'end', phase: 'stopped', reason: stop };
    // A person's feedback stays saved with the loop until an iteration has been reviewed against it.
    const humanFeedback = this.state.human_feedback;
    this.draft = startIteration(k, plan, humanFeedback?.from ?? null);
    const { repository } = this.ports;
    const outcome = await this.ports.implementer.implement({
      iteration: k,
      objective: this.input.objective,
      plan,
      feedback: feedbackFrom(this.state),
      diffStat: await repository.diffStat(),
      humanFeedback,
      sessionId: this.state.session_id,
      budgetUsd: budgetLeft(this.state, this.limits.maxBudgetUsd),
    });
    this.state = withImplementation(this.state, outcome);
    this.updateDraft({ implementation: outcome });
    const claudeArtifact = await this.ports.artifacts.write(artifactName('claude', k), outcome);
    await this.emit({ type: 'implemented', iteration: k, outcome, state: this.state, artifact: claudeArtifact });

    if (!outcome.ok) {
      // A failed implementation is not reviewed, but its work is kept.
      const commit = await this.save(k, 'implementation-failed');
      const ended = decideFailedImplementation(this.state, outcome, k, this.limits, commit);
      return { kind: 'end', ...ended, advice: failedImplementationAdvice(outcome.stopReason) };
    }

    await this.enter('verifying', k);
    const results = await this.ports.verifier.verify(plan.verification);
    this.state = withVerification(this.state, results);
    this.updateDraft({ verification: results });
    await this.ports.artifacts.write(artifactName('verification', k), results);
    await this.emit({ type: 'verified', iteration: k, results, state: this.state });
    const commit = await this.save(k, 'implemented');

    await this.enter('reviewing', k);
    const hiddenCharacters = await repository.hiddenCharacters();
    const request = {
      iteration: k,
      objective: this.input.objective,
      context: this.input.context,
      plan,
      implementation: outcome,
      verification: results,
      diffStat: await repository.diffStat(),
      hiddenCharacters,
      baseRef: repository.baseRef(),
      headRef: repository.headRef(),
      previousReview: previousReviewOf(this.state),
      humanFeedback,
    };
    const context = reviewContextOf(request);
    const reviewed = await this.ports.reviewer.review(request);
    const review = this.acceptable(reviewed.value, context);
    // Unchanged work leaves the head where the last review saw it.
    this.state = feedbackUsed(withReview(this.state, review, reviewed.usage, { iteration: k, commit }));
    this.updateDraft({ review, reviewDurationMs: reviewed.durationMs });
    const reviewArtifact = await this.ports.artifacts.write(artifactName('review', k), review);
    const earlierFindings = request.previousReview?.findings ?? [];
    await this.emit({ type: 'reviewed', iteration: k, review, hiddenCharacters, earlierFindings, feedback: humanFeedback, commit, state: this.state, artifact: reviewArtifact });
    return decideVerdict(this.state, review, k, this.limits, context);
  }

  /**
   * The review as the loop may act on it, whoever answered: its safe reading when it contradicts itself
   * (verdict-rules.ts: an approval beside anything that blocks counts as revise), and revised tasks or
   * verification that are unsound or would leave an unsound plan (a target outside the repository, a
   * dependency on nothing, a cycle, an empty command) end the run; the Codex adapter already gave all of
   * it a repair turn.
   */
  private acceptable(answer: Review, context: ReviewContext): Review {
    const plan = context.plan as Plan;
    const listed = taskListErrors(answer.revised_tasks, 'revised_tasks');
    const problems = listed.length > 0 ? listed : mergedPlanErrors(plan, answer.revised_tasks);
    if (problems.length > 0) {
      throw new CtoError('agent-output', `The review's revised tasks do not fit the plan: ${problems.slice(0, 3).join('; ')}`);
    }
    const commands = answer.revised_verification;
    const unsound = commands === null ? [] : commands.length === 0 ? ['it names no command'] : verificationErrors(commands, 'revised_verification');
    if (unsound.length > 0) {
      throw new CtoError('agent-output', `The review's revised verification is unsound: ${unsound.slice(0, 3).join('; ')}`);
    }
    return settleReview(answer, context);
  }

  /** Commits and publishes the work of iteration `k`; the commit, or null when nothing changed. */
  private async save(k: number, occasion: SaveOccasion): Promise<string | null> {
    const commit = await this.ports.repository.saveWork(commitMessage(this.input.objective, k, occasion));
    this.updateDraft({ commit });
    await this.emit({ type: 'saved', iteration: k, commit, state: this.state });
    return commit;
  }

  private updateDraft(change: Partial<Omit<IterationDraft, 'number' | 'plan'>>): void {
    if (this.draft === null) throw new CtoError('internal', 'no iteration in progress');
    this.draft = { ...this.draft, ...change };
    this.state = withIteration(this.state, iterationRecord(this.draft));
  }

  private async enter(phase: WorkPhase, iteration: number): Promise<void> {
    this.state = enterPhase(this.state, phase);
    await this.emit({ type: 'phase', phase, iteration, state: this.state });
  }

  private async end(phase: EndPhase, reason: string, advice?: FailureAdvice): Promise<LoopResult> {
    this.state = endIn(this.state, phase, reason);
    await this.emit({ type: 'finished', state: this.state });
    const hint = advice ? this.ports.advice.implementationStopped(advice.stop) : null;
    return { state: this.state, error: phase === 'failed' ? new CtoError(advice?.kind ?? 'agent-failed', reason, hint) : null };
  }

  private async fail(error: unknown): Promise<LoopResult> {
    await this.keepInvalidAnswer(error);
    if (this.draft !== null) {
      try {
        const commit = await this.ports.repository.saveWork(commitMessage(this.input.objective, this.draft.number, 'error'));
        if (commit !== null) this.updateDraft({ commit });
      } catch {
        // Best effort only: the error that stopped the loop is the one to report.
      }
      this.updateDraft({});
      this.draft = null;
    }
    this.state = endIn(this.state, 'failed', describeError(error));
    try {
      await this.emit({ type: 'finished', state: this.state });
    } catch {
      // The observer may be what failed; the front reports the returned error either way.
    }
    return { state: this.state, error };
  }

  /** An answer that stayed invalid is kept beside the plans and reviews (best effort: the error is what counts). */
  private async keepInvalidAnswer(error: unknown): Promise<void> {
    if (!(error instanceof InvalidAnswerError) || (error.phase !== 'plan' && error.phase !== 'review')) return;
    const k = error.phase === 'plan' ? 1 : (this.draft?.number ?? nextIteration(this.state));
    try {
      await this.ports.artifacts.write(artifactName(`${error.phase}-invalid`, k), { phase: error.phase, error: error.message, reply: error.reply });
    } catch {
      // Nothing to add: the failure itself is reported either way.
    }
  }

  private emit(event: LoopEvent): Promise<void> {
    return this.ports.observer.emit(event);
  }

  private currentPlan(): Plan {
    if (this.state.plan === null) throw new CtoError('internal', 'an iteration started without a plan');
    return this.state.plan;
  }
}

function checkLimits(limits: Limits): void {
  const problems = [
    Number.isInteger(limits.maxIterations) && limits.maxIterations >= 1 ? null : 'maxIterations must be an integer >= 1',
    Number.isInteger(limits.escalateAfter) && limits.escalateAfter >= 1 ? null : 'escalateAfter must be an integer >= 1',
    limits.maxBudgetUsd === null || (Number.isFinite(limits.maxBudgetUsd) && limits.maxBudgetUsd > 0)
      ? null
      : 'maxBudgetUsd must be a positive number or null',
  ].filter((problem) => problem !== null);
  if (problems.length > 0) throw new CtoError('internal', `invalid loop limits: ${problems.join('; ')}`);
}
