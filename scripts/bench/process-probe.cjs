// Preloaded into the action's Node process by the bench (NODE_OPTIONS=--require ...): at exit it
// writes when the process started and ended (epoch milliseconds, Node's own clock origin) and its
// peak resident set size. ru_maxrss of the process itself, in kilobytes: unlike `time -v` it leaves
// out the agent CLIs and git that the action starts. The variables are removed at once so that no
// child of the action inherits the probe.
'use strict';
const { writeFileSync } = require('node:fs');

const out = process.env.CODEX_CTO_BENCH_PROBE;
delete process.env.CODEX_CTO_BENCH_PROBE;
delete process.env.NODE_OPTIONS;
if (out) {
  process.on('exit', () => {
    const record = {
      startMs: performance.timeOrigin,
      endMs: performance.timeOrigin + performance.now(),
      maxRssKb: process.resourceUsage().maxRSS,
    };
    writeFileSync(out, JSON.stringify(record));
  });
}
