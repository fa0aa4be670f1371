// The Codex adapter against the real `codex` binary, driven offline by the scripted OpenAI server,
// in temporary git repositories.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodexPlanner, createCodexReviewer, type CodexOptions } from '../../src/agents/codex.js';
import { readPersona, readSchema } from '../../src/core/model/assets.js';
import type { ReviewRequest } from '../../src/core/ports.js';
import { CtoError } from '../../src/core/model/errors.js';
import { CODEX_BIN, codexConfigOverrides, codexEnv, gitEnv, makeAgentHome, makeTempDir, removeDir } from '../support/agent-home.js';
import { validPlan, validReview } from '../support/codex-fixtures.js';
import { functionCallOutputs, startOpenAIServer, type CodexScript } from '../support/openai-server.js';
import type { ScriptedServer } from '../support/sse.js';
import { NO_HIDDEN_CHARACTERS } from '../../src/core/model/trojan-source.js';

type Server = Awaited<ReturnType<typeof startOpenAIServer>>;

interface World {
  home: string;
  repo: string;
  scratch: string;
  server: Server;
  options: CodexOptions;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function git(repo: string, home: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, env: gitEnv(home), encoding: 'utf8' });
}

/** A git repository with one commit on main, a scratch dir outside it, and a server playing `script`. */
async function world(script: CodexScript, overrides: Partial<CodexOptions> = {}): Promise<World> {
  const home = await makeAgentHome();
  cleanups.push(() => removeDir(home));
  const repo = await makeTempDir('cto-codex-repo');
  cleanups.push(() => removeDir(repo));
  const scratch = await makeTempDir('cto-codex-scratch');
  cleanups.push(() => removeDir(scratch));
  const server = await startOpenAIServer(script);
  cleanups.push(() => server.close());
  git(repo, home, 'init', '-q', '-b', 'main');
  await writeFile(join(repo, 'greet.js'), 'export const greet = () => "hello";\n');
  git(repo, home, 'add', '.');
  git(repo, home, 'commit', '-q', '-m', 'initial');
  const options: CodexOptions = {
    binary: CODEX_BIN,
    workdir: repo,
    scratchDir: scratch,
    env: codexEnv(home),
    model: null,
    reasoningEffort: null,
    configOverrides: codexConfigOverrides(server.url),
    timeoutMs: 90_000,
    persona: readPersona(),
    ...overrides,
  };
  return { home, repo, scratch, server, options };
}

const planRequest = { objective: 'Greet people by name.', context: 'Issue #7 by ada: greet() should take a name.' };

function reviewRequest(overrides: Partial<ReviewRequest> = {}): ReviewRequest {
  return {
    iteration: 1,
    objective: 'Greet people by name.',
    plan: validPlan(),
    implementation: null,
    verification: [{ command: 'node --test', exitCode: 0, timedOut: false, durationMs: 10, output: 'ok 1' }],
    diffStat: '',
    hiddenCharacters: NO_HIDDEN_CHARACTERS,
    baseRef: 'main',
    headRef: 'HEAD',
    context: '',
    previousReview: null,
    humanFeedback: null,
    ...overrides,
  };
}

/** The text of the user messages in a captured request, in order. */
function userTexts(body: unknown): string[] {
  const input = (body as { input: { role?: string; content?: { text?: string }[] }[] }).input;
  return input.filter((item) => item.role === 'user').map((item) => (item.content ?? []).map((part) => part.text ?? '').join('\n'));
}

/** The sandbox mode Codex reported for a request. */
function sandboxOf(server: ScriptedServer<{ headers: Record<string, unknown> }>, index: number): unknown {
  const header = server.requests[index]?.headers['x-codex-turn-metadata'];
  return JSON.parse(String(header)).sandbox_mode;
}

async function failure(promise: Promise<unknown>): Promise<CtoError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CtoError);
  return error as CtoError;
}

/** Processes whose command line mentions `text` (the scratch dir is unique to one test). */
function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

