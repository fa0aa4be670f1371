import { describe, expect, it } from 'vitest';
import { lastLines, setupFailureMessage, setupSummary, setupTerminalText } from '../../../src/render/setup-report.js';
import type { SetupResult } from '../../../src/core/ports.js';

const ok: SetupResult = { command: 'npm ci', exitCode: 0, timedOut: false, durationMs: 4_200, output: 'added 1 package', spawnError: null };
const failedRun: SetupResult = {
  command: 'make fixtures',
  exitCode: 2,
  timedOut: false,
  durationMs: 1_000,
  output: Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n'),
  spawnError: null,
};

describe('setupFailureMessage', () => {
  it('names the command, its exit code and its last 20 lines', () => {
    const message = setupFailureMessage(failedRun, 15);
    expect(message.split('\n')[0]).toBe('The setup command `make fixtures` exited 2 after 1s; nothing was planned or changed. Its last lines:');
    expect(message.split('\n').slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 11}`));
  });

  it('says when a command timed out, could not start or printed nothing', () => {
    expect(setupFailureMessage({ ...failedRun, exitCode: null, timedOut: true, output: '' }, 15)).toBe(
      'The setup command `make fixtures` timed out (limit 15 min) after 1s; nothing was planned or changed. It printed nothing.',
    );
    expect(setupFailureMessage({ ...failedRun, exitCode: null, spawnError: 'spawn /bin/sh ENOENT', output: '' }, 15)).toContain('could not start (spawn /bin/sh ENOENT)');
  });

  it('shortens very long lines', () => {
    expect(lastLines('x'.repeat(1_000))).toHaveLength(300);
  });
});

describe('setupSummary', () => {
  it('lists each command with its result and time, the output folded', () => {
    expect(setupSummary([ok, { ...failedRun, output: 'make: *** [fixtures] Error 2' }], 15)).toBe(
      [
        '### Setup',
        '',
        '| command | result | time |',
        '| --- | --- | --- |',
        '| `npm ci` | exited 0 | 4s |',
        '| `make fixtures` | exited 2 | 1s |',
        '',
        '<details><summary>npm ci</summary>',
        '',
        '<pre>',
        'added 1 package',
        '</pre>',
        '</details>',
        '<details><summary>make fixtures</summary>',
        '',
        '<pre>',
        'make: *** [fixtures] Error 2',
        '</pre>',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('is empty without commands', () => {
    expect(setupSummary([], 15)).toBe('');
  });
});

describe('setupTerminalText', () => {
  it('indents the output and ends with how the command ended', () => {
    expect(setupTerminalText(ok, 15)).toBe('  added 1 package\nsetup: exited 0 after 4s');
    expect(setupTerminalText({ ...ok, output: '  \n' }, 15)).toBe('setup: exited 0 after 4s');
  });

  it('removes the control characters a command (or an agent) could steer the terminal with', () => {
    const text = setupTerminalText({ ...ok, output: 'plain\n\u001b[2J\u001b]0;pwned\u0007red\r\nend' }, 15);
    for (const control of ['\u001b', '\u0007', '\r']) expect(text.includes(control)).toBe(false);
    expect(text.split('\n')).toEqual(['  plain', '  [2J]0;pwnedred', '  end', 'setup: exited 0 after 4s']);
  });
});
