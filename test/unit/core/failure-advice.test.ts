// What a failed run tells people: the error kind of an implementation that stopped early and the hint the
// front words for it, the failed status sentence (no claim of committed work when there is none; how to
// resume), and the npm settings the installer of the agent CLIs passes on.
import { describe, expect, it } from 'vitest';
import { decideFailedImplementation, failedImplementationAdvice } from '../../../src/core/decide.js';
import type { Limits } from '../../../src/core/ports.js';
import { runLoop } from '../../../src/core/loop.js';
import { CtoError } from '../../../src/core/model/errors.js';
import { statusSentence } from '../../../src/render/status.js';
import { npmSettingsFrom } from '../../../src/safety/env.js';
import { ACTION_ADVICE } from '../../../src/action/report/action-advice.js';
import { CLI_ADVICE } from '../../../src/cli/cli-advice.js';
import { anImplementation, scriptedPorts } from '../../support/fake-ports.js';
import { iteration, loopState, trackingState, trackingView } from '../../support/render-fixtures.js';

const limits: Limits = { maxIterations: 5, escalateAfter: 3, maxBudgetUsd: null, requirePlanApproval: false };

describe('failedImplementationAdvice', () => {
  it('reports a timeout as a timeout, and the rest as a failed agent with why it stopped', () => {
    expect(failedImplementationAdvice('timeout')).toEqual({ kind: 'timeout', stop: 'timeout' });
    expect(failedImplementationAdvice('error_max_turns')).toEqual({ kind: 'agent-failed', stop: 'turn-limit' });
    expect(failedImplementationAdvice('api_error')).toEqual({ kind: 'agent-failed', stop: 'api-error' });
    expect(failedImplementationAdvice('crash')).toEqual({ kind: 'agent-failed', stop: 'other' });
  });
});

describe("the fronts' advice", () => {
  it('the action names the setting to raise as a workflow input', () => {
    expect(ACTION_ADVICE.implementationStopped('timeout')).toBe(
      'Raise `timeout-minutes` (the limit of each agent run) or split the objective into smaller steps, then resume the loop.',
    );
    expect(ACTION_ADVICE.implementationStopped('turn-limit')).toMatch(/^Raise `max-turns`/);
    expect(ACTION_ADVICE.implementationStopped('api-error')).toMatch(/^Check the Anthropic API key, the base URL/);
    expect(ACTION_ADVICE.implementationStopped('other')).toMatch(/fix the cause/);
  });

  it('the CLI names it as a flag, and says to run again (a local run is not resumed)', () => {
    expect(CLI_ADVICE.implementationStopped('timeout')).toMatch(/^Raise `--timeout-minutes`.*then run again\.$/);
    expect(CLI_ADVICE.implementationStopped('turn-limit')).toMatch(/^Raise `--max-turns`/);
    expect(CLI_ADVICE.implementationStopped('api-error')).toMatch(/^Check the Anthropic API key, the base URL/);
    expect(CLI_ADVICE.implementationStopped('other')).toMatch(/fix the cause/);
  });
});

describe('decideFailedImplementation', () => {
  it('does not double the full stop when Claude already ended its sentence', () => {
    const outcome = anImplementation({ ok: false, stopReason: 'api_error', resultText: 'API Error: 500 the model is down.' });
    expect(decideFailedImplementation(loopState(), outcome, 1, limits, null).reason).toBe(
      'Claude Code stopped in iteration 1 without finishing (api_error): API Error: 500 the model is down. There were no changes to commit.',
    );
  });
});

describe('runLoop: the error of a failed implementation', () => {
  it('carries the kind and hint that fit the stop reason', async () => {
    const { ports } = scriptedPorts({ implementations: [{ ok: false, stopReason: 'timeout', resultText: 'Claude Code did not finish in time.' }] });
    const { error } = await runLoop({ objective: 'Add a greeting', context: '' }, ports, limits);

    expect(error).toBeInstanceOf(CtoError);
    // The hint is the front's: the engine asks its advice port for it.
    expect(error).toMatchObject({ kind: 'timeout', hint: 'advice for timeout' });
  });

  it('has no hint for a budget stop, which is not a failure', async () => {
    const { ports } = scriptedPorts({ implementations: [{ ok: false, stopReason: 'error_max_budget_usd', resultText: 'over budget' }] });
    const { state, error } = await runLoop({ objective: 'Add a greeting', context: '' }, ports, { ...limits, maxBudgetUsd: 1 });

    expect(state.phase).toBe('budget_exhausted');
    expect(error).toBeNull();
  });
});

describe('statusSentence of a failed loop', () => {
  const error = { title: 'Codex did not return a valid answer', message: 'not JSON', hint: null };

  it('claims no committed work when no iteration committed anything, and says how to resume', () => {
    const state = trackingState({ phase: 'failed' }, { branch: 'codex-cto/issue-12' });
    expect(statusSentence(trackingView(state, { error }))).toBe(
      'Codex did not return a valid answer. The error and what to do are below. Once the cause is fixed, comment `/cto continue` on issue #12 to resume the loop.',
    );
  });

  it('says the work is on the branch when an iteration committed it', () => {
    const state = trackingState({ phase: 'failed', iterations: [iteration(1, { commit: 'abc1def' })] }, { branch: 'codex-cto/issue-12' });
    expect(statusSentence(trackingView(state, { error }))).toContain('Work already done is committed on the branch.');
  });

  it('points at the pull request when the loop has no issue, and at a re-run when it has neither', () => {
    const onPr = trackingState({ phase: 'failed', stop_reason: 'It broke' }, { issue: null, pr: 7 });
    expect(statusSentence(trackingView(onPr))).toBe('It broke. Check the workflow run log for the cause, then comment `/cto continue` on pull request #7 to resume the loop.');
    const nowhere = trackingState({ phase: 'failed', stop_reason: 'It broke' }, { issue: null, pr: null });
    expect(statusSentence(trackingView(nowhere))).toBe('It broke. Check the workflow run log for the cause, then re-run the workflow.');
  });
});

describe('npmSettingsFrom', () => {
  it('passes npm settings such as a registry mirror, never credentials or anything else', () => {
    const env = {
      npm_config_registry: 'https://npm.mirror.example/',
      NPM_CONFIG_FETCH_RETRIES: '0',
      'npm_config_//npm.mirror.example/:_authToken': 'npm_secret',
      npm_config__auth: 'dXNlcjpwYXNz',
      NPM_TOKEN: 'npm_secret',
      HOME: '/home/runner',
      npm_config_unset: undefined,
    };
    expect(npmSettingsFrom(env)).toEqual({ npm_config_registry: 'https://npm.mirror.example/', NPM_CONFIG_FETCH_RETRIES: '0' });
  });
});
