// Every action input parsed once into a typed, validated, readonly Settings. All problems are
// collected and reported together, each saying what was expected and how to fix the workflow.
import type { Limits } from '../../core/ports.js';
import { BOUNDS, DEFAULTS, defaultEscalateAfter } from '../../core/model/defaults.js';
import { InputChecks } from './input-checks.js';
import { parseCodexConfig, shown, type CodexOverride } from './input-parsers.js';
import { isValidBranchName, isValidLabel } from './names.js';
import type { IsolationMode } from '../../workspace/agent-room.js';
import type { PrepareSandbox } from '../../workspace/sandbox.js';

export type { CodexOverride } from './input-parsers.js';

export type MergeMethod = 'merge' | 'squash' | 'rebase';
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface Settings {
  /** Token for comments, pushes, the PR and the check run. */
  readonly githubToken: string;
  /** Optional second identity that posts APPROVE / REQUEST_CHANGES reviews. */
  readonly reviewerToken: string | null;
  /** Needed by any phase that runs Codex (plan, review). */
  readonly openaiApiKey: string | null;
  /** Needed by any phase that runs Claude Code (implement). */
  readonly anthropicApiKey: string | null;
  /** A Messages-API gateway for Claude Code; null for Anthropic's own endpoint. */
  readonly anthropicBaseUrl: string | null;
  readonly codexConfig: readonly CodexOverride[];
  readonly triggerLabel: string;
  readonly commandPrefix: string;
  readonly maxIterations: number;
  readonly escalateAfter: number;
  /** Claude Code `--max-turns` per iteration. */
  readonly maxTurns: number;
  /** Claude spending cap for the whole loop; null when turned off with `none`. */
  readonly maxBudgetUsd: number | null;
  /** Null lets each CLI use its own default model. */
  readonly planModel: string | null;
  readonly reviewModel: string | null;
  readonly claudeModel: string | null;
  readonly reasoningEffort: ReasoningEffort | null;
  /** Claude Code tool allow-list, e.g. `Read`, `Bash(npm test:*)`. */
  readonly allowedTools: readonly string[];
  /** Null: the repository's default branch, which was not known when parsing. */
  readonly baseBranch: string | null;
  readonly branchPrefix: string;
  readonly draftPr: boolean;
  readonly requirePlanApproval: boolean;
  readonly autoMerge: boolean;
  readonly mergeMethod: MergeMethod;
  /** Exact npm versions installed when a CLI is not on PATH. */
  readonly codexVersion: string;
  readonly claudeVersion: string;
  /** Time limit of each phase (one agent run, the verification commands). */
  readonly timeoutMinutes: number;
  /** Seconds between progress edits of the tracking comment while Claude works; 0 for none. */
  readonly progressIntervalSeconds: number;
  /** Logins allowed to start work without write permission. */
  readonly allowedUsers: readonly string[];
  /** Bot logins (exact, e.g. `renovate[bot]`) whose comments may trigger work. */
  readonly allowedBots: readonly string[];
  readonly allowForks: boolean;
  /** `user`: agents run as a user created for the job; `none`: as the runner user. */
  readonly isolation: IsolationMode;
  /** When the action may change the host so that Codex's sandbox starts. */
  readonly prepareSandbox: PrepareSandbox;
  readonly dryRun: boolean;
}

export interface SettingsFacts {
  /** The repository's default branch, when the event payload told us. */
  defaultBranch?: string;
  /** Versions pinned in package.json (the exact devDependencies of the two CLIs). */
  pinned: { claude: string; codex: string };
}

