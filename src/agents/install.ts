// Finds the agent CLIs, each on its own and both at once: on PATH at the pinned version, else in codex-cto's
// own prefix for that CLI in the tool cache, else restored into that prefix from the cache between runs,
// else installed there with npm (and then saved to that cache). A prefix holds the npm packages and nothing
// else (no HOME, no agent state, no npm settings), less the parts codex-cto never runs (cli-prune.ts). It is
// written by the action before any agent user exists, and sealed so that no other user can write it; the
// cache therefore only ever saves what npm wrote.
import { access, constants, rm } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import { AGENT_PACKAGES } from '../core/model/versions.js';
import { runProcess } from '../workspace/process.js';
import { cliCacheKey, hostPlatform, type CliCache, type WantedPackage } from './cli-cache.js';
import { pruneUnusedParts } from './cli-prune.js';

export interface AgentBinaries {
  codex: string;
  claude: string;
}

export interface InstallOptions {
  path: string;
  toolCache: string;
  codexVersion: string;
  claudeVersion: string;
  env: Record<string, string>;
  log: (message: string) => void;
  /** Where an installed prefix is kept between runs; null: always install. */
  cache: CliCache | null;
}

type Agent = 'codex' | 'claude';

const AGENTS: readonly Agent[] = ['codex', 'claude'];
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const SEAL_TIMEOUT_MS = 2 * 60_000;

/** The binary in one of the `path` folders when its version is the wanted one; otherwise null. */
async function onPath(name: Agent, version: string, path: string, env: Record<string, string>): Promise<string | null> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const run = await runProcess(candidate, ['--version'], { cwd: dir, env, timeoutMs: 30_000 });
    if (run.exitCode === 0 && run.stdout.includes(version)) return candidate;
  }
  return null;
}

function versionOf(agent: Agent, options: InstallOptions): string {
  return agent === 'codex' ? options.codexVersion : options.claudeVersion;
}

/** Each CLI's own prefix: its own cache entry, restored or installed beside the other's. */
export function agentPrefix(toolCache: string, agent: Agent, version: string): string {
  return join(toolCache, 'codex-cto-agents', `${agent}-${version}`);
}

export async function findOrInstallAgents(options: InstallOptions): Promise<AgentBinaries> {
  const onSearchPath = await both(AGENTS.map((agent) => onPath(agent, versionOf(agent, options), options.path, options.env)));
  const missing = AGENTS.filter((_, i) => !onSearchPath[i]).map(wantedOf(options));
  // Both at once: the restores (or installs) of what is missing.
  const [codex, claude] = await both(AGENTS.map(async (agent, i) => onSearchPath[i] ?? provide(wantedOf(options)(agent), missing, options)));
  return { codex: codex!, claude: claude! };
}

const wantedOf = (options: InstallOptions) => (agent: Agent): WantedPackage => ({ agent, name: AGENT_PACKAGES[agent], version: versionOf(agent, options) });

/** Every result once all have settled (nothing is left running when one fails); the first failure otherwise. */
async function both<T>(work: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** One CLI from its prefix, else restored into it from the cache, else installed there (and then saved). `missing`: every CLI not on PATH, for the advice. */
async function provide(wanted: WantedPackage, missing: WantedPackage[], options: InstallOptions): Promise<string> {
  const { agent } = wanted;
  const prefix = agentPrefix(options.toolCache, agent, wanted.version);
  const binDir = join(prefix, 'node_modules', '.bin');
  const ready = await onPath(agent, wanted.version, binDir, options.env);
  if (ready) return ready;
  const key = options.cache ? cliCacheKey([wanted], hostPlatform()) : null;
  if (options.cache && key) {
    const restored = await restoreFromCache(options.cache, prefix, key, wanted, options);
    if (restored) return restored;
  }
  await install(prefix, wanted, missing, options);
  await pruneUnusedParts(prefix, agent);
  await seal(prefix, options.env);
  const installed = await onPath(agent, wanted.version, binDir, options.env);
  if (!installed) throw notRunnable(wanted, missing, 'npm installed it, but it does not answer `--version` with the wanted version');
  if (options.cache && key) {
    await options.cache.save(prefix, key);
  }
  return installed;
}

/** The CLI restored from the cache, proven to run at the wanted version; null (and an empty prefix) otherwise. */
async function restoreFromCache(cache: CliCache, prefix: string, key: string, wanted: WantedPackage, options: InstallOptions): Promise<string | null> {
  const name = describe(wanted);
  // A restore that failed half way may have left files: npm must start from an empty prefix.
  await rm(prefix, { recursive: true, force: true });
  if (await cache.restore(prefix, key)) {
    await seal(prefix, options.env);
    const restored = await onPath(wanted.agent, wanted.version, join(prefix, 'node_modules', '.bin'), options.env);
    if (restored) {
      options.log(`codex-cto: restored ${name} from the Actions cache (${key}); nothing to install`);
      return restored;
    }
    options.log(`codex-cto: the cached ${name} did not answer with the wanted version; installing it`);
  } else {
    options.log(`codex-cto: ${name} not restored from the Actions cache (${key}); installing it`);
  }
  await rm(prefix, { recursive: true, force: true });
  return null;
}

async function install(prefix: string, wanted: WantedPackage, missing: WantedPackage[], options: InstallOptions): Promise<void> {
  const spec = describe(wanted);
  options.log(`Installing ${spec} into the tool cache`);
  const run = await runProcess('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, spec], {
    cwd: options.toolCache,
    env: options.env,
    timeoutMs: INSTALL_TIMEOUT_MS,
  });
  if (run.exitCode !== 0) {
    const detail = (run.spawnError ?? `${run.stderr}${run.stdout}`).trim().split('\n').slice(-6).join('\n');
    throw new CtoError(
      'agent-missing',
      `Could not install ${spec}: npm ${run.timedOut ? 'timed out' : `exited ${run.exitCode ?? 'abnormally'}`}.\n${detail}`,
      `${installAdvice(missing)} or make the npm registry reachable from the runner.`,
    );
  }
}

/** Nobody but the runner user may write the prefix (an agent must not plant a binary); everyone may run it. */
async function seal(prefix: string, env: Record<string, string>): Promise<void> {
  for (const args of [['go-w', '--', dirname(prefix)], ['-R', 'go-w,a+rX', '--', prefix]]) {
    const run = await runProcess('chmod', args, { cwd: dirname(prefix), env, timeoutMs: SEAL_TIMEOUT_MS });
    if (run.exitCode !== 0) {
      throw new CtoError(
        'agent-missing',
        `The agent CLIs are not usable: could not make ${prefix} read-only for other users: ${(run.spawnError ?? run.stderr).trim()}`,
        'Point RUNNER_TOOL_CACHE at a folder the runner user owns, or install the CLIs in an earlier step.',
      );
    }
  }
}

function describe(wanted: WantedPackage): string {
  return `${wanted.name}@${wanted.version}`;
}

function notRunnable(wanted: WantedPackage, missing: WantedPackage[], why: string): CtoError {
  return new CtoError('agent-missing', `The agent CLIs are not usable: ${describe(wanted)}: ${why}`, `${installAdvice(missing)} where every user can read them.`);
}

/** The command that installs every CLI the runner lacks, as it must be typed. */
function installAdvice(missing: WantedPackage[]): string {
  return `Install ${missing.length === 1 ? 'it' : 'them'} in an earlier step (\`npm install -g ${missing.map(describe).join(' ')}\`)`;
}
