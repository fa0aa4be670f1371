// The bench's results as a table: every figure the median of the repeated runs, each target with
// whether it is met. Pure: samples in, rows and text out.
import type { ColdStartSample } from './cold-start.js';
import type { LoopSample } from './loop-run.js';
import type { CliCacheResults, CliCacheSample } from './cli-cache.js';
import type { ProgressResults } from './progress-report.js';

export interface BenchResults {
  runs: number;
  coldStart: ColdStartSample[];
  standin: LoopSample[];
  /** The stand-in story with `isolation: none`, for what isolation costs. */
  standinNone: LoopSample[];
  /** Empty when the real CLIs were skipped. */
  real: LoopSample[];
  large: LoopSample[];
  largeChange: { files: number; bytes: number };
  /** Job start to first model request with a cold and a warm cache of the agent CLIs; null when skipped. */
  cliCache: CliCacheResults | null;
  /** Live progress and the load run; null when not measured. */
  progress: ProgressResults | null;
}

export interface Row {
  measure: string;
  standin: string;
  real: string;
  target: string;
  /** Null when the row has no target. */
  met: boolean | null;
}

export const TARGETS = {
  coldStartRatio: 3,
  firstCommentMs: 500,
  overheadPerIterationMs: 500,
  requestsPerIteration: 6,
  reviewPromptBytes: 64 * 1024,
  largePeakRssMb: 200,
  /** A warm cache's time to the first model request, as a share of a cold one's. */
  warmCliCacheShare: 0.1,
} as const;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median over samples of a figure taken from each. */
function med(samples: readonly LoopSample[], pick: (s: LoopSample) => number): number {
  return median(samples.map(pick));
}

/** Requests in each iteration window, averaged over the iterations of a run. */
export function requestsPerIteration(sample: LoopSample): number {
  return perIterationMean(sample.requestsByPhase);
}

/** Mean over the iteration windows (start and plan, before the first implementation, are not an iteration). */
function perIterationMean(byPhase: readonly number[]): number {
  const iterations = byPhase.slice(1);
  return iterations.reduce((sum, n) => sum + n, 0) / Math.max(1, iterations.length);
}

export function overheadPerIteration(sample: LoopSample): number {
  return perIterationMean(sample.overheadByPhase);
}

export function githubPerIteration(sample: LoopSample): number {
  return perIterationMean(sample.githubByPhase);
}