const REASONING: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
const MERGE_METHODS: readonly MergeMethod[] = ['merge', 'squash', 'rebase'];
const ISOLATION: readonly IsolationMode[] = ['user', 'none'];
const PREPARE_SANDBOX: readonly PrepareSandbox[] = ['auto', 'always', 'never'];
const COMMAND_PREFIX = /^[/!@][A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** Parses every input; throws one CtoError('settings') that lists every problem found. */
export function parseSettings(read: (name: string) => string, facts: SettingsFacts): Settings {
  const input = new InputChecks(read);
  const maxIterations = input.integer('max-iterations', BOUNDS.iterations);
  // Unset, it follows max-iterations; set, it may not exceed it.
  const escalateAfter = input.raw('escalate-after') === '' ? defaultEscalateAfter(maxIterations ?? BOUNDS.iterations.min) : input.integer('escalate-after', BOUNDS.iterations);
  if (maxIterations !== null && escalateAfter !== null && escalateAfter > maxIterations) {
    input.fail('escalate-after', `a number no larger than \`max-iterations\` (${maxIterations})`, shown(String(escalateAfter)));
  }
  const codexConfig = parseCodexConfig(input.raw('codex-config'));
  for (const problem of codexConfig.problems) input.fail('codex-config', problem.expected, problem.got);

  // In the order problems are reported; after a problem, a field holds a placeholder.
  const settings: Settings = {
    githubToken: input.secret('github-token', true) ?? '',
    reviewerToken: input.secret('reviewer-token', false),
    openaiApiKey: input.secret('openai-api-key', false),
    anthropicApiKey: input.secret('anthropic-api-key', false),
    anthropicBaseUrl: input.baseUrl('anthropic-base-url'),
    codexConfig: codexConfig.overrides,
    triggerLabel: input.checked('trigger-label', isValidLabel, 'a label of letters, digits and `._:/-` (no spaces), at most 50 characters'),
    commandPrefix: input.checked('command-prefix', (v) => COMMAND_PREFIX.test(v), 'a word starting with `/`, `!` or `@`, such as `/cto`'),
    maxIterations: maxIterations ?? BOUNDS.iterations.min,
    escalateAfter: escalateAfter ?? BOUNDS.iterations.min,
    maxTurns: input.integer('max-turns', BOUNDS.turns) ?? BOUNDS.turns.min,
    maxBudgetUsd: input.budget('max-budget-usd'),
    planModel: input.model('plan-model'),
    reviewModel: input.model('review-model'),
    claudeModel: input.model('claude-model'),
    reasoningEffort: input.oneOf('reasoning-effort', REASONING, true),
    allowedTools: input.tools('allowed-tools'),
    baseBranch: input.branch('base-branch', facts.defaultBranch),
    branchPrefix: input.checked('branch-prefix', isValidBranchPrefix, 'a branch name prefix such as `codex-cto/` (letters, digits and `._/+-`, valid for git)'),
    draftPr: input.boolean('draft-pr'),
    requirePlanApproval: input.boolean('require-plan-approval'),
    autoMerge: input.boolean('auto-merge'),
    mergeMethod: input.oneOf('merge-method', MERGE_METHODS, false) ?? 'squash',
    codexVersion: input.version('codex-version', facts.pinned.codex),
    claudeVersion: input.version('claude-version', facts.pinned.claude),
    timeoutMinutes: input.integer('timeout-minutes', BOUNDS.timeoutMinutes) ?? BOUNDS.timeoutMinutes.min,
    progressIntervalSeconds: input.integer('progress-interval', BOUNDS.progressIntervalSeconds) ?? DEFAULTS.progressIntervalSeconds,
    allowedUsers: input.logins('allowed-users', false),
    allowedBots: input.logins('allowed-bots', true),
    allowForks: input.boolean('allow-forks'),
    isolation: input.oneOf('isolation', ISOLATION, false) ?? 'user',
    prepareSandbox: input.oneOf('prepare-sandbox', PREPARE_SANDBOX, false) ?? 'auto',
    dryRun: input.boolean('dry-run'),
  };
  input.throwProblems();
  return deepFreeze(settings);
}

/** The engine's loop limits, taken from the settings. */
export function limitsOf(settings: Settings): Limits {
  return {
    maxIterations: settings.maxIterations,
    escalateAfter: settings.escalateAfter,
    maxBudgetUsd: settings.maxBudgetUsd,
    requirePlanApproval: settings.requirePlanApproval,
  };
}

/** Every secret value in the settings, for masking and redaction. */
export function secretsOf(settings: Settings): string[] {
  return [settings.githubToken, settings.reviewerToken, settings.openaiApiKey, settings.anthropicApiKey].filter(
    (s): s is string => s !== null && s !== '',
  );
}

/** A prefix that still yields a valid branch name once `issue-<N>` is appended. */
export function isValidBranchPrefix(prefix: string): boolean {
  return prefix.length <= 100 && isValidBranchName(`${prefix}issue-1`);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
