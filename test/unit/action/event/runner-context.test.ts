// What the runner tells the action, read once from the environment and the event file: refused with a
// settings error when the action is not running as a step of a job.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunnerContext } from '../../../../src/action/event/runner-context.js';

let dir: string;
let eventPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cto-runner-context-'));
  eventPath = join(dir, 'event.json');
  await writeFile(eventPath, JSON.stringify({ action: 'labeled' }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = (overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  GITHUB_REPOSITORY: 'octo-org/greeter',
  GITHUB_EVENT_PATH: eventPath,
  GITHUB_EVENT_NAME: 'issues',
  GITHUB_WORKSPACE: '/home/runner/work/greeter',
  GITHUB_RUN_ID: '42',
  GITHUB_ACTOR: 'mona',
  ...overrides,
});

describe('readRunnerContext', () => {
  it('reads the event, the repository and the run, with github.com defaults', () => {
    expect(readRunnerContext(env())).toMatchObject({
      eventName: 'issues',
      payload: { action: 'labeled' },
      repo: { owner: 'octo-org', repo: 'greeter' },
      actor: 'mona',
      runId: '42',
      runAttempt: '1',
      serverUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
      runUrl: 'https://github.com/octo-org/greeter/actions/runs/42',
      runnerEnvironment: '',
      artifactService: false,
    });
  });

  it('sees the artifact service only when the runner hands over both its token and its URL', () => {
    expect(readRunnerContext(env({ ACTIONS_RUNTIME_TOKEN: 'token', ACTIONS_RESULTS_URL: 'https://results.example/' })).artifactService).toBe(true);
    expect(readRunnerContext(env({ ACTIONS_RUNTIME_TOKEN: 'token' })).artifactService).toBe(false);
    expect(readRunnerContext(env({ ACTIONS_RESULTS_URL: 'https://results.example/' })).artifactService).toBe(false);
  });

  it('links a later attempt, and takes a GitHub Enterprise server without trailing slashes', () => {
    const context = readRunnerContext(env({ GITHUB_RUN_ATTEMPT: '3', GITHUB_SERVER_URL: 'https://ghe.example/', GITHUB_API_URL: 'https://ghe.example/api/v3/' }));
    expect(context.runUrl).toBe('https://ghe.example/octo-org/greeter/actions/runs/42/attempts/3');
    expect(context.apiUrl).toBe('https://ghe.example/api/v3');
  });

  it('prefers the actor who triggered a re-run', () => {
    expect(readRunnerContext(env({ GITHUB_TRIGGERING_ACTOR: 'hubot' })).actor).toBe('hubot');
  });

  it.each([
    ['GITHUB_REPOSITORY', /GITHUB_REPOSITORY is not set: codex-cto must run as a step of a GitHub Actions job/],
    ['GITHUB_RUN_ID', /GITHUB_RUN_ID is not set/],
    ['GITHUB_EVENT_PATH', /GITHUB_EVENT_PATH is not set/],
  ])('refuses to run without %s', (name, message) => {
    expect(() => readRunnerContext(env({ [name]: undefined }))).toThrow(message);
  });

  it('refuses a repository that is not owner/name, and an unreadable event file', () => {
    expect(() => readRunnerContext(env({ GITHUB_REPOSITORY: 'greeter' }))).toThrow(/GITHUB_REPOSITORY is not owner\/name/);
    expect(() => readRunnerContext(env({ GITHUB_EVENT_PATH: join(dir, 'missing.json') }))).toThrow(/Could not read the event payload/);
  });
});