const largest = (values: readonly number[]): number => (values.length === 0 ? Number.NaN : Math.max(...values));

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function bytes(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MB` : value >= 1024 ? `${(value / 1024).toFixed(1)} KB` : `${value} B`;
}

function count(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : 'n/a';
}

/** "a / b / c" of the per-phase medians: start and plan, then each iteration. */
function phases(samples: readonly LoopSample[], pick: (s: LoopSample) => number[], format: (n: number) => string): string {
  if (samples.length === 0) return 'n/a';
  const length = Math.max(...samples.map((s) => pick(s).length));
  return Array.from({ length }, (_, i) => format(median(samples.map((s) => pick(s)[i] ?? Number.NaN).filter(Number.isFinite)))).join(' / ');
}

function both(results: BenchResults, figure: (samples: readonly LoopSample[]) => string): Pick<Row, 'standin' | 'real'> {
  return { standin: figure(results.standin), real: results.real.length > 0 ? figure(results.real) : 'skipped' };
}

/** Met when every measured column meets the limit. */
function meets(results: BenchResults, value: (samples: readonly LoopSample[]) => number, limit: number, strict = false): boolean {
  const columns = [results.standin, results.real].filter((samples) => samples.length > 0);
  return columns.every((samples) => (strict ? value(samples) < limit : value(samples) <= limit));
}

export function loopRows(results: BenchResults): Row[] {
  const row = (measure: string, figure: (samples: readonly LoopSample[]) => string, target = '', met: boolean | null = null): Row => ({
    measure,
    ...both(results, figure),
    target,
    met,
  });
  const cold = median(results.coldStart.map((s) => s.actionMs));
  const node = median(results.coldStart.map((s) => s.nodeMs));
  const ratio = cold / node;
  const firstComment = (samples: readonly LoopSample[]): number => med(samples, (s) => s.firstCommentMs);
  const overhead = (samples: readonly LoopSample[]): number => med(samples, overheadPerIteration);
  const perIteration = (samples: readonly LoopSample[]): number => med(samples, requestsPerIteration);
  const reviewPrompt = (samples: readonly LoopSample[]): number => med(samples, (s) => largest(s.promptBytes.review));
  return [
    {
      measure: 'Cold start: `node dist/index.js` on an ignored event (push)',
      standin: `${ms(cold)} = ${ratio.toFixed(1)}x \`node -e 0\` (${ms(node)})`,
      real: '(no agents involved)',
      target: `<= ${TARGETS.coldStartRatio}x`,
      met: ratio <= TARGETS.coldStartRatio,
    },
    row('First tracking comment, from process start', (s) => ms(firstComment(s)), `<= ${TARGETS.firstCommentMs} ms`, meets(results, firstComment, TARGETS.firstCommentMs)),
    row('Wall time of the run (plan + 2 iterations)', (s) => ms(med(s, (x) => x.wallMs))),
    row('Time inside the agent CLIs (plan, 2 implementations, 2 reviews)', (s) => ms(med(s, (x) => x.agentMs))),
    row('Time inside `codex --version` / `claude --version`', (s) => ms(med(s, (x) => x.versionCheckMs))),
    row("Time inside the probe of Codex's sandbox", (s) => ms(med(s, (x) => x.sandboxProbeMs))),
    row('Time inside the verification commands (`npm test`)', (s) => ms(med(s, (x) => x.verifyMs))),
    row('Orchestration overhead per iteration (mean)', (s) => ms(overhead(s)), `< ${TARGETS.overheadPerIterationMs} ms`, meets(results, overhead, TARGETS.overheadPerIterationMs, true)),
    row('... of which the emulated GitHub answering', (s) => ms(med(s, githubPerIteration))),
    row('Overhead: start and plan / iteration 1 / iteration 2', (s) => phases(s, (x) => x.overheadByPhase, ms)),
    row('GitHub API requests per run', (s) => count(med(s, (x) => x.apiRequests))),
    row('GitHub API requests per iteration (mean)', (s) => count(perIteration(s)), `<= ${TARGETS.requestsPerIteration}`, meets(results, perIteration, TARGETS.requestsPerIteration)),
    row('API requests: start and plan / iteration 1 / iteration 2', (s) => phases(s, (x) => x.requestsByPhase, count)),
    row('Prompt sent to Codex: plan', (s) => bytes(med(s, (x) => largest(x.promptBytes.plan)))),
    row('Prompt sent to Codex: review (largest)', (s) => bytes(reviewPrompt(s)), `< ${bytes(TARGETS.reviewPromptBytes)}`, meets(results, reviewPrompt, TARGETS.reviewPromptBytes, true)),
    {
      measure: 'Bytes the Codex CLI sent to the model: plan / review (largest)',
      standin: '(no model)',
      real: results.real.length > 0
        ? `${bytes(med(results.real, (s) => largest(s.modelRequestBytes?.plan ?? [])))} / ${bytes(med(results.real, (s) => largest(s.modelRequestBytes?.review ?? [])))}`
        : 'skipped',
      target: '',
      met: null,
    },
    row('Peak RSS of the action', (s) => `${med(s, (x) => x.peakRssMb).toFixed(0)} MB`),
  ];
}

/** What agent isolation (the default, `isolation: user`) costs against `isolation: none`, stand-in agents. */
export function isolationRows(results: BenchResults): Row[] {
  const user = results.standin;
  const none = results.standinNone;
  const pair = (measure: string, pick: (s: LoopSample) => number, format = ms): Row => ({
    measure,
    standin: format(med(user, pick)),
    real: format(med(none, pick)),
    target: '',
    met: null,
  });
  const wall = (samples: readonly LoopSample[]): number => med(samples, (s) => s.wallMs);
  return [
    pair('Wall time of the run (plan + 2 iterations)', (s) => s.wallMs),
    pair('Overhead: start and plan', (s) => s.overheadByPhase[0] ?? Number.NaN),
    pair('Orchestration overhead per iteration (mean)', overheadPerIteration),
    pair("Time inside the probe of Codex's sandbox", (s) => s.sandboxProbeMs),
    { measure: 'Isolation cost per run (difference of the wall times)', standin: ms(wall(user) - wall(none)), real: '-', target: '', met: null },
  ];
}

export function largeRows(results: BenchResults): Row[] {
  const samples = results.large;
  const rss = med(samples, (s) => s.peakRssMb);
  const review = med(samples, (s) => largest(s.promptBytes.review));
  const one = (measure: string, value: string, target = '', met: boolean | null = null): Row => ({ measure, standin: value, real: '', target, met });
  return [
    one('Peak RSS of the action', `${rss.toFixed(0)} MB`, `< ${TARGETS.largePeakRssMb} MB`, rss < TARGETS.largePeakRssMb),
    one('Prompt sent to Codex: review (largest)', bytes(review), `< ${bytes(TARGETS.reviewPromptBytes)}`, review < TARGETS.reviewPromptBytes),
    one('Orchestration overhead per iteration (mean)', ms(med(samples, overheadPerIteration))),
    one('... of which the emulated GitHub answering', ms(med(samples, githubPerIteration))),
    one('Overhead: start and plan / iteration 1 / iteration 2', phases(samples, (x) => x.overheadByPhase, ms)),
    one('GitHub API requests per iteration (mean)', count(med(samples, requestsPerIteration))),
    one('Wall time of the run', ms(med(samples, (s) => s.wallMs))),
  ];
}

