// `npm run demo` as a newcomer runs it: the bundled action on a labelled issue with the real CLIs,
// the story told phase by phase, the finished thread printed, and an HTML page of the thread that
// headless Chromium renders with its task lists, iteration table and review text.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, type RunResult } from '../../src/workspace/process.js';
import { ISSUE_BODY } from '../../demo/demo.js';
import { removeDir } from '../support/agent-home.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const INSTALL_CHROMIUM = 'sudo apt-get update && sudo apt-get install -y chromium';

/** The progress lines the story must print, in this order. */
const PHASES: RegExp[] = [
  /\] labelled\s+@mona labels issue #1 codex-cto/,
  /\] tracking\s+comment posted on issue #1: "Planning"/,
  /\] planning\s+Codex reads the repository/,
  /\] plan posted\s+2 tasks/,
  /\] implementing\s+iteration 1: Claude Code starts session/,
  /\] verifying\s+iteration 1: .*npm test --silent/,
  /\] PR opened\s+#2 .* as a draft: codex-cto\/issue-1 -> main/,
  /\] reviewing\s+iteration 1: Codex/,
  /\] verdict\s+iteration 1: revise/,
  /T2 partial: Add a test that greet\('Ada', \{ shout: false \}\)/,
  /P1 test\/greet\.test\.js:9-11 shout: false is not tested \(inline\)/,
  /requirement not met: Tests for both cases/,
  /\] check run\s+codex-cto\/review on [0-9a-f]{7}: action_required/,
  /\] implementing\s+iteration 2: Claude Code resumes session [0-9a-f]{8} \(3 earlier turns/,
  /\] verifying\s+iteration 2:/,
  /\] reviewing\s+iteration 2: Codex/,
  /\] verdict\s+iteration 2: approve/,
  /\] check run\s+codex-cto\/review on [0-9a-f]{7}: success/,
  /\] approved\s+the tracking comment now reads "Approved"/,
  /\] PR ready\s+#2 is no longer a draft/,
  /\] done\s+the action exited 0, its post step exited 0/,
];

