// Everything a GitHub flow needs, built once per run from the settings and the runner: the API clients,
// the push remote, the bot identity, child environments and the agents (lazily: installing them, creating
// the agent user and probing Codex's sandbox take a while, and the user should see the first comment
// before that). `close` undoes what the agents needed: the key proxy, the room, the agent user, any host
// change made for the sandbox.
import { tmpdir } from 'node:os';
import type { Settings } from '../settings/settings.js';
import type { RunnerContext } from '../event/runner-context.js';
import { Git, type AuthenticatedRemote, type GitIdentity } from '../../workspace/git.js';
import { createApi, type Api } from '../github/client.js';
import { Issues } from '../github/issues.js';
import { Pulls } from '../github/pulls.js';
import { agentEnv, npmSettingsFrom } from '../../safety/env.js';
import { startKeyProxy, type KeyProxy } from '../../safety/key-proxy.js';
import { codexUpstream } from '../../agents/codex-provider.js';
import { authorize, type ActorRef } from '../event/authorize.js';
import { findOrInstallAgents } from '../../agents/install.js';
import { modelUnreachable, prepareJobAgents, type JobAgents } from './job-agents.js';
import type { Tracker } from '../tracking/tracker.js';
import type { VerdictTarget } from '../publish/verdict.js';
import type { LoopState } from '../../core/model/schema-types.js';
import { STATE_COMMENT, STATE_PHASE, STATE_ROOM, STATE_SANDBOX, STATE_THREAD } from '../post-step/saved-state.js';
import { openAgentRoom, type AgentRoom } from '../../workspace/agent-room.js';
import { findPrivilege, type Privilege } from '../../workspace/privilege.js';
import { restoreSandbox, type SandboxChange } from '../../workspace/sandbox.js';

export interface FrontContext {
  settings: Settings;
  runner: RunnerContext;
  issues: Issues;
  pulls: Pulls;
  botLogin: string;
  identity: GitIdentity;
  /** The checkout the job started from (GITHUB_WORKSPACE); the loop works in the agents' room. */
  checkout: Git;
  remote: AuthenticatedRemote;
  log: (message: string) => void;
  childEnv: (kind: 'git') => Record<string, string>;
  /** The agents, their room and the key proxy; made on first use. */
  agents: () => Promise<JobAgents>;
  /** Removes the agents' room, the agent user and the key proxy, and undoes host changes; safe to call twice. */
  close: () => Promise<void>;
  mayCommand: (actor: ActorRef) => Promise<boolean>;
  branchUrl: (branch: string) => string;
  pullUrl: (number: number) => string;
  verdictTarget: () => VerdictTarget;
  /** The branch loops start from when the trigger names none. */
  baseBranch: string;
  /** Registers the tracking comment so the one failure reporter can write the error into it. */
  onTracker: (tracker: Tracker) => void;
  /** Remembers where the tracking comment lives, for the post step of a cancelled job. */
  rememberTracking: (thread: number, commentId: number, phase: LoopState['phase']) => void;
  tracker: () => Tracker | null;
}

export interface ContextInput {
  settings: Settings;
  runner: RunnerContext;
  /** The process environment, read once by main; agents get allow-listed parts of it. */
  env: Record<string, string | undefined>;
  log: (message: string) => void;
  /** `base-branch`, else the default branch from the payload; null to ask the API. */
  defaultBranch: string | null;
  saveState: (name: string, value: string) => void;
  /** The redaction step every posted text passes. */
  redact: (text: string) => string;
}

