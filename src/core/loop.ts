// The loop as a state machine over ports: plan -> (announce -> stop check -> implement -> verify -> save ->
// review -> decide)*.
// The engine knows nothing of GitHub or processes; the fronts hand it ports and persist the state it
// emits. State changes go through the pure functions of state.ts, decisions through decide.ts.
//
// Failure policy: any exception from a port, the observer's included, ends the run in `failed`. The
// observer is the user's window (the tracking comment); a loop that goes on working while nobody can
// see it would break the promise that every phase ends in a visible state. Before reporting, work of
// an iteration in progress is saved (best effort; the first error is the one returned).
import { CtoError, describeError } from './model/errors.js';
import type { LoopState, Plan, Review } from './model/schema-types.js';
import { mergedPlanErrors, settleApproval, taskListErrors } from './model/plan-rules.js';
import {
  commitMessage,
  decideFailedImplementation,
  decideVerdict,
  failedImplementationAdvice,
  gateIteration,
  PLAN_APPROVAL_REASON,
  type Decision,
  type FailureAdvice,
  type SaveOccasion,
} from './decide.js';
import type { Limits, LoopEvent, Ports } from './ports.js';
import {
  budgetLeft,
  endIn,
  enterPhase,
  feedbackFrom,
  initialState,
  iterationRecord,
  nextIteration,
  startIteration,
  withImplementation,
  withIteration,
  withPlan,
  withCap,
  withReview,
  type EndPhase,
  type IterationDraft,
  type WorkPhase,
} from './state.js';

export { initialState } from './state.js';

export interface LoopInput {
  objective: string;
  /** Issue body and comments, already sanitised; only the planner sees it. */
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

export function artifactName(kind: 'plan' | 'claude' | 'review', k: number): string {
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
      await this.makePlan();
      if (this.limits.requirePlanApproval) return this.end('awaiting_plan_approval', PLAN_APPROVAL_REASON);
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

  private async makePlan(): Promise<void> {
    await this.enter('planning', 0);
    const outcome = await this.ports.planner.plan({ objective: this.input.objective, context: this.input.context });
    this.state = withPlan(this.state, outcome.value, outcome.usage);
    const artifact = await this.ports.artifacts.write(artifactName('plan', 1), outcome.value);
    await this.emit({ type: 'plan', plan: outcome.value, state: this.state, artifact });
  }

  private async iterate(k: number): Promise<Decision> {
    const plan = this.currentPlan();
    await this.enter('implementing', k);
    // The stop check follows the announcement and comes before any work, as the Control port promises.
    const stop = await this.ports.control.stopRequested();
    if (stop !== null) return { kind: 'end', phase: 'stopped', reason: stop };
    this.draft = startIteration(k, plan);
    const outcome = await this.ports.implementer.implement({
      iteration: k,
      objective: this.input.objective,
      plan,
      feedback: feedbackFrom(this.state.last_review),
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
    this.updateDraft({ verification: results });
    await this.emit({ type: 'verified', iteration: k, results, state: this.state });
    await this.save(k, 'implemented');

    await this.enter('reviewing', k);
    const { repository } = this.ports;
    const hiddenCharacters = await repository.hiddenCharacters();
    const reviewed = await this.ports.reviewer.review({
      iteration: k,
      objective: this.input.objective,
      plan,
      implementation: outcome,
      verification: results,
      diffStat: await repository.diffStat(),
      hiddenCharacters,
      baseRef: repository.baseRef(),
      headRef: repository.headRef(),
    });
    const review = this.acceptable(reviewed.value, plan);
    this.state = withReview(this.state, review, reviewed.usage);
    this.updateDraft({ review, reviewDurationMs: reviewed.durationMs });
    const reviewArtifact = await this.ports.artifacts.write(artifactName('review', k), review);
    await this.emit({ type: 'reviewed', iteration: k, review, hiddenCharacters, state: this.state, artifact: reviewArtifact });
    return decideVerdict(this.state, review, k, this.limits);
  }

  /**
   * The review as the loop may act on it, whoever answered: an approval that contradicts its task results
   * counts as revise, and revised tasks that are unsound or would leave an unsound plan (a target outside
   * the repository, a dependency on nothing, a cycle) end the run; the Codex adapter already gave both a
   * repair turn.
   */
  private acceptable(answer: Review, plan: Plan): Review {
    const listed = taskListErrors(answer.revised_tasks, 'revised_tasks');
    const problems = listed.length > 0 ? listed : mergedPlanErrors(plan, answer.revised_tasks);
    if (problems.length > 0) {
      throw new CtoError('agent-output', `The review's revised tasks do not fit the plan: ${problems.slice(0, 3).join('; ')}`);
    }
    return settleApproval(answer, plan);
  }

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
