// Live progress in the bench: what progress edits add to a loop's API requests, and a load run in which many
// loops start at once in one repository whose emulated GitHub enforces github.com's rate limits. The stand-in
// claude spreads its work over a few seconds (streaming a todo list and its writes) so that progress has
// something to show; `isolation: none` keeps twenty parallel jobs light enough for one machine.
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startActionWorld, logOf, type ActionWorld } from '../../test/support/action-world.js';
import { issuesLabeledPayload } from '../../test/support/payloads.js';
import { OBJECTIVE } from '../../test/support/scenario.js';
import { WORK_SECONDS_VARIABLE } from '../../test/support/standin/claude.js';
import type { RateLimitPolicy } from '../../test/support/github/rate-limits.js';
import type { ActionRun } from '../../test/support/runner.js';
import { isVersionCheck, readCalls, writeShims } from './instruments.js';

const STANDIN_BIN = fileURLToPath(new URL('../../test/support/standin/bin/', import.meta.url));
const COMMENT_EDIT = '/repos/{owner}/{repo}/issues/comments/{comment_id}';
const PROGRESS_MARK = '#### Claude is working';

export interface ProgressRunOptions {
  /** Seconds the stand-in claude takes over each implementation. */
  workSeconds: number;
  /** The `progress-interval` input, in seconds (0: off). */
  intervalSeconds: number;
}

/** One loop, progress off or on: its API requests and its progress edits. */
export interface ProgressSample {
  intervalSeconds: number;
  workSeconds: number;
  iterations: number;
  apiRequests: number;
  /** Requests before the first implementation (start and plan); the rest are the iterations'. */
  startRequests: number;
  progressEdits: number;
}

export interface LoadSample {
  loops: number;
  intervalSeconds: number;
  workSeconds: number;
  /** Loops that ended with a verdict posted (approved), and loops that failed (exit code not 0). */
  approved: number;
  failed: number;
  /** Failures whose log names a rate limit. */
  failedOnRateLimit: number;
  apiRequests: number;
  /** The most API requests that arrived within any 60 s. */
  peakPerMinute: number;
  wallMs: number;
  progressEdits: number;
  /** What the runs' logs say progress held back for the rate budget. */
  progressHeldBack: number;
  refusedPrimary: number;
  refusedSecondary: number;
}

/** One labelled issue's loop with the slow stand-in claude; the emulator's requests are counted from `world`. */
async function runOne(world: ActionWorld, shimDir: string, options: ProgressRunOptions, extraInputs: Record<string, string> = {}): Promise<ActionRun> {
  const issue = world.issue(OBJECTIVE, 'Callers want a louder greeting. Keep the default unchanged.', { labels: ['codex-cto'] });
  const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
  const run = await world.run({
    event: 'issues',
    payload,
    inputs: { 'progress-interval': String(options.intervalSeconds), isolation: 'none', ...extraInputs },
    env: { PATH: [shimDir, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter) },
  });
  await rm(run.dir, { recursive: true, force: true, maxRetries: 3 });
  return run;
}

/** A folder of shims that put the stand-ins first on the action's PATH, claude taking `workSeconds`. */
async function standinShims(workSeconds: number): Promise<{ dir: string; calls: string; remove: () => Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), 'cto-bench-progress-'));
  await chmod(base, 0o755);
  const dir = join(base, 'shims');
  await mkdir(dir, { mode: 0o755 });
  await writeShims(dir, join(base, 'calls.log'), {
    codex: { target: join(STANDIN_BIN, 'codex') },
    claude: { target: join(STANDIN_BIN, 'claude'), env: { [WORK_SECONDS_VARIABLE]: String(workSeconds) } },
  });
  return { dir, calls: join(base, 'calls.log'), remove: () => rm(base, { recursive: true, force: true, maxRetries: 3 }) };
}

/** Counts the bodies of comment edits that show progress, from the moment it is called. */
function watchProgressEdits(world: ActionWorld): { count: () => number; stop: () => void } {
  let edits = 0;
  const stop = world.gh.on({
    when: 'before',
    route: COMMENT_EDIT,
    run: (event) => {
      if (event.method === 'PATCH' && String((event.body as { body?: unknown } | undefined)?.body ?? '').includes(PROGRESS_MARK)) edits += 1;
    },
  });
  return { count: () => edits, stop };
}

