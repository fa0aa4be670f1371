// Small scripted fakes of the engine ports. Each port replays its script in order and records what it
// was asked, so engine tests assert on calls and state without any process, git or network.
import type {
  CodexOutcome,
  ImplementOutcome,
  ImplementRequest,
  LoopEvent,
  PlanRequest,
  Ports,
  ReviewFeedback,
  ReviewRequest,
  TokenUsage,
  VerificationResult,
} from '../../src/core/ports.js';
import type { Plan, Review, Task } from '../../src/core/model/schema-types.js';
import { NO_HIDDEN_CHARACTERS, type HiddenCharacterScan } from '../../src/core/model/trojan-source.js';

export interface PortScript {
  plan?: Plan | Error;
  planUsage?: TokenUsage;
  /** One entry per implement call; an Error is thrown instead of answering. */
  implementations?: Array<Partial<ImplementOutcome> | Error>;
  /** One entry per review call. */
  reviews?: Array<Review | Error>;
  reviewUsage?: TokenUsage;
  /** Answers every verify call; defaults to exit 0 for each command. */
  verification?: (commands: readonly string[]) => VerificationResult[];
  /** One entry per saveWork call; defaults to `sha-<n>`. */
  commits?: Array<string | null | Error>;
  /** One entry per stopRequested call; null once the script runs out. */
  stops?: Array<string | null>;
  /** What the repository finds of hidden Unicode characters in the change (none by default). */
  hiddenCharacters?: HiddenCharacterScan;
  /** The observer throws on the first event of this type. */
  observerFailsOn?: LoopEvent['type'];
}

export interface PortCalls {
  plans: PlanRequest[];
  implementations: ImplementRequest[];
  verifications: string[][];
  reviews: ReviewRequest[];
  saves: string[];
  artifacts: { name: string; value: unknown }[];
  events: LoopEvent[];
  stopChecks: number;
}

export function scriptedPorts(script: PortScript): { ports: Ports; calls: PortCalls } {
  const calls: PortCalls = {
    plans: [], implementations: [], verifications: [], reviews: [], saves: [], artifacts: [], events: [], stopChecks: 0,
  };
  const implementations = [...(script.implementations ?? [])];
  const reviews = [...(script.reviews ?? [])];
  const commits = [...(script.commits ?? [])];
  const stops = [...(script.stops ?? [])];
  let observerFailed = false;

  const ports: Ports = {
    planner: {
      async plan(request) {
        calls.plans.push(request);
        const plan = script.plan ?? aPlan();
        if (plan instanceof Error) throw plan;
        return codexOutcome(plan, script.planUsage ?? usage(0, 0));
      },
    },
    implementer: {
      async implement(request) {
        calls.implementations.push(request);
        const next = take(implementations, 'implement');
        if (next instanceof Error) throw next;
        return anImplementation({ sessionId: `session-${calls.implementations.length}`, ...next });
      },
    },
    verifier: {
      async verify(commands) {
        calls.verifications.push([...commands]);
        return script.verification ? script.verification(commands) : commands.map((command) => passed(command));
      },
    },
    reviewer: {
      async review(request) {
        calls.reviews.push(request);
        const next = take(reviews, 'review');
        if (next instanceof Error) throw next;
        return codexOutcome(next, script.reviewUsage ?? usage(0, 0));
      },
    },
    repository: {
      async saveWork(message) {
        calls.saves.push(message);
        const next = commits.length > 0 ? commits.shift() : `sha-${calls.saves.length}`;
        if (next instanceof Error) throw next;
        return next ?? null;
      },
      async diffStat() {
        return ' src/a.ts | 2 +-\n 1 file changed';
      },
      async hiddenCharacters() {
        return script.hiddenCharacters ?? NO_HIDDEN_CHARACTERS;
      },
      baseRef: () => 'main',
      headRef: () => 'codex-cto/issue-1',
    },
    artifacts: {
      async write(name, value) {
        calls.artifacts.push({ name, value });
        return `artifacts/${name}`;
      },
    },
    observer: {
      async emit(event) {
        calls.events.push(event);
        if (!observerFailed && event.type === script.observerFailsOn) {
          observerFailed = true;
          throw new Error(`tracking comment could not be updated (${event.type})`);
        }
      },
    },
    control: {
      async stopRequested() {
        calls.stopChecks += 1;
        return stops.length > 0 ? (stops.shift() ?? null) : null;
      },
    },
    // The front's words, recognisable: the engine must ask for them, never write its own.
    advice: { implementationStopped: (stop) => `advice for ${stop}` },
  };
  return { ports, calls };
}

function take<T>(queue: T[], what: string): T {
  if (queue.length === 0) throw new Error(`test script has no more ${what} answers`);
  return queue.shift() as T;
}

export function usage(input: number, output: number): TokenUsage {
  return { input_tokens: input, cached_input_tokens: 0, output_tokens: output, reasoning_output_tokens: 0 };
}

export function codexOutcome<T>(value: T, tokens: TokenUsage = usage(0, 0)): CodexOutcome<T> {
  return { value, threadId: 'thread-1', usage: tokens, raw: JSON.stringify(value), repairs: 0, durationMs: 100 };
}

export function aTask(id: string, overrides: Partial<Task> = {}): Task {
  return {
    id,
    title: `Task ${id}`,
    action: 'modify_file',
    target: `src/${id.toLowerCase()}.ts`,
    description: `Do ${id}.`,
    acceptance_criteria: [`${id} is done`],
    dependencies: [],
    ...overrides,
  };
}

export function aPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    objective: 'Add a greeting',
    analysis: 'The repository has no greeting.',
    strategy: 'Add one.',
    assumptions: [],
    open_questions: [],
    tasks: [aTask('T1'), aTask('T2')],
    verification: ['npm test'],
    ...overrides,
  };
}

export function aReview(verdict: Review['verdict'], overrides: Partial<Review> = {}): Review {
  return {
    previous_findings: [],
    task_reviews: [
      { task_id: 'T1', status: 'pass', feedback: '' },
      { task_id: 'T2', status: verdict === 'approve' ? 'pass' : 'fail', feedback: verdict === 'approve' ? '' : 'Fix T2.' },
    ],
    requirements: [],
    findings: [],
    verdict,
    summary: `Verdict ${verdict}.`,
    reason: verdict === 'abort' ? 'The objective cannot be met.' : null,
    questions: verdict === 'needs_human' ? ['Which greeting should be the default?'] : [],
    revised_tasks: [],
    revised_verification: null,
    ...overrides,
  };
}

/** The last review as the implementer receives it; an empty revise unless changed. */
export function aFeedback(overrides: Partial<ReviewFeedback> = {}): ReviewFeedback {
  return {
    iteration: 1,
    verdict: 'revise',
    summary: 'Fix T2.',
    reason: null,
    failing: [],
    revisedTasks: [],
    revisedVerification: null,
    findings: [],
    failedVerification: [],
    requirements: [],
    questions: [],
    ...overrides,
  };
}

export function anImplementation(overrides: Partial<ImplementOutcome> = {}): ImplementOutcome {
  return {
    ok: true,
    sessionId: 'session-1',
    turns: 4,
    costUsd: 0.5,
    durationMs: 1_000,
    resultText: 'Done.',
    stopReason: 'success',
    permissionDenials: [],
    ...overrides,
  };
}

export function passed(command: string): VerificationResult {
  return { command, exitCode: 0, timedOut: false, durationMs: 10, output: 'ok' };
}
