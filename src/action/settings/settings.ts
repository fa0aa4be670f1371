// Every action input parsed once into a typed, validated, readonly Settings. All problems are
// collected and reported together, each saying what was expected and how to fix the workflow.
import { CtoError } from '../../core/model/errors.js';
import type { Limits } from '../../core/ports.js';
import { BOUNDS, defaultEscalateAfter } from '../../core/model/defaults.js';
import { INPUT_DEFAULTS, NO_BUDGET_CAP, type InputName } from './inputs.js';
import { parseCodexConfig, shown, splitList, splitTools, type CodexOverride } from './input-parsers.js';
import { branchNameFrom, isValidBotLogin, isValidBranchName, isValidLabel, isValidLogin } from './names.js';
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

const FIX = 'fix the `with:` block of the workflow step';
const REASONING: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
const MERGE_METHODS: readonly MergeMethod[] = ['merge', 'squash', 'rebase'];
const ISOLATION: readonly IsolationMode[] = ['user', 'none'];
const PREPARE_SANDBOX: readonly PrepareSandbox[] = ['auto', 'always', 'never'];
const YAML_TRUE = ['true', 'True', 'TRUE'];
const YAML_FALSE = ['false', 'False', 'FALSE'];
const MODEL = /^[A-Za-z0-9][A-Za-z0-9._:/@[\]-]{0,99}$/;
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const COMMAND_PREFIX = /^[/!@][A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** Parses every input; throws one CtoError('settings') that lists every problem found. */
export function parseSettings(read: (name: string) => string, facts: SettingsFacts): Settings {
  const problems: string[] = [];
  const fail = (name: InputName, expected: string, got: string): void => {
    problems.push(`input \`${name}\`: expected ${expected}, got ${got} — ${FIX}`);
  };
  // An empty input takes the action.yml default (the runner already did this; the CLI and tests may not).
  const raw = (name: InputName): string => {
    const value = read(name).trim();
    const fallback = INPUT_DEFAULTS[name];
    return value === '' && fallback !== undefined && !fallback.startsWith('${{') ? fallback : value;
  };
  const secret = (name: InputName, required: boolean): string | null => {
    const value = raw(name);
    if (value === '') {
      if (required) fail(name, 'a token', 'an empty value');
      return null;
    }
    if (/[\s\p{Cc}]/u.test(value)) {
      fail(name, 'a token without spaces or line breaks', 'a value with whitespace (value hidden)');
      return null;
    }
    return value;
  };
  const integer = (name: InputName, range: { min: number; max: number }): number | null => {
    const value = raw(name);
    const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (Number.isInteger(n) && n >= range.min && n <= range.max) return n;
    fail(name, `a whole number from ${range.min} to ${range.max}`, shown(value));
    return null;
  };
  const boolean = (name: InputName): boolean => {
    const value = raw(name);
    if (YAML_TRUE.includes(value)) return true;
    if (YAML_FALSE.includes(value)) return false;
    fail(name, '`true` or `false`', shown(value));
    return false;
  };
  const oneOf = <T extends string>(name: InputName, allowed: readonly T[], optional: boolean): T | null => {
    const value = raw(name);
    if (optional && value === '') return null;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    fail(name, `one of ${allowed.map((a) => `\`${a}\``).join(', ')}${optional ? ' or empty' : ''}`, shown(value));
    return null;
  };
  const model = (name: InputName): string | null => {
    const value = raw(name);
    if (value === '') return null;
    if (MODEL.test(value)) return value;
    fail(name, 'a model name (letters, digits and `._:/@[]-`) or empty', shown(value));
    return null;
  };
  const version = (name: InputName, pinned: string): string => {
    const value = raw(name);
    if (value === '') return pinned;
    if (VERSION.test(value)) return value;
    fail(name, 'an exact npm version such as `1.2.3`, or empty for the pinned version', shown(value));
    return pinned;
  };
  const logins = (name: InputName, bots: boolean): string[] => {
    const out: string[] = [];
    for (const login of splitList(raw(name))) {
      if (/[*?]/.test(login)) fail(name, 'exact logins (wildcards are not allowed)', shown(login));
      else if (!bots && login.endsWith('[bot]')) fail(name, 'user logins (put bots in `allowed-bots`)', shown(login));
      else if (bots ? isValidBotLogin(login) : isValidLogin(login)) out.push(login);
      else fail(name, bots ? 'GitHub bot logins such as `renovate[bot]`' : 'GitHub logins', shown(login));
    }
    return out;
  };

  const maxIterations = integer('max-iterations', BOUNDS.iterations);
  // Unset, it follows max-iterations; set, it may not exceed it.
  const escalateAfter = raw('escalate-after') === '' ? defaultEscalateAfter(maxIterations ?? BOUNDS.iterations.min) : integer('escalate-after', BOUNDS.iterations);
  if (maxIterations !== null && escalateAfter !== null && escalateAfter > maxIterations) {
    fail('escalate-after', `a number no larger than \`max-iterations\` (${maxIterations})`, shown(String(escalateAfter)));
  }
  const codexConfig = parseCodexConfig(raw('codex-config'));
  for (const problem of codexConfig.problems) fail('codex-config', problem.expected, problem.got);

  // After a problem, a field holds a placeholder; parseSettings throws before anyone sees it.
  const settings: Settings = {
    githubToken: secret('github-token', true) ?? '',
    reviewerToken: secret('reviewer-token', false),
    openaiApiKey: secret('openai-api-key', false),
    anthropicApiKey: secret('anthropic-api-key', false),
    anthropicBaseUrl: baseUrl(raw('anthropic-base-url'), (e, g) => fail('anthropic-base-url', e, g)),
    codexConfig: codexConfig.overrides,
    triggerLabel: checked(raw('trigger-label'), isValidLabel, () =>
      fail('trigger-label', 'a label of letters, digits and `._:/-` (no spaces), at most 50 characters', shown(raw('trigger-label'))),
    ),
    commandPrefix: checked(raw('command-prefix'), (v) => COMMAND_PREFIX.test(v), () =>
      fail('command-prefix', 'a word starting with `/`, `!` or `@`, such as `/cto`', shown(raw('command-prefix'))),
    ),
    maxIterations: maxIterations ?? BOUNDS.iterations.min,
    escalateAfter: escalateAfter ?? BOUNDS.iterations.min,
    maxTurns: integer('max-turns', BOUNDS.turns) ?? BOUNDS.turns.min,
    maxBudgetUsd: budget(raw('max-budget-usd'), (e, g) => fail('max-budget-usd', e, g)),
    planModel: model('plan-model'),
    reviewModel: model('review-model'),
    claudeModel: model('claude-model'),
    reasoningEffort: oneOf('reasoning-effort', REASONING, true),
    allowedTools: tools(raw('allowed-tools'), (e, g) => fail('allowed-tools', e, g)),
    baseBranch: baseBranch(raw('base-branch'), facts.defaultBranch, (e, g) => fail('base-branch', e, g)),
    branchPrefix: checked(raw('branch-prefix'), isValidBranchPrefix, () =>
      fail('branch-prefix', 'a branch name prefix such as `codex-cto/` (letters, digits and `._/+-`, valid for git)', shown(raw('branch-prefix'))),
    ),
    draftPr: boolean('draft-pr'),
    requirePlanApproval: boolean('require-plan-approval'),
    autoMerge: boolean('auto-merge'),
    mergeMethod: oneOf('merge-method', MERGE_METHODS, false) ?? 'squash',
    codexVersion: version('codex-version', facts.pinned.codex),
    claudeVersion: version('claude-version', facts.pinned.claude),
    timeoutMinutes: integer('timeout-minutes', BOUNDS.timeoutMinutes) ?? BOUNDS.timeoutMinutes.min,
    allowedUsers: logins('allowed-users', false),
    allowedBots: logins('allowed-bots', true),
    allowForks: boolean('allow-forks'),
    isolation: oneOf('isolation', ISOLATION, false) ?? 'user',
    prepareSandbox: oneOf('prepare-sandbox', PREPARE_SANDBOX, false) ?? 'auto',
    dryRun: boolean('dry-run'),
  };

  if (problems.length > 0) {
    const heading = problems.length === 1 ? 'one problem' : `${problems.length} problems`;
    throw new CtoError(
      'settings',
      `codex-cto cannot start: ${heading} with the action inputs:\n${problems.map((p) => `- ${p}`).join('\n')}`,
      'Fix the `with:` block of the codex-cto step in your workflow file.',
    );
  }
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

