// `npm run bench`: speed and cost of the bundled action, measured against the emulated GitHub. Not a
// test: it prints figures (medians of repeated runs) and whether each target is met, and with --write
// records them in docs/benchmarks.md.
import { readdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCliCache, type CliCacheResults } from './cli-cache.js';
import { measureColdStart } from './cold-start.js';
import { measureLoop, type LoopRunOptions, type LoopSample } from './loop-run.js';
import { describeMachine, loadNow } from './machine.js';
import { benchmarksPage, cliCacheSection, withCliCacheSection } from './page.js';
import { cliCacheRows, isolationRows, largeRows, loopRows, ms, table, violationsNote, type BenchResults } from './report.js';
import { measureLoad, measureProgress } from './progress-run.js';
import { progressSection, withProgressSection, type ProgressResults } from './progress-report.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LARGE_CHANGE = { files: 2_000, bytes: 20_000_000 };

interface BenchArgs {
  runs: number;
  /** Cold and warm runs of the agent CLI cache (each cold one installs 770 MB with npm); 0 skips them. */
  cacheRuns: number;
  skipReal: boolean;
  write: boolean;
  timeline: boolean;
  progressOnly: boolean;
  cacheOnly: boolean;
  loops: number;
}

const USAGE = `Usage: npm run bench -- [--runs N] [--cache-runs N] [--skip-real] [--timeline] [--progress-only] [--cache-only] [--loops N] [--write]
  --runs N          repeat each measurement N times and report medians (default 5)
  --cache-runs N    cold and warm runs of the agent CLI cache (default 3; 0 leaves them out)
  --skip-real       leave out the runs with the real codex and claude CLIs
  --timeline        print what happened when in one more stand-in run, git calls included
  --progress-only   measure live progress and the load run only (with --write: that section of the page only)
  --cache-only      measure the agent CLI cache runs only, and print a warm run's timeline (with --write: that section only)
  --loops N         loops started at once in the load run (default 20)
  --write           write the tables into docs/benchmarks.md`;

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { runs: 5, cacheRuns: 3, skipReal: false, write: false, timeline: false, progressOnly: false, cacheOnly: false, loops: 20 };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--runs' || word === '--cache-runs') {
      const runs = Number(argv[++i]);
      const least = word === '--runs' ? 1 : 0;
      if (!Number.isInteger(runs) || runs < least) throw new Error(`${word} needs a whole number of at least ${least}\n${USAGE}`);
      if (word === '--runs') args.runs = runs;
      else args.cacheRuns = runs;
    } else if (word === '--loops') {
      const loops = Number(argv[++i]);
      if (!Number.isInteger(loops) || loops < 1 || loops > 100) throw new Error(`--loops needs a whole number from 1 to 100\n${USAGE}`);
      args.loops = loops;
    } else if (word === '--skip-real') args.skipReal = true;
    else if (word === '--progress-only') args.progressOnly = true;
    else if (word === '--cache-only') args.cacheOnly = true;
    else if (word === '--write') args.write = true;
    else if (word === '--timeline') args.timeline = true;
    else throw new Error(`unknown argument ${word}\n${USAGE}`);
  }
  if (args.cacheOnly && (args.progressOnly || args.cacheRuns === 0)) throw new Error(`--cache-only needs --cache-runs of at least 1 and no --progress-only\n${USAGE}`);
  return args;
}

/** A fresh checkout writes every file within moments, in no particular order: only a clear lead counts. */
const CHECKOUT_SPREAD_MS = 5_000;

/** Source files changed after the bundle was built: the bench would measure old code. */
function staleBundleWarning(): string | null {
  const bundle = statSync(join(ROOT, 'dist', 'index.js'), { throwIfNoEntry: false });
  if (!bundle) return 'dist/index.js is missing: run `npm run bundle` first.';
  const newer = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && statSync(join(ROOT, 'src', file)).mtimeMs > bundle.mtimeMs + CHECKOUT_SPREAD_MS);
  return newer.length === 0 ? null : `Note: ${newer.length} file(s) in src/ are newer than dist/index.js (e.g. ${newer[0]}); run \`npm run bundle\` to measure them.`;
}

function samples(label: string, runs: number, options: LoopRunOptions): Promise<LoopSample[]> {
  return measureLoop(options, runs, (sample, i) => {
    console.log(`  ${label} ${i}/${runs}: wall ${ms(sample.wallMs)}, overhead ${ms(sample.overheadMs)}, ${sample.apiRequests} API requests, first comment ${ms(sample.firstCommentMs)}`);
  });
}

function printTimeline(sample: LoopSample): void {
  console.log('\nTimeline of a stand-in run with git timed too (ms from process start; +duration of each call):');
  for (const entry of sample.timeline) {
    const duration = entry.durationMs > 0 ? `+${Math.round(entry.durationMs)}` : '';
    console.log(`${String(Math.round(entry.atMs)).padStart(7)} ${duration.padStart(6)}  ${entry.what}`);
  }
}

/** GitHub's limits for the workflow token, as the load run enforces them. */
const GITHUB_LIMITS = { workflowTokenPerHour: 1_000, contentPerMinute: 80, contentPerHour: 500 };
/** Each implementation of the progress runs takes this long; progress edits come this often. */
const PROGRESS_RUN = { workSeconds: 12, intervalSeconds: 3 };

