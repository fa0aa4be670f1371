// Preloaded into the action's Node process by the bench (NODE_OPTIONS=--require ...): at exit it
// writes when the process started and ended (epoch milliseconds, Node's own clock origin), its
// peak resident set size, and when each of its first log lines was written (milliseconds from the
// start, the line cut short), so that a run's start can be read as a timeline. ru_maxrss of the
// process itself, in kilobytes: unlike `time -v` it leaves out the agent CLIs and git that the action
// starts. The variables are removed at once so that no child of the action inherits the probe.
'use strict';
const { writeFileSync } = require('node:fs');

const MAX_LINES = 400;
const MAX_LINE_CHARS = 160;

const out = process.env.CODEX_CTO_BENCH_PROBE;
delete process.env.CODEX_CTO_BENCH_PROBE;
delete process.env.NODE_OPTIONS;
if (out) {
  const lines = [];
  let partial = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    if (lines.length < MAX_LINES) {
      const atMs = Math.round(performance.now());
      const parts = (partial + String(chunk)).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) if (lines.length < MAX_LINES) lines.push({ atMs, text: text.slice(0, MAX_LINE_CHARS) });
    }
    return write(chunk, ...rest);
  };
  process.on('exit', () => {
    const record = {
      startMs: performance.timeOrigin,
      endMs: performance.timeOrigin + performance.now(),
      maxRssKb: process.resourceUsage().maxRSS,
      lines,
    };
    writeFileSync(out, JSON.stringify(record));
  });
}
