// The agents of one job, ready to work: the agents' room (the agent user, the repository, homes), the key
// proxy that holds the model keys, Codex's sandbox proven to start, and the ports the engine drives. Every
// port call is one agent step of the room: the agent user owns the work tree only while it writes, and
// nothing it started outlives the step. Each agent sees its own placeholder key and the proxy's URL only.
import { join } from 'node:path';
import { mkdir, chmod } from 'node:fs/promises';
import type { Implementer, Planner, Reviewer, Verifier } from '../../core/ports.js';
import type { Settings } from '../settings/settings.js';
import { createCodexPlanner, createCodexReviewer, type CodexOptions } from '../../agents/codex.js';
import { createClaudeImplementer } from '../../agents/claude.js';
import { CODEX_KEY_VARIABLE, codexThroughProxy } from '../../agents/codex-provider.js';
import { readPersona } from '../../core/model/assets.js';
import { agentEnv } from '../../safety/env.js';
import type { KeyProxy, ModelVendor, UpstreamFailure } from '../../safety/key-proxy.js';
import { CtoError } from '../../core/model/errors.js';
import { createVerifier } from '../../workspace/verifier.js';
import { runProcess } from '../../workspace/process.js';
import { withReviewCheckout } from '../../workspace/review-worktree.js';
import { setPersistedCredentialsAside } from '../../workspace/git-credentials.js';
import type { Git } from '../../workspace/git.js';
import type { AgentRoom } from '../../workspace/agent-room.js';
import { codexBubblewraps, ensureSandbox, prepareSandbox, probeSandbox, type PrepareSandbox, type SandboxChange } from '../../workspace/sandbox.js';
import type { Privilege } from '../../workspace/privilege.js';
import type { AgentBinaries } from '../../agents/install.js';

export interface AgentFactory {
  /** The action's git on the repository the loop works in. */
  readonly git: Git;
  /** Puts back what was set aside for the agents (the checkout's persisted credentials). */
  dispose(): Promise<void>;
  planner(): Planner;
  implementer(): Implementer;
  verifier(): Verifier;
  /** Reviews `head` against `base` from a checkout of its own, agent configuration as on `base`. */
  reviewer(base: string, head: string): Reviewer;
}

export interface AgentFactoryInput {
  settings: Pick<
    Settings,
    'codexConfig' | 'planModel' | 'reviewModel' | 'claudeModel' | 'reasoningEffort' | 'maxTurns' | 'allowedTools' | 'timeoutMinutes'
  >;
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
export async function prepareAgents(input: AgentFactoryInput, sandbox: SandboxInput): Promise<AgentFactory> {
  const { settings, binaries, env, room, proxy, signal } = input;
  const timeoutMs = settings.timeoutMinutes * 60_000;
  const runAs = room.runAs;
  const identity: Record<string, string> = room.user ? { USER: room.user.name, LOGNAME: room.user.name } : {};
  const shellDir = join(room.root, 'bin');
  await mkdir(shellDir, { recursive: true });
  await chmod(shellDir, 0o755);

  const codexConfig = codexThroughProxy(settings.codexConfig.map((o) => `${o.key}=${o.value}`), proxy.baseUrl('openai'));
  const codexEnv = agentEnv(env, 'codex', { ...identity, [CODEX_KEY_VARIABLE]: proxy.placeholder('openai'), OPENAI_API_KEY: proxy.placeholder('openai') });
  const homeEnv = { ...identity, HOME: room.home, TMPDIR: join(room.home, 'tmp') };
  const claudeEnv = agentEnv(env, 'claude', {
    ...homeEnv,
    ANTHROPIC_BASE_URL: proxy.baseUrl('anthropic'),
    ANTHROPIC_API_KEY: proxy.placeholder('anthropic'),
    CLAUDE_CONFIG_DIR: join(room.home, '.claude'),
    // Claude's own retry count, when the workflow sets it (as the local CLI allows): its default
    // retries an API error for minutes before the run can fail.
    ...(env.CLAUDE_CODE_MAX_RETRIES ? { CLAUDE_CODE_MAX_RETRIES: env.CLAUDE_CODE_MAX_RETRIES } : {}),
  });
  const verifyEnv = agentEnv(env, 'verify', homeEnv);

  const codex = (workdir: string, model: string | null): CodexOptions => ({
    binary: binaries.codex,
    workdir,
    scratchDir: room.root,
    env: codexEnv,
    model,
    reasoningEffort: settings.reasoningEffort,
    configOverrides: codexConfig.overrides,
    timeoutMs,
    persona: readPersona(),
    place: (phase) => room.codexPlace(phase),
    runAs,
    signal,
  });
  const work = room.repo.workTree;
  // The checkout's persisted credentials stay out of every agent's reach while the job has agents.
  const restoreCredentials = await setPersistedCredentialsAside(input.checkout);
  const step = <T>(run: () => Promise<T>, writes: boolean): Promise<T> => room.session(run, { writes });
  // A step whose agent could not reach its model endpoint fails as that, whatever the CLI made of it.
  const talking = async <T>(vendor: ModelVendor, run: () => Promise<T>, failed: (out: T) => boolean = () => false): Promise<T> => {
    let out: T;
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

  try {
    // Before any model call: the agent user can run both CLIs, and Codex's sandbox starts for it.
    await step(async () => {
      if (runAs) await Promise.all([binaries.codex, binaries.claude].map((binary) => mustRunAsAgent(binary, work, codexEnv, room)));
      const place = await room.codexPlace('probe');
      const bubblewraps = () => codexBubblewraps(binaries.codex, codexEnv.PATH ?? '');
      await ensureSandbox({
        probe: () => probeSandbox({ codex: binaries.codex, cwd: work, env: { ...codexEnv, ...place.env }, runAs }),
        prepare: async () =>
          prepareSandbox({ ...sandbox, bubblewraps: await bubblewraps(), scratchDir: room.root, log: input.log }),
        onChange: sandbox.onChange,
        bubblewraps,
        log: input.log,
      });
    }, false);
  } catch (error) {
    await restoreCredentials().catch(() => undefined);
    throw error;
  }

  const implementer = createClaudeImplementer({
    binary: binaries.claude,
    workdir: work,
    env: claudeEnv,
    model: settings.claudeModel,
    maxTurns: settings.maxTurns,
    allowedTools: [...settings.allowedTools],
    timeoutMs,
    runAs,
    signal,
    shellDir,
  });
  const verifier = createVerifier({ cwd: work, env: verifyEnv, timeoutMs, runAs, signal });
  return {
    git: room.git,
    dispose: restoreCredentials,
    planner: () => ({ plan: (request) => talking('openai', () => step(() => createCodexPlanner(codex(work, settings.planModel)).plan(request), false)) }),
    implementer: () => ({
      implement: (request) => talking('anthropic', () => step(() => implementer.implement(request), true), (outcome) => !outcome.ok),
    }),
    verifier: () => ({ verify: (commands) => step(() => verifier.verify(commands), true) }),
    reviewer: (base, head) => ({
      review: (request) =>
        talking('openai', () =>
          step(async () => {
            const parent = await room.reviewParent();
            return withReviewCheckout(room.git, base, head, (checkout) => {
              for (const path of checkout.restored) input.log(`Reviewer sees ${path} as on the base branch`);
              return createCodexReviewer(codex(checkout.dir, settings.reviewModel)).review(request);
            }, parent);
          }, false),
        ),
    }),
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
