// The argv of `codex exec` (first turn) and `codex exec resume` (the repair turn). Pure, so tests
// and --dry-run see exactly what runs. Codex plans and reviews in a read-only sandbox, and
// nothing a user configures may loosen that:
// - `--sandbox read-only` beats every `-c sandbox_mode=...` and config-file or profile setting,
//   whatever the order (checked against codex 0.169.0);
// - `resume` has no `--sandbox`, and there the last `-c sandbox_mode` wins, so ours comes last;
// - user overrides whose key could loosen the sandbox or run commands outside it are refused.
import { CtoError } from '../core/model/errors.js';

export interface CodexArgsOptions {
  workdir: string;
  model: string | null;
  reasoningEffort: string | null;
  /** `-c key=value` overrides from the user (the action's codex-config input, CLI flags). */
  configOverrides: readonly string[];
}

/** Files of one turn, both outside the repository. */
export interface TurnFiles {
  schema: string;
  output: string;
}

/**
 * Keep Codex offline apart from the model API (no plugin sync, no metrics), and give the commands it
 * runs in its sandbox only the core variables (HOME, PATH, ...): by default Codex hands them its whole
 * environment, its own API key included, and `env` would send the key to the model.
 */
const OFFLINE = ['--disable', 'plugins', '-c', 'analytics.enabled=false', '-c', 'shell_environment_policy.inherit="core"'];

/**
 * Override keys a user may not set: anything about the sandbox, approvals or permission profiles,
 * the environment commands see, and settings that run commands outside the sandbox (MCP servers,
 * notify, hooks) or trust a project (which loads the repository's own .codex/config.toml).
 */
const FORBIDDEN_KEY = /sandbox|approval|dangerous|permission|shell_environment_policy/i;
const FORBIDDEN_ROOTS = new Set(['mcp_servers', 'notify', 'hooks', 'projects']);

export function codexExecArgs(options: CodexArgsOptions, files: TurnFiles, prompt: string): string[] {
  return [
    'exec',
    '--json',
    '--skip-git-repo-check',
    '-C',
    options.workdir,
    '--output-schema',
    files.schema,
    '-o',
    files.output,
    ...modelArgs(options),
    ...OFFLINE,
    '--sandbox',
    'read-only',
    '--',
    prompt,
  ];
}

export function codexResumeArgs(options: CodexArgsOptions, files: TurnFiles, threadId: string, prompt: string): string[] {
  return [
    'exec',
    'resume',
    '--json',
    '--skip-git-repo-check',
    '--output-schema',
    files.schema,
    '-o',
    files.output,
    ...modelArgs(options),
    ...OFFLINE,
    '-c',
    'sandbox_mode="read-only"',
    '--',
    threadId,
    prompt,
  ];
}

function modelArgs(options: CodexArgsOptions): string[] {
  const args: string[] = [];
  if (options.model !== null) {
    if (options.model.trim() === '' || options.model.startsWith('-')) {
      throw new CtoError('settings', `The Codex model "${options.model}" is not a model name.`);
    }
    args.push('-m', options.model);
  }
  if (options.reasoningEffort !== null) {
    if (!/^[a-z]+$/.test(options.reasoningEffort)) {
      throw new CtoError('settings', `The Codex reasoning effort "${options.reasoningEffort}" is not a level such as low, medium or high.`);
    }
    args.push('-c', `model_reasoning_effort="${options.reasoningEffort}"`);
  }
  for (const override of options.configOverrides) args.push('-c', checkedOverride(override));
  return args;
}

/** Returns the override unchanged when it is an allowed `key=value`; throws a settings error otherwise. */
export function checkedOverride(override: string): string {
  const equals = override.indexOf('=');
  const key = equals > 0 ? override.slice(0, equals).trim() : '';
  if (key === '' || key.startsWith('-')) {
    throw new CtoError('settings', `The Codex config override "${override}" is not of the form key=value.`);
  }
  const root = (key.split('.')[0] ?? '').replace(/"/g, '').toLowerCase();
  if (FORBIDDEN_KEY.test(key) || FORBIDDEN_ROOTS.has(root)) {
    throw new CtoError(
      'settings',
      `The Codex config override "${key}" is not allowed: Codex plans and reviews in a read-only sandbox that no setting may loosen.`,
      'Remove this key from the Codex config overrides.',
    );
  }
  return override;
}
