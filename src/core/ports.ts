// The engine's view of the outside world. The GitHub front and the local CLI each provide these;
// the engine itself never spawns a process, touches git or speaks HTTP, and never words advice in a
// front's terms (an action input, a CLI flag): the front's `advice` does.
import type { FailedCommand, HumanFeedback, LoopState, OpenFinding, Plan, RequirementCheck, Review, Task, TaskReview } from './model/schema-types.js';
import type { HiddenCharacterScan } from './model/trojan-source.js';

/** Token usage Codex reported for one run (summed over its turns). */
export interface TokenUsage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
}

/** What a Codex phase (plan or review) returns once its output has been validated. */
export interface CodexOutcome<T> {
  value: T;
  threadId: string | null;
  usage: TokenUsage;
  /** Raw text Codex left in its `-o` file (kept as an artifact). */
  raw: string;
  /** How many repair turns were needed (0 when the first reply was valid). */
  repairs: number;
  durationMs: number;
}

export interface PlanRequest {
  objective: string;
  /** Extra context (issue body, comments) already sanitised and quoted as data. */
  context: string;
}

export interface ImplementRequest {
  iteration: number;
  objective: string;
  /** The plan to work from: revised tasks and revised verification already merged in. */
  plan: Plan;
  /** Present from the second iteration on: the whole last review, as the implementer must see it. */
  feedback: ReviewFeedback | null;
  /** `git diff --stat base...head` before this iteration: what the branch changes so far ('' when nothing). */
  diffStat: string;
  /**
   * What a person asked of this iteration (a revise or continue command with text, a pull request review),
   * or their answer to the questions the loop paused on; null when the loop goes on by itself.
   */
  humanFeedback: HumanFeedback | null;
  /** Claude session to resume; null on the first iteration. */
  sessionId: string | null;
  /** Budget left for this run in USD; null when no budget is set. */
  budgetUsd: number | null;
}

/** The last review as the implementer receives it: everything it found, not only the summary. */
export interface ReviewFeedback {
  /** The iteration the review judged. */
  iteration: number;
  verdict: Review['verdict'];
  summary: string;
  /** Set when codex-cto read the verdict differently from how the reviewer answered (see verdict-rules.ts). */
  reason: string | null;
  /** Task reviews that did not pass. */
  failing: TaskReview[];
  revisedTasks: Task[];
  /** Verification commands that replaced the plan's, or null when they stayed. */
  revisedVerification: string[] | null;
  /** Every finding still open: the review's own and the earlier ones it did not mark resolved. */
  findings: OpenFinding[];
  /** The verification commands that failed in that iteration, with the ends of their output. */
  failedVerification: FailedCommand[];
  /** Requirements of the request the review found not met or in need of a person. */
  requirements: RequirementCheck[];
  /** What the reviewer asked a person (a needs_human verdict). */
  questions: string[];
}

/** The last review as the next reviewer receives it: its memory of what it asked for. */
export interface PreviousReview {
  /** The iteration it judged. */
  iteration: number;
  verdict: Review['verdict'];
  summary: string;
  /** The findings still open, with their ids; the new review marks each one resolved or not. */
  findings: OpenFinding[];
  /** The head commit it judged; null when unknown. */
  commit: string | null;
  questions: string[];
}

/** Outcome of one Claude Code run. Failure is data, not an exception: the work on disk is kept. */
export interface ImplementOutcome {
  ok: boolean;
  sessionId: string | null;
  turns: number;
  costUsd: number;
  durationMs: number;
  /** Claude's final message, or the error it reported. */
  resultText: string;
  /** `success`, `error_max_turns`, `error_max_budget_usd`, `api_error`, `timeout`, ... */
  stopReason: string;
  permissionDenials: { tool: string; input: string }[];
}

/** One entry of Claude's todo list, as it showed it (TodoWrite, or its task tools). */
export interface ProgressTodo {
  text: string;
  status: 'pending' | 'in_progress' | 'completed';
}

/** What Claude has done so far in a running implementation, read from its output stream. */
export interface ImplementProgress {
  /** Model turns so far (assistant messages). */
  turns: number;
  /** Tokens the turns so far reported (Claude Code reports the run's cost only when it ends). */
  inputTokens: number;
  outputTokens: number;
  todos: ProgressTodo[];
  /** The file it last wrote or edited (as the tool was given it), or null. */
  lastEdited: string | null;
}

export interface VerificationResult {
  command: string;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** Combined stdout and stderr, capped (the cap is noted in the text). */
  output: string;
}

