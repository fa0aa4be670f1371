// The bench's arithmetic: medians, time covered by overlapping calls, per-iteration means, and the
// target column (a figure over its limit is marked, not hidden).
import { describe, expect, it } from 'vitest';
import { clip, coveredMs, isVersionCheck } from '../../../scripts/bench/instruments.js';
import type { LoopSample } from '../../../scripts/bench/loop-run.js';
import { cliCacheRows, largeRows, median, overheadPerIteration, requestsPerIteration, table, type BenchResults } from '../../../scripts/bench/report.js';

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
      runs: 1, coldStart: [], standin: [], standinNone: [], real: [], large: [sample({ peakRssMb: 250 })], largeChange: { files: 2000, bytes: 20_000_000 }, cliCache: null,
    };
    const text = table(largeRows(results), { standin: 'Stand-in agents', real: null });
    expect(text).toMatch(/\| Peak RSS of the action +\| 250 MB +\| < 200 MB +\| \*\*no\*\* +\|/);
    expect(text).toMatch(/\| Prompt sent to Codex: review \(largest\) +\| 8\.5 KB +\| < 64\.0 KB +\| yes +\|/);
  });

  it('sets the warm cache of the agent CLIs against the cold one, and marks a warm run over a tenth of the cold one', () => {
    const run = (firstModelRequestMs: number, registryRequests: number) => ({ firstModelRequestMs, registryRequests, archiveBytes: 300 * 1024 * 1024 });
    const columns = { standin: 'Cold', real: 'Warm' };
    const fast = table(cliCacheRows({ cold: [run(60_000, 22), run(70_000, 22), run(80_000, 22)], warm: [run(5_000, 0), run(6_000, 0), run(9_000, 0)], onPath: [run(4_000, 0)] }), columns);
    expect(fast).toMatch(/\| Job start -> first model request +\| 70\.0 s +\| 6000 ms +\| - +\| - +\|/);
    expect(fast).toMatch(/\| Warm as a share of cold +\| - +\| 8\.6 % +\| <= 10 % +\| yes +\|/);
    expect(fast).toMatch(/\| Installing \/ restoring the CLIs \(the difference\) +\| 66\.0 s +\| 2000 ms +\|/);
    expect(fast).toMatch(/\| Requests to the npm registry +\| 22 +\| 0 +\|/);
    expect(fast).toMatch(/\| Cache entry \(compressed\) +\| 300\.0 MB +\| 300\.0 MB +\|/);
    const slow = table(cliCacheRows({ cold: [run(60_000, 22)], warm: [run(9_000, 0)], onPath: [run(4_000, 0)] }), columns);
    expect(slow).toMatch(/\| Warm as a share of cold +\| - +\| 15\.0 % +\| <= 10 % +\| \*\*no\*\* +\|/);
  });
});
