import { describe, expect, it } from 'vitest';
import { CtoError } from '../../../../src/core/model/errors.js';
import { envInputReader, inputEnvName, INPUT_NAMES } from '../../../../src/action/settings/inputs.js';
import { branchNameFrom, isValidBranchName, isValidLabel, isValidLogin, requireBranchName } from '../../../../src/action/settings/names.js';
import { isValidBranchPrefix, limitsOf, parseSettings, secretsOf, type Settings } from '../../../../src/action/settings/settings.js';

const facts = { pinned: { claude: '2.1.330', codex: '0.169.0' } };

/** Reads the given inputs; everything else is empty, as when a workflow leaves it out. */
function reader(inputs: Record<string, string>): (name: string) => string {
  return (name) => inputs[name] ?? '';
}

function parse(inputs: Record<string, string> = {}, extra: Partial<typeof facts & { defaultBranch: string }> = {}): Settings {
  return parseSettings(reader({ 'github-token': 'ghs_token', ...inputs }), { ...facts, ...extra });
}

/** The problem lines of the settings error thrown for `inputs`. */
function problems(inputs: Record<string, string>): string[] {
  try {
    parse(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(CtoError);
    expect((error as CtoError).kind).toBe('settings');
    return (error as CtoError).message.split('\n').filter((line) => line.startsWith('- '));
  }
  throw new Error('expected parseSettings to throw');
}

describe('parseSettings: defaults', () => {
  it('gives the documented defaults when only the token is set', () => {
    const settings = parse();
    expect(settings).toEqual({
      githubToken: 'ghs_token',
      reviewerToken: null,
      openaiApiKey: null,
      anthropicApiKey: null,
      anthropicBaseUrl: null,
      codexConfig: [],
      triggerLabel: 'codex-cto',
      commandPrefix: '/cto',
      maxIterations: 5,
      escalateAfter: 3,
      maxTurns: 50,
      maxBudgetUsd: 10,
      planModel: null,
      reviewModel: null,
      claudeModel: null,
      planReasoningEffort: null,
      reviewReasoningEffort: null,
      planInstructions: null,
      reviewInstructions: null,
      protectedPaths: [],
      allowedTools: ['Read', 'Edit', 'Write', 'Glob', 'Grep', 'Bash', 'TaskCreate', 'TaskUpdate', 'TaskList', 'TaskGet'],
      baseBranch: null,
      branchPrefix: 'codex-cto/',
      draftPr: true,
      requirePlanApproval: false,
      autoMerge: false,
      mergeMethod: 'squash',
      codexVersion: '0.169.0',
      claudeVersion: '2.1.330',
      cacheAgentClis: true,
      timeoutMinutes: 30,
      progressIntervalSeconds: 60,
      allowedUsers: [],
      allowedBots: [],
      allowForks: false,
      isolation: 'user',
      prepareSandbox: 'auto',
      setupCommands: [],
      setupTimeoutMinutes: 15,
      envPassthrough: [],
      secretEnv: [],
      verifyCommands: [],
      writeWorkflows: false,
      uploadArtifacts: true,
      dryRun: false,
    } satisfies Settings);
  });

  it('reads progress-interval in seconds, 0 turning progress edits off, and refuses values out of range', () => {
    expect(parse({ 'progress-interval': '0' }).progressIntervalSeconds).toBe(0);
    expect(parse({ 'progress-interval': '15' }).progressIntervalSeconds).toBe(15);
    expect(() => parse({ 'progress-interval': '3601' })).toThrow(/progress-interval/);
    expect(() => parse({ 'progress-interval': '-1' })).toThrow(/progress-interval/);
  });

  it('uses the repository default branch when base-branch is empty', () => {
    expect(parse({}, { defaultBranch: 'trunk' }).baseBranch).toBe('trunk');
    expect(parse({ 'base-branch': 'release/1.x' }, { defaultBranch: 'trunk' }).baseBranch).toBe('release/1.x');
  });

  it('drops a leading refs/heads/ from base-branch and from the default branch', () => {
    expect(parse({ 'base-branch': 'refs/heads/release/1.x' }).baseBranch).toBe('release/1.x');
    expect(parse({}, { defaultBranch: 'refs/heads/trunk' }).baseBranch).toBe('trunk');
  });

  it('uses the pinned agent versions when the version inputs are empty', () => {
    const settings = parse({}, { pinned: { claude: '9.9.9', codex: '8.8.8' } });
    expect([settings.claudeVersion, settings.codexVersion]).toEqual(['9.9.9', '8.8.8']);
    expect(parse({ 'codex-version': '0.170.0-alpha.1' }).codexVersion).toBe('0.170.0-alpha.1');
  });

  it('caches the agent CLIs unless cache-agent-clis is false', () => {
    expect(parse({ 'cache-agent-clis': 'false' }).cacheAgentClis).toBe(false);
    expect(parse({ 'cache-agent-clis': 'true' }).cacheAgentClis).toBe(true);
  });

  it('returns a frozen object whose lists cannot be changed', () => {
    const settings = parse({ 'allowed-users': 'alice' });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(() => (settings.allowedUsers as string[]).push('mallory')).toThrow();
  });

  it('asks only for the input names it knows', () => {
    const asked: string[] = [];
    parseSettings((name) => {
      asked.push(name);
      return name === 'github-token' ? 't' : '';
    }, facts);
    expect(new Set(asked)).toEqual(new Set(INPUT_NAMES));
  });
});

describe('parseSettings: values', () => {
  it('parses numbers, booleans and enums', () => {
    const settings = parse({
      'max-iterations': '10',
      'escalate-after': '10',
      'max-turns': '200',
      'max-budget-usd': '2.5',
      'timeout-minutes': '360',
      'draft-pr': 'False',
      'require-plan-approval': 'TRUE',
      'auto-merge': 'true',
      'merge-method': 'rebase',
      'reasoning-effort': 'high',
      'allow-forks': 'true',
      'dry-run': 'True',
    });
    expect(settings).toMatchObject({
      maxIterations: 10,
      escalateAfter: 10,
      maxTurns: 200,
      maxBudgetUsd: 2.5,
      timeoutMinutes: 360,
      draftPr: false,
      requirePlanApproval: true,
      autoMerge: true,
      mergeMethod: 'rebase',
      planReasoningEffort: 'high',
      reviewReasoningEffort: 'high',
      allowForks: true,
      dryRun: true,
    });
  });

  it('turns the budget cap off with `none`', () => {
    expect(parse({ 'max-budget-usd': 'none' }).maxBudgetUsd).toBeNull();
  });

  it('trims values and splits lists on commas and lines, dropping repeats', () => {
    const settings = parse({
      'allowed-users': ' alice , bob\ncarol\n\nalice ',
      'allowed-bots': 'renovate[bot]\n dependabot[bot] ',
      'trigger-label': '  ai:build  ',
    });
    expect(settings.allowedUsers).toEqual(['alice', 'bob', 'carol']);
    expect(settings.allowedBots).toEqual(['renovate[bot]', 'dependabot[bot]']);
    expect(settings.triggerLabel).toBe('ai:build');
  });

  it('keeps tool patterns with commas inside parentheses whole', () => {
    expect(parse({ 'allowed-tools': 'Read, Bash(git diff, git log)\nmcp__docs__search' }).allowedTools).toEqual([
      'Read',
      'Bash(git diff, git log)',
      'mcp__docs__search',
    ]);
  });

  it('parses codex-config lines, skipping blanks and comments', () => {
    const settings = parse({ 'codex-config': '# provider\nmodel_provider = "gateway"\n\nmodel_providers.gateway.base_url="https://llm.example/v1"\n' });
    expect(settings.codexConfig).toEqual([
      { key: 'model_provider', value: '"gateway"' },
      { key: 'model_providers.gateway.base_url', value: '"https://llm.example/v1"' },
    ]);
  });

  it('accepts model names and a gateway URL', () => {
    const settings = parse({
      'plan-model': 'gpt-5.1-codex',
      'claude-model': 'claude-sonnet-4-5[1m]',
      'review-model': 'org/model:2025-01',
      'anthropic-base-url': 'https://gateway.example/anthropic',
    });
    expect([settings.planModel, settings.claudeModel, settings.reviewModel, settings.anthropicBaseUrl]).toEqual([
      'gpt-5.1-codex',
      'claude-sonnet-4-5[1m]',
      'org/model:2025-01',
      'https://gateway.example/anthropic',
    ]);
  });

  it('derives the engine limits and the secrets to mask', () => {
    const settings = parse({ 'reviewer-token': 'ghp_r', 'openai-api-key': 'sk-o', 'max-budget-usd': 'none' });
    expect(limitsOf(settings)).toEqual({ maxIterations: 5, escalateAfter: 3, maxBudgetUsd: null, requirePlanApproval: false });
    expect(secretsOf(settings)).toEqual(['ghs_token', 'ghp_r', 'sk-o']);
  });

  it('reads inputs from the environment the way the runner passes them', () => {
    expect(inputEnvName('github-token')).toBe('INPUT_GITHUB-TOKEN');
    const read = envInputReader({ 'INPUT_MAX-ITERATIONS': ' 7 ', 'INPUT_GITHUB-TOKEN': 't' });
    expect(read('max-iterations')).toBe('7');
    expect(read('dry-run')).toBe('');
    expect(parseSettings(read, facts).maxIterations).toBe(7);
  });
});

describe('parseSettings: problems', () => {
  it('explains a bad whole number with the range, the value and the fix', () => {
    expect(problems({ 'max-iterations': 'abc' })).toEqual([
      '- input `max-iterations`: expected a whole number from 1 to 20, got `abc` — fix the `with:` block of the workflow step',
    ]);
  });

  it.each([
    ['max-iterations', '0'],
    ['max-iterations', '21'],
    ['max-iterations', '2.5'],
    ['max-iterations', '-1'],
    ['escalate-after', '0'],
    ['max-turns', '1001'],
    ['timeout-minutes', '0'],
    ['timeout-minutes', '361'],
    ['max-budget-usd', '0'],
    ['max-budget-usd', '-5'],
    ['max-budget-usd', 'ten'],
    ['max-budget-usd', '1e3'],
    ['max-budget-usd', '10001'],
    ['draft-pr', 'yes'],
    ['dry-run', 'on'],
    ['auto-merge', '1'],
    ['merge-method', 'fast-forward'],
    ['reasoning-effort', 'extreme'],
    ['plan-model', 'gpt 5'],
    ['claude-model', '-rf'],
    ['codex-version', 'latest'],
    ['claude-version', '^2.1.0'],
    ['anthropic-base-url', 'ftp://example.com'],
    ['anthropic-base-url', 'not a url'],
    ['trigger-label', 'codex cto'],
    ['trigger-label', 'a..b'],
    ['trigger-label', 'x'.repeat(51)],
    ['command-prefix', 'cto'],
    ['command-prefix', '/c to'],
    ['command-prefix', '>cto'],
    ['branch-prefix', 'bad..prefix/'],
    ['branch-prefix', '-x/'],
    ['branch-prefix', 'has space/'],
    ['branch-prefix', 'ctl\u0007/'],
    ['branch-prefix', '.hidden/'],
    ['base-branch', 'main~1'],
    ['base-branch', 'feature/'],
    ['base-branch', 'refs/tags/v1'],
    ['base-branch', 'refs/heads/a..b'],
    ['base-branch', 'HEAD'],
    ['allowed-tools', 'Read, Bash(unclosed'],
    ['allowed-tools', 'Read, rm -rf'],
    ['allowed-users', 'not a login'],
    ['allowed-users', '-alice'],
    ['allowed-bots', 'weird bot[bot]'],
  ])('refuses %s = %j', (name, value) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`input \`${name}\`: expected `);
    expect(found[0]).toMatch(/— fix the `with:` block of the workflow step$/);
  });

  it('derives escalate-after from max-iterations when it is not set', () => {
    expect(parse({ 'max-iterations': '2' })).toMatchObject({ maxIterations: 2, escalateAfter: 2 });
    expect(parse({ 'max-iterations': '1' })).toMatchObject({ maxIterations: 1, escalateAfter: 1 });
    expect(parse({ 'max-iterations': '12' })).toMatchObject({ maxIterations: 12, escalateAfter: 3 });
    expect(parse({ 'max-iterations': '2', 'escalate-after': '1' })).toMatchObject({ escalateAfter: 1 });
  });

  it('names the default branch from the event when it is what is refused', () => {
    try {
      parse({}, { defaultBranch: 'main branch' });
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as CtoError).message).toContain("input `base-branch`: expected a valid branch name, since it is empty and the repository's default branch in the event is not one, got the default branch `main branch`");
    }
  });

  it('requires escalate-after to be no larger than max-iterations', () => {
    expect(problems({ 'max-iterations': '2', 'escalate-after': '3' })).toEqual([
      '- input `escalate-after`: expected a number no larger than `max-iterations` (2), got `3` — fix the `with:` block of the workflow step',
    ]);
  });

  it('refuses wildcards in user and bot lists', () => {
    expect(problems({ 'allowed-bots': '*[bot]' })[0]).toContain('wildcards are not allowed');
    expect(problems({ 'allowed-users': '*' })[0]).toContain('wildcards are not allowed');
  });

  it('sends bot logins to allowed-bots', () => {
    expect(problems({ 'allowed-users': 'renovate[bot]' })[0]).toContain('put bots in `allowed-bots`');
  });

  it.each([
    'sandbox_mode="danger-full-access"',
    'approval_policy="never"',
    'sandbox_workspace_write.network_access=true',
    'profile="yolo"',
    'profiles.yolo.sandbox_mode="danger-full-access"',
    'mcp_servers.fs.command="npx"',
    'notify=["sh","-c","curl evil"]',
    'shell_environment_policy.inherit="all"',
    'projects."/w".trust_level="trusted"',
    'Sandbox_Mode="danger-full-access"',
  ])('refuses the codex-config override %j', (line) => {
    const found = problems({ 'codex-config': `model="gpt-5"\n${line}` });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('input `codex-config`');
  });

  it('names the sandbox when refusing a sandbox key', () => {
    expect(problems({ 'codex-config': 'sandbox_mode="danger-full-access"' })[0]).toContain('read-only sandbox or approval policy');
  });

  it.each(['no equals sign', '=value', 'key=', 'bad key=1'])('refuses the malformed codex-config line %j', (line) => {
    expect(problems({ 'codex-config': line })[0]).toContain('one `key=value` per line');
  });

  it('never quotes a codex-config value back (it may hold a secret header)', () => {
    const found = problems({ 'codex-config': 'mcp_servers.x.env={TOKEN="s3cr3t-value"}' });
    expect(found[0]).not.toContain('s3cr3t-value');
  });

  it('requires the GitHub token and never echoes a bad token', () => {
    const missing = parseSettingsProblems({});
    expect(missing).toEqual([
      '- input `github-token`: expected a token, got an empty value — fix the `with:` block of the workflow step',
    ]);
    const spaced = problems({ 'openai-api-key': 'sk-abc def' });
    expect(spaced[0]).toContain('input `openai-api-key`');
    expect(spaced.join('\n')).not.toContain('sk-abc');
  });

  it('refuses a gateway URL with credentials in it without echoing them', () => {
    const found = problems({ 'anthropic-base-url': 'https://user:hunter2@gateway.example' });
    expect(found[0]).toContain('without credentials');
    expect(found[0]).not.toContain('hunter2');
  });

  it('escapes control characters and shortens long values in messages', () => {
    const found = problems({ 'trigger-label': `evil\n- input \`x\`: injected${'y'.repeat(100)}` });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('evil\\u000a');
    expect(found[0]).toContain('...`');
  });

  it('collects every problem into one error with a hint', () => {
    let thrown: unknown = null;
    try {
      parse({ 'max-iterations': 'x', 'draft-pr': 'maybe', 'merge-method': 'ff', 'allowed-bots': '*' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CtoError);
    const error = thrown as CtoError;
    expect(error.message.split('\n')[0]).toBe('codex-cto cannot start: 4 problems with the action inputs:');
    expect(error.message.match(/^- input /gm)).toHaveLength(4);
    expect(error.hint).toBe('Fix the `with:` block of the codex-cto step in your workflow file.');
  });
});

