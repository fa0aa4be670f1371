// The action's input and output names and input defaults, in one place. action.yml declares the
// same names and defaults (a unit test keeps the two equal); settings.ts parses the values. Defaults
// the CLI shares come from core/model/defaults.ts.
import { DEFAULTS } from '../../core/model/defaults.js';

export const INPUTS = {
  githubToken: 'github-token',
  reviewerToken: 'reviewer-token',
  openaiApiKey: 'openai-api-key',
  anthropicApiKey: 'anthropic-api-key',
  anthropicBaseUrl: 'anthropic-base-url',
  codexConfig: 'codex-config',
  triggerLabel: 'trigger-label',
  commandPrefix: 'command-prefix',
  maxIterations: 'max-iterations',
  escalateAfter: 'escalate-after',
  maxTurns: 'max-turns',
  maxBudgetUsd: 'max-budget-usd',
  planModel: 'plan-model',
  reviewModel: 'review-model',
  claudeModel: 'claude-model',
  reasoningEffort: 'reasoning-effort',
  allowedTools: 'allowed-tools',
  baseBranch: 'base-branch',
  branchPrefix: 'branch-prefix',
  draftPr: 'draft-pr',
  requirePlanApproval: 'require-plan-approval',
  autoMerge: 'auto-merge',
  mergeMethod: 'merge-method',
  codexVersion: 'codex-version',
  claudeVersion: 'claude-version',
  cacheAgentClis: 'cache-agent-clis',
  timeoutMinutes: 'timeout-minutes',
  progressInterval: 'progress-interval',
  allowedUsers: 'allowed-users',
  allowedBots: 'allowed-bots',
  allowForks: 'allow-forks',
  isolation: 'isolation',
  prepareSandbox: 'prepare-sandbox',
  setup: 'setup',
  setupTimeoutMinutes: 'setup-timeout-minutes',
  envPassthrough: 'env-passthrough',
  secretEnv: 'secret-env',
  verify: 'verify',
  writeWorkflows: 'write-workflows',
  uploadArtifacts: 'upload-artifacts',
  dryRun: 'dry-run',
} as const;

export type InputName = (typeof INPUTS)[keyof typeof INPUTS];

export const INPUT_NAMES: readonly InputName[] = Object.freeze(Object.values(INPUTS));

/** The word that turns the spending cap off in `max-budget-usd`. */
export const NO_BUDGET_CAP = 'none';

/**
 * Defaults exactly as action.yml declares them. Inputs absent here have no default in action.yml: they are
 * off, looked up at run time (base branch, agent versions pinned in package.json), derived from another
 * input (escalate-after, see defaultEscalateAfter), or a repository's config file can set them
 * (CONFIGURABLE_DEFAULTS).
 */
export const INPUT_DEFAULTS: Readonly<Partial<Record<InputName, string>>> = Object.freeze({
  'github-token': '${{ github.token }}',
  'trigger-label': 'codex-cto',
  'command-prefix': '/cto',
  'allow-forks': 'false',
  isolation: 'user',
  'prepare-sandbox': 'auto',
  'setup-timeout-minutes': String(DEFAULTS.setupTimeoutMinutes),
  'write-workflows': 'false',
  'cache-agent-clis': 'true',
  'upload-artifacts': 'true',
  'progress-interval': String(DEFAULTS.progressIntervalSeconds),
  'dry-run': 'false',
});

/**
 * Defaults of the inputs a repository's config file can also set. They are not in action.yml: the runner
 * fills an action.yml default in before the action starts, so it could not be told apart from a value the
 * workflow sets, and it would always win over the config file. An empty input means "not set here".
 */
export const CONFIGURABLE_DEFAULTS: Readonly<Partial<Record<InputName, string>>> = Object.freeze({
  'max-iterations': String(DEFAULTS.maxIterations),
  'max-turns': String(DEFAULTS.maxTurns),
  'max-budget-usd': String(DEFAULTS.budgetUsd.unattended),
  'allowed-tools': DEFAULTS.allowedTools.join(','),
  'branch-prefix': DEFAULTS.branchPrefix,
  'draft-pr': String(DEFAULTS.draftPr),
  'require-plan-approval': String(DEFAULTS.requirePlanApproval),
  'auto-merge': String(DEFAULTS.autoMerge),
  'merge-method': DEFAULTS.mergeMethod,
  'timeout-minutes': String(DEFAULTS.timeoutMinutes),
});

/** Inputs whose values are secrets: never echoed in messages, masked as soon as they are read. */
export const SECRET_INPUTS: readonly InputName[] = Object.freeze([
  'github-token',
  'reviewer-token',
  'openai-api-key',
  'anthropic-api-key',
]);

export const OUTPUTS = {
  verdict: 'verdict',
  iterations: 'iterations',
  prNumber: 'pr-number',
  prUrl: 'pr-url',
  branch: 'branch',
  totalCostUsd: 'total-cost-usd',
  planFile: 'plan-file',
  reviewFile: 'review-file',
  sessionId: 'session-id',
} as const;

export type OutputName = (typeof OUTPUTS)[keyof typeof OUTPUTS];

export const OUTPUT_NAMES: readonly OutputName[] = Object.freeze(Object.values(OUTPUTS));

/** The environment variable the runner sets for an input (hyphens kept, as @actions/core reads it). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** A reader over an environment map, trimming like `core.getInput`; missing inputs read as ''. */
export function envInputReader(env: Readonly<Record<string, string | undefined>>): (name: string) => string {
  return (name) => (env[inputEnvName(name)] ?? '').trim();
}
