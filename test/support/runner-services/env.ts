// The variables through which the runner hands its services to a JavaScript action's process
// (and to nothing else: `run:` steps do not get them, and the action does not pass its environment
// on to the agents). The ids agree with GITHUB_RUN_ID: the job is registered with the services,
// so the REST API can later find this run's artifacts by run id.
import type { CacheScope, TokenOptions } from './runtime-token.js';
import type { RunnerServices } from './server.js';
import type { JobSeed } from './state.js';

export interface StepServicesOptions extends JobSeed {
  /** Mint the token with other cache scopes than the job's (e.g. read-only). */
  tokenCacheScopes?: CacheScope[];
  token?: TokenOptions;
}

/**
 * ACTIONS_RUNTIME_TOKEN, ACTIONS_RUNTIME_URL, ACTIONS_RESULTS_URL, ACTIONS_CACHE_URL,
 * ACTIONS_CACHE_SERVICE_V2, and the GITHUB_RUN_ID / GITHUB_RUN_ATTEMPT the token belongs to.
 */
export function runnerServicesEnv(services: RunnerServices, options: StepServicesOptions): Record<string, string> {
  const job = services.state.registerJob(options);
  const token = services.runtimeToken(options.tokenCacheScopes ? { ...job, cacheScopes: options.tokenCacheScopes } : job, options.token);
  const base = `${services.url}/`;
  return {
    ACTIONS_RUNTIME_TOKEN: token,
    // The pipelines service and the v1 cache service are not emulated: a client that falls back
    // to them lands on this server and shows up as a violation instead of reaching the internet.
    ACTIONS_RUNTIME_URL: base,
    ACTIONS_CACHE_URL: base,
    ACTIONS_RESULTS_URL: base,
    // What github.com's runners set; @actions/cache then speaks cache v2 (Twirp) to ACTIONS_RESULTS_URL.
    ACTIONS_CACHE_SERVICE_V2: 'True',
    GITHUB_RUN_ID: job.runId,
    GITHUB_RUN_ATTEMPT: job.runAttempt,
  };
}

/**
 * A GITHUB_SERVER_URL the clients accept. Both take any host other than github.com, *.ghe.com or
 * *.localhost for GitHub Enterprise Server: @actions/artifact then throws GHESNotSupportedError and
 * @actions/cache silently drops to the v1 protocol on ACTIONS_CACHE_URL. Nothing connects to it.
 */
export const GITHUB_COM_LIKE_SERVER_URL = 'http://github.localhost';

/**
 * The emulated GitHub's own origin under a github.com-like host, for runs that also need git: curl (and so
 * git) resolves every `*.localhost` name to loopback by itself, so git still reaches the emulator's remote
 * on its port, while the clients see a host they do not take for GitHub Enterprise Server.
 */
export function githubComLikeOrigin(origin: string): string {
  const url = new URL(origin);
  url.hostname = new URL(GITHUB_COM_LIKE_SERVER_URL).hostname;
  return url.origin;
}
