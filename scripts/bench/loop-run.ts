// One measured run of the whole loop: the bundled action on a labelled issue of the greeter project
// (plan, iteration 1 sent back, iteration 2 approved), against the emulated GitHub, with either the
// stand-in agents or the real CLIs on the scripted model servers, each behind a timing shim.
import { statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../../src/workspace/process.js';
import { startActionWorld, logOf, type ActionWorld } from '../../test/support/action-world.js';
import { CLAUDE_BIN, CODEX_BIN } from '../../test/support/agent-home.js';
import { issuesLabeledPayload } from '../../test/support/payloads.js';
import { OBJECTIVE } from '../../test/support/scenario.js';
import { graphqlField } from '../../test/support/api-writes.js';
import { LARGE_BYTES_VARIABLE, LARGE_FILES_VARIABLE } from '../../test/support/standin/claude.js';
import { LOG_VARIABLE } from '../../test/support/standin/shared.js';
import { clip, coveredMs, isVersionCheck, PROBE_SCRIPT, readCalls, readProbe, writeShims, type ShimTarget } from './instruments.js';
import { promptBytesSeenByServer, readStandinLog, requestBytesSeenByServer, type PhaseBytes } from './prompt-bytes.js';

const STANDIN_BIN = fileURLToPath(new URL('../../test/support/standin/bin/', import.meta.url));
const COMMENT_ROUTE = '/repos/{owner}/{repo}/issues/{issue_number}/comments';

export type AgentKind = 'standin' | 'real';

export interface LoopRunOptions {
  agents: AgentKind;
  /** A large change on top of iteration 1 (stand-ins only). */
  large?: { files: number; bytes: number };
  /** Also time every git call (for the timeline; the extra shims cost a little on every call). */
  shimGit?: boolean;
  /** The action's `isolation` input (default: the action's default, `user`). */
  isolation?: 'user' | 'none';
}

export interface LoopSample {
  iterations: number;
  wallMs: number;
  /** Time inside codex and claude doing agent work (version checks excluded). */
  agentMs: number;
  /** Time inside `codex --version` / `claude --version` while the action looked for the CLIs (and checked the agent user can run them). */
  versionCheckMs: number;
  /** Time inside `codex sandbox -- true`, the probe of Codex's sandbox. */
  sandboxProbeMs: number;
  /** Time inside the plan's verification commands (npm test). */
  verifyMs: number;
  /** Wall time minus agent work and verification: what the action itself costs. */
  overheadMs: number;
  /** From the process start to the first tracking comment reaching the emulator. */
  firstCommentMs: number;
  apiRequests: number;
  /** API requests before the first implementation, then in each iteration (the last one includes finishing). */
  requestsByPhase: number[];
  /** The same requests as `METHOD route`, in order. */
  routesByPhase: string[][];
  /** Overhead before the first implementation, then in each iteration. */
  overheadByPhase: number[];
  /** Of that overhead, the time the emulated GitHub took to answer (from a request's arrival to its response). */
  githubByPhase: number[];
  peakRssMb: number;
  /** The prompt the action passed to Codex, in bytes, per phase. */
  promptBytes: PhaseBytes;
  /** Bytes of all requests the real Codex CLI sent to the model server, per phase (real CLIs only). */
  modelRequestBytes: PhaseBytes | null;
  violations: number;
  /** What happened when, in ms from the process start: API requests and calls of the shimmed programs. */
  timeline: TimelineEntry[];
}

export interface TimelineEntry {
  atMs: number;
  durationMs: number;
  what: string;
}

interface ApiCall {
  startMs: number;
  /** When the emulator had its answer ready; NaN until then. */
  endMs: number;
  method: string;
  path: string;
  route: string | null;
}

/**
 * `runs` measured runs in one world, after a warm-up run that is not counted: the emulator checks every
 * request and response against GitHub's description and compiles each check on first use, which would
 * otherwise be counted as the action's overhead. Each run gets its own issue; the branch it pushed is
 * deleted afterwards, so checkouts stay the same size.
 */
export async function measureLoop(options: LoopRunOptions, runs: number, onSample: (sample: LoopSample, index: number) => void): Promise<LoopSample[]> {
  const world = await startActionWorld();
  try {
    await runLoopSample(world, options);
    const samples: LoopSample[] = [];
    for (let i = 1; i <= runs; i++) {
      const sample = await runLoopSample(world, options);
      samples.push(sample);
      onSample(sample, i);
    }
    return samples;
  } finally {
    await world.close();
  }
}

/** `/graphql` with the document's first field (`viewer`, `updateIssueComment`, ...): one route, many operations. */
function graphqlLabel(route: string | null, body: unknown): string | null {
  const field = route === '/graphql' ? graphqlField(body) : null;
  return field ? `/graphql (${field})` : route;
}

async function runLoopSample(world: ActionWorld, options: LoopRunOptions): Promise<LoopSample> {
  const dir = await mkdtemp(join(tmpdir(), 'cto-bench-'));
  // The agents run as the job's agent user: they must reach the shims, and the shims must write their logs.
  await chmod(dir, 0o755);
  world.gh.resetLog();
  const modelRequestsBefore = world.openai.requests.length;
  const apiCalls: ApiCall[] = [];
  const disarmBefore = world.gh.on({
    when: 'before',
    run: (event) => void apiCalls.push({ startMs: nowMs(), endMs: Number.NaN, method: event.method, path: event.path, route: graphqlLabel(event.route, event.body) }),
  });
  const disarmAfter = world.gh.on({
    when: 'after',
    run: (event) => {
      const open = apiCalls.findLast((call) => Number.isNaN(call.endMs) && call.method === event.method && call.path === event.path);
      if (open) open.endMs = nowMs();
    },
  });
  try {
    const { sample, branch } = await measure(world, dir, options, apiCalls, modelRequestsBefore);
    await runProcess('git', ['--git-dir', world.gh.git.gitDir(world.project.owner, world.project.name), 'update-ref', '-d', `refs/heads/${branch}`], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', HOME: dir },
      timeoutMs: 60_000,
    });
    return sample;
  } finally {
    disarmBefore();
    disarmAfter();
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function measure(
  world: ActionWorld,
  dir: string,
  options: LoopRunOptions,
  apiCalls: ApiCall[],
  modelRequestsBefore: number,
): Promise<{ sample: LoopSample; branch: string }> {
  const shimDir = join(dir, 'shims');
  await mkdir(shimDir, { mode: 0o755 });
  const callLog = join(dir, 'calls.log');
  const standinLog = join(dir, 'standin.log');
  for (const log of [callLog, standinLog]) await writeFile(log, '', { mode: 0o666 }).then(() => chmod(log, 0o666));
  const probeFile = join(dir, 'probe.json');
  await writeShims(shimDir, callLog, shimsFor(options, standinLog));

  const issue = world.issue(OBJECTIVE, 'Callers want a louder greeting. Keep the default unchanged.', { labels: ['codex-cto'] });
  const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
  const run = await world.run({
    event: 'issues',
    payload,
    inputs: options.isolation ? { isolation: options.isolation } : {},
    env: {
      PATH: [shimDir, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter),
      NODE_OPTIONS: `--require ${PROBE_SCRIPT}`,
      CODEX_CTO_BENCH_PROBE: probeFile,
    },
  });
  try {
    if (run.exitCode !== 0 || run.outputs.verdict !== 'approve') throw new Error(`the measured run did not end approved:\n${logOf(run)}`);
  } finally {
    await rm(run.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  const probe = await readProbe(probeFile);
  const calls = await readCalls(callLog);
  // Version checks and the sandbox probe are the action's own doing: they count as its overhead.
  const agentCalls = calls.filter((c) => (c.program === 'codex' || c.program === 'claude') && !isVersionCheck(c) && c.firstArg !== 'sandbox');
  const versionCalls = calls.filter((c) => (c.program === 'codex' || c.program === 'claude') && isVersionCheck(c));
  const probeCalls = calls.filter((c) => c.program === 'codex' && c.firstArg === 'sandbox');
  const verifyCalls = calls.filter((c) => c.program === 'npm');
  const implementations = calls.filter((c) => c.program === 'claude' && !isVersionCheck(c));
  const iterations = Number(run.outputs.iterations);
  if (implementations.length !== iterations) throw new Error(`expected ${iterations} implementation calls, the shim saw ${implementations.length}`);

  // Phases: before the first implementation (start, plan), then one window per implementation call.
  const bounds = [probe.startMs, ...implementations.map((c) => c.startMs), probe.endMs];
  const windows = bounds.slice(0, -1).map((from, i) => ({ from, to: bounds[i + 1] as number }));
  const excluded = [...agentCalls, ...verifyCalls];
  const overheadIn = (from: number, to: number): number => to - from - coveredMs(clip(excluded, from, to));
  const firstComment = apiCalls.find((t) => t.method === 'POST' && t.route === COMMENT_ROUTE);
  if (!firstComment) throw new Error('no tracking comment reached the emulator');
  const apiRequests = world.gh.requests().filter((r) => r.kind === 'rest' || r.kind === 'graphql').length;
  const modelRequests = world.openai.requests.slice(modelRequestsBefore);
  if (apiRequests !== apiCalls.length) throw new Error(`request log (${apiRequests}) and hooks (${apiCalls.length}) disagree`);
  const answered = apiCalls.filter((call) => Number.isFinite(call.endMs));

  const wallMs = probe.endMs - probe.startMs;
  const agentMs = coveredMs(agentCalls);
  const verifyMs = coveredMs(verifyCalls);
  const sample: LoopSample = {
    iterations,
    wallMs,
    agentMs,
    versionCheckMs: coveredMs(versionCalls),
    sandboxProbeMs: coveredMs(probeCalls),
    verifyMs,
    overheadMs: overheadIn(probe.startMs, probe.endMs),
    firstCommentMs: firstComment.startMs - probe.startMs,
    apiRequests,
    requestsByPhase: windows.map((w) => apiCalls.filter((t) => t.startMs >= w.from && t.startMs < w.to).length),
    routesByPhase: windows.map((w) => apiCalls.filter((t) => t.startMs >= w.from && t.startMs < w.to).map((t) => `${t.method} ${t.route ?? t.path}`)),
    githubByPhase: windows.map((w) => coveredMs(clip(answered, w.from, w.to))),
    overheadByPhase: windows.map((w) => overheadIn(w.from, w.to)),
    peakRssMb: probe.maxRssKb / 1024,
    promptBytes: options.agents === 'standin' ? await readStandinLog(standinLog) : promptBytesSeenByServer(modelRequests),
    modelRequestBytes: options.agents === 'real' ? requestBytesSeenByServer(modelRequests) : null,
    violations: world.gh.violations().length,
    timeline: [
      ...apiCalls.map((t) => ({ atMs: t.startMs - probe.startMs, durationMs: t.endMs - t.startMs, what: `${t.method} ${t.route ?? '?'}` })),
      ...calls.map((c) => ({ atMs: c.startMs - probe.startMs, durationMs: c.endMs - c.startMs, what: `${c.program} ${c.firstArg}` })),
    ].sort((a, b) => a.atMs - b.atMs),
  };
  return { sample, branch: run.outputs.branch ?? '' };
}

function shimsFor(options: LoopRunOptions, standinLog: string): Record<string, ShimTarget> {
  const shims: Record<string, ShimTarget> = {};
  const npm = findOnPath('npm');
  if (npm) shims.npm = { target: npm };
  const git = findOnPath('git');
  if (options.shimGit && git) shims.git = { target: git };
  if (options.agents === 'real') {
    if (options.large) throw new Error('the large change is written by the stand-in claude only');
    return { ...shims, codex: { target: CODEX_BIN }, claude: { target: CLAUDE_BIN } };
  }
  const large = options.large ? { [LARGE_FILES_VARIABLE]: String(options.large.files), [LARGE_BYTES_VARIABLE]: String(options.large.bytes) } : {};
  return {
    ...shims,
    codex: { target: join(STANDIN_BIN, 'codex'), env: { [LOG_VARIABLE]: standinLog } },
    claude: { target: join(STANDIN_BIN, 'claude'), env: { [LOG_VARIABLE]: standinLog, ...large } },
  };
}

/** A program on the bench's own PATH, outside node_modules (npm's script runner puts the real CLIs there). */
function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    if (dir.includes('node_modules')) continue;
    const candidate = join(dir, name);
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return null;
}

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
