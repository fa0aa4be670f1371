// The bench page's section on live progress: what progress edits add to a loop, and the load run. Pure:
// samples in, markdown out; `withProgressSection` puts the section into an existing page (for a run of
// `--progress-only --write`, which measures this section alone).
import type { LoadSample, ProgressSample } from './progress-run.js';
import { ms, table, TARGETS, type Row } from './report.js';

export interface ProgressResults {
  off: ProgressSample;
  on: ProgressSample;
  load: LoadSample;
  /** The load run's limits, as the page states them. */
  limits: { workflowTokenPerHour: number; contentPerMinute: number; contentPerHour: number };
}

export const PROGRESS_HEADING = '## Live progress and rate limits';

/** Requests progress adds per minute of Claude's work, from the two runs. */
export function addedPerMinute(results: Pick<ProgressResults, 'off' | 'on'>): number {
  const minutes = (results.on.iterations * results.on.workSeconds) / 60;
  return minutes > 0 ? (results.on.apiRequests - results.off.apiRequests) / minutes : 0;
}

function rows(results: ProgressResults): Row[] {
  const { off, on } = results;
  const perIteration = (sample: ProgressSample): number => (sample.apiRequests - sample.startRequests) / Math.max(1, sample.iterations);
  const row = (measure: string, value: string, target = '-', met: boolean | null = null): Row => ({ measure, standin: value, real: '', target, met });
  return [
    row('API requests per run, progress off (`progress-interval: 0`)', String(off.apiRequests)),
    row('API requests per iteration, progress off', perIteration(off).toFixed(1), `<= ${TARGETS.requestsPerIteration}`, perIteration(off) <= TARGETS.requestsPerIteration),
    row(`API requests per run, progress every ${on.intervalSeconds} s`, `${on.apiRequests} (${on.progressEdits} progress edits)`),
    row(`API requests per iteration, progress every ${on.intervalSeconds} s`, perIteration(on).toFixed(1)),
    row(`Added requests per minute of Claude's work, every ${on.intervalSeconds} s`, addedPerMinute(results).toFixed(1)),
    // Not measured (a run would take minutes): the throttle allows one edit per interval.
    row('Added requests per minute at the default 60 s, at most', '1'),
  ];
}

function loadRows(load: LoadSample): Row[] {
  const row = (measure: string, value: string, target = '-', met: boolean | null = null): Row => ({ measure, standin: value, real: '', target, met });
  return [
    row('Loops started at once', String(load.loops)),
    row('Loops ending with their verdict posted', String(load.approved), String(load.loops), load.approved === load.loops),
    row('Loops failed on a rate limit', String(load.failedOnRateLimit), '0', load.failedOnRateLimit === 0),
    row('API requests per loop (mean)', (load.apiRequests / load.loops).toFixed(1)),
    row('Peak API requests within a minute', String(load.peakPerMinute)),
    row('Requests GitHub refused (primary / secondary limit), then retried by the loops', `${load.refusedPrimary} / ${load.refusedSecondary}`),
    row('Progress edits made / held back for the rate budget', `${load.progressEdits} / ${load.progressHeldBack}`),
    row('Wall time of the load run', ms(load.wallMs)),
  ];
}

export function progressSection(results: ProgressResults): string {
  const { load, limits } = results;
  return [
    PROGRESS_HEADING,
    '',
    `While Claude works, the tracking comment shows its todo list, the file it last edited, turns and cost so far,`,
    `edited at most once per \`progress-interval\` and never when nothing changed. The stand-in claude spreads each`,
    `implementation over ${results.on.workSeconds} s here, streaming its todo list and writes; the same story runs with progress off and on.`,
    '',
    table(rows(results), { standin: 'Stand-in agents', real: null }),
    '',
    `**Load run.** ${load.loops} loops started at once on ${load.loops} issues of one repository, each an implementation of`,
    `${load.workSeconds} s per iteration with progress every ${load.intervalSeconds} s (\`isolation: none\`, so that ${load.loops} jobs fit one machine),`,
    `against an emulated GitHub that enforces github.com's limits for the workflow token: ${limits.workflowTokenPerHour.toLocaleString('en-US')} requests an hour`,
    `per repository, and ${limits.contentPerMinute} content-creating requests a minute, ${limits.contentPerHour} an hour (refusals as github.com sends them: 403`,
    'with `retry-after` and `x-ratelimit-*` headers). Progress edits read `x-ratelimit-remaining` from every answer: below half of',
    'the budget they slow to a quarter of their pace, below a quarter they stop, and after any rate-limit refusal they stop for the',
    "rest of the run; they are never retried. The loops' own writes wait out a refusal (`retry-after`) and are retried.",
    '',
    table(loadRows(load), { standin: 'Measured', real: null }),
    '',
  ].join('\n');
}

/** The page with the progress section replaced, or inserted before "How each figure is measured". */
export function withProgressSection(page: string, section: string): string {
  const start = page.indexOf(PROGRESS_HEADING);
  if (start >= 0) {
    const next = page.indexOf('\n## ', start + PROGRESS_HEADING.length);
    return `${page.slice(0, start)}${section}${next >= 0 ? `\n${page.slice(next + 1)}` : ''}`;
  }
  const before = page.indexOf('## How each figure is measured');
  return before >= 0 ? `${page.slice(0, before)}${section}\n${page.slice(before)}` : `${page.trimEnd()}\n\n${section}`;
}