type Fail = (expected: string, got: string) => void;

function checked(value: string, valid: (v: string) => boolean, onInvalid: () => void): string {
  if (!valid(value)) onInvalid();
  return value;
}

function budget(value: string, fail: Fail): number | null {
  if (value === NO_BUDGET_CAP) return null;
  const n = /^\d{1,6}(?:\.\d{1,4})?$/.test(value) ? Number(value) : NaN;
  if (n > 0 && n <= BOUNDS.budgetUsd.max) return n;
  fail(`an amount in USD greater than 0 and at most ${BOUNDS.budgetUsd.max} (such as \`10\` or \`2.5\`), or \`${NO_BUDGET_CAP}\` for no cap`, shown(value));
  return null;
}

function baseUrl(value: string, fail: Fail): string | null {
  if (value === '') return null;
  let url: URL | null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    fail('an http(s) URL or empty', shown(value));
    return null;
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in the URL would end up in logs; the key has its own input.
    fail('a URL without credentials (pass the key in `anthropic-api-key`)', 'a URL with a user or password (value hidden)');
    return null;
  }
  return value;
}

/** `base-branch` (`refs/heads/` may lead), else the default branch the event names; each refused by its own name. */
function baseBranch(value: string, defaultBranch: string | undefined, fail: Fail): string | null {
  if (value !== '') {
    const name = branchNameFrom(value);
    if (name === null) fail('a valid branch name (`refs/heads/` may lead) or empty for the default branch', shown(value));
    return name;
  }
  if (defaultBranch === undefined || defaultBranch === '') return null;
  const name = branchNameFrom(defaultBranch);
  if (name === null) fail('a valid branch name, since it is empty and the repository\'s default branch in the event is not one', `the default branch ${shown(defaultBranch)}`);
  return name;
}

function tools(value: string, fail: Fail): string[] {
  const parsed = splitTools(value);
  if (parsed === null) {
    fail('tool names separated by commas or lines, with balanced parentheses', shown(value));
    return [];
  }
  const out: string[] = [];
  for (const tool of parsed) {
    if (/^[A-Za-z][A-Za-z0-9_]*(?:\([^()\p{Cc}]*\))?$/u.test(tool)) out.push(tool);
    else fail('Claude Code tool names such as `Read` or `Bash(npm test:*)`', shown(tool));
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
