// Finds the agent CLIs: on PATH at the pinned versions, else in codex-cto's own prefix in the tool cache,
// else restored into that prefix from the cache between runs, else installed there with npm (and then
// saved to that cache). The prefix holds the npm packages and nothing else: no HOME, no agent state, no
// npm settings. It is written by the action before any agent user exists, and sealed so that no other
// user can write it; the cache therefore only ever saves what npm wrote.
import { access, constants, rm } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import { AGENT_PACKAGES } from '../core/model/versions.js';
import { runProcess } from '../workspace/process.js';
import { cliCacheKey, hostPlatform, type CliCache, type WantedPackage } from './cli-cache.js';

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
type Found = Record<Agent, string | null>;

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

/** `found` where it has a binary, else the prefix's (when that one answers with the wanted version). */
async function lookIn(dir: string, found: Found, options: InstallOptions): Promise<Found> {
  const look = async (agent: Agent) => found[agent] ?? (await onPath(agent, versionOf(agent, options), dir, options.env));
  return { codex: await look('codex'), claude: await look('claude') };
}

function complete(found: Found): AgentBinaries | null {
  return found.codex && found.claude ? { codex: found.codex, claude: found.claude } : null;
}

export function agentsPrefix(toolCache: string, codexVersion: string, claudeVersion: string): string {
  return join(toolCache, 'codex-cto-agents', `codex-${codexVersion}-claude-${claudeVersion}`);
}

export async function findOrInstallAgents(options: InstallOptions): Promise<AgentBinaries> {
  const onSearchPath = await lookIn(options.path, { codex: null, claude: null }, options);
  const ready = complete(onSearchPath);
  if (ready) return ready;

  const prefix = agentsPrefix(options.toolCache, options.codexVersion, options.claudeVersion);
  const binDir = join(prefix, 'node_modules', '.bin');
  const inPrefix = await lookIn(binDir, onSearchPath, options);
  if (complete(inPrefix)) return complete(inPrefix) as AgentBinaries;

  const wanted: WantedPackage[] = AGENTS.filter((agent) => !inPrefix[agent]).map((agent) => ({ agent, name: AGENT_PACKAGES[agent], version: versionOf(agent, options) }));
  const partial = AGENTS.some((agent) => inPrefix[agent] && !onSearchPath[agent]);
  // The cache holds whole prefixes: one that already has one CLI (a runner's persistent tool cache) is topped up.
  const key = options.cache && !partial ? cliCacheKey(wanted, hostPlatform()) : null;
  if (options.cache && key) {
    const restored = await restoreFromCache(options.cache, prefix, key, wanted, inPrefix, options);
    if (restored) return restored;
  }
  await install(prefix, wanted, options);
  await seal(prefix, options.env);
  const installed = complete(await lookIn(binDir, inPrefix, options));
  if (!installed) throw notRunnable(wanted, 'npm installed them, but they do not answer `--version` with the wanted version');
  if (options.cache && key) {
    await options.cache.save(prefix, key);
  }
  return installed;
}

/** The CLIs restored from the cache, proven to run at the wanted versions; null (and an empty prefix) otherwise. */
async function restoreFromCache(cache: CliCache, prefix: string, key: string, wanted: WantedPackage[], found: Found, options: InstallOptions): Promise<AgentBinaries | null> {
  const names = describe(wanted);
  // A restore that failed half way may have left files: npm must start from an empty prefix.
  await rm(prefix, { recursive: true, force: true });
  if (await cache.restore(prefix, key)) {
    await seal(prefix, options.env);
    const restored = complete(await lookIn(join(prefix, 'node_modules', '.bin'), found, options));
    if (restored) {
      options.log(`codex-cto: restored ${names} from the Actions cache (${key}); nothing to install`);
      return restored;
    }
    options.log(`codex-cto: the cached ${names} did not answer with the wanted versions; installing them`);
  } else {
    options.log(`codex-cto: ${names} not restored from the Actions cache (${key}); installing them`);
  }
  await rm(prefix, { recursive: true, force: true });
  return null;
}

async function install(prefix: string, wanted: WantedPackage[], options: InstallOptions): Promise<void> {
  const specs = wanted.map((p) => `${p.name}@${p.version}`);
  options.log(`Installing ${specs.join(' and ')} into the tool cache`);
  const run = await runProcess('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, ...specs], {
    cwd: options.toolCache,
    env: options.env,
    timeoutMs: INSTALL_TIMEOUT_MS,
  });
  if (run.exitCode !== 0) {
    const detail = (run.spawnError ?? `${run.stderr}${run.stdout}`).trim().split('\n').slice(-6).join('\n');
    throw new CtoError(
      'agent-missing',
      `Could not install ${specs.join(' and ')}: npm ${run.timedOut ? 'timed out' : `exited ${run.exitCode ?? 'abnormally'}`}.\n${detail}`,
      `Install them in an earlier step (\`npm install -g ${specs.join(' ')}\`) or make the npm registry reachable from the runner.`,
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

function describe(wanted: WantedPackage[]): string {
  return wanted.map((p) => `${p.name}@${p.version}`).join(' and ');
}

function notRunnable(wanted: WantedPackage[], why: string): CtoError {
  const specs = wanted.map((p) => `${p.name}@${p.version}`);
  return new CtoError(
    'agent-missing',
    `The agent CLIs are not usable: ${describe(wanted)}: ${why}`,
    `Install them in an earlier step (\`npm install -g ${specs.join(' ')}\`) where every user can read them.`,
  );
}
