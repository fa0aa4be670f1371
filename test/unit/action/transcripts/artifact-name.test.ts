import { describe, expect, it } from 'vitest';
import { isValidArtifactName, transcriptsArtifactName, transcriptsUrl } from '../../../../src/action/transcripts/artifact-name.js';

const parts = { issue: null, pr: null, runId: '77', runAttempt: '1', iterations: 2 };

describe('transcriptsArtifactName', () => {
  it('names the loop by its issue, else its pull request, else the dispatch run, and how far it got', () => {
    expect(transcriptsArtifactName({ ...parts, issue: 12, pr: 14 })).toBe('codex-cto-issue-12-iteration-2');
    expect(transcriptsArtifactName({ ...parts, pr: 14 })).toBe('codex-cto-pr-14-iteration-2');
    expect(transcriptsArtifactName(parts)).toBe('codex-cto-run-77-iteration-2');
    expect(transcriptsArtifactName({ ...parts, issue: 3, iterations: 0 })).toBe('codex-cto-issue-3-plan');
  });

  it('keeps a re-run of the same workflow run apart by its attempt', () => {
    expect(transcriptsArtifactName({ ...parts, issue: 12, runAttempt: '2' })).toBe('codex-cto-issue-12-iteration-2-attempt-2');
  });

  it('always gives a name GitHub accepts, whatever the runner says', () => {
    const name = transcriptsArtifactName({ ...parts, runId: '../7:7"|*?', runAttempt: '\n' });
    expect(name).toBe('codex-cto-run-77-iteration-2');
    expect(isValidArtifactName(name)).toBe(true);
    for (const bad of ['a/b', 'a:b', 'a"b', 'a<b', 'a|b', 'a*b', 'a?b', 'a\\b', 'a\nb', '']) expect(isValidArtifactName(bad)).toBe(false);
  });
});

describe('transcriptsUrl', () => {
  it('is the artifact page of the run that uploaded it', () => {
    expect(transcriptsUrl('https://github.com/o/r', { run_id: '123', artifact_id: 456 })).toBe('https://github.com/o/r/actions/runs/123/artifacts/456');
  });
});
