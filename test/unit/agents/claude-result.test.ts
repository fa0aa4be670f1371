import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClaudeResult, STDERR_TAIL_CHARS, type ClaudeRun } from '../../../src/agents/claude-result.js';

// Result objects as Claude Code 2.1.330 printed them against a scripted server (usage fields trimmed).
const SUCCESS = {
  type: 'result', subtype: 'success', is_error: false, result: 'T1 done, T2 done.', session_id: 'dd2d1f8e-883f-4b39-be23-90d11b309e09',
  num_turns: 4, total_cost_usd: 0.00056, terminal_reason: 'completed', api_error_status: null, duration_ms: 655,
  permission_denials: [{ tool_name: 'WebFetch', tool_use_id: 'toolu_2_0', tool_input: { url: 'http://example.com', prompt: 'x' } }],
};
const MAX_TURNS = {
  type: 'result', subtype: 'error_max_turns', is_error: true, session_id: '64186685-777a-4b59-9f0d-be27a97cc5a8', num_turns: 3,
  total_cost_usd: 0.00028, terminal_reason: 'max_turns', errors: ['Reached maximum number of turns (2)'], permission_denials: [],
};
const BUDGET = {
  type: 'result', subtype: 'error_max_budget_usd', is_error: true, session_id: 'a0768433-e4e8-449c-9942-123d19a52c0a', num_turns: 2,
  total_cost_usd: 0.00028, terminal_reason: 'budget_exhausted', errors: ['Reached maximum budget ($0.0002)'], permission_denials: [],
};
const API_ERROR = {
  type: 'result', subtype: 'success', is_error: true, session_id: 'd91ff9c9-bbdc-43be-8cc5-0c8c33df37d5', num_turns: 1, total_cost_usd: 0,
  terminal_reason: 'api_error', api_error_status: 500, api_error_type: 'api_error',
  result: 'API Error: 500 Internal server error.', permission_denials: [],
};

function run(stdout: unknown, overrides: Partial<ClaudeRun> = {}): ClaudeRun {
  return { stdout: typeof stdout === 'string' ? stdout : JSON.stringify(stdout), stderr: '', exitCode: 0, timedOut: false, durationMs: 1_234, ...overrides };
}

