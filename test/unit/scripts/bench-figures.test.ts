// The bench's arithmetic: medians, time covered by overlapping calls, per-iteration means, and the
// target column (a figure over its limit is marked, not hidden).
import { describe, expect, it } from 'vitest';
import { clip, coveredMs, isVersionCheck } from '../../../scripts/bench/instruments.js';
import type { LoopSample } from '../../../scripts/bench/loop-run.js';
import { cliCacheRows, warmStartRows, largeRows, median, overheadPerIteration, requestsPerIteration, table, type BenchResults } from '../../../scripts/bench/report.js';
import { peakWithin, type LoadSample, type ProgressSample } from '../../../scripts/bench/progress-run.js';
import { restoreMarks } from '../../../scripts/bench/cli-cache.js';
import { CLI_CACHE_HEADING, withCliCacheSection } from '../../../scripts/bench/page.js';
import { addedPerMinute, PROGRESS_HEADING, progressSection, withProgressSection, type ProgressResults } from '../../../scripts/bench/progress-report.js';

function sample(change: Partial<LoopSample> = {}): LoopSample {
  return {
    iterations: 2, wallMs: 3000, agentMs: 1000, versionCheckMs: 50, sandboxProbeMs: 600, verifyMs: 500, overheadMs: 1500, firstCommentMs: 250,
    apiRequests: 27, requestsByPhase: [8, 12, 7], routesByPhase: [[], [], []], overheadByPhase: [700, 500, 300], githubByPhase: [5, 100, 80],
    peakRssMb: 110, promptBytes: { plan: [6590], review: [8631, 8666] }, modelRequestBytes: null, violations: 0, timeline: [],
    ...change,
  };
}

describe('bench figures', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('counts overlapping calls once and clips them to a window', () => {
    const calls = [{ startMs: 0, endMs: 10 }, { startMs: 5, endMs: 15 }, { startMs: 20, endMs: 30 }];
    expect(coveredMs(calls)).toBe(25);
    expect(coveredMs(clip(calls, 8, 25))).toBe(12);
  });

  it('tells version checks from agent work', () => {
    expect(isVersionCheck({ program: 'codex', firstArg: '--version', startMs: 0, endMs: 1 })).toBe(true);
    expect(isVersionCheck({ program: 'claude', firstArg: '-p', startMs: 0, endMs: 1 })).toBe(false);
  });

  it('averages over the iterations, leaving out start and plan', () => {
    expect(requestsPerIteration(sample())).toBe(9.5);
    expect(overheadPerIteration(sample())).toBe(400);
  });

  it('marks a missed target', () => {
    const results: BenchResults = {
      runs: 1, coldStart: [], standin: [], standinNone: [], real: [], large: [sample({ peakRssMb: 250 })], largeChange: { files: 2000, bytes: 20_000_000 }, cliCache: null, progress: null,
    };
    const text = table(largeRows(results), { standin: 'Stand-in agents', real: null });
    expect(text).toMatch(/\| Peak RSS of the action +\| 250 MB +\| < 200 MB +\| \*\*no\*\* +\|/);
    expect(text).toMatch(/\| Prompt sent to Codex: review \(largest\) +\| 8\.5 KB +\| < 64\.0 KB +\| yes +\|/);
  });

  it('sets the warm cache of the agent CLIs against the cold one, and marks a warm run over a tenth of the cold one', () => {
    const restore = { answeredMs: 1_000, downloadedMs: 2_500, unpackedMs: 4_000 };
    const run = (firstModelRequestMs: number, registryRequests: number) => ({ firstModelRequestMs, registryRequests, archiveBytes: 300 * 1024 * 1024, clisReadyMs: firstModelRequestMs - 3_000, load: 2, restore });
    const columns = { standin: 'Cold', real: 'Warm' };
    const fast = table(cliCacheRows({ cold: [run(60_000, 22), run(70_000, 22), run(80_000, 22)], warm: [run(5_000, 0), run(6_000, 0), run(9_000, 0)], onPath: [run(4_000, 0)] }), columns);
    expect(fast).toMatch(/\| Job start -> first model request +\| 70\.0 s +\| 6000 ms +\| - +\| - +\|/);
    expect(fast).toMatch(/\| Warm as a share of cold +\| - +\| 8\.6 % +\| <= 10 % +\| yes +\|/);
    expect(fast).toMatch(/\| Installing \/ restoring the CLIs \(the difference\) +\| 66\.0 s +\| 2000 ms +\|/);
    expect(fast).toMatch(/\| Requests to the npm registry +\| 22 +\| 0 +\|/);
    expect(fast).toMatch(/\| Cache entries, one per CLI \(compressed, together\) +\| 300\.0 MB +\| 300\.0 MB +\|/);
    expect(fast).toMatch(/\| Job start -> both CLIs ready \(installed and saved \/ restored\) +\| 67\.0 s +\| 3000 ms +\|/);
    expect(fast).toMatch(/\| Both CLIs ready -> first model request +\| 3000 ms +\| 3000 ms +\|/);
    expect(fast).toMatch(/\| Load average \(1 min\) at the end of the runs +\| 2\.0 +\| 2\.0 +\|/);
    const page = `# Benchmarks\n\n## A\n\n${CLI_CACHE_HEADING}\n\nold figures\n\n## B\n\nkept\n`;
    const rewritten = withCliCacheSection(page, `${CLI_CACHE_HEADING}\n\nnew figures\n`);
    expect(rewritten).toBe(page.replace('old figures', 'new figures'));
    const steps = table(warmStartRows({ cold: [], warm: [run(7_000, 0), run(8_000, 0), run(9_000, 0)], onPath: [run(4_000, 0)] }), columns);
    expect(steps).toMatch(/\| -> both entries downloaded +\| - +\| 1500 ms +\|/);
    expect(steps).toMatch(/\| -> both CLIs sealed and answering `--version` +\| - +\| 1000 ms +\|/);
    expect(steps).toMatch(/\| -> first model request .* +\| - +\| 3000 ms +\|/);
    expect(steps).toMatch(/\| For comparison: the whole start with the CLIs on PATH +\| 4000 ms +\| - +\|/);
    const slow = table(cliCacheRows({ cold: [run(60_000, 22)], warm: [run(9_000, 0)], onPath: [run(4_000, 0)] }), columns);
    expect(slow).toMatch(/\| Warm as a share of cold +\| - +\| 15\.0 % +\| <= 10 % +\| \*\*no\*\* +\|/);
  });
});

