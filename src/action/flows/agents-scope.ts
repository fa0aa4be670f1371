// The job's agents, made on first use (installing the CLIs, creating the agent user and probing Codex's
// sandbox take a while, and the first comment should not wait for them) and released at the end: the key
// proxy, the agents' room and its user, any host change made for the sandbox. Each of those is recorded
// for the post step as soon as it exists, so a cancelled job is cleaned up even when this step is not.
import { tmpdir } from 'node:os';
import { guardedValuesOf, passedNamesOf, type Settings } from '../settings/settings.js';
import { passedEnvironment } from '../../safety/env-passthrough.js';
import type { RunnerContext } from '../event/runner-context.js';
import { Git } from '../../workspace/git.js';
import { agentEnv, npmSettingsFrom } from '../../safety/env.js';
import { startKeyProxy, type KeyProxy } from '../../safety/key-proxy.js';
import { codexUpstream } from '../../agents/codex-provider.js';
import { findOrInstallAgents } from '../../agents/install.js';
import { actionsCliCache } from './agent-cli-cache.js';
import { modelUnreachable, prepareJobAgents, type JobAgents } from './job-agents.js';
import { STATE_ROOM, STATE_SANDBOX } from '../post-step/saved-state.js';
import { openAgentRoom, type AgentRoom } from '../../workspace/agent-room.js';
import { findPrivilege, type Privilege } from '../../workspace/privilege.js';
import { restoreSandbox, type SandboxChange } from '../../workspace/sandbox.js';

/** The agents, made on first use, and what they hold released at the end. */
export interface AgentsScope {
  /** The agents, their room and the key proxy; made on first use. */
  agents(): Promise<JobAgents>;
  /** Removes the agents' room, the agent user and the key proxy, and undoes host changes; safe to call twice. */
  close(): Promise<void>;
}

export interface AgentsScopeInput {
  settings: Settings;
  runner: RunnerContext;
  /** The process environment; agents get allow-listed parts of it. */
  env: Record<string, string | undefined>;
  log: (message: string) => void;
  /** Records a value for the post step (`core.saveState`). */
  saveState: (name: string, value: string) => void;
}

/** What this step made and must undo. */
interface Held {
  agents: JobAgents | null;
  room: AgentRoom | null;
  proxy: KeyProxy | null;
  priv: Privilege | null;
  sandbox: SandboxChange[];
}

const ANTHROPIC_API_BASE = 'https://api.anthropic.com';

export function createAgentsScope(input: AgentsScopeInput): AgentsScope {
  const held: Held = { room: null, proxy: null, priv: null, sandbox: [], agents: null };
  let made: Promise<JobAgents> | null = null;
  return {
    agents: () => (made ??= makeAgents(input, held)),
    close: () => release(input, held),
  };
}

async function makeAgents(input: AgentsScopeInput, held: Held): Promise<JobAgents> {
  const { settings, runner, env, log } = input;
  const gitEnv = agentEnv(env, 'git', {});
  // Before anything is installed: a passed variable that holds a token is a settings error.
  const passed = passedEnvironment(env, passedNamesOf(settings), guardedValuesOf(settings));
  if (passed.unset.length > 0) log(`codex-cto: not set in the step's environment, so not passed to the agents: ${passed.unset.join(', ')}`);
  const abort = new AbortController();
  // The CLIs are found (restored or installed) while the agents' room and the key proxy are made: none needs
  // another. All three settle before anything goes on, so what was made is held for release even on a failure.
  const [binaries] = await allSettled([
    findOrInstallAgents({
      path: env.PATH ?? '',
      toolCache: runner.toolCache,
      codexVersion: settings.codexVersion,
      claudeVersion: settings.claudeVersion,
      env: { ...gitEnv, ...npmSettingsFrom(env) },
      log,
      cache: actionsCliCache(settings.cacheAgentClis, log),
    }),
    openRoom(input, gitEnv, held),
    startProxy(input, held, abort),
  ] as const);
  const sandbox = {
    mode: settings.prepareSandbox,
    runnerEnvironment: runner.runnerEnvironment,
    priv: held.priv,
    onChange: (change: SandboxChange) => {
      held.sandbox.push(change);
      input.saveState(STATE_SANDBOX, JSON.stringify(held.sandbox));
    },
  };
  const checkout = new Git({ cwd: runner.workspace, env: gitEnv });
  held.agents = await prepareJobAgents({ settings, binaries, env, passed, room: held.room!, proxy: held.proxy!, checkout, signal: abort.signal, log }, sandbox);
  return held.agents;
}

async function openRoom(input: AgentsScopeInput, gitEnv: Record<string, string>, held: Held): Promise<void> {
  held.priv = await findPrivilege();
  held.room = await openAgentRoom({ mode: input.settings.isolation, priv: held.priv, baseDir: tmpdir(), source: input.runner.workspace, gitEnv, log: input.log });
  input.saveState(STATE_ROOM, JSON.stringify({ root: held.room.root, user: held.room.user }));
  input.log(isolationLine(held.room));
}

async function startProxy({ settings, env, log }: AgentsScopeInput, held: Held, abort: AbortController): Promise<void> {
  held.proxy = await startKeyProxy({
    upstreams: {
      anthropic: { baseUrl: settings.anthropicBaseUrl ?? ANTHROPIC_API_BASE, key: settings.anthropicApiKey },
      openai: { baseUrl: codexUpstream(settings.codexConfig.map((o) => `${o.key}=${o.value}`)), key: settings.openaiApiKey },
    },
    log,
    proxyEnv: env,
    onUnreachable: (vendor, failure) => abort.abort(modelUnreachable(vendor, failure)),
  });
}

/** The values once every piece of work has settled (none is left running when one fails); the first failure otherwise. */
async function allSettled<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function release({ log, saveState }: AgentsScopeInput, held: Held): Promise<void> {
  const { room, proxy, priv, sandbox, agents } = held;
  held.agents = null;
  held.room = null;
  held.proxy = null;
  held.sandbox = [];
  await agents?.dispose().catch((error: unknown) => log(`codex-cto: could not put back the checkout's persisted credentials: ${(error as Error).message}`));
  await proxy?.close().catch(() => undefined);
  if (room) {
    await room.dispose().catch((error: unknown) => log(`codex-cto: could not remove the agents' room ${room.root}: ${(error as Error).message}`));
    saveState(STATE_ROOM, '');
  }
  if (priv && sandbox.length > 0) {
    for (const change of sandbox.reverse()) await restoreSandbox(priv, change, log);
    saveState(STATE_SANDBOX, '');
  }
}

function isolationLine(room: AgentRoom): string {
  return room.user
    ? `codex-cto: agents run as ${room.user.name} (uid ${room.user.uid}), a user created for this job, in ${room.root}`
    : `codex-cto: agent isolation is off (isolation: none): agents run as the runner user and can read the job's secrets`;
}
