import { describe, expect, it } from 'vitest';
import { checkedOverride, codexExecArgs, codexResumeArgs, type CodexArgsOptions } from '../../../src/agents/codex-args.js';
import { CtoError } from '../../../src/core/model/errors.js';

const files = { schema: '/scratch/plan.schema.json', output: '/scratch/reply-1.txt' };

function options(overrides: Partial<CodexArgsOptions> = {}): CodexArgsOptions {
  return { workdir: '/repo', model: null, reasoningEffort: null, configOverrides: [], ...overrides };
}

function settingsError(run: () => unknown): CtoError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CtoError);
    expect((error as CtoError).kind).toBe('settings');
    return error as CtoError;
  }
  throw new Error('expected a settings error');
}

describe('codexExecArgs', () => {
  it('builds the minimal first turn: read-only sandbox, schema, output file, prompt last', () => {
    expect(codexExecArgs(options(), files, 'Plan this.')).toEqual([
      'exec', '--json', '--skip-git-repo-check', '-C', '/repo',
      '--output-schema', '/scratch/plan.schema.json', '-o', '/scratch/reply-1.txt',
      '--disable', 'plugins', '-c', 'analytics.enabled=false', '-c', 'shell_environment_policy.inherit="core"',
      '--sandbox', 'read-only', '--', 'Plan this.',
    ]);
  });

  it('adds the model, the reasoning effort and user overrides before the offline switches and the sandbox', () => {
    const args = codexExecArgs(
      options({ model: 'gpt-5.5', reasoningEffort: 'high', configOverrides: ['model_provider="gateway"', 'model_providers.gateway={name="g"}'] }),
      files,
      '-starts with a dash',
    );
    expect(args).toEqual([
      'exec', '--json', '--skip-git-repo-check', '-C', '/repo',
      '--output-schema', '/scratch/plan.schema.json', '-o', '/scratch/reply-1.txt',
      '-m', 'gpt-5.5', '-c', 'model_reasoning_effort="high"',
      '-c', 'model_provider="gateway"', '-c', 'model_providers.gateway={name="g"}',
      '--disable', 'plugins', '-c', 'analytics.enabled=false', '-c', 'shell_environment_policy.inherit="core"',
      '--sandbox', 'read-only', '--', '-starts with a dash',
    ]);
  });
});

describe('codexResumeArgs', () => {
  it('resumes the thread with the same schema, a fresh output file and sandbox_mode forced last', () => {
    const args = codexResumeArgs(
      options({ model: 'gpt-5.5', configOverrides: ['model_provider="gateway"'] }),
      { schema: files.schema, output: '/scratch/reply-2.txt' },
      'thread-1',
      'Fix it.',
    );
    expect(args).toEqual([
      'exec', 'resume', '--json', '--skip-git-repo-check',
      '--output-schema', '/scratch/plan.schema.json', '-o', '/scratch/reply-2.txt',
      '-m', 'gpt-5.5', '-c', 'model_provider="gateway"',
      '--disable', 'plugins', '-c', 'analytics.enabled=false', '-c', 'shell_environment_policy.inherit="core"',
      '-c', 'sandbox_mode="read-only"', '--', 'thread-1', 'Fix it.',
    ]);
    // `resume` accepts neither --sandbox nor -C; the process runs in the workdir instead.
    expect(args).not.toContain('--sandbox');
    expect(args).not.toContain('-C');
  });

  it('puts no -c after the forced sandbox mode', () => {
    const args = codexResumeArgs(options({ configOverrides: ['a=1', 'b=2'] }), files, 't', 'p');
    expect(args.lastIndexOf('-c')).toBe(args.indexOf('sandbox_mode="read-only"') - 1);
  });
});

describe('user config overrides', () => {
  it.each([
    'sandbox_mode="danger-full-access"',
    'sandbox_workspace_write.network_access=true',
    'profiles.x.sandbox_mode="workspace-write"',
    'approval_policy="never"',
    'dangerously_bypass_approvals_and_sandbox=true',
    'default_permissions=":danger-full-access"',
    'permissions.open.filesystem={}',
    'shell_environment_policy.inherit="all"',
    'mcp_servers.files={command="npx"}',
    'notify=["sh","-c","touch x"]',
    'hooks.session_start=[]',
    'projects."/repo".trust_level="trusted"',
    ' SANDBOX_MODE = "x"',
  ])('refuses %s', (override) => {
    const error = settingsError(() => codexExecArgs(options({ configOverrides: [override] }), files, 'p'));
    expect(error.message).toContain('is not allowed');
    expect(error.hint).toBe('Remove this key from the Codex config overrides.');
  });

  it.each(['sandbox', '=1', '--dangerously-bypass-approvals-and-sandbox', '-c=x'])('refuses %s as not key=value', (override) => {
    expect(settingsError(() => checkedOverride(override)).message).toMatch(/not of the form key=value|is not allowed/);
  });

  it('accepts provider, model and feature settings', () => {
    for (const override of ['model_provider="x"', 'model_providers.x={name="x", base_url="http://h/v1"}', 'features.web_search=false', 'model_verbosity="low"']) {
      expect(checkedOverride(override)).toBe(override);
    }
  });

  it('refuses a model or effort that would be read as a flag or break TOML', () => {
    settingsError(() => codexExecArgs(options({ model: '--dangerously-bypass-approvals-and-sandbox' }), files, 'p'));
    settingsError(() => codexExecArgs(options({ model: ' ' }), files, 'p'));
    settingsError(() => codexExecArgs(options({ reasoningEffort: 'high"\nsandbox_mode="danger-full-access' }), files, 'p'));
  });
});
