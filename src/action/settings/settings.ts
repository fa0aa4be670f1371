// Every action input parsed once into a typed, validated, readonly Settings, over the repository's config
// file when there is one: an explicit input wins, then the file, then the default. All problems are
// collected and reported together, each saying what was expected and how to fix the workflow (or the file).
import type { Limits } from '../../core/ports.js';
import { BOUNDS, DEFAULTS, defaultEscalateAfter } from '../../core/model/defaults.js';
import { InputChecks } from './input-checks.js';
import { parseCodexConfig, shown, type CodexOverride } from './input-parsers.js';
import { isValidBranchName, isValidLabel } from './names.js';
import type { IsolationMode } from '../../workspace/agent-room.js';
import type { PrepareSandbox } from '../../workspace/sandbox.js';
import type { LoadedConfig } from '../../core/model/repo-config.js';
import type { Origin } from './config-inputs.js';
import type { InputName } from './inputs.js';
import type { PassedNames } from '../../safety/env-passthrough.js';

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
  /** The `reasoning-effort` input for both phases, else each phase's in the config file. */
  readonly planReasoningEffort: ReasoningEffort | null;
  readonly reviewReasoningEffort: ReasoningEffort | null;
  /** The team's rules from the config file, appended to the CTO persona; null when none. */
  readonly planInstructions: string | null;
  readonly reviewInstructions: string | null;
  /** Glob patterns of paths the loop may not change (config `protected-paths`). */
  readonly protectedPaths: readonly string[];
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
  /** Keep the installed CLIs in the Actions cache between runs. */
  readonly cacheAgentClis: boolean;
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
  /** Shell commands run in the work tree before any model call (`npm ci`), each with `setupTimeoutMinutes` (config `setup`). */
  readonly setupCommands: readonly string[];
  readonly setupTimeoutMinutes: number;
  /** Variables passed from the step's environment to Claude, setup and verification (config `env`). */
  readonly envPassthrough: readonly string[];
  /** Like envPassthrough, for names that look like credentials; their values are masked and redacted. */
  readonly secretEnv: readonly string[];
  /** Commands run after every implementation besides the plan's verification (config `verify`). */
  readonly verifyCommands: readonly string[];
  /** Whether the GitHub token may push changes under `.github/workflows/` (the `workflows` permission). */
  readonly writeWorkflows: boolean;
  /** Upload each run's plans, reviews, transcripts and verification outputs as a workflow artifact. */
  readonly uploadArtifacts: boolean;
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

/** The settings and where each input's value came from. */
export interface ResolvedSettings {
  settings: Settings;
  origins: ReadonlyMap<InputName, Origin>;
  config: LoadedConfig | null;
}

/** Parses every input over `config`; throws one CtoError ('settings', or 'config' for the file's alone) listing every problem. */
export function parseSettings(read: (name: string) => string, facts: SettingsFacts, config: LoadedConfig | null = null): Settings {
  return resolveSettings(read, facts, config).settings;
}

export function resolveSettings(read: (name: string) => string, facts: SettingsFacts, config: LoadedConfig | null): ResolvedSettings {
  const input = new InputChecks(read, config);
  const maxIterations = input.integer('max-iterations', BOUNDS.iterations);
  // Unset, it follows max-iterations; set, it may not exceed it.
  const escalateAfter = input.raw('escalate-after') === '' ? defaultEscalateAfter(maxIterations ?? BOUNDS.iterations.min) : input.integer('escalate-after', BOUNDS.iterations);
  if (maxIterations !== null && escalateAfter !== null && escalateAfter > maxIterations) {
    input.fail('escalate-after', `a number no larger than \`max-iterations\` (${maxIterations})`, shown(String(escalateAfter)));
  }
  const codexConfig = parseCodexConfig(input.raw('codex-config'));
  // The input, for both phases; no config key stands for it (each phase has its own there).
  const effort = input.oneOf('reasoning-effort', REASONING, true);
  const file = config?.config ?? null;
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
    planReasoningEffort: effort ?? file?.plan?.['reasoning-effort'] ?? null,
    reviewReasoningEffort: effort ?? file?.review?.['reasoning-effort'] ?? null,
    planInstructions: instructions(file?.plan?.instructions),
    reviewInstructions: instructions(file?.review?.instructions),
    protectedPaths: file?.['protected-paths'] ?? [],
    allowedTools: input.tools('allowed-tools'),
    baseBranch: input.branch('base-branch', facts.defaultBranch),
    branchPrefix: input.checked('branch-prefix', isValidBranchPrefix, 'a branch name prefix such as `codex-cto/` (letters, digits and `._/+-`, valid for git)'),
    draftPr: input.boolean('draft-pr'),
    requirePlanApproval: input.boolean('require-plan-approval'),
    autoMerge: input.boolean('auto-merge'),
    mergeMethod: input.oneOf('merge-method', MERGE_METHODS, false) ?? 'squash',
    codexVersion: input.version('codex-version', facts.pinned.codex),
    claudeVersion: input.version('claude-version', facts.pinned.claude),
    cacheAgentClis: input.boolean('cache-agent-clis'),
    timeoutMinutes: input.integer('timeout-minutes', BOUNDS.timeoutMinutes) ?? BOUNDS.timeoutMinutes.min,
    progressIntervalSeconds: input.integer('progress-interval', BOUNDS.progressIntervalSeconds) ?? DEFAULTS.progressIntervalSeconds,
    allowedUsers: input.logins('allowed-users', false),
    allowedBots: input.logins('allowed-bots', true),
    allowForks: input.boolean('allow-forks'),
    isolation: input.oneOf('isolation', ISOLATION, false) ?? 'user',
    prepareSandbox: input.oneOf('prepare-sandbox', PREPARE_SANDBOX, false) ?? 'auto',
    setupCommands: input.commands('setup'),
    setupTimeoutMinutes: input.integer('setup-timeout-minutes', BOUNDS.timeoutMinutes) ?? BOUNDS.timeoutMinutes.min,
    envPassthrough: input.envNames('env-passthrough', false),
    secretEnv: input.envNames('secret-env', true),
    verifyCommands: input.commands('verify'),
    writeWorkflows: input.boolean('write-workflows'),
    uploadArtifacts: input.boolean('upload-artifacts'),
    dryRun: input.boolean('dry-run'),
  };
  input.throwProblems();
  return { settings: deepFreeze(settings), origins: input.origins, config };
}

function instructions(text: string | undefined): string | null {
  return text === undefined || text.trim() === '' ? null : text;
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

/** The variables the agents get from the step's environment (`env-passthrough`, `secret-env`). */
export function passedNamesOf(settings: Pick<Settings, 'envPassthrough' | 'secretEnv'>): PassedNames {
  return { plain: settings.envPassthrough, secret: settings.secretEnv };
}

/** Every secret value in the settings (and of the `secret-env` variables in `env`), for masking and redaction. */
export function secretsOf(settings: Settings, env: Readonly<Record<string, string | undefined>> = {}): string[] {
  const passed = settings.secretEnv.map((name) => env[name]);
  return [settings.githubToken, settings.reviewerToken, settings.openaiApiKey, settings.anthropicApiKey, ...passed].filter(
    (s): s is string => s !== null && s !== undefined && s !== '',
  );
}

/** The values no passed variable may hold: the GitHub tokens and the model keys. */
export function guardedValuesOf(settings: Settings): string[] {
  return secretsOf(settings);
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
