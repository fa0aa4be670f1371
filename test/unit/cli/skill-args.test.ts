import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli/args.js';

describe('the skill and run flags', () => {
  it('parses skill install and uninstall, in the repository by default', () => {
    expect(parseCli(['skill', 'install'])).toEqual({ kind: 'skill', action: 'install', scope: 'project' });
    expect(parseCli(['skill', 'install', '--user'])).toEqual({ kind: 'skill', action: 'install', scope: 'user' });
    expect(parseCli(['skill', 'uninstall', '--project'])).toEqual({ kind: 'skill', action: 'uninstall', scope: 'project' });
  });

  it('refuses a skill command it does not know, extra words, or both scopes', () => {
    expect(() => parseCli(['skill'])).toThrow('skill needs install or uninstall');
    expect(() => parseCli(['skill', 'remove'])).toThrow('skill needs install or uninstall');
    expect(() => parseCli(['skill', 'install', 'now'])).toThrow('takes no other words');
    expect(() => parseCli(['skill', 'install', '--user', '--project'])).toThrow('choose one of --project and --user');
  });

  it('takes --json and --run on plan and review, and a run id that names a folder', () => {
    expect(parseCli(['plan', 'x'])).toMatchObject({ json: false, runId: null });
    expect(parseCli(['review', '--run', '20261206T091500-a1b2c3', 'x'])).toMatchObject({ runId: '20261206T091500-a1b2c3' });
    for (const bad of ['../x', '.hidden', 'a/b', '']) expect(() => parseCli(['plan', '--run', bad, 'x'])).toThrow('--run takes the id of a run');
  });

  it('bounds review by --max-iterations and --escalate-after, as the run', () => {
    expect(parseCli(['review', 'x'])).toMatchObject({ maxIterations: 5, escalateAfter: 3 });
    expect(parseCli(['review', '--max-iterations', '2', 'x'])).toMatchObject({ maxIterations: 2, escalateAfter: 2 });
    expect(() => parseCli(['review', '--max-iterations', '0', 'x'])).toThrow('--max-iterations must be a whole number from 1 to 20');
  });
});