/** One of the repository's setup commands, run before any model call. */
export interface SetupResult {
  command: string;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** stdout then stderr, capped (the cut noted in the text). */
  output: string;
  /** Why the command could not start, or null. */
  spawnError: string | null;
}

export interface ReviewRequest {
  iteration: number;
  objective: string;
  /** The request behind the objective (the issue text), sanitised and quoted as data; '' when there is none. */
  context: string;
  plan: Plan;
  implementation: ImplementOutcome | null;
  verification: VerificationResult[];
  /** `git diff --stat base...head`; the reviewer reads the full diff itself. */
  diffStat: string;
  /** Bidirectional and tag characters in the lines the change adds (Trojan Source), found by the system. */
  hiddenCharacters: HiddenCharacterScan;
  baseRef: string;
  headRef: string;
  /** The previous review of this loop; null for the first one. */
  previousReview: PreviousReview | null;
  /** What a person asked of this iteration: the review judges each item as a requirement; null when none. */
  humanFeedback: HumanFeedback | null;
}

export interface Planner {
  plan(request: PlanRequest): Promise<CodexOutcome<Plan>>;
}

export interface Reviewer {
  review(request: ReviewRequest): Promise<CodexOutcome<Review>>;
}

export interface Implementer {
  implement(request: ImplementRequest): Promise<ImplementOutcome>;
}

export interface Verifier {
  verify(commands: readonly string[]): Promise<VerificationResult[]>;
}

export interface Repository {
  /** Commits whatever the implementer left (if anything) and publishes it; returns the commit sha or null when nothing changed. */
  saveWork(message: string): Promise<string | null>;
  diffStat(): Promise<string>;
  /** Where the change adds bidirectional or tag characters. */
  hiddenCharacters(): Promise<HiddenCharacterScan>;
  baseRef(): string;
  headRef(): string;
}

/** Where plan, Claude result, verification and review JSON files are written (`.codex-cto/<run-id>/`). */
export interface ArtifactStore {
  write(name: string, value: unknown): Promise<string>;
}

/**
 * Lets the front stop the loop between iterations (`/cto stop`, label removed, PR closed). Asked once per
 * iteration, after the observer was told the iteration starts (its `implementing` phase) and before any of
 * its work: a front may answer from what it learnt while showing that phase.
 */
export interface Control {
  /** A reason to stop before the next iteration, or null to go on. */
  stopRequested(): Promise<string | null>;
}

/** Why Claude Code stopped before finishing, as far as advice goes. */
export type ImplementationStop = 'timeout' | 'turn-limit' | 'api-error' | 'other';

/** The front's words for people: what to do about a run that stopped, naming settings as the front names them. */
export interface Advice {
  /** One sentence on what to do about an implementation that stopped early. */
  implementationStopped(stop: ImplementationStop): string;
}

export type LoopEvent =
  | { type: 'phase'; phase: LoopState['phase']; iteration: number; state: LoopState }
  | { type: 'plan'; plan: Plan; state: LoopState; artifact: string }
  | { type: 'implemented'; iteration: number; outcome: ImplementOutcome; state: LoopState; artifact: string }
  | { type: 'verified'; iteration: number; results: VerificationResult[]; state: LoopState }
  | { type: 'saved'; iteration: number; commit: string | null; state: LoopState }
  | {
      type: 'reviewed';
      iteration: number;
      review: Review;
      hiddenCharacters: HiddenCharacterScan;
      /** The earlier findings the review was asked to mark. */
      earlierFindings: OpenFinding[];
      /** The person's feedback the iteration addressed, for the front to answer item by item; null when none. */
      feedback: HumanFeedback | null;
      /** The commit the review judged (this iteration's, or null when it changed nothing). */
      commit: string | null;
      state: LoopState;
      artifact: string;
    }
  | { type: 'finished'; state: LoopState };

export interface Observer {
  emit(event: LoopEvent): Promise<void>;
}

export interface Ports {
  planner: Planner;
  implementer: Implementer;
  verifier: Verifier;
  reviewer: Reviewer;
  repository: Repository;
  artifacts: ArtifactStore;
  observer: Observer;
  control: Control;
  advice: Advice;
}

export interface Limits {
  maxIterations: number;
  escalateAfter: number;
  /** Total Claude budget in USD for the whole loop; null for no cap. */
  maxBudgetUsd: number | null;
  /** Stop after planning and wait for `/cto approve`. */
  requirePlanApproval: boolean;
}