describe('npm run demo', () => {
  let scratch: string;
  let outDir: string;
  let tmpDir: string;
  let demo: RunResult;
  let htmlPath: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'cto-demo-test-'));
    outDir = path.join(scratch, 'out');
    // The demo's own temp dirs go here, so the test can see that it removed them.
    tmpDir = path.join(scratch, 'tmp');
    await mkdir(tmpDir);
    const env = { ...stringEnv(process.env), TMPDIR: tmpDir, NO_COLOR: '1' };
    demo = await runProcess('npm', ['run', '--silent', 'demo', '--', '--out', outDir], { cwd: ROOT, env, timeoutMs: 280_000 });
    htmlPath = path.join(outDir, 'thread.html');
  }, 300_000);

  afterAll(async () => {
    if (scratch) await removeDir(scratch);
  });

  it('exits 0 and tells every phase in order as it happens', () => {
    expect(demo.exitCode, demoLog(demo)).toBe(0);
    const lines = demo.stdout.split('\n');
    let from = 0;
    for (const phase of PHASES) {
      const at = lines.findIndex((line, index) => index >= from && phase.test(line));
      expect(at, `${phase} after line ${from}\n${demoLog(demo)}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
  });

  it('prints the finished issue thread, PR, reviews and check run, then how to run it for real', () => {
    const out = demo.stdout;
    const expected = [
      'Issue #1 · Add a `shout` option to greet()',
      'an opt-in `shout` option',
      'codex-cto: Approved',
      '[x] T1 Add the shout option',
      '[x] T2 Test the shout option',
      'Pull request #2 · codex-cto: Add a `shout` option',
      'Open, ready for review · @github-actions[bot] wants to merge 2 commits into main from codex-cto/issue-1',
      'Closes #1',
      'codex-cto iteration 2:',
      "+  assert.equal(greet('Ada', { shout: false }), 'Hello, Ada!');",
      'codex-cto review: Changes requested',
      'test/greet.test.js lines 9-11:',
      'codex-cto review: Approved',
      '✓ codex-cto/review on',
      `The thread as a web page: ${htmlPath}`,
      'With OPENAI_API_KEY and ANTHROPIC_API_KEY set, `codex-cto run` does the same loop for real',
    ];
    let from = 0;
    for (const part of expected) {
      const at = out.indexOf(part, from);
      expect(at, `"${part}" after offset ${from}\n${demoLog(demo)}`).toBeGreaterThanOrEqual(0);
      from = at + part.length;
    }
  });

  it('removes its servers\' temp dirs, checkouts and runner dirs', async () => {
    expect(demo.exitCode, demoLog(demo)).toBe(0);
    // Node's compile cache (the agent CLIs turn it on) is meant to outlive a run; nothing else may.
    expect((await readdir(tmpDir)).filter((name) => name !== 'node-compile-cache')).toEqual([]);
  });

  it('writes a page that headless Chromium renders with task lists, the iteration table and the review text', async () => {
    const chromium = findChromium();
    expect(chromium, `headless Chromium is needed to check the demo's page; install it: ${INSTALL_CHROMIUM}`).not.toBeNull();
    const dom = await chromiumRun(chromium as string, scratch, ['--dump-dom', pathToFileURL(htmlPath).href]);
    expect(dom.exitCode, dom.stderr).toBe(0);
    const html = dom.stdout;
    expect(html.match(/<input checked="" disabled="" type="checkbox">/g)?.length, html).toBe(2);
    expect(html.match(/<input disabled="" type="checkbox">/g)?.length, html).toBe(2);
    expect(html).toMatch(/<th[^>]*>Iteration<\/th>/);
    expect(html).toMatch(/<td[^>]*>revise<\/td>/);
    expect(html).toMatch(/<td[^>]*>approve<\/td>/);
    expect(html).toContain('Also cover <code>{ shout: false }</code>, which must keep the normal greeting.');
    expect(html).toContain('<code>test/greet.test.js</code> lines 9-11');
    expect(html).toContain('Add a test that greet(\'Ada\', { shout: false }) returns \'Hello, Ada!\'.');
    expect(html).toContain('<span class="conclusion">success</span>');
    expect(html).toContain(ISSUE_BODY.split('\n').at(-1));
    expect(html).not.toContain('codex-cto:state');
  });

  it('renders the page to a real, non-trivial screenshot', async () => {
    const chromium = findChromium();
    expect(chromium, `headless Chromium is needed to check the demo's page; install it: ${INSTALL_CHROMIUM}`).not.toBeNull();
    const png = path.join(scratch, 'thread.png');
    const shot = await chromiumRun(chromium as string, scratch, ['--window-size=1000,2400', `--screenshot=${png}`, pathToFileURL(htmlPath).href]);
    expect(shot.exitCode, shot.stderr).toBe(0);
    const bytes = await readFile(png);
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // IHDR: width and height as asked, then enough bytes that it cannot be a blank page.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1000, 2400]);
    expect((await stat(png)).size).toBeGreaterThan(50_000);
  });
});

function findChromium(): string | null {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    for (const dir of [...dirs, '/usr/bin']) {
      if (existsSync(path.join(dir, name))) return path.join(dir, name);
    }
  }
  return null;
}

/** Headless Chromium with nothing that reaches the network and a fresh profile. */
async function chromiumRun(chromium: string, scratch: string, args: string[]): Promise<RunResult> {
  const profile = await mkdtemp(path.join(scratch, 'chromium-profile-'));
  try {
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`];
    return await runProcess(chromium, [...flags, ...args], { cwd: scratch, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: profile }, timeoutMs: 120_000 });
  } finally {
    await removeDir(profile);
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function demoLog(run: RunResult): string {
  return `exit ${run.exitCode}${run.timedOut ? ' (timed out)' : ''}\n--- stdout\n${run.stdout.slice(-8000)}\n--- stderr\n${run.stderr.slice(-3000)}`;
}
