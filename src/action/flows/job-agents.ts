// The agents of one job, ready to work: the agents' room (the agent user, the repository, homes), the key
// proxy that holds the model keys, Codex's sandbox proven to start, and the ports the engine drives. Every
// port call is one agent step of the room: the agent user owns the work tree only while it writes, and
// nothing it started outlives the step. Each agent sees its own placeholder key and the proxy's URL only.
import { join } from 'node:path';
import { mkdir, chmod } from 'node:fs/promises';
import type { Settings } from '../settings/settings.js';
import { createAgents, type AgentSetup, type AgentStep, type Agents, type ModelCall } from '../../agents/factory.js';
import { CODEX_KEY_VARIABLE, codexThroughProxy } from '../../agents/codex-provider.js';
import type { AgentBinaries } from '../../agents/install.js';
import { agentEnv } from '../../safety/env.js';
import type { KeyProxy, ModelVendor, UpstreamFailure } from '../../safety/key-proxy.js';
import { CtoError } from '../../core/model/errors.js';
import { runProcess } from '../../workspace/process.js';
import { runSetupCommands, type SetupOptions, type SetupResult } from '../../workspace/setup-steps.js';
import type { PassedEnvironment } from '../../safety/env-passthrough.js';
import { setPersistedCredentialsAside } from '../../workspace/git-credentials.js';
import type { Git } from '../../workspace/git.js';
import type { AgentRoom } from '../../workspace/agent-room.js';
import { codexBubblewraps, ensureSandbox, prepareSandbox, probeSandbox, type PrepareSandbox, type SandboxChange } from '../../workspace/sandbox.js';
import type { Privilege } from '../../workspace/privilege.js';
import { installClaudeSession, readClaudeSession, type ReadSession, type SessionPlace } from '../../workspace/claude-sessions.js';

export interface JobAgents extends Agents {
  /** The action's git on the repository the loop works in. */
  readonly git: Git;
  /** Runs the repository's setup commands as a writing step, in the verification commands' environment. */
  setup(commands: readonly string[], hooks: Pick<SetupOptions, 'onStart' | 'onResult'>): Promise<SetupResult[]>;
  /** Claude's session `id` as the agent user has it now (for the run's artifact). */
  claudeSession(id: string): Promise<ReadSession>;
  /** Puts a session carried from an earlier run where Claude resumes it in this run's work tree. */
  restoreClaudeSession(id: string, text: string): Promise<void>;
  /** Puts back what was set aside for the agents (the checkout's persisted credentials). */
  dispose(): Promise<void>;
}

export interface JobAgentsInput {
  settings: Pick<
    Settings,
    | 'codexConfig'
    | 'planModel'
    | 'reviewModel'
    | 'claudeModel'
    | 'planReasoningEffort'
    | 'reviewReasoningEffort'
    | 'planInstructions'
    | 'reviewInstructions'
    | 'protectedPaths'
    | 'maxTurns'
    | 'allowedTools'
    | 'timeoutMinutes'
    | 'setupTimeoutMinutes'
    | 'verifyCommands'
    | 'writeWorkflows'
  >;
  /** The variables the workflow passes to Claude, the setup and the verification commands. */
  passed: PassedEnvironment;
  binaries: AgentBinaries;
  /** The action's environment; agents get allow-listed parts of it. */
  env: Record<string, string | undefined>;
  room: AgentRoom;
  proxy: KeyProxy;
  /** The checkout the job started from: persisted credentials leave its config while an agent runs. */
  checkout: Git;
  /** Aborted when the model endpoint cannot be reached: the running agent step ends at once. */
  signal: AbortSignal;
  log: (message: string) => void;
}

export interface SandboxInput {
  mode: PrepareSandbox;
  runnerEnvironment: string;
  priv: Privilege | null;
  /** Told at once of a host change, so that it is undone whatever happens next. */
  onChange: (change: SandboxChange) => void;
}

/** Builds the agents and proves Codex's sandbox starts for them; throws a `sandbox` error when it cannot. */
export async function prepareJobAgents(input: JobAgentsInput, sandbox: SandboxInput): Promise<JobAgents> {
  const { settings, binaries, room, proxy, signal } = input;
  const shellDir = join(room.root, 'bin');
  await mkdir(shellDir, { recursive: true });
  await chmod(shellDir, 0o755);
  const codexConfig = codexThroughProxy(settings.codexConfig.map((o) => `${o.key}=${o.value}`), proxy.baseUrl('openai'));
  const env = agentEnvs(input);
  // The checkout's persisted credentials stay out of every agent's reach while the job has agents.
  const restoreCredentials = await setPersistedCredentialsAside(input.checkout);
  // Every agent step is a session of the room: the agent user owns the work tree only while it writes.
  const step: AgentStep = (run, writes) => room.session(run, { writes });
  // Sessions carried from an earlier run: on disk in the agent's home, where this process may not look.
  const sessions = new Set<string>();
  try {
    await step(() => proveAgentsRun(input, env.codex, sandbox), false);
  } catch (error) {
    await restoreCredentials().catch(() => undefined);
    throw error;
  }
  const agents = createAgents({
    settings: { ...settings, codexOverrides: codexConfig.overrides },
    binaries,
    env,
    workTree: room.repo.workTree,
    git: room.git,
    scratchDir: room.root,
    shellDir,
    place: (phase) => room.codexPlace(phase),
    runAs: room.runAs,
    signal,
    step,
    call: throughProxy(proxy, signal),
    reviewParent: () => room.reviewParent(),
    knownSessions: sessions,
    secretValues: input.passed.secretValues,
    log: input.log,
  });
  const setup: JobAgents['setup'] = (commands, hooks) =>
    step(() => runSetupCommands(commands, {
      cwd: room.repo.workTree,
      env: env.verify,
      timeoutMs: settings.setupTimeoutMinutes * 60_000,
      runAs: room.runAs,
      signal,
      ...hooks,
    }), true);
  const place: SessionPlace = { configDir: join(room.home, '.claude'), workdir: room.repo.workTree, env: env.verify, runAs: room.runAs, stagingDir: room.root };
  return {
    ...agents,
    git: room.git,
    setup,
    claudeSession: (id) => readClaudeSession(place, id),
    async restoreClaudeSession(id, text) {
      await installClaudeSession(place, id, text);
      sessions.add(id);
    },
    dispose: restoreCredentials,
  };
}