describe('name patterns', () => {
  it.each(['main', 'release/1.x', 'codex-cto/issue-12', 'a+b', 'v1.2.3'])('accepts the branch %j', (name) => {
    expect(isValidBranchName(name)).toBe(true);
  });

  it.each(['', 'HEAD', 'refs/heads/main', 'refs/tags/v1', '-x', '/x', 'x/', 'x.', 'a..b', 'a//b', '.x', 'a/.b', 'x.lock', 'a/b.lock/c', '@', 'a@{1}', 'a b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', 'é', 'a\u0000', 'x'.repeat(201)])(
    'refuses the branch %j',
    (name) => {
      expect(isValidBranchName(name)).toBe(false);
    },
  );

  it('checks a branch prefix by the branch it makes', () => {
    expect(isValidBranchPrefix('codex-cto/')).toBe(true);
    expect(isValidBranchPrefix('bot-')).toBe(true);
    expect(isValidBranchPrefix('')).toBe(true);
    expect(isValidBranchPrefix('a//')).toBe(false);
    expect(isValidBranchPrefix('x.lock/')).toBe(false);
  });

  it('accepts labels and logins GitHub would, and nothing looser', () => {
    expect(isValidLabel('codex-cto:needs-human')).toBe(true);
    expect(isValidLabel('good first issue')).toBe(false);
    expect(isValidLogin('octo-cat')).toBe(true);
    expect(isValidLogin('octocat_acme')).toBe(true);
    expect(isValidLogin('octocat-')).toBe(false);
    expect(isValidLogin('x'.repeat(51))).toBe(false);
  });
});

function parseSettingsProblems(inputs: Record<string, string>): string[] {
  try {
    parseSettings(reader(inputs), facts);
  } catch (error) {
    return (error as Error).message.split('\n').filter((line) => line.startsWith('- '));
  }
  throw new Error('expected parseSettings to throw');
}

describe('branch names from events and the API', () => {
  it('takes a name with or without refs/heads/, and refuses anything else naming where it came from', () => {
    expect(branchNameFrom('refs/heads/feature/x')).toBe('feature/x');
    expect(branchNameFrom('main')).toBe('main');
    expect(branchNameFrom('refs/pull/4/head')).toBeNull();
    expect(requireBranchName('refs/heads/main', 'The base branch of pull request #4')).toBe('main');
    let refusal: unknown = null;
    try {
      requireBranchName('main;rm -rf', 'The base branch of pull request #4');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ kind: 'refused', message: 'The base branch of pull request #4 is `main;rm -rf`, which codex-cto does not accept as a branch name.' });
  });
});
