import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { installCommand, pinnedAgentVersions } from '../../../../src/core/model/versions.js';

describe('pinned agent versions', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { devDependencies: Record<string, string> };

  it('are the exact devDependencies the tests run', () => {
    expect(pinnedAgentVersions()).toEqual({
      claude: pkg.devDependencies['@anthropic-ai/claude-code'],
      codex: pkg.devDependencies['@openai/codex'],
    });
    expect(pinnedAgentVersions().claude).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('name the install command users are told to run', () => {
    expect(installCommand('codex')).toBe(`npm install -g @openai/codex@${pkg.devDependencies['@openai/codex']}`);
    expect(installCommand('claude')).toBe(`npm install -g @anthropic-ai/claude-code@${pkg.devDependencies['@anthropic-ai/claude-code']}`);
  });
});
