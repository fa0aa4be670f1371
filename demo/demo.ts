// The offline demo: a maintainer labels an issue in the greeter sample repository, and the bundled
// action (dist/index.js) runs as a GitHub runner would run it, against the emulated GitHub, a real
// git remote, and the real codex and claude binaries answered by scripted model servers. The story
// is told as it happens; then the finished thread is printed and written as an HTML page.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startActionWorld, type ActionWorld } from '../test/support/action-world.js';
import { removeDir } from '../test/support/agent-home.js';
import { issuesLabeledPayload } from '../test/support/payloads.js';
import type { ActionRun } from '../test/support/runner.js';
import { CLAUDE_SCRIPT, codexScript, OBJECTIVE } from '../test/support/scenario.js';
import { findPrivilege } from '../src/workspace/privilege.js';
import { collectThread } from './collect-thread.js';
import { Story } from './story.js';
import { threadHtml } from './thread-html.js';
import { threadText } from './thread-text.js';

export interface DemoOptions {
  /** The repository root: where dist/, action.yml and node_modules/.bin are. */
  root: string;
  /** Where thread.html goes. */
  outDir: string;
  /** PATH for the action: the agent CLIs from node_modules/.bin and this Node in front. */
  path: string;
  /** The working directory, to print paths inside it relative to it. */
  cwd: string;
  print: (line: string) => void;
}

export interface DemoResult {
  htmlPath: string;
}

/** A failure the demo explains itself: `message` says what went wrong and what to do. */
export class DemoError extends Error {
  override readonly name = 'DemoError';
}

export const ISSUE_BODY = [
  'Callers use `greet()` for banners and alerts and want a louder greeting there.',
  '',
  'What we need:',
  '',
  '- [ ] an opt-in `shout` option; the default greeting stays exactly as it is',
  '- [ ] tests for both cases',
  '',
  '| call | result |',
  '| --- | --- |',
  "| `greet('Ada')` | `Hello, Ada!` |",
  "| `greet('Ada', { shout: true })` | `HELLO, ADA!` |",
  '',
  'No new dependencies, please.',
].join('\n');

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { root, print } = options;
  await checkPrerequisites(root);
  const versions = await agentVersions(root);
  const story = new Story({ print });
  let world: ActionWorld | null = null;
  const temporary: string[] = [];
  try {
    const started = await startActionWorld({
      codex: story.codex(codexScript()),
      claude: story.claude(CLAUDE_SCRIPT, () => world?.anthropic.requests.at(-1)),
    });
    world = started;
    const { gh, project } = started;
    print('codex-cto demo: the bundled action on a labelled issue, offline (no keys, no network)');
    print(`  GitHub  emulated at ${gh.serverUrl}: REST, GraphQL and git over HTTP, each request checked against GitHub's OpenAPI description`);
    print(`  Codex   the real codex ${versions.codex}, answered by a scripted Responses API at ${started.openai.url}`);
    print(`  Claude  the real claude ${versions.claude}, answered by a scripted Messages API at ${started.anthropic.url}`);
    // Agents run as a user made for the job, which takes root or passwordless sudo; without either the
    // demo still runs, with the agents as this user (what `isolation: none` means on a runner).
    const isolation = (await findPrivilege()) ? 'user' : 'none';
    if (isolation === 'none') {
      print('  Note    neither root nor passwordless sudo here: the agents run as you (isolation: none), not as a user made for the job');
    }
    print('');

    const workspace = await started.checkout();
    temporary.push(workspace);
    const issue = started.issue(OBJECTIVE, ISSUE_BODY, { labels: ['codex-cto'] });
    const payload = issuesLabeledPayload(gh, { repo: project.fullName, issue: issue.number, label: 'codex-cto', sender: project.logins.maintainer });
    const stopWatching = story.watch(gh, project);
    const before = gh.requests().length;
    story.line('labelled', `@${project.logins.maintainer} labels issue #${issue.number} codex-cto; the runner starts node dist/index.js`, [`"${issue.title}"`]);

    const run = await started.run({ event: 'issues', payload, workspace, post: true, env: { PATH: options.path }, inputs: { isolation } });
    temporary.push(run.dir);
    stopWatching();
    const requests = gh.requests().length - before;
    story.line('done', `the action ${exitOf(run)}, its post step ${run.post ? exitOf(run.post) : 'did not run'}`, outputsOf(run));
    checkRun(run, gh.violations());

    const pullNumber = Number(run.outputs['pr-number']) || null;
    const thread = await collectThread(gh, project, issue.number, pullNumber);
    print('');
    print(threadText(thread));
    await mkdir(options.outDir, { recursive: true });
    const htmlPath = path.join(options.outDir, 'thread.html');
    await writeFile(htmlPath, threadHtml(thread));
    print('');
    print(`The thread as a web page: ${shortPath(options.cwd, htmlPath)}`);
    print(`The action made ${requests} requests to GitHub (API and git), none of them one GitHub would reject.`);
    print('With OPENAI_API_KEY and ANTHROPIC_API_KEY set, `codex-cto run` does the same loop for real on a local repository:');
    print('  npx codex-cto run "Add a health check endpoint"');
    return { htmlPath };
  } finally {
    await world?.close();
    await Promise.all(temporary.map((dir) => removeDir(dir)));
  }
}

/** Relative to the working directory when inside it (what `npm run demo` users can click or open). */
function shortPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function exitOf(step: Pick<ActionRun, 'exitCode' | 'timedOut'>): string {
  if (step.timedOut) return 'hit its time limit';
  return step.exitCode === null ? 'was killed' : `exited ${step.exitCode}`;
}

/** The outputs the action set, for the closing progress line. */
function outputsOf(run: ActionRun): string[] {
  const names = ['verdict', 'iterations', 'pr-number', 'branch', 'total-cost-usd'];
  const set = names.filter((name) => run.outputs[name] !== undefined).map((name) => `${name}=${run.outputs[name]}`);
  return set.length > 0 ? [`outputs: ${set.join(', ')}`] : [];
}

function checkRun(run: ActionRun, violations: readonly { method: string; path: string; problem: string }[]): void {
  if (run.exitCode !== 0 || run.outputs.verdict !== 'approve') {
    const errors = run.errors.length > 0 ? run.errors.join('\n') : `${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`;
    throw new DemoError(`The action did not end approved (exit ${run.exitCode}, verdict ${run.outputs.verdict ?? 'none'}):\n${errors}`);
  }
  if (violations.length > 0) {
    throw new DemoError(`The action made requests GitHub would reject:\n${violations.map((v) => `${v.method} ${v.path}: ${v.problem}`).join('\n')}`);
  }
}

async function checkPrerequisites(root: string): Promise<void> {
  if (!existsSync(path.join(root, 'dist', 'index.js'))) {
    throw new DemoError('dist/index.js is missing: run `npm run bundle` first (the demo runs the bundled action).');
  }
  for (const cli of ['codex', 'claude']) {
    if (!existsSync(path.join(root, 'node_modules', '.bin', cli))) {
      throw new DemoError(`node_modules/.bin/${cli} is missing: run \`npm ci\` first (the demo runs the real agent CLIs).`);
    }
  }
}

/** The pinned CLI versions, as the action reads them (package.json devDependencies). */
async function agentVersions(root: string): Promise<{ codex: string; claude: string }> {
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const dev = manifest.devDependencies ?? {};
  return { codex: dev['@openai/codex'] ?? '?', claude: dev['@anthropic-ai/claude-code'] ?? '?' };
}
