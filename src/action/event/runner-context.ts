// What the runner tells the action about this job, read once from the environment and the event file.
import { readFileSync } from 'node:fs';
import { CtoError } from '../../core/model/errors.js';
import type { RepoRef } from '../github/client.js';

export interface RunnerContext {
  eventName: string;
  payload: unknown;
  repo: RepoRef;
  workspace: string;
  actor: string;
  runId: string;
  runAttempt: string;
  serverUrl: string;
  apiUrl: string;
  runnerTemp: string;
  toolCache: string;
  /** Link to this workflow run, shown in the tracking comment. */
  runUrl: string;
  /** `github-hosted` or `self-hosted` (RUNNER_ENVIRONMENT); empty when the runner does not say. */
  runnerEnvironment: string;
  /** Whether the runner hands this step its artifact service (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL). */
  artifactService: boolean;
}

export function readRunnerContext(env: Record<string, string | undefined>): RunnerContext {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new CtoError('settings', `${name} is not set: codex-cto must run as a step of a GitHub Actions job.`);
    return value;
  };
  const [owner, repo] = need('GITHUB_REPOSITORY').split('/');
  if (!owner || !repo) throw new CtoError('settings', `GITHUB_REPOSITORY is not owner/name: ${env.GITHUB_REPOSITORY}`);
  const eventPath = need('GITHUB_EVENT_PATH');
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch (error) {
    throw new CtoError('settings', `Could not read the event payload at GITHUB_EVENT_PATH: ${(error as Error).message}`);
  }
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const runId = need('GITHUB_RUN_ID');
  const runAttempt = env.GITHUB_RUN_ATTEMPT || '1';
  return {
    eventName: need('GITHUB_EVENT_NAME'),
    payload,
    repo: { owner, repo },
    workspace: need('GITHUB_WORKSPACE'),
    actor: env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || '',
    runId,
    runAttempt,
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    runnerTemp: env.RUNNER_TEMP || need('GITHUB_WORKSPACE'),
    toolCache: env.RUNNER_TOOL_CACHE || env.RUNNER_TEMP || need('GITHUB_WORKSPACE'),
    runUrl: runUrlOf({ serverUrl, repo: { owner, repo } }, runId, runAttempt),
    runnerEnvironment: env.RUNNER_ENVIRONMENT ?? '',
    artifactService: Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL),
  };
}

/** The page of attempt `attempt` of workflow run `runId` in the runner's repository. */
export function runUrlOf(runner: Pick<RunnerContext, 'serverUrl' | 'repo'>, runId: string, attempt: string): string {
  const { owner, repo } = runner.repo;
  return `${runner.serverUrl}/${owner}/${repo}/actions/runs/${runId}${attempt !== '1' ? `/attempts/${attempt}` : ''}`;
}