describe('the marks of a restore in a run\'s log', () => {
  it('takes the first answer and the last download and unpacking of the two entries, NaN for a step not logged', () => {
    const marks = restoreMarks([
      { atMs: 900, text: 'codex-cto: mona may start work' },
      { atMs: 1_000, text: 'Cache hit for: codex-cto-agent-clis-linux-x64-codex-0.169.0-0123' },
      { atMs: 1_010, text: 'Cache hit for: codex-cto-agent-clis-linux-x64-claude-2.1.330-4567' },
      { atMs: 2_000, text: 'Cache Size: ~110 MB (115189622 B)' },
      { atMs: 2_600, text: 'Cache Size: ~162 MB (169442018 B)' },
      { atMs: 3_000, text: 'Cache restored successfully' },
      { atMs: 3_400, text: 'Cache restored successfully' },
    ]);
    expect(marks).toEqual({ answeredMs: 1_000, downloadedMs: 2_600, unpackedMs: 3_400 });
    expect(restoreMarks([{ atMs: 5, text: 'Installing @openai/codex@0.169.0 into the tool cache' }]).downloadedMs).toBeNaN();
  });
});

describe('the live progress section', () => {
  const off: ProgressSample = { intervalSeconds: 0, workSeconds: 12, iterations: 2, apiRequests: 24, startRequests: 6, progressEdits: 0 };
  const on: ProgressSample = { ...off, intervalSeconds: 3, apiRequests: 32, progressEdits: 8 };
  const load: LoadSample = {
    loops: 20, intervalSeconds: 3, workSeconds: 12, approved: 20, failed: 0, failedOnRateLimit: 0, apiRequests: 420, peakPerMinute: 300,
    wallMs: 95_000, progressEdits: 40, progressHeldBack: 60, refusedPrimary: 0, refusedSecondary: 12,
  };
  const results: ProgressResults = { off, on, load, limits: { workflowTokenPerHour: 1000, contentPerMinute: 80, contentPerHour: 500 } };

  it('reports what progress adds per minute of Claude work, from the runs with it off and on', () => {
    expect(addedPerMinute(results)).toBe(20);
    const section = progressSection(results);
    expect(section).toMatch(/\| API requests per iteration, progress off +\| 9\.0 +\| <= 6 +\| \*\*no\*\* +\|/);
    expect(section).toMatch(/\| Loops ending with their verdict posted +\| 20 +\| 20 +\| yes +\|/);
    expect(section).toMatch(/\| Peak API requests within a minute +\| 300 +\|/);
  });

  it('replaces its own section of an existing page, or goes before the notes on measuring', () => {
    const page = '# Benchmarks\n\n## A\n\ntext\n\n## How each figure is measured\n\nhow\n';
    const once = withProgressSection(page, `${PROGRESS_HEADING}\n\nfirst\n`);
    expect(once).toBe(`# Benchmarks\n\n## A\n\ntext\n\n${PROGRESS_HEADING}\n\nfirst\n\n## How each figure is measured\n\nhow\n`);
    expect(withProgressSection(once, `${PROGRESS_HEADING}\n\nsecond\n`)).toBe(once.replace('first', 'second'));
  });

  it('finds the busiest minute of a list of arrival times', () => {
    expect(peakWithin([0, 10, 59_999, 60_000, 61_000, 200_000], 60_000)).toBe(3);
    expect(peakWithin([5, 1, 3, 200_000], 60_000)).toBe(3);
    expect(peakWithin([], 60_000)).toBe(0);
  });
});
