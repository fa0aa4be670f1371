// Job start -> first model request on a fresh runner whose PATH lacks the agent CLIs: once with an empty
// Actions cache (npm installs them from the registry stand-in, then the action saves them) and once with
// the entry that run saved (the action restores them); and, for what the rest of the start costs, once
// with the CLIs already on PATH. The three alternate; each plans one issue with the real codex against
// the scripted model server and stops at "waiting for plan approval".
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { startActionWorld, logOf, type ActionWorld } from '../../test/support/action-world.js';
import { CODEX_BIN } from '../../test/support/agent-home.js';
import { startNpmRegistry, type NpmRegistry } from '../../test/support/npm-registry.js';
import { issuesLabeledPayload } from '../../test/support/payloads.js';
import { githubComLikeOrigin } from '../../test/support/runner-services/index.js';
import { OBJECTIVE } from '../../test/support/scenario.js';
import { PROBE_SCRIPT, readProbe } from './instruments.js';
import { loadNow } from './machine.js';

export interface CliCacheSample {
  /** From the action's process start to the first request reaching the model server. */
  firstModelRequestMs: number;
  /** Requests the registry stand-in saw during the run. */
  registryRequests: number;
  /** Size of the cache entries the run restored or saved (one per CLI). */
  archiveBytes: number;
  /** When both CLIs were ready (the last one restored, or installed and saved); NaN with the CLIs on PATH. */
  clisReadyMs: number;
  /** The 1-minute load average when the run ended. */
  load: number;
  /** When the cache client's steps ended (ms from the process start), from its log; NaN where it did not run. */
  restore: RestoreMarks;
  /** The action's log lines up to the first model request, each with when it was written (ms from the process start). */
  timeline?: { atMs: number; text: string }[];
}

export interface CliCacheResults {
  cold: CliCacheSample[];
  warm: CliCacheSample[];
  /** The CLIs already on PATH: neither installed nor restored. */
  onPath: CliCacheSample[];
}

type Kind = keyof CliCacheResults;

export interface RestoreMarks {
  /** The cache service named the entry (the first `Cache hit for:`). */
  answeredMs: number;
  /** The last entry downloaded (`@actions/cache` logs its size, then unpacks it). */
  downloadedMs: number;
  /** The last entry unpacked. */
  unpackedMs: number;
}

/** The ends of the restore's steps in a run's timeline (the last of each when both CLIs are restored); NaN when absent. */
export function restoreMarks(timeline: readonly { atMs: number; text: string }[]): RestoreMarks {
  const at = (pattern: RegExp, pick: (times: number[]) => number): number => {
    const times = timeline.filter((line) => pattern.test(line.text)).map((line) => line.atMs);
    return times.length === 0 ? Number.NaN : pick(times);
  };
  return {
    answeredMs: at(/^Cache hit for: /, (t) => Math.min(...t)),
    downloadedMs: at(/^Cache Size: /, (t) => Math.max(...t)),
    unpackedMs: at(/^Cache restored successfully/, (t) => Math.max(...t)),
  };
}

const POLL_MS = 10;
/** The log line of a CLI made ready: restored from the cache, or installed and then saved to it. */
const CLI_READY = /^codex-cto: (restored .* from the Actions cache|saved the agent CLIs to the Actions cache)/;

export async function measureCliCache(runs: number, onSample: (kind: Kind, sample: CliCacheSample, index: number) => void): Promise<CliCacheResults> {
  const world = await startActionWorld({ runnerServices: true });
  const registry = await startNpmRegistry();
  const dir = await mkdtemp(join(tmpdir(), 'cto-bench-cli-cache-'));
  await chmod(dir, 0o755);
  const results: CliCacheResults = { cold: [], warm: [], onPath: [] };
  try {
    for (let i = 1; i <= runs; i++) {
      // An empty cache for the cold run: the entries of earlier samples are forgotten.
      world.services!.state.cacheEntries.length = 0;
      for (const kind of ['cold', 'warm', 'onPath'] as const) {
        const sample = await runOnFreshRunner(world, registry, dir, i, kind);
        results[kind].push(sample);
        onSample(kind, sample, i);
      }
    }
    return results;
  } finally {
    await registry.close();
    await world.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function runOnFreshRunner(world: ActionWorld, registry: NpmRegistry, dir: string, index: number, kind: Kind): Promise<CliCacheSample> {
  // The same tool cache path every run (the cache entry's version names it), emptied as on a new runner.
  const toolCache = join(dir, 'tool-cache');
  await rm(toolCache, { recursive: true, force: true });
  await mkdir(toolCache, { mode: 0o755 });
  await chmod(toolCache, 0o755);
  const home = await mkdtemp(join(dir, 'home-'));
  await writeFile(join(home, '.npmrc'), 'registry=http://127.0.0.1:9/\n');
  const probeFile = join(dir, `probe-${kind}-${index}.json`);
  const registryBefore = registry.requests.length;
  const modelBefore = world.openai.requests.length;
  let firstModelAt = Number.NaN;
  const poll = setInterval(() => {
    if (Number.isNaN(firstModelAt) && world.openai.requests.length > modelBefore) firstModelAt = performance.timeOrigin + performance.now();
  }, POLL_MS);
  const issue = world.issue(OBJECTIVE, 'Callers want a louder greeting. Keep the default unchanged.', { labels: ['codex-cto'] });
  const run = await world.run({
    event: 'issues',
    payload: issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer }),
    // A github.com-like host, so that @actions/cache speaks the cache service v2; git still reaches the remote.
    serverUrl: githubComLikeOrigin(world.gh.serverUrl),
    runId: String(5000 + index * 3 + ['cold', 'warm', 'onPath'].indexOf(kind)),
    home,
    inputs: { 'require-plan-approval': 'true' },
    env: {
      PATH: [...(kind === 'onPath' ? [dirname(CODEX_BIN)] : []), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter),
      RUNNER_TOOL_CACHE: toolCache,
      npm_config_registry: registry.url,
      npm_config_update_notifier: 'false',
      NODE_OPTIONS: `--require ${PROBE_SCRIPT}`,
      CODEX_CTO_BENCH_PROBE: probeFile,
    },
    timeoutMs: 900_000,
  }).finally(() => clearInterval(poll));
  try {
    const found = /restored .* from the Actions cache/.test(run.stdout) ? 'warm' : /Installing /.test(run.stdout) ? 'cold' : 'onPath';
    if (run.exitCode !== 0 || Number.isNaN(firstModelAt) || found !== kind) {
      throw new Error(`the ${kind} run did not plan as expected (found the CLIs: ${found}):\n${logOf(run)}`);
    }
  } finally {
    await rm(run.dir, { recursive: true, force: true, maxRetries: 3 });
    await rm(home, { recursive: true, force: true, maxRetries: 3 });
  }
  const probe = await readProbe(probeFile);
  const entries = world.services!.state.cacheEntries.filter((e) => e.finalized);
  const firstModelRequestMs = firstModelAt - probe.startMs;
  const timeline = (probe.lines ?? []).filter((line) => line.atMs <= firstModelRequestMs);
  const ready = timeline.filter((line) => CLI_READY.test(line.text)).map((line) => line.atMs);
  return {
    firstModelRequestMs,
    registryRequests: registry.requests.length - registryBefore,
    archiveBytes: entries.length === 0 ? Number.NaN : entries.reduce((sum, e) => sum + e.size, 0),
    clisReadyMs: ready.length === 0 ? Number.NaN : Math.max(...ready),
    load: loadNow(),
    restore: restoreMarks(timeline),
    timeline,
  };
}