/** The same loop with progress off and on: what progress adds. */
export async function measureProgress(options: ProgressRunOptions): Promise<{ off: ProgressSample; on: ProgressSample }> {
  const world = await startActionWorld();
  const shims = await standinShims(options.workSeconds);
  try {
    const sample = async (intervalSeconds: number): Promise<ProgressSample> => {
      world.gh.resetLog();
      const watch = watchProgressEdits(world);
      const since = Date.now();
      try {
        const run = await runOne(world, shims.dir, { ...options, intervalSeconds });
        if (run.exitCode !== 0 || run.outputs.verdict !== 'approve') throw new Error(`the measured run did not end approved:\n${logOf(run)}`);
        const api = world.gh.requests().filter((r) => r.kind === 'rest' || r.kind === 'graphql');
        const implementations = (await readCalls(shims.calls)).filter((c) => c.program === 'claude' && !isVersionCheck(c) && c.startMs >= since);
        const firstImplementation = implementations[0]?.startMs ?? Number.POSITIVE_INFINITY;
        return {
          intervalSeconds,
          workSeconds: options.workSeconds,
          iterations: Number(run.outputs.iterations),
          apiRequests: api.length,
          startRequests: api.filter((r) => r.at < firstImplementation).length,
          progressEdits: watch.count(),
        };
      } finally {
        watch.stop();
      }
    };
    return { off: await sample(0), on: await sample(options.intervalSeconds) };
  } finally {
    await shims.remove();
    await world.close();
  }
}

/** `loops` loops started at once in one repository, the emulated GitHub enforcing `limits`. */
export async function measureLoad(loops: number, options: ProgressRunOptions, limits: RateLimitPolicy): Promise<LoadSample> {
  const world = await startActionWorld();
  const shims = await standinShims(options.workSeconds);
  try {
    // The emulator's own warm-up (compiling its schema checks) is not part of the load.
    await runOne(world, shims.dir, { ...options, intervalSeconds: 0 });
    world.gh.resetLog();
    world.gh.rateLimits.configure({ ...limits, enforce: true });
    world.gh.rateLimits.reset();
    const watch = watchProgressEdits(world);
    const started = Date.now();
    const runs = await Promise.all(Array.from({ length: loops }, () => runOne(world, shims.dir, options)));
    const wallMs = Date.now() - started;
    watch.stop();
    return loadFigures(world, runs, watch.count(), wallMs, options, loops);
  } finally {
    await shims.remove();
    await world.close();
  }
}

function loadFigures(world: ActionWorld, runs: readonly ActionRun[], progressEdits: number, wallMs: number, options: ProgressRunOptions, loops: number): LoadSample {
  const api = world.gh.requests().filter((r) => r.kind === 'rest' || r.kind === 'graphql');
  const refused = api.filter((r) => r.limited !== null);
  const failedRuns = runs.filter((run) => run.exitCode !== 0);
  const heldBack = runs.reduce((sum, run) => sum + Number(/progress edits: \d+ made, (\d+) held back/.exec(run.stdout)?.[1] ?? 0), 0);
  return {
    loops,
    intervalSeconds: options.intervalSeconds,
    workSeconds: options.workSeconds,
    approved: runs.filter((run) => run.exitCode === 0 && run.outputs.verdict === 'approve').length,
    failed: failedRuns.length,
    failedOnRateLimit: failedRuns.filter((run) => /rate limit/i.test(`${run.stdout}\n${run.stderr}`)).length,
    apiRequests: api.length,
    peakPerMinute: peakWithin(api.map((r) => r.at), 60_000),
    wallMs,
    progressEdits,
    progressHeldBack: heldBack,
    refusedPrimary: refused.filter((r) => r.limited === 'primary').length,
    refusedSecondary: refused.filter((r) => r.limited === 'secondary').length,
  };
}

/** The most events within any window of `windowMs`. */
export function peakWithin(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while ((sorted[to] as number) - (sorted[from] as number) >= windowMs) from++;
    peak = Math.max(peak, to - from + 1);
  }
  return peak;
}
