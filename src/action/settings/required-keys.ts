// The keys a piece of work needs, checked before the first model call: a loop needs Codex (plan, review)
// and Claude Code (implement), a review needs Codex. A gateway counts as a key: `anthropic-base-url` for
// Claude Code, a `model_provider` in `codex-config` for Codex. A missing key fails here, before a plan is
// paid for, with the input and the secret to add.
import { CtoError } from '../../core/model/errors.js';
import type { InputName } from './inputs.js';
import type { Settings } from './settings.js';
import type { Trigger } from '../event/trigger.js';

export type KeyedWork = 'loop' | 'review';

export interface MissingKey {
  input: InputName;
  /** The repository secret the README's workflow passes to it. */
  secret: string;
  /** Who needs it, for what. */
  need: string;
  /** The other way to satisfy it. */
  instead: string;
}

type KeySettings = Pick<Settings, 'openaiApiKey' | 'anthropicApiKey' | 'anthropicBaseUrl' | 'codexConfig'>;

/** The work a trigger leads to, as far as keys go; null when it runs no model. */
export function keyedWorkOf(trigger: Exclude<Trigger, { kind: 'ignored' }>): KeyedWork | null {
  if (trigger.kind !== 'command') return 'loop';
  switch (trigger.command) {
    case 'review':
      return 'review';
    case 'stop':
      return null;
    default:
      return 'loop';
  }
}

export function missingKeys(settings: KeySettings, work: KeyedWork): MissingKey[] {
  const missing: MissingKey[] = [];
  const codexGateway = settings.codexConfig.some((override) => override.key === 'model_provider');
  if (settings.openaiApiKey === null && !codexGateway) {
    missing.push({
      input: 'openai-api-key',
      secret: 'OPENAI_API_KEY',
      need: work === 'loop' ? 'Codex needs it to plan and review' : 'Codex needs it to review',
      instead: 'or configure a `model_provider` in `codex-config`',
    });
  }
  if (work === 'loop' && settings.anthropicApiKey === null && settings.anthropicBaseUrl === null) {
    missing.push({
      input: 'anthropic-api-key',
      secret: 'ANTHROPIC_API_KEY',
      need: 'Claude Code needs it to implement the plan',
      instead: 'or set `anthropic-base-url` to a gateway',
    });
  }
  return missing;
}

/** Throws one CtoError('settings') naming every missing key, the input and the secret to add. */
export function requireKeys(settings: KeySettings, work: KeyedWork): void {
  const missing = missingKeys(settings, work);
  if (missing.length === 0) return;
  const lines = missing.map((key) => `- input \`${key.input}\` is empty: ${key.need} (${key.instead})`);
  const what = work === 'loop' ? 'this loop' : 'this review';
  const secrets = missing.map((key) => key.secret);
  const withLines = missing.map((key) => `\`${key.input}: \${{ secrets.${key.secret} }}\``);
  throw new CtoError(
    'settings',
    `codex-cto cannot start ${what}: ${missing.length === 1 ? 'a key is' : 'keys are'} missing:\n${lines.join('\n')}`,
    `Add the repository secret${secrets.length === 1 ? '' : 's'} ${secrets.join(' and ')} (Settings > Secrets and variables > Actions) ` +
      `and pass ${secrets.length === 1 ? 'it' : 'them'} in the \`with:\` block of the codex-cto step: ${withLines.join(', ')}.`,
  );
}