async function measureProgressSection(loops: number): Promise<ProgressResults> {
  console.log(`Live progress: the story with progress off and every ${PROGRESS_RUN.intervalSeconds} s`);
  const { off, on } = await measureProgress(PROGRESS_RUN);
  console.log(`  off: ${off.apiRequests} API requests; on: ${on.apiRequests} (${on.progressEdits} progress edits)`);
  console.log(`Load run: ${loops} loops at once, GitHub's rate limits enforced`);
  const load = await measureLoad(loops, PROGRESS_RUN, GITHUB_LIMITS);
  console.log(`  ${load.approved}/${load.loops} approved, ${load.failed} failed, ${load.apiRequests} API requests, peak ${load.peakPerMinute}/min, ${ms(load.wallMs)}`);
  return { off, on, load, limits: GITHUB_LIMITS };
}

async function progressOnly(args: BenchArgs): Promise<void> {
  const section = progressSection(await measureProgressSection(args.loops));
  console.log(`\n${section}`);
  if (!args.write) return;
  const file = join(ROOT, 'docs', 'benchmarks.md');
  await writeFile(file, withProgressSection(await readFile(file, 'utf8'), section));
  console.log('Wrote the live progress section of docs/benchmarks.md');
}

function measureCliCacheRuns(runs: number): Promise<CliCacheResults> {
  console.log('Agent CLIs: cold cache (npm install), warm cache (restore), CLIs on PATH');
  return measureCliCache(runs, (kind, sample, i) => {
    console.log(`  ${kind} ${i}/${runs}: first model request ${ms(sample.firstModelRequestMs)}, CLIs ready ${ms(sample.clisReadyMs)}, ${sample.registryRequests} registry requests, load ${sample.load}`);
  });
}

/** The warm run whose first model request is the median one, line by line: where its start goes. */
function printWarmTimeline(results: CliCacheResults): void {
  const sorted = [...results.warm].sort((a, b) => a.firstModelRequestMs - b.firstModelRequestMs);
  const sample = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!sample) return;
  console.log(`\nA warm run's start (ms from process start; the first model request at ${Math.round(sample.firstModelRequestMs)}):`);
  for (const line of sample.timeline ?? []) if (!line.text.startsWith('::')) console.log(`${String(line.atMs).padStart(7)}  ${line.text}`);
}

async function cacheOnly(args: BenchArgs): Promise<void> {
  const cliCache = await measureCliCacheRuns(args.cacheRuns);
  printWarmTimeline(cliCache);
  const section = cliCacheSection({ cliCache }).join('\n');
  console.log(`\n${section}`);
  if (!args.write) return;
  const file = join(ROOT, 'docs', 'benchmarks.md');
  await writeFile(file, withCliCacheSection(await readFile(file, 'utf8'), section));
  console.log('Wrote the agent CLI cache section of docs/benchmarks.md');
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const stale = staleBundleWarning();
  if (stale) console.log(stale);
  if (args.progressOnly) return progressOnly(args);
  if (args.cacheOnly) return cacheOnly(args);
  const machine = await describeMachine(ROOT);
  console.log(`codex-cto bench: ${args.runs} run(s) each on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, load ${machine.load.start}`);

  console.log('Cold start');
  const coldStart = await measureColdStart(args.runs);
  console.log('Loop with stand-in agents');
  const standin = await samples('stand-ins', args.runs, { agents: 'standin' });
  console.log('Loop with stand-in agents, isolation: none');
  const standinNone = await samples('stand-ins, no isolation', args.runs, { agents: 'standin', isolation: 'none' });
  if (args.timeline) {
    const [diagnostic] = await measureLoop({ agents: 'standin', shimGit: true }, 1, () => {});
    if (diagnostic) printTimeline(diagnostic);
  }
  if (!args.skipReal) console.log('Loop with the real CLIs on scripted servers');
  const real = args.skipReal ? [] : await samples('real CLIs', args.runs, { agents: 'real' });
  console.log(`Large change (${LARGE_CHANGE.files} files, ${LARGE_CHANGE.bytes / 1e6} MB)`);
  const large = await samples('large change', args.runs, { agents: 'standin', large: LARGE_CHANGE });

  const cliCache = args.cacheRuns === 0 ? null : await measureCliCacheRuns(args.cacheRuns);
  const progress = await measureProgressSection(args.loops);

  machine.load.end = loadNow();
  const results: BenchResults = { runs: args.runs, coldStart, standin, standinNone, real, large, largeChange: LARGE_CHANGE, cliCache, progress };
  console.log(`\nGreeter story (medians of ${args.runs})\n`);
  console.log(table(loopRows(results), { standin: 'Stand-in agents', real: 'Real CLIs, scripted servers' }));
  console.log(`\nAgent isolation (stand-in agents, medians of ${args.runs})\n`);
  console.log(table(isolationRows(results), { standin: 'isolation: user', real: 'isolation: none' }));
  console.log(`\nLarge change (medians of ${args.runs})\n`);
  console.log(table(largeRows(results), { standin: 'Stand-in agents', real: null }));
  if (cliCache) {
    console.log(`\nAgent CLIs: cold and warm cache (medians of ${args.cacheRuns})\n`);
    console.log(table(cliCacheRows(cliCache), { standin: 'Cold cache: npm install', real: 'Warm cache: restored' }));
  }
  console.log(`\n${progressSection(progress)}`);
  const violations = violationsNote(results);
  if (violations) console.log(`\n${violations}`);
  if (args.write) {
    await writeFile(join(ROOT, 'docs', 'benchmarks.md'), benchmarksPage(results, machine));
    console.log('\nWrote docs/benchmarks.md');
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
