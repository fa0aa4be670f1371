// What the GitHub flows work with, built once per run from the settings and the runner, in small parts so
// that each piece of code names (and a test fakes) only what it uses: the run itself, GitHub through the
// API, pushing to the repository, the job's agents, and where the tracking comment is.
import type { ResolvedSettings, Settings } from '../settings/settings.js';
import type { LoadedConfig } from '../../core/model/repo-config.js';
import type { Trigger } from '../event/trigger.js';
import { readRunConfig, type RunConfig } from './run-config.js';
import type { RunnerContext } from '../event/runner-context.js';
import type { AuthenticatedRemote, GitIdentity } from '../../workspace/git.js';
import { createApi, type Api } from '../github/client.js';
import { Issues } from '../github/issues.js';
import { Pulls } from '../github/pulls.js';
import { ReviewComments } from '../github/review-comments.js';
import { agentEnv } from '../../safety/env.js';
import { authorize, type ActorRef } from '../event/authorize.js';
import type { Tracker } from '../tracking/tracker.js';
import type { VerdictTarget } from '../publish/verdict.js';
import type { LoopState, TranscriptsArtifact } from '../../core/model/schema-types.js';
import { transcriptsUrl } from '../transcripts/artifact-name.js';
import { STATE_COMMENT, STATE_PHASE, STATE_THREAD } from '../post-step/saved-state.js';
import { createAgentsScope, type AgentsScope } from './agents-scope.js';
import { createRateGauge, type RateGauge } from '../github/rate-gauge.js';
import { LockRefs } from '../github/lock-refs.js';
import { createLockScope, type LockScope } from './lock-scope.js';
import * as core from '@actions/core';

/** The run: its settings, the runner, the log, and the branch loops start from when the trigger names none. */
export interface RunScope {
  /** The inputs with the repository's config file laid over them. */
  settings: Settings;
  /** The config file as read from the base branch, and any problem with it. */
  config: RunConfig;
  runner: RunnerContext;
  log: (message: string) => void;
  /** The redaction step every posted, logged or uploaded text passes. */
  redact: (text: string) => string;
  baseBranch: string;
}

/** GitHub through the API, as the bot identity (and the reviewer identity for verdicts). */
export interface GitHubScope {
  issues: Issues;
  pulls: Pulls;
  /** People's pull request reviews, their inline comments, and the bot's replies in their threads. */
  reviewComments: ReviewComments;
  botLogin: string;
  /** Whether `actor` may command codex-cto (write access or an allow-list). */
  mayCommand: (actor: ActorRef) => Promise<boolean>;
  /** What GitHub's answers to the bot identity said about the rate limits. */
  rateGauge: RateGauge;
  verdictTarget: () => VerdictTarget;
  branchUrl: (branch: string) => string;
  pullUrl: (number: number) => string;
  /** The page of a transcripts artifact. */
  transcriptsUrl: (artifact: TranscriptsArtifact) => string;
}

/** Pushing to the repository: the remote with its token, the bot's git identity, the environment of git. */
export interface GitScope {
  remote: AuthenticatedRemote;
  identity: GitIdentity;
  gitEnv: Record<string, string>;
}

/** Where this run's tracking comment is, for the one failure reporter and the post step. */
export interface TrackingScope {
  /** Registers the tracking comment so the failure reporter can write the error into it. */
  onTracker: (tracker: Tracker) => void;
  tracker: () => Tracker | null;
  /** Remembers where the tracking comment lives, for the post step of a cancelled job. */
  rememberTracking: (thread: number, commentId: number, phase: LoopState['phase']) => void;
}

export type FlowContext = RunScope & GitHubScope & GitScope & AgentsScope & TrackingScope & LockScope;

export interface ContextInput {
  /** The inputs alone, as parsed to tell whether the event is for codex-cto. */
  settings: Settings;
  /** The settings with a config file laid over the inputs. */
  resolve: (config: LoadedConfig | null) => ResolvedSettings;
  trigger: Exclude<Trigger, { kind: 'ignored' }>;
  runner: RunnerContext;
  /** The process environment, read once by the entry point; agents get allow-listed parts of it. */
  env: Record<string, string | undefined>;
  log: (message: string) => void;
  /** `base-branch`, else the default branch from the payload; null to ask the API. */
  defaultBranch: string | null;
  saveState: (name: string, value: string) => void;
  /** The redaction step every posted text passes. */
  redact: (text: string) => string;
}

