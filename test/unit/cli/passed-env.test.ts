// The variables a local run passes to Claude, setup and verification: their values from your shell, never a
// model key or a GitHub token under another name.
import { describe, expect, it } from 'vitest';
import { cliPassedEnvironment, unsetLine } from '../../../src/cli/passed-env.js';
import type { CtoError } from '../../../src/core/model/errors.js';

describe('cliPassedEnvironment', () => {
  it('takes the values of the listed names, notes the unset ones, and keeps the secrets apart', () => {
    const passed = cliPassedEnvironment({ DATABASE_URL: 'postgres://x', DB_PASSWORD: 'pw', OTHER: 'no' }, { envPassthrough: ['DATABASE_URL', 'JAVA_HOME'], secretEnv: ['DB_PASSWORD'] });
    expect(passed.env).toEqual({ DATABASE_URL: 'postgres://x', DB_PASSWORD: 'pw' });
    expect(passed.unset).toEqual(['JAVA_HOME']);
    expect(passed.secretValues).toEqual(['pw']);
    expect(unsetLine(passed)).toBe('codex-cto: not set in your environment, so not passed to the agents: JAVA_HOME');
    expect(unsetLine({ env: {}, unset: [], secretValues: [] })).toBeNull();
  });

  it('refuses a variable that holds a model key or a GitHub token, with advice for a shell', () => {
    const keys: [string, string][] = [['ANTHROPIC_API_KEY', 'sk-ant-1'], ['OPENAI_API_KEY', 'sk-2'], ['GH_TOKEN', 'ghp_3']];
    for (const [name, value] of keys) {
      let error: CtoError | null = null;
      try {
        cliPassedEnvironment({ [name]: value, DB_PASSWORD: `x${value}y` }, { envPassthrough: [], secretEnv: ['DB_PASSWORD'] });
      } catch (caught) {
        error = caught as CtoError;
      }
      expect(error?.kind).toBe('settings');
      expect(error?.message).toBe('The variable DB_PASSWORD holds the GitHub token or a model key, which never reaches an agent.');
      expect(error?.hint).toContain('in your shell');
      expect(`${error?.message}${error?.hint}`).not.toContain(value);
    }
  });
});