/** Cold against warm cache of the agent CLIs: the columns are the cold and the warm runs. */
export function cliCacheRows(results: CliCacheResults): Row[] {
  const both = (pick: (s: CliCacheResults['cold'][number]) => number, format: (n: number) => string): Pick<Row, 'standin' | 'real'> => ({
    standin: format(median(results.cold.map(pick))),
    real: format(median(results.warm.map(pick))),
  });
  const cold = median(results.cold.map((s) => s.firstModelRequestMs));
  const warm = median(results.warm.map((s) => s.firstModelRequestMs));
  const share = warm / cold;
  const onPath = median(results.onPath.map((s) => s.firstModelRequestMs));
  const ready = both((s) => s.clisReadyMs, ms);
  const after = both((s) => s.firstModelRequestMs - s.clisReadyMs, ms);
  return [
    { measure: 'Job start -> first model request', ...both((s) => s.firstModelRequestMs, ms), target: '', met: null },
    { measure: 'Warm as a share of cold', standin: '-', real: `${(share * 100).toFixed(1)} %`, target: `<= ${TARGETS.warmCliCacheShare * 100} %`, met: share <= TARGETS.warmCliCacheShare },
    { measure: 'The same with the CLIs already on PATH', standin: ms(onPath), real: ms(onPath), target: '', met: null },
    { measure: 'Installing / restoring the CLIs (the difference)', standin: ms(cold - onPath), real: ms(warm - onPath), target: '', met: null },
    { measure: 'Job start -> both CLIs ready (installed and saved / restored)', ...ready, target: '', met: null },
    { measure: 'Both CLIs ready -> first model request', ...after, target: '', met: null },
    { measure: 'Requests to the npm registry', ...both((s) => s.registryRequests, count), target: '', met: null },
    { measure: 'Cache entries, one per CLI (compressed, together)', ...both((s) => s.archiveBytes, bytes), target: '', met: null },
    { measure: 'Load average (1 min) at the end of the runs', ...both((s) => s.load, (n) => n.toFixed(1)), target: '', met: null },
  ];
}

/** Where a warm run's start goes, step by step (medians of each step's own time), against the run with the CLIs on PATH. */
export function warmStartRows(results: CliCacheResults): Row[] {
  const step = (from: (s: CliCacheSample) => number, to: (s: CliCacheSample) => number): string => ms(median(results.warm.map((s) => to(s) - from(s))));
  const row = (measure: string, real: string): Row => ({ measure, standin: '-', real, target: '', met: null });
  return [
    row('Start -> the cache service names the entries (first comment, settings, cache client)', step(() => 0, (s) => s.restore.answeredMs)),
    row('-> both entries downloaded', step((s) => s.restore.answeredMs, (s) => s.restore.downloadedMs)),
    row('-> both entries unpacked (tar, zstd)', step((s) => s.restore.downloadedMs, (s) => s.restore.unpackedMs)),
    row('-> both CLIs sealed and answering `--version`', step((s) => s.restore.unpackedMs, (s) => s.clisReadyMs)),
    row('-> first model request (agent user checks, sandbox probe, branch, Codex starts)', step((s) => s.clisReadyMs, (s) => s.firstModelRequestMs)),
    { measure: 'For comparison: the whole start with the CLIs on PATH', standin: ms(median(results.onPath.map((s) => s.firstModelRequestMs))), real: '-', target: '', met: null },
  ];
}

/** A Markdown table (also readable as plain text in a terminal). */
export function table(rows: readonly Row[], columns: { standin: string; real: string | null }): string {
  const header = ['Measure', columns.standin, ...(columns.real ? [columns.real] : []), 'Target', 'Met'];
  const lines = rows.map((r) => [r.measure, r.standin, ...(columns.real ? [r.real] : []), r.target || '-', r.met === null ? '-' : r.met ? 'yes' : '**no**']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [format(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(format)].join('\n');
}

export function violationsNote(results: BenchResults): string | null {
  const all = [...results.standin, ...results.standinNone, ...results.real, ...results.large];
  const total = all.reduce((sum, s) => sum + s.violations, 0);
  return total === 0 ? null : `Warning: the emulated GitHub recorded ${total} requests that GitHub would reject; the figures may not be representative.`;
}