export async function createFrontContext(input: ContextInput): Promise<FrontContext> {
  const { settings, runner, env, log } = input;
  const api = createApi({ token: settings.githubToken, baseUrl: runner.apiUrl, log, redact: input.redact });
  const issues = new Issues(api, runner.repo);
  const pulls = new Pulls(api, runner.repo);
  const bot = await whoAmI(api);
  const saved = new Map<string, string>();
  const reviewerApi = settings.reviewerToken ? createApi({ token: settings.reviewerToken, baseUrl: runner.apiUrl, log, redact: input.redact }) : null;
  const reviewer = reviewerApi ? await whoAmI(reviewerApi) : null;
  const host = new URL(runner.serverUrl).host;
  const identity: GitIdentity = {
    name: bot.login,
    email: bot.id ? `${bot.id}+${bot.login}@users.noreply.${host}` : `${bot.login}@users.noreply.${host}`,
  };
  const gitEnv = agentEnv(env, 'git', {});
  let tracker: Tracker | null = null;
  let agents: Promise<JobAgents> | null = null;
  const held: Held = { room: null, proxy: null, priv: null, sandbox: [], agents: null };
  const abort = new AbortController();
  const remember = (name: string, value: string): void => input.saveState(name, value);
  const repoUrl = `${runner.serverUrl}/${runner.repo.owner}/${runner.repo.repo}`;
  const baseBranch = input.defaultBranch ?? (await api.rest.repos.get({ ...runner.repo })).data.default_branch;
  return {
    baseBranch,
    settings,
    runner,
    issues,
    pulls,
    botLogin: bot.login,
    identity,
    checkout: new Git({ cwd: runner.workspace, env: gitEnv }),
    remote: { url: `${repoUrl}.git`, token: settings.githubToken },
    log,
    childEnv: (kind) => agentEnv(env, kind, {}),
    agents: () => {
      agents ??= (async () => {
        const binaries = await findOrInstallAgents({
          path: env.PATH ?? '',
          toolCache: runner.toolCache,
          codexVersion: settings.codexVersion,
          claudeVersion: settings.claudeVersion,
          env: { ...agentEnv(env, 'git', {}), ...npmSettingsFrom(env) },
          log,
        });
        held.priv = await findPrivilege();
        held.room = await openAgentRoom({ mode: settings.isolation, priv: held.priv, baseDir: tmpdir(), source: runner.workspace, gitEnv, log });
        remember(STATE_ROOM, JSON.stringify({ root: held.room.root, user: held.room.user }));
        log(isolationLine(held.room));
        held.proxy = await startKeyProxy({
          upstreams: {
            anthropic: { baseUrl: settings.anthropicBaseUrl ?? ANTHROPIC_API_BASE, key: settings.anthropicApiKey },
            openai: { baseUrl: codexUpstream(settings.codexConfig.map((o) => `${o.key}=${o.value}`)), key: settings.openaiApiKey },
          },
          log,
          proxyEnv: env,
          onUnreachable: (vendor, failure) => abort.abort(modelUnreachable(vendor, failure)),
        });
        held.agents = await prepareJobAgents(
          { settings, binaries, env, room: held.room, proxy: held.proxy, checkout: new Git({ cwd: runner.workspace, env: gitEnv }), signal: abort.signal, log },
          {
            mode: settings.prepareSandbox,
            runnerEnvironment: runner.runnerEnvironment,
            priv: held.priv,
            onChange: (change) => {
              held.sandbox.push(change);
              remember(STATE_SANDBOX, JSON.stringify(held.sandbox));
            },
          },
        );
        return held.agents;
      })();
      return agents;
    },
    close: async () => {
      const { room, proxy, priv, sandbox, agents: ready } = held;
      held.agents = null;
      held.room = null;
      held.proxy = null;
      held.sandbox = [];
      await ready?.dispose().catch((error: unknown) => log(`codex-cto: could not put back the checkout's persisted credentials: ${(error as Error).message}`));
      await proxy?.close().catch(() => undefined);
      if (room) {
        await room.dispose().catch((error: unknown) => log(`codex-cto: could not remove the agents' room ${room.root}: ${(error as Error).message}`));
        remember(STATE_ROOM, '');
      }
      if (priv && sandbox.length > 0) {
        for (const change of sandbox.reverse()) await restoreSandbox(priv, change, log);
        remember(STATE_SANDBOX, '');
      }
    },
    mayCommand: async (actor) => (await authorize(actor, settings, (login) => issues.role(login))).ok,
    branchUrl: (branch) => `${repoUrl}/tree/${branch.split('/').map(encodeURIComponent).join('/')}`,
    pullUrl: (number) => `${repoUrl}/pull/${number}`,
    verdictTarget: () => ({
      pulls,
      reviewerPulls: reviewerApi ? new Pulls(reviewerApi, runner.repo) : null,
      reviewerLogin: reviewer?.login ?? null,
      detailsUrl: runner.runUrl,
      log: input.log,
    }),
    onTracker: (t) => {
      tracker = t;
    },
    tracker: () => tracker,
    rememberTracking: (thread, commentId, phase) => {
      // Each value only when it changes: every call appends to the runner's state file.
      for (const [name, value] of [[STATE_THREAD, String(thread)], [STATE_COMMENT, String(commentId)], [STATE_PHASE, phase]] as const) {
        if (saved.get(name) === value) continue;
        saved.set(name, value);
        input.saveState(name, value);
      }
    },
  };
}

interface Held {
  agents: JobAgents | null;
  room: AgentRoom | null;
  proxy: KeyProxy | null;
  priv: Privilege | null;
  sandbox: SandboxChange[];
}

const ANTHROPIC_API_BASE = 'https://api.anthropic.com';

function isolationLine(room: AgentRoom): string {
  return room.user
    ? `codex-cto: agents run as ${room.user.name} (uid ${room.user.uid}), a user created for this job, in ${room.root}`
    : `codex-cto: agent isolation is off (isolation: none): agents run as the runner user and can read the job's secrets`;
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
