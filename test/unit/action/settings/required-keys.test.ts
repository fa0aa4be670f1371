// The keys each piece of work needs are checked before the first model call; a gateway counts as a key.
import { describe, expect, it } from 'vitest';
import { CtoError } from '../../../../src/core/model/errors.js';
import { keyedWorkOf, missingKeys, requireKeys } from '../../../../src/action/settings/required-keys.js';
import type { Trigger } from '../../../../src/action/event/trigger.js';

const none = { openaiApiKey: null, anthropicApiKey: null, anthropicBaseUrl: null, codexConfig: [] };
const both = { ...none, openaiApiKey: 'sk-o', anthropicApiKey: 'sk-ant' };

function refusal(settings: Parameters<typeof requireKeys>[0], work: 'loop' | 'review'): CtoError {
  try {
    requireKeys(settings, work);
  } catch (error) {
    expect(error).toBeInstanceOf(CtoError);
    return error as CtoError;
  }
  throw new Error('expected requireKeys to throw');
}

describe('missingKeys', () => {
  it('needs both keys for a loop and the OpenAI key for a review', () => {
    expect(missingKeys(none, 'loop').map((key) => key.input)).toEqual(['openai-api-key', 'anthropic-api-key']);
    expect(missingKeys(none, 'review').map((key) => key.input)).toEqual(['openai-api-key']);
    expect(missingKeys({ ...none, openaiApiKey: 'sk-o' }, 'review')).toEqual([]);
    expect(missingKeys(both, 'loop')).toEqual([]);
  });

  it('counts a gateway as a key: anthropic-base-url for Claude Code, a model_provider for Codex', () => {
    expect(missingKeys({ ...none, anthropicBaseUrl: 'https://gateway.example/anthropic' }, 'loop').map((key) => key.input)).toEqual(['openai-api-key']);
    const provider = { ...none, codexConfig: [{ key: 'model_provider', value: '"gateway"' }] };
    expect(missingKeys(provider, 'loop').map((key) => key.input)).toEqual(['anthropic-api-key']);
    // Another override is no provider.
    expect(missingKeys({ ...none, codexConfig: [{ key: 'model', value: '"o4"' }] }, 'review').map((key) => key.input)).toEqual(['openai-api-key']);
  });
});

describe('requireKeys', () => {
  it('names the input, who needs it and the secret to add', () => {
    const error = refusal({ ...none, openaiApiKey: 'sk-o' }, 'loop');
    expect(error.kind).toBe('settings');
    expect(error.message).toBe(
      'codex-cto cannot start this loop: a key is missing:\n' +
        '- input `anthropic-api-key` is empty: Claude Code needs it to implement the plan (or set `anthropic-base-url` to a gateway)',
    );
    expect(error.hint).toBe(
      'Add the repository secret ANTHROPIC_API_KEY (Settings > Secrets and variables > Actions) and pass it in the `with:` block of the codex-cto step: ' +
        '`anthropic-api-key: ${{ secrets.ANTHROPIC_API_KEY }}`.',
    );
  });

  it('lists every missing key at once', () => {
    const error = refusal(none, 'loop');
    expect(error.message.split('\n')).toHaveLength(3);
    expect(error.hint).toContain('secrets OPENAI_API_KEY and ANTHROPIC_API_KEY');
    expect(refusal(none, 'review').message).toContain('cannot start this review');
  });

  it('passes when every key is there', () => {
    expect(() => requireKeys(both, 'loop')).not.toThrow();
  });
});

describe('keyedWorkOf', () => {
  const actor = { login: 'mona', type: 'User', id: 1 };
  const command = (word: 'review' | 'continue' | 'stop' | 'approve'): Exclude<Trigger, { kind: 'ignored' }> => ({
    kind: 'command',
    command: word,
    args: '',
    text: '',
    via: 'comment',
    target: { number: 1, title: 't', body: '', author: actor, labels: [], locked: false, state: 'open', pullRequest: null },
    onPullRequest: false,
    comment: { id: 1, body: `/cto ${word}`, createdAt: '2026-01-01T00:00:00Z' },
    actor,
  });

  it('asks a loop of labels, dispatches, continue and approve, a review of /cto review, nothing of /cto stop', () => {
    expect(keyedWorkOf({ kind: 'dispatch', objective: 'x', issue: null, base: null, actor })).toBe('loop');
    expect(keyedWorkOf(command('continue'))).toBe('loop');
    expect(keyedWorkOf(command('approve'))).toBe('loop');
    expect(keyedWorkOf(command('review'))).toBe('review');
    expect(keyedWorkOf(command('stop'))).toBeNull();
  });
});
