// How a failure is described wherever it is reported: a title by the kind of error, the message and the
// hint redacted.
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../../src/action/report/failure.js';
import { CtoError } from '../../../../src/core/model/errors.js';

const redact = (text: string): string => text.replaceAll('ghs_secret', '***');

describe('describeFailure', () => {
  it('titles a typed error by its kind and keeps its hint, redacted', () => {
    const error = new CtoError('permission', 'Could not comment with ghs_secret', 'Grant `issues: write` (token ghs_secret).');
    expect(describeFailure(error, redact)).toEqual({
      title: 'The workflow lacks a permission',
      message: 'Could not comment with ***',
      hint: 'Grant `issues: write` (token ***).',
    });
  });

  it.each([
    ['settings', 'The workflow settings are invalid'],
    ['sandbox', "Codex's read-only sandbox could not start"],
    ['model-unreachable', 'A model endpoint could not be reached'],
    ['refused', 'codex-cto refused the request'],
  ] as const)('titles a %s error "%s"', (kind, title) => {
    expect(describeFailure(new CtoError(kind, 'm'), redact).title).toBe(title);
  });

  it('reports anything else as an unexpected failure without a hint', () => {
    expect(describeFailure(new TypeError('x is undefined'), redact)).toEqual({ title: 'codex-cto failed unexpectedly', message: 'x is undefined', hint: null });
    expect(describeFailure('a string', redact)).toEqual({ title: 'codex-cto failed unexpectedly', message: 'a string', hint: null });
  });
});
