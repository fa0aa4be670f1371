import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexExecArgs, codexResumeArgs, createCodexPlanner, createCodexReviewer, parseCodexEvents, type CodexOptions } from '../../../src/agents/codex.js';
import { CtoError } from '../../../src/core/model/errors.js';
import { validPlan } from '../../support/codex-fixtures.js';
import { NO_HIDDEN_CHARACTERS } from '../../../src/core/model/trojan-source.js';

function options(overrides: Partial<CodexOptions> = {}): CodexOptions {
  return {
    binary: '/nonexistent/codex',
    workdir: '/nonexistent/repo',
    scratchDir: join(tmpdir(), `cto-codex-never-created-${process.pid}`),
    env: {},
    model: null,
    reasoningEffort: null,
    configOverrides: [],
    timeoutMs: 1_000,
    persona: '# The CTO',
    ...overrides,
  };
}

describe('the Codex adapter', () => {
  it('refuses a loosening override before it creates or runs anything', async () => {
    const settings = options({ configOverrides: ['approval_policy="never"'] });
    const error = await createCodexPlanner(settings).plan({ objective: 'x', context: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CtoError);
    expect((error as CtoError).kind).toBe('settings');
    expect(existsSync(settings.scratchDir)).toBe(false);
  });

  it('refuses it for reviews too', async () => {
    const settings = options({ configOverrides: ['sandbox_mode="workspace-write"'] });
    const request = {
      iteration: 1, objective: 'x', context: '', plan: validPlan(), implementation: null, verification: [], diffStat: '',
      hiddenCharacters: NO_HIDDEN_CHARACTERS, baseRef: 'main', headRef: 'HEAD', previousReview: null, humanFeedback: null,
    };
    const error = await createCodexReviewer(settings).review(request).catch((e: unknown) => e);
    expect((error as CtoError).kind).toBe('settings');
  });

  it('re-exports the pure helpers for --dry-run', () => {
    expect(codexExecArgs(options(), { schema: 's', output: 'o' }, 'p').at(-1)).toBe('p');
    expect(codexResumeArgs(options(), { schema: 's', output: 'o' }, 't', 'p').slice(-2)).toEqual(['t', 'p']);
    expect(parseCodexEvents('').threadId).toBeNull();
  });
});
