// The agents a loop works with, built one way for the action and the CLI: Codex plans and reviews, Claude
// Code implements, the verifier runs the plan's commands, each with its binary, environment and limits.
// What differs between the fronts comes in as data and hooks: where the agents work (the agents' room or
// a worktree beside the user's checkout), how each agent step is wrapped (the room hands the work tree to
// the agent user for a writing step), and what a failed model call means (the action's key proxy knows
// when an endpoint cannot be reached).
import type { CodexOutcome, Implementer, Planner, Reviewer, ReviewRequest, Verifier } from '../core/ports.js';
import type { Review } from '../core/model/schema-types.js';
import { protectedChanges, protectedPathsReview } from '../core/model/protected-paths.js';
import { readPersona } from '../core/model/assets.js';
import type { ModelVendor } from '../safety/key-proxy.js';
import { createRedactor } from '../safety/redact.js';
import type { Git } from '../workspace/git.js';
import type { RunAs } from '../workspace/process.js';
import { withReviewCheckout } from '../workspace/review-worktree.js';
import { createVerifier } from '../workspace/verifier.js';
import { createClaudeImplementer, type ClaudeOptions, type ImplementWatch } from './claude.js';
import { createCodexPlanner, createCodexReviewer, type CodexOptions } from './codex.js';
import type { AgentBinaries } from './install.js';
import { teamPersona } from './team-policy.js';
import type { CodexPhase } from './prompts.js';

/** The settings the agents read, as the action's inputs or the CLI's flags give them. */
export interface AgentSettings {
  planModel: string | null;
  reviewModel: string | null;
  claudeModel: string | null;
  planReasoningEffort: string | null;
  reviewReasoningEffort: string | null;
  /** The team's rules (a repository's config file), appended to the persona of each phase; null for none. */
  planInstructions: string | null;
  reviewInstructions: string | null;
  /** Glob patterns of paths the loop may not change: the planner is told, the reviewer refuses changes to them. */
  protectedPaths: readonly string[];
  maxTurns: number;
  /** Claude Code's tools; empty for the default tools. */
  allowedTools: readonly string[];
  timeoutMinutes: number;
  /** Codex `-c key=value` overrides, the provider already pointed at the key proxy when one runs. */
  codexOverrides: readonly string[];
  /** The repository's commands run after every implementation besides the plan's; none when absent. */
  verifyCommands?: readonly string[];
  /** Whether the pushes may change `.github/workflows/`; absent: they may (the CLI's user pushes). */
  writeWorkflows?: boolean;
}

/** Runs one agent step; `writes` when the agent may change the work tree. */
export type AgentStep = <T>(run: () => Promise<T>, writes: boolean) => Promise<T>;

/** Runs a call to a vendor's model; `failed` says whether a returned outcome is a failure worth explaining. */
export type ModelCall = <T>(vendor: ModelVendor, run: () => Promise<T>, failed?: (out: T) => boolean) => Promise<T>;

export interface AgentSetup {
  settings: AgentSettings;
  binaries: AgentBinaries;
  /** Each agent's complete environment (allow-listed by the caller). */
  env: { codex: Record<string, string>; claude: Record<string, string>; verify: Record<string, string> };
  /** The work tree the agents work in, and git on its repository (for the reviewer's checkout). */
  workTree: string;
  git: Git;
  /** Outside the repository: Codex's schema and reply files. */
  scratchDir: string;
  /** Where Claude's shell wrapper goes; default a folder of the temp dir. */
  shellDir?: string;
  /** Claude sessions put on disk for the agent (carried from an earlier run). */
  knownSessions?: ReadonlySet<string>;
  /** Fresh folders for each Codex phase (the agents' room gives each its own). */
  place?: CodexOptions['place'];
  /** Runs the agents as another user. */
  runAs?: RunAs;
  /** Ends a running agent at once; the reason is thrown. */
  signal?: AbortSignal;
  /** Wraps every agent step; default: runs it. */
  step?: AgentStep;
  /** Wraps every model call; default: makes it. */
  call?: ModelCall;
  /** The folder the reviewer's checkout is made in; default a new temp folder. */
  reviewParent?: () => Promise<string>;
  /** Values of the variables passed as secrets (`secret-env`): masked in verification output before a prompt carries it. */
  secretValues?: readonly string[];
  log: (message: string) => void;
}

/** The engine's agent ports, made on demand. */
export interface Agents {
  planner(): Planner;
  /** Claude Code; `watch` sees its progress and keeps its stream while it works. */
  implementer(watch?: ImplementWatch): Implementer;
  verifier(): Verifier;
  /**
   * Reviews `head` against `base` from a checkout of its own, agent configuration as on `base`. The loop's own
   * work (`guarded`, the default) touching a protected path gets the system's `revise` without Codex.
   */
  reviewer(base: string, head: string, options?: { guarded?: boolean }): Reviewer;
}