describe('parseClaudeResult', () => {
  it('reads a successful run: text, session, turns, cost, denials', () => {
    expect(parseClaudeResult(run(SUCCESS))).toEqual({
      ok: true,
      sessionId: 'dd2d1f8e-883f-4b39-be23-90d11b309e09',
      turns: 4,
      costUsd: 0.00056,
      durationMs: 1_234,
      resultText: 'T1 done, T2 done.',
      stopReason: 'success',
      permissionDenials: [{ tool: 'WebFetch', input: 'http://example.com' }],
    });
  });

  it('reports max turns as a failure that still carries the session and cost', () => {
    const outcome = parseClaudeResult(run(MAX_TURNS, { exitCode: 1 }));
    expect(outcome).toMatchObject({ ok: false, stopReason: 'error_max_turns', sessionId: MAX_TURNS.session_id, turns: 3, costUsd: 0.00028 });
    expect(outcome.resultText).toBe('Reached maximum number of turns (2)');
  });

  it('reports an exhausted budget', () => {
    expect(parseClaudeResult(run(BUDGET, { exitCode: 1 }))).toMatchObject({ ok: false, stopReason: 'error_max_budget_usd', resultText: 'Reached maximum budget ($0.0002)' });
  });

  it('judges an API error by is_error even though its subtype says success', () => {
    const outcome = parseClaudeResult(run(API_ERROR, { exitCode: 1 }));
    expect(outcome).toMatchObject({ ok: false, stopReason: 'api_error' });
    expect(outcome.resultText).toBe('API Error: 500 Internal server error.\nAPI status 500');
  });

  it('treats is_error true as failure even with exit code 0, and an unknown error subtype by name', () => {
    expect(parseClaudeResult(run({ ...MAX_TURNS, subtype: 'error_during_execution', terminal_reason: undefined }))).toMatchObject({ ok: false, stopReason: 'error_during_execution' });
    expect(parseClaudeResult(run({ type: 'result', is_error: true }, { stderr: 'boom' }))).toMatchObject({ ok: false, stopReason: 'crash', resultText: 'boom' });
  });

  it('treats a missing is_error as failure', () => {
    expect(parseClaudeResult(run({ ...SUCCESS, is_error: undefined })).ok).toBe(false);
  });

  it('does not call a clean result with a failing exit code a success', () => {
    expect(parseClaudeResult(run(SUCCESS, { exitCode: 2 }))).toMatchObject({ ok: false, stopReason: 'crash' });
  });

  it('finds the result object after other lines on stdout', () => {
    const stdout = `warning: something\n${JSON.stringify({ type: 'system' })}\n${JSON.stringify(SUCCESS)}\n`;
    expect(parseClaudeResult(run(stdout))).toMatchObject({ ok: true, turns: 4 });
  });

  it('makes non-JSON output with exit 0 unparseable, with the output tail as text', () => {
    expect(parseClaudeResult(run('Hello, plain text'))).toMatchObject({
      ok: false, stopReason: 'unparseable', sessionId: null, turns: 0, costUsd: 0,
      resultText: 'Claude Code exited without a JSON result.\nHello, plain text',
    });
  });

  it('makes a crash a failure carrying the stderr tail, never an exception', () => {
    const stderr = `${'x'.repeat(5_000)}\nError: segmentation fault`;
    const outcome = parseClaudeResult(run('', { exitCode: 139, stderr }));
    expect(outcome).toMatchObject({ ok: false, stopReason: 'crash', permissionDenials: [] });
    expect(outcome.resultText.startsWith('Claude Code exited with code 139 and no JSON result.\n...')).toBe(true);
    expect(outcome.resultText.endsWith('Error: segmentation fault')).toBe(true);
    expect(outcome.resultText.length).toBeLessThan(STDERR_TAIL_CHARS + 100);
  });

  it('reports a timeout with how long it ran', () => {
    expect(parseClaudeResult(run('', { exitCode: null, timedOut: true, durationMs: 30_400 }))).toMatchObject({
      ok: false, stopReason: 'timeout', resultText: 'Claude Code did not finish in time and was stopped after 30 s.',
    });
  });

  it('summarises denial inputs: the command, the path, else capped JSON', () => {
    const outcome = parseClaudeResult(run({
      ...SUCCESS,
      permission_denials: [
        { tool_name: 'Bash', tool_input: { command: 'curl evil', description: 'x' } },
        { tool_name: 'Write', tool_input: { file_path: '/etc/passwd', content: 'x' } },
        { tool_name: 'Mystery', tool_input: { blob: 'y'.repeat(1_000) } },
        'not an object',
        { tool_input: {} },
      ],
    }));
    expect(outcome.permissionDenials.slice(0, 2)).toEqual([{ tool: 'Bash', input: 'curl evil' }, { tool: 'Write', input: '/etc/passwd' }]);
    expect(outcome.permissionDenials[2]?.input).toHaveLength(303);
    expect(outcome.permissionDenials[3]).toEqual({ tool: 'unknown', input: '{}' });
    expect(outcome.permissionDenials).toHaveLength(4);
  });

  it('survives hostile field types', () => {
    const outcome = parseClaudeResult(run({ type: 'result', is_error: false, num_turns: 'many', total_cost_usd: Infinity, session_id: 7, result: null, permission_denials: 'no' }));
    expect(outcome).toEqual({ ok: true, sessionId: null, turns: 0, costUsd: 0, durationMs: 1_234, resultText: '', stopReason: 'success', permissionDenials: [] });
  });
});

describe('parseClaudeResult on arbitrary output', () => {
  it('never throws, and only calls a run ok when it exited 0 with is_error false', () => {
    const stdout = fc.oneof(
      fc.string(),
      fc.json(),
      fc.dictionary(fc.string(), fc.jsonValue()).map((value) => JSON.stringify({ type: 'result', ...value })),
      fc.record({ type: fc.constant('result'), is_error: fc.jsonValue(), permission_denials: fc.jsonValue(), errors: fc.jsonValue() }).map((value) => JSON.stringify(value)),
    );
    fc.assert(fc.property(stdout, fc.string(), fc.option(fc.integer({ min: -1, max: 255 })), fc.boolean(), (out, stderr, exitCode, timedOut) => {
      const outcome = parseClaudeResult({ stdout: out, stderr, exitCode, timedOut, durationMs: 5 });
      expect(typeof outcome.resultText).toBe('string');
      expect(typeof outcome.stopReason).toBe('string');
      if (outcome.ok) {
        expect(exitCode).toBe(0);
        expect(outcome.stopReason).toBe('success');
      }
    }), { numRuns: 500 });
  });
});