export async function createFlowContext(contextInput: ContextInput): Promise<FlowContext> {
  const { runner, log } = contextInput;
  const rateGauge = createRateGauge();
  const api = createApi({ token: contextInput.settings.githubToken, baseUrl: runner.apiUrl, log, redact: contextInput.redact, gauge: rateGauge });
  // Who the bot is and the repository's config file do not depend on each other: both at once.
  const [bot, { baseBranch, config }] = await Promise.all([
    whoAmI(api),
    (async () => {
      const baseBranch = contextInput.defaultBranch ?? (await api.rest.repos.get({ ...runner.repo })).data.default_branch;
      const config = await readRunConfig({
        api,
        repo: runner.repo,
        pulls: new Pulls(api, runner.repo),
        trigger: contextInput.trigger,
        baseBranch,
        inputsOnly: contextInput.settings,
        resolve: contextInput.resolve,
        log,
      });
      return { baseBranch, config };
    })(),
  ]);
  // From here on, every part of the run sees the settings with the file laid over the inputs.
  const input = { ...contextInput, settings: config.resolved.settings };
  const github = await gitHubScope(input, api, bot.login, rateGauge);
  const agents = createAgentsScope(input);
  const lock = createLockScope({
    refs: new LockRefs(api, runner.repo),
    self: { runId: runner.runId, attempt: runner.runAttempt },
    log,
    warn: (message) => core.warning(input.redact(message)),
    saveState: input.saveState,
    now: Date.now,
  });
  return {
    settings: input.settings,
    config,
    runner,
    log,
    redact: input.redact,
    baseBranch,
    ...github,
    ...gitScope(input, bot),
    ...agents,
    ...trackingScope(input.saveState),
    ...lock,
    // The loop is given back once its agents are gone and the run has said everything it will say.
    close: async () => {
      try {
        await agents.close();
      } finally {
        await lock.releaseLoop();
      }
    },
  };
}

async function gitHubScope(input: ContextInput, api: Api, botLogin: string, rateGauge: RateGauge): Promise<GitHubScope> {
  const { settings, runner, log } = input;
  const issues = new Issues(api, runner.repo);
  const pulls = new Pulls(api, runner.repo);
  const reviewerApi = settings.reviewerToken ? createApi({ token: settings.reviewerToken, baseUrl: runner.apiUrl, log, redact: input.redact }) : null;
  const reviewer = reviewerApi ? await whoAmI(reviewerApi) : null;
  const repoUrl = repositoryUrl(runner);
  return {
    issues,
    pulls,
    reviewComments: new ReviewComments(api, runner.repo),
    botLogin,
    rateGauge,
    mayCommand: async (actor) => (await authorize(actor, settings, (login) => issues.role(login))).ok,
    verdictTarget: () => ({
      pulls,
      reviewerPulls: reviewerApi ? new Pulls(reviewerApi, runner.repo) : null,
      reviewerLogin: reviewer?.login ?? null,
      detailsUrl: runner.runUrl,
      log,
    }),
    branchUrl: (branch) => `${repoUrl}/tree/${branch.split('/').map(encodeURIComponent).join('/')}`,
    pullUrl: (number) => `${repoUrl}/pull/${number}`,
    transcriptsUrl: (artifact) => transcriptsUrl(repoUrl, artifact),
  };
}

function gitScope(input: ContextInput, bot: { login: string; id: number | null }): GitScope {
  const host = new URL(input.runner.serverUrl).host;
  const identity: GitIdentity = {
    name: bot.login,
    email: bot.id ? `${bot.id}+${bot.login}@users.noreply.${host}` : `${bot.login}@users.noreply.${host}`,
  };
  return {
    remote: { url: `${repositoryUrl(input.runner)}.git`, token: input.settings.githubToken },
    identity,
    gitEnv: agentEnv(input.env, 'git', {}),
  };
}

function trackingScope(saveState: (name: string, value: string) => void): TrackingScope {
  let tracker: Tracker | null = null;
  const saved = new Map<string, string>();
  return {
    onTracker: (t) => {
      tracker = t;
    },
    tracker: () => tracker,
    rememberTracking: (thread, commentId, phase) => {
      // Each value only when it changes: every call appends to the runner's state file.
      for (const [name, value] of [[STATE_THREAD, String(thread)], [STATE_COMMENT, String(commentId)], [STATE_PHASE, phase]] as const) {
        if (saved.get(name) === value) continue;
        saved.set(name, value);
        saveState(name, value);
      }
    },
  };
}

function repositoryUrl(runner: RunnerContext): string {
  return `${runner.serverUrl}/${runner.repo.owner}/${runner.repo.repo}`;
}

/**
 * The identity a token acts as. GraphQL `viewer` answers for installation tokens (the workflow token,
 * GitHub Apps) as well as for personal tokens; REST `GET /user` only for the latter.
 */
async function whoAmI(api: Api): Promise<{ login: string; id: number | null }> {
  try {
    const data = await api.graphql<{ viewer: { login: string; databaseId: number | null } }>('query { viewer { login databaseId } }');
    return { login: data.viewer.login, id: data.viewer.databaseId };
  } catch {
    try {
      const { data } = await api.rest.users.getAuthenticated();
      return { login: data.login, id: data.id };
    } catch {
      return { login: 'github-actions[bot]', id: 41898282 };
    }
  }
}