describe('the Codex planner', () => {
  it('returns a valid plan; Codex really received the persona and the strict schema', async () => {
    const plan = validPlan();
    const { server, options } = await world([{ message: JSON.stringify(plan) }]);
    const outcome = await createCodexPlanner(options).plan(planRequest);

    expect(outcome.value).toEqual(plan);
    expect(outcome.repairs).toBe(0);
    expect(outcome.threadId).toMatch(/\S/);
    expect(outcome.raw).toBe(JSON.stringify(plan));
    expect(outcome.usage).toEqual({ input_tokens: 100, cached_input_tokens: 10, output_tokens: 20, reasoning_output_tokens: 5 });
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.body;
    const prompt = userTexts(body).at(-1)!;
    expect(prompt.startsWith(readPersona().trim())).toBe(true);
    // stdin is ignored, so nothing is appended to the prompt.
    expect(prompt.endsWith('Answer with only the JSON plan object that the output schema describes.')).toBe(true);
    expect(prompt).toContain('Greet people by name.');
    expect(prompt).toContain('Issue #7 by ada');
    expect(body.text.format).toMatchObject({ type: 'json_schema', strict: true, schema: readSchema('plan') });
    expect(sandboxOf(server, 0)).toBe('read-only');
  });

  it('repairs a reply that is not JSON with one resume turn that quotes the problem', async () => {
    const plan = validPlan();
    const { server, options } = await world([{ message: 'Here is my plan: add a name.' }, { message: JSON.stringify(plan) }]);
    const outcome = await createCodexPlanner(options).plan(planRequest);

    expect(outcome.value).toEqual(plan);
    expect(outcome.repairs).toBe(1);
    // One response per turn; the repair turn reports the thread total, which is counted once.
    expect(outcome.usage).toEqual({ input_tokens: 200, cached_input_tokens: 20, output_tokens: 40, reasoning_output_tokens: 10 });
    expect(server.requests).toHaveLength(2);
    const repair = userTexts(server.requests[1]!.body).at(-1)!;
    expect(repair).toMatch(/^Your previous answer is not a valid plan\. The problems:\n\n- the reply is not valid JSON/);
    // Same thread, same schema, still read-only.
    expect(server.requests[1]!.headers['thread-id']).toBe(outcome.threadId);
    expect(server.requests[1]!.body.text.format.schema).toEqual(readSchema('plan'));
    expect(sandboxOf(server, 1)).toBe('read-only');
  });

  it('repairs a schema-valid plan that breaks a semantic rule', async () => {
    const cyclic = validPlan();
    cyclic.tasks[0]!.dependencies = ['T2'];
    const plan = validPlan();
    const { server, options } = await world([{ message: JSON.stringify(cyclic) }, { message: JSON.stringify(plan) }]);
    const outcome = await createCodexPlanner(options).plan(planRequest);

    expect(outcome.value).toEqual(plan);
    expect(outcome.repairs).toBe(1);
    expect(userTexts(server.requests[1]!.body).at(-1)).toContain('- tasks: dependency cycle T1 -> T2 -> T1');
  });

  it('fails after exactly one repair turn, naming what is wrong', async () => {
    const { server, options } = await world([
      { message: JSON.stringify(validPlan({ tasks: [] })) },
      { message: JSON.stringify(validPlan({ tasks: [] })) },
      { message: JSON.stringify(validPlan()) },
    ]);
    const error = await failure(createCodexPlanner(options).plan(planRequest));

    expect(error.kind).toBe('agent-output');
    expect(error.message).toBe("Codex's plan is still invalid after one repair turn: tasks: must hold at least one task");
    expect(server.requests).toHaveLength(2);
  });

  it('reports a failed turn (server error, retries off) as agent-failed', async () => {
    const { options } = await world([{ status: 500, error: 'the model is on fire' }]);
    const error = await failure(createCodexPlanner(options).plan(planRequest));

    expect(error.kind).toBe('agent-failed');
    expect(error.message).toMatch(/^Codex's plan turn failed: \S/);
  });

  it('quotes the message of a refused request', async () => {
    const { options } = await world([{ status: 400, error: 'The model `nope` does not exist' }]);
    const error = await failure(createCodexPlanner(options).plan(planRequest));

    expect(error.kind).toBe('agent-failed');
    expect(error.message).toContain('The model `nope` does not exist');
  });

  it('stops a hanging turn at the timeout and leaves no process behind', async () => {
    const { scratch, options } = await world([{ hang: true }], { timeoutMs: 3_000 });
    const error = await failure(createCodexPlanner(options).plan(planRequest));

    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('Codex did not finish its plan within 3 s and was stopped.');
    expect(error.hint).toContain('`timeout-minutes`');
    // The tree was killed before runProcess returned; allow the kernel a moment to reap it.
    for (let i = 0; i < 50 && processesMentioning(scratch).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(processesMentioning(scratch)).toEqual([]);
  });

  it('explains a missing binary', async () => {
    const { options } = await world([], { binary: '/nonexistent/codex' });
    const error = await failure(createCodexPlanner(options).plan(planRequest));

    expect(error.kind).toBe('agent-missing');
    expect(error.hint).toContain('npm install -g @openai/codex');
  });

  it('quotes Codex when it exits with an error before any turn', async () => {
    // Codex refuses to let a config redefine its built-in provider: exit 1, no events.
    const { server, options } = await world([]);
    const error = await failure(createCodexPlanner({ ...options, configOverrides: ['model_providers.openai={name="x"}'] }).plan(planRequest));

    expect(error.kind).toBe('agent-failed');
    expect(error.message).toMatch(/^Codex exited with code 1 during its plan\. Codex said: .*reserved built-in provider/);
    expect(server.requests).toHaveLength(0);
  });

  it('explains an empty answer', async () => {
    const { options } = await world([{ message: '' }]);
    const error = await failure(createCodexPlanner(options).plan(planRequest));

    expect(error.kind).toBe('agent-failed');
    expect(error.message).toMatch(/^Codex ended its plan turn without an answer: the output file is empty\./);
  });

  it('refuses an override that would loosen the sandbox before running anything', async () => {
    const { server, options } = await world([{ message: JSON.stringify(validPlan()) }]);
    const overrides = [...options.configOverrides, 'sandbox_mode="danger-full-access"'];
    const error = await failure(createCodexPlanner({ ...options, configOverrides: overrides }).plan(planRequest));

    expect(error.kind).toBe('settings');
    expect(server.requests).toHaveLength(0);
  });
});

describe('the Codex reviewer', () => {
  it('cannot write in its sandbox, and the review still completes', async () => {
    const review = validReview();
    const { repo, server, options } = await world([
      { exec: { cmd: 'echo pwned > sandbox-probe.txt && echo wrote' } },
      { message: JSON.stringify(review) },
    ]);
    const outcome = await createCodexReviewer(options).review(reviewRequest());

    expect(outcome.value).toEqual(review);
    expect(existsSync(join(repo, 'sandbox-probe.txt'))).toBe(false);
    const outputs = functionCallOutputs(server.requests[1]!.body);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]!.output).toContain('Read-only file system');
    expect(outputs[0]!.output).not.toContain('wrote');
  });

  it('cannot write in the repair turn either', async () => {
    const review = validReview();
    const { repo, server, options } = await world([
      { message: 'not json' },
      { exec: { cmd: 'echo pwned > sandbox-probe.txt' } },
      { message: JSON.stringify(review) },
    ]);
    const outcome = await createCodexReviewer(options).review(reviewRequest());

    expect(outcome.repairs).toBe(1);
    expect(existsSync(join(repo, 'sandbox-probe.txt'))).toBe(false);
    expect(functionCallOutputs(server.requests[2]!.body)[0]!.output).toContain('Read-only file system');
    expect(sandboxOf(server, 2)).toBe('read-only');
  });

  it('gets the diff stat and the refs, never the diff itself', async () => {
    const review = validReview({
      verdict: 'approve',
      revised_tasks: [],
      task_reviews: [{ task_id: 'T1', status: 'pass', feedback: '' }, { task_id: 'T2', status: 'pass', feedback: '' }],
    });
    const { home, repo, server, options } = await world([{ message: JSON.stringify(review) }]);
    git(repo, home, 'checkout', '-q', '-b', 'codex-cto/issue-7');
    await writeFile(join(repo, 'greet.js'), 'export const greet = (name) => `hello ${name} UNIQUE_ADDED_LINE`;\n');
    git(repo, home, 'commit', '-q', '-am', 'greet by name');
    const diffStat = git(repo, home, 'diff', '--stat', 'main...HEAD');
    const outcome = await createCodexReviewer(options).review(reviewRequest({ diffStat, headRef: 'codex-cto/issue-7' }));

    expect(outcome.value).toEqual(review);
    const prompt = userTexts(server.requests[0]!.body).at(-1)!;
    expect(prompt.startsWith(readPersona().trim())).toBe(true);
    expect(prompt).toContain(diffStat.trimEnd());
    expect(prompt).toContain('`git diff main...codex-cto/issue-7`');
    expect(prompt).not.toContain('UNIQUE_ADDED_LINE');
    expect(server.requests[0]!.body.text.format).toMatchObject({ type: 'json_schema', strict: true, schema: readSchema('review') });
  });

  it('repairs a review that names a task the plan does not have', async () => {
    const wrong = validReview({ task_reviews: [{ task_id: 'T9', status: 'pass', feedback: '' }] });
    const review = validReview();
    const { server, options } = await world([{ message: JSON.stringify(wrong) }, { message: JSON.stringify(review) }]);
    const outcome = await createCodexReviewer(options).review(reviewRequest());

    expect(outcome.value).toEqual(review);
    expect(userTexts(server.requests[1]!.body).at(-1)).toContain('- task_reviews[0].task_id: the plan has no task "T9"');
  });

  it('gives an approval beside a red verification the repair turn, then reads it as revise', async () => {
    const approval = validReview({
      verdict: 'approve',
      revised_tasks: [],
      findings: [],
      task_reviews: [{ task_id: 'T1', status: 'pass', feedback: '' }, { task_id: 'T2', status: 'pass', feedback: '' }],
    });
    const { server, options } = await world([{ message: JSON.stringify(approval) }, { message: JSON.stringify(approval) }]);
    const red = [{ command: 'node --test', exitCode: 1, timedOut: false, durationMs: 10, output: 'not ok 1 - greets Ada' }];
    const outcome = await createCodexReviewer(options).review(reviewRequest({ verification: red }));

    expect(outcome.repairs).toBe(1);
    expect(userTexts(server.requests[1]!.body).at(-1)).toContain(
      '- verdict: "approve" contradicts the verification results: a verification command failed; approve only when nothing blocks, otherwise answer "revise"',
    );
    expect(outcome.value).toEqual({
      ...approval,
      verdict: 'revise',
      reason: 'The reviewer answered approve, but a verification command failed; codex-cto counts the verdict as revise.',
    });
  });

  const canHideNamespaces = (() => {
    try {
      execFileSync('unshare', ['-U', '-r', 'sh', '-c', 'echo 0 > /proc/sys/user/max_user_namespaces'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!canHideNamespaces)('reports a sandbox that cannot start as a sandbox error, not a verdict', async () => {
    // A wrapper that runs Codex where no further user namespace may be created, as on hosts
    // without unprivileged user namespaces: bubblewrap then fails for every command.
    const { scratch, options } = await world([{ exec: { cmd: 'ls' } }, { message: JSON.stringify(validReview()) }]);
    const wrapper = join(scratch, 'codex-without-namespaces');
    await writeFile(
      wrapper,
      `#!/bin/sh\nexec unshare -U -r sh -c 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$0" "$@"' ${JSON.stringify(CODEX_BIN)} "$@"\n`,
      { mode: 0o755 },
    );
    const error = await failure(createCodexReviewer({ ...options, binary: wrapper }).review(reviewRequest()));

    expect(error.kind).toBe('sandbox');
    expect(error.message).toMatch(/^Codex's read-only sandbox could not start: bwrap: /);
    expect(error.hint).toContain('unprivileged user namespaces');
  });
});