const asIs: AgentStep = (run) => run();
const direct: ModelCall = (_vendor, run) => run();

/** Codex's options for `phase` run in `workdir` (with the phase's model unless `model` is given). Pure: --dry-run prints what they make. */
export function codexOptions(setup: AgentSetup, workdir: string, phase: CodexPhase, model?: string | null): CodexOptions {
  const { settings } = setup;
  const plan = phase === 'plan';
  return {
    binary: setup.binaries.codex,
    workdir,
    scratchDir: setup.scratchDir,
    env: setup.env.codex,
    model: model === undefined ? (plan ? settings.planModel : settings.reviewModel) : model,
    reasoningEffort: plan ? settings.planReasoningEffort : settings.reviewReasoningEffort,
    configOverrides: [...settings.codexOverrides],
    timeoutMs: settings.timeoutMinutes * 60_000,
    persona: teamPersona(readPersona(), phase, { instructions: plan ? settings.planInstructions : settings.reviewInstructions, protectedPaths: settings.protectedPaths }),
    workflowsWritable: settings.writeWorkflows ?? true,
    ...(setup.place ? { place: setup.place } : {}),
    runAs: setup.runAs,
    signal: setup.signal,
  };
}

/** Claude Code's options. Pure: --dry-run prints what they make. */
export function claudeOptions(setup: AgentSetup): ClaudeOptions {
  const { settings } = setup;
  return {
    binary: setup.binaries.claude,
    workdir: setup.workTree,
    env: setup.env.claude,
    model: settings.claudeModel,
    maxTurns: settings.maxTurns,
    allowedTools: [...settings.allowedTools],
    timeoutMs: settings.timeoutMinutes * 60_000,
    runAs: setup.runAs,
    signal: setup.signal,
    shellDir: setup.shellDir,
    ...(setup.knownSessions ? { knownSessions: setup.knownSessions } : {}),
  };
}

/** The agents for `setup`; each port is made when asked for, so a review-only job never starts Claude's. */
export function createAgents(setup: AgentSetup): Agents {
  const step = setup.step ?? asIs;
  const call = setup.call ?? direct;
  return {
    planner: () => {
      const planner = createCodexPlanner(codexOptions(setup, setup.workTree, 'plan'));
      return { plan: (request) => call('openai', () => step(() => planner.plan(request), false)) };
    },
    implementer: (watch) => {
      const implementer = createClaudeImplementer(claudeOptions(setup), watch);
      return { implement: (request) => call('anthropic', () => step(() => implementer.implement(request), true), (outcome) => !outcome.ok) };
    },
    verifier: () => {
      const verifier = createVerifier({
        cwd: setup.workTree,
        env: setup.env.verify,
        timeoutMs: setup.settings.timeoutMinutes * 60_000,
        runAs: setup.runAs,
        signal: setup.signal,
        alwaysRun: setup.settings.verifyCommands ?? [],
        redact: createRedactor(setup.secretValues ?? []),
      });
      return { verify: (commands) => step(() => verifier.verify(commands), true) };
    },
    reviewer: (base, head, options = {}) => ({
      review: async (request) => {
        const refused = (options.guarded ?? true) ? await refuseProtected(setup, base, head, request) : null;
        if (refused !== null) return refused;
        return call('openai', () =>
          step(async () => {
            const parent = setup.reviewParent ? await setup.reviewParent() : undefined;
            return withReviewCheckout(setup.git, base, head, (checkout) => {
              for (const path of checkout.restored) setup.log(`Reviewer sees ${path} as on the base branch`);
              return createCodexReviewer(codexOptions(setup, checkout.dir, 'review')).review(request);
            }, parent);
          }, false),
        );
      },
    }),
  };
}

/** The system's review when the change touches a protected path; null when it touches none (or none are protected). */
async function refuseProtected(setup: AgentSetup, base: string, head: string, request: ReviewRequest): Promise<CodexOutcome<Review> | null> {
  const patterns = setup.settings.protectedPaths;
  if (patterns.length === 0) return null;
  const changes = protectedChanges(await setup.git.changedPaths(base, head), patterns);
  if (changes.length === 0) return null;
  setup.log(`The change touches protected paths (${changes.map((c) => c.path).join(', ')}): revise without asking Codex`);
  const review = protectedPathsReview(changes, (request.previousReview?.findings ?? []).map((finding) => finding.id));
  const usage = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0 };
  return { value: review, threadId: null, usage, raw: JSON.stringify(review), repairs: 0, durationMs: 0 };
}