/** Each agent's environment: the proxy's URL and its own placeholder key, the room's homes, the agent user's name. */
function agentEnvs({ env, room, proxy, passed }: JobAgentsInput): AgentSetup['env'] {
  const identity: Record<string, string> = room.user ? { USER: room.user.name, LOGNAME: room.user.name } : {};
  const homeEnv = { ...identity, HOME: room.home, TMPDIR: join(room.home, 'tmp') };
  return {
    codex: agentEnv(env, 'codex', { ...identity, [CODEX_KEY_VARIABLE]: proxy.placeholder('openai'), OPENAI_API_KEY: proxy.placeholder('openai') }),
    claude: withPassed(passed, agentEnv(env, 'claude', {
      ...homeEnv,
      ANTHROPIC_BASE_URL: proxy.baseUrl('anthropic'),
      ANTHROPIC_API_KEY: proxy.placeholder('anthropic'),
      CLAUDE_CONFIG_DIR: join(room.home, '.claude'),
      // Claude's own retry count, when the workflow sets it (as the local CLI allows): its default
      // retries an API error for minutes before the run can fail.
      ...(env.CLAUDE_CODE_MAX_RETRIES ? { CLAUDE_CODE_MAX_RETRIES: env.CLAUDE_CODE_MAX_RETRIES } : {}),
    })),
    // The passed variables never override what codex-cto sets: such names are refused when the settings are read.
    verify: withPassed(passed, agentEnv(env, 'verify', homeEnv)),
  };
}

/** An agent's environment with the workflow's passed variables; the names were checked when the settings were read. */
function withPassed(passed: PassedEnvironment, env: Record<string, string>): Record<string, string> {
  return { ...env, ...passed.env };
}

/** Before any model call: the agent user can run both CLIs, and Codex's sandbox starts for it. */
async function proveAgentsRun({ binaries, room, log }: JobAgentsInput, codexEnv: Record<string, string>, sandbox: SandboxInput): Promise<void> {
  const work = room.repo.workTree;
  const runAs = room.runAs;
  if (runAs) await Promise.all([binaries.codex, binaries.claude].map((binary) => mustRunAsAgent(binary, work, codexEnv, room)));
  const place = await room.codexPlace('probe');
  const bubblewraps = () => codexBubblewraps(binaries.codex, codexEnv.PATH ?? '');
  await ensureSandbox({
    probe: () => probeSandbox({ codex: binaries.codex, cwd: work, env: { ...codexEnv, ...place.env }, runAs }),
    prepare: async () => prepareSandbox({ ...sandbox, bubblewraps: await bubblewraps(), scratchDir: room.root, log }),
    onChange: sandbox.onChange,
    bubblewraps,
    log,
  });
}

/** A call whose agent could not reach its model endpoint fails as that, whatever the CLI made of it. */
function throughProxy(proxy: KeyProxy, signal: AbortSignal): ModelCall {
  return async (vendor, run, failed = () => false) => {
    let out;
    try {
      out = await run();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const failure = proxy.unreachable(vendor);
      throw failure ? modelUnreachable(vendor, failure, error) : error;
    }
    const failure = failed(out) ? proxy.unreachable(vendor) : null;
    if (failure) throw modelUnreachable(vendor, failure);
    return out;
  };
}

/** The agent user must be able to run the CLIs: a folder on their path may be closed to other users. */
async function mustRunAsAgent(binary: string, cwd: string, env: Record<string, string>, room: AgentRoom): Promise<void> {
  const run = await runProcess(binary, ['--version'], { cwd, env, timeoutMs: 60_000, runAs: room.runAs });
  if (run.exitCode === 0) return;
  const said = (run.spawnError ?? `${run.stderr}\n${run.stdout}`).trim().split('\n').slice(-2).join(' | ');
  throw new CtoError(
    'agent-missing',
    `The agent user ${room.user?.name ?? ''} cannot run ${binary}: ${said || `exit ${run.exitCode ?? run.signal}`}`,
    'Install the agent CLIs where every user can read and run them (the tool cache, /usr/local, a folder the runner made readable), or leave them off PATH so that codex-cto installs them; or set `isolation: none`.',
  );
}

/** The failure of a step whose agent could not reach its model endpoint (or gateway). */
export function modelUnreachable(vendor: ModelVendor, failure: UpstreamFailure, cause?: unknown): CtoError {
  const who = vendor === 'anthropic' ? 'Claude Code' : 'Codex';
  return new CtoError(
    'model-unreachable',
    `${who}'s model endpoint could not be reached: ${failure.message}`,
    vendor === 'anthropic'
      ? 'Check `anthropic-base-url` (or remove it for Anthropic\'s own endpoint) and that the runner can reach it, then comment `/cto continue`.'
      : 'Check the provider\'s base_url in `codex-config` (or remove it for OpenAI\'s own endpoint) and that the runner can reach it, then comment `/cto continue`.',
    { cause },
  );
}
