import { describe, expect, it } from 'vitest';
import { CtoError } from '../../../src/core/model/errors.js';
import { passedEnvironment, passthroughRefusal } from '../../../src/safety/env-passthrough.js';

const source = {
  DATABASE_URL: 'postgres://app@localhost:5432/app',
  JAVA_HOME: '/opt/java',
  DB_PASSWORD: 'db-secret-value',
  GITHUB_TOKEN: 'ghs_real_token_value',
};

describe('passedEnvironment', () => {
  it('gives the agents the named variables that are set, and names those that are not', () => {
    const passed = passedEnvironment(source, { plain: ['DATABASE_URL', 'JAVA_HOME', 'MISSING_ONE'], secret: ['DB_PASSWORD'] }, ['ghs_real_token_value']);
    expect(passed.env).toEqual({ DATABASE_URL: source.DATABASE_URL, JAVA_HOME: '/opt/java', DB_PASSWORD: 'db-secret-value' });
    expect(passed.unset).toEqual(['MISSING_ONE']);
    expect(passed.secretValues).toEqual(['db-secret-value']);
  });

  it('refuses a variable that holds the GitHub token or a model key, whatever its name', () => {
    const leaky = { ...source, DB_PASSWORD: 'ghs_real_token_value', DATABASE_URL: 'postgres://x:sk-model-key-1@db/app' };
    expect(() => passedEnvironment(leaky, { plain: [], secret: ['DB_PASSWORD'] }, ['ghs_real_token_value'])).toThrow(
      /The variable DB_PASSWORD holds the GitHub token or a model key/,
    );
    expect(() => passedEnvironment(leaky, { plain: ['DATABASE_URL'], secret: [] }, ['sk-model-key-1'])).toThrow(CtoError);
  });

  it('refuses a name the settings would refuse, should one get this far', () => {
    expect(() => passedEnvironment(source, { plain: ['GITHUB_TOKEN'], secret: [] }, [])).toThrow(/GITHUB_TOKEN cannot be passed/);
    expect(() => passedEnvironment(source, { plain: ['DB_PASSWORD'], secret: [] }, [])).toThrow(/looks like a credential/);
  });
});

describe('passthroughRefusal', () => {
  it('lets ordinary names through and credential-looking ones only as secrets', () => {
    expect(passthroughRefusal('DATABASE_URL', false)).toBeNull();
    expect(passthroughRefusal('VIRTUAL_ENV', false)).toBeNull();
    expect(passthroughRefusal('API_KEY', false)).toMatch(/secret-env/);
    expect(passthroughRefusal('API_KEY', true)).toBeNull();
    expect(passthroughRefusal('MY_GITHUB_TOKEN', true)).toMatch(/GitHub and runner credentials/);
    expect(passthroughRefusal('1BAD', false)).toMatch(/not a variable name/);
  });
});
