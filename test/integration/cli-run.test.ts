// `codex-cto run` end to end: the bundled CLI drives the real codex and claude binaries against scripted
// model servers, in a temporary git repository, through plan -> implement -> revise -> resumed fix ->
// approve, and leaves an approved branch (merged with --merge).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from '../../src/workspace/process.js';
import { startAnthropicServer, type CapturedAnthropicRequest } from '../support/anthropic-server.js';
import { startOpenAIServer, type CapturedOpenAIRequest } from '../support/openai-server.js';
import type { ScriptedServer } from '../support/sse.js';
import { codexConfigOverrides, FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY, gitEnv, makeAgentHome, removeDir } from '../support/agent-home.js';
import { cli, cliEnv, sampleRepo } from '../support/local-cli.js';
import { APPROVE, CLAUDE_SCRIPT, codexScript, OBJECTIVE, PLAN } from '../support/scenario.js';

/** The text of every file under the folders (sessions, transcripts, artifacts), for a search for secrets. */
async function everyFileUnder(dirs: readonly string[]): Promise<string> {
  let text = '';
  for (const dir of dirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile()) text += await readFile(join(entry.parentPath, entry.name), 'utf8').catch(() => '');
    }
  }
  return text;
}

describe('codex-cto run with the real CLIs', () => {
  let home: string;
  let repo: string;
  let openai: ScriptedServer<CapturedOpenAIRequest>;
  let anthropic: ScriptedServer<CapturedAnthropicRequest>;
  let result: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    home = await makeAgentHome();
    repo = await sampleRepo(home);
    openai = await startOpenAIServer(codexScript());
    anthropic = await startAnthropicServer(CLAUDE_SCRIPT);
    const codexConfig = codexConfigOverrides(openai.url, 'OPENAI_API_KEY').flatMap((line) => ['-c', line]);
    await mkdir(join(home, 'tmp'));
    const env = { ...cliEnv(home, anthropic.url), TMPDIR: join(home, 'tmp') };
    result = await cli(['run', OBJECTIVE, '--max-iterations', '4', '--max-turns', '10', '--merge', ...codexConfig], repo, env);
  }, 300_000);

  afterAll(async () => {
    await openai?.close();
    await anthropic?.close();
    await removeDir(home);
  });

  it('ends approved after a revision, and merges the branch with --merge', async () => {
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    const summary = JSON.parse(result.stdout) as { phase: string; iterations: number; branch: string; total_cost_usd: number; codex_tokens: number };
    expect(summary.phase).toBe('approved');
    expect(summary.iterations).toBe(2);
    expect(summary.total_cost_usd).toBeGreaterThan(0);
    expect(summary.codex_tokens).toBeGreaterThan(0);
    expect(result.stderr).toContain('reviewing');
    // Merged into main: the resumed session's fix is there.
    const test = await readFile(join(repo, 'test/greet.test.js'), 'utf8');
    expect(test).toContain('does not shout when shout is false');
    const log = await runProcess('git', ['log', '--format=%s', 'main'], { cwd: repo, env: gitEnv(home), timeoutMs: 30_000 });
    expect(log.stdout).toContain('codex-cto iteration 1');
    expect(log.stdout).toContain('codex-cto iteration 2');
  });

  it('leaves no folder of its own in the temp directory (scratch files, shell wrapper, review checkout)', async () => {
    const left = (await readdir(join(home, 'tmp'))).filter((name) => name.startsWith('codex-cto'));
    expect(left).toEqual([]);
  });

  it('sends Codex the persona and the strict plan schema', () => {
    const plan = openai.requests.find((r) => JSON.stringify(r.body.input).includes('Your task now: plan'));
    expect(plan).toBeDefined();
    expect(JSON.stringify(plan?.body.input)).toContain('You are the CTO of this repository');
    expect(plan?.body.text?.format?.strict).toBe(true);
    expect(plan?.body.text?.format?.schema?.required).toContain('tasks');
  });

  it('lets the reviewer run a read-only command, and the review prompt carries the diff stat, not the diff', () => {
    const review = openai.requests.filter((r) => JSON.stringify(r.body.input).includes('review iteration 1'));
    const outputs = JSON.stringify(review.map((r) => r.body.input));
    expect(outputs).toContain('function_call_output');
    expect(outputs).toContain('greet.js');
    expect(outputs).not.toContain('toUpperCase');
  });

  it('resumes the same Claude session for the fix, with the reviewer feedback', () => {
    const last = anthropic.requests[anthropic.requests.length - 1];
    const text = JSON.stringify(last?.body.messages);
    expect(text).toContain('shout: false');
    expect(text).toContain('T1 done');
  });

  it('keeps the keys in its loopback proxy: no agent request, session file or transcript holds one', async () => {
    // The model servers get the real keys, from the proxy...
    for (const request of anthropic.requests) expect(request.headers['x-api-key']).toBe(FAKE_ANTHROPIC_KEY);
    for (const request of openai.requests) expect(request.headers.authorization).toBe(`Bearer ${FAKE_OPENAI_KEY}`);
    // ...while what the CLIs sent, and every file they keep (sessions, rollouts, logs), holds neither key.
    const strip = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'authorization' && name !== 'x-api-key'));
    const sent = JSON.stringify([...anthropic.requests, ...openai.requests].map((r) => ({ headers: strip(r.headers), body: r.body })));
    const kept = await everyFileUnder([join(home, '.claude'), join(home, '.codex'), join(repo, '.codex-cto')]);
    for (const key of [FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY]) {
      expect(sent.includes(key)).toBe(false);
      expect(kept.includes(key)).toBe(false);
    }
    expect(kept.length).toBeGreaterThan(0);
  });

  it('keeps artifacts out of git', async () => {
    const runs = await readdir(join(repo, '.codex-cto'));
    const run = runs.find((name) => name !== 'worktrees');
    expect(run).toBeDefined();
    const files = await readdir(join(repo, '.codex-cto', run as string));
    expect(files.sort()).toEqual(['claude-001.json', 'claude-002.json', 'plan-001.json', 'review-001.json', 'review-002.json', 'run.json', 'verification-001.json', 'verification-002.json']);
    const status = await runProcess('git', ['status', '--porcelain'], { cwd: repo, env: gitEnv(home), timeoutMs: 30_000 });
    expect(status.stdout).toBe('');
  });
});

describe('codex-cto errors', () => {
  it('refuses to run outside a git repository, naming the problem', async () => {
    const home = await makeAgentHome();
    try {
      const run = await cli(['run', 'anything'], home, cliEnv(home, 'http://127.0.0.1:9'));
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('is not inside a git repository');
    } finally {
      await removeDir(home);
    }
  });

  it('reports a missing key before calling anything', async () => {
    const home = await makeAgentHome();
    try {
      const repo = await sampleRepo(home);
      const env = cliEnv(home, 'http://127.0.0.1:9');
      delete (env as Record<string, string | undefined>).OPENAI_API_KEY;
      const run = await cli(['plan', 'anything'], repo, env);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('OPENAI_API_KEY is not set');
    } finally {
      await removeDir(home);
    }
  });

  it('prints the exact commands with --dry-run and runs none', async () => {
    const home = await makeAgentHome();
    try {
      const repo = await sampleRepo(home);
      const run = await cli(['run', OBJECTIVE, '--dry-run'], repo, cliEnv(home, 'http://127.0.0.1:9'));
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toContain('exec --json --skip-git-repo-check');
      expect(run.stdout).toContain('--sandbox read-only');
      expect(run.stdout).toContain('--permission-mode acceptEdits');
      const branches = await runProcess('git', ['branch', '--list'], { cwd: repo, env: gitEnv(home), timeoutMs: 30_000 });
      expect(branches.stdout.trim()).toBe('* main');
    } finally {
      await removeDir(home);
    }
  });
});

describe('codex-cto plan, review and status', () => {
  let home: string;
  let repo: string;
  let openai: ScriptedServer<CapturedOpenAIRequest>;
  let codexConfig: string[];

  beforeAll(async () => {
    home = await makeAgentHome();
    repo = await sampleRepo(home);
    openai = await startOpenAIServer(codexScript({ review1: [{ message: JSON.stringify({ ...APPROVE, task_reviews: [] }) }] }));
    codexConfig = codexConfigOverrides(openai.url, 'OPENAI_API_KEY').flatMap((line) => ['-c', line]);
  }, 60_000);

  afterAll(async () => {
    await openai?.close();
    await removeDir(home);
  });

  it('plan --json prints only the validated plan JSON, names the run on stderr and keeps the plan as an artifact', async () => {
    const run = await cli(['plan', '--json', OBJECTIVE, ...codexConfig], repo, cliEnv(home, 'http://127.0.0.1:9'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(PLAN);
    expect(run.stderr.split('\n')[0]).toMatch(/^codex-cto: run \d{8}T\d{6}-[0-9a-f]{6}$/);
    expect(run.stderr).toMatch(/plan saved to .*plan-001\.json/);
  });

  it('plan without --json prints the plan for a person, and --run numbers the next plan of that run', async () => {
    const first = await cli(['plan', '--json', OBJECTIVE, ...codexConfig], repo, cliEnv(home, 'http://127.0.0.1:9'));
    const id = /codex-cto: run (\S+)/.exec(first.stderr)?.[1] as string;
    const again = await cli(['plan', '--run', id, OBJECTIVE, ...codexConfig], repo, cliEnv(home, 'http://127.0.0.1:9'));
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Plan: ${OBJECTIVE}`);
    expect(again.stdout).toContain('  T2 Test the shout option [modify_file test/greet.test.js] (after T1)');
    expect(again.stderr).toContain(`${id}/plan-002.json`);
    const unknown = await cli(['plan', '--run', 'no-such-run', OBJECTIVE, ...codexConfig], repo, cliEnv(home, 'http://127.0.0.1:9'));
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('There is no run "no-such-run"');
  });

  it('review prints the verdict JSON of HEAD against its parent', async () => {
    const env = gitEnv(home);
    await writeFile(join(repo, 'src/extra.js'), 'export const extra = 1;\n');
    for (const args of [['add', '-A'], ['commit', '-q', '-m', 'Add extra']]) await runProcess('git', args, { cwd: repo, env, timeoutMs: 30_000 });
    const run = await cli(['review', '--json', 'Added extra. Tests pass.', ...codexConfig], repo, cliEnv(home, 'http://127.0.0.1:9'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).verdict).toBe('approve');
    const prompt = JSON.stringify(openai.requests.at(-1)?.body.input);
    expect(prompt).toContain('review iteration 1');
  });

  it("reads the repository's config file (or the one --config names): config prints where each setting came from, plan uses it", async () => {
    await mkdir(join(repo, '.github'), { recursive: true });
    await writeFile(join(repo, '.github/codex-cto.yml'), 'plan:\n  model: gpt-6-luna\n  instructions: Keep every plan to two tasks.\nloop:\n  max-iterations: 4\n');
    const shown = await cli(['config', '--max-turns', '9'], repo, cliEnv(home, 'http://127.0.0.1:9'));
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^plan model\s+gpt-6-luna\s+\.github\/codex-cto\.yml line 2 \(`plan\.model`\)$/m);
    expect(shown.stdout).toMatch(/^max iterations\s+4\s+\.github\/codex-cto\.yml line 5 \(`loop\.max-iterations`\)$/m);
    expect(shown.stdout).toMatch(/^max turns\s+9\s+--max-turns$/m);
    expect(shown.stdout).toMatch(/^timeout minutes\s+30\s+default$/m);

    const planned = await cli(['plan', OBJECTIVE, ...codexConfig], repo, cliEnv(home, 'http://127.0.0.1:9'));
    expect(planned.exitCode, planned.stderr).toBe(0);
    const request = openai.requests.at(-1)?.body;
    expect(request?.model).toBe('gpt-6-luna');
    expect(JSON.stringify(request?.input)).toContain('Keep every plan to two tasks.');

    await writeFile(join(home, 'other.yml'), 'plan:\n  model: [not, a, name]\n');
    const refused = await cli(['plan', OBJECTIVE, '--config', join(home, 'other.yml'), ...codexConfig], repo, cliEnv(home, 'http://127.0.0.1:9'));
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('other.yml` line 2, key `plan.model`: expected a string, got a list');
    await removeDir(join(repo, '.github'));
  });

  it('status names both CLIs with their versions and says which keys are missing, never printing a key', async () => {
    const withKeys = await cli(['status'], repo, cliEnv(home, 'http://127.0.0.1:9'));
    expect(withKeys.exitCode, withKeys.stderr).toBe(0);
    expect(withKeys.stdout).toMatch(/^codex: .*codex-cli \d+\.\d+\.\d+/m);
    expect(withKeys.stdout).toMatch(/^claude: .*Claude Code/m);
    expect(withKeys.stdout).toMatch(/^codex key: ok \(OPENAI_API_KEY is set\)/m);
    expect(withKeys.stdout).toMatch(/^codex sandbox: ok/m);
    expect(withKeys.stdout).toMatch(/^skill: not installed/m);
    expect(withKeys.stdout).not.toContain(FAKE_OPENAI_KEY);
    expect(withKeys.stdout).not.toContain(FAKE_ANTHROPIC_KEY);
    const env = cliEnv(home, 'http://127.0.0.1:9') as Record<string, string | undefined>;
    delete env.ANTHROPIC_API_KEY;
    const without = await cli(['status'], repo, env as Record<string, string>);
    expect(without.exitCode).toBe(1);
    expect(without.stdout).toMatch(/^claude key: missing/m);
  });
});

describe('codex-cto run keeps your keys in its proxy, even from an agent that prints its own environment', () => {
  let home: string;
  let repo: string;
  let openai: ScriptedServer<CapturedOpenAIRequest>;
  let anthropic: ScriptedServer<CapturedAnthropicRequest>;
  let result: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    home = await makeAgentHome();
    repo = await sampleRepo(home);
    openai = await startOpenAIServer(codexScript({ review1: [{ exec: { cmd: 'tr "\\0" "\\n" < /proc/$PPID/environ' } }, { message: JSON.stringify(APPROVE) }] }));
    // Claude's Bash prints Claude Code's own environment (its parent's), where a key would sit.
    anthropic = await startAnthropicServer([
      { tools: [{ name: 'Bash', input: { command: 'tr "\\0" "\\n" < /proc/$PPID/environ' } }] },
      { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/NOTES.md', content: 'notes\n' } }] },
      { text: 'Done.' },
    ]);
    const codexConfig = codexConfigOverrides(openai.url, 'OPENAI_API_KEY').flatMap((line) => ['-c', line]);
    result = await cli(['run', OBJECTIVE, '--max-iterations', '1', '--max-turns', '10', ...codexConfig], repo, cliEnv(home, anthropic.url));
  }, 300_000);

  afterAll(async () => {
    await openai?.close();
    await anthropic?.close();
    await removeDir(home);
  });

  it('shows the agents a placeholder, never the key', () => {
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    const claudeSaw = JSON.stringify(anthropic.requests.map((r) => r.body.messages));
    expect(claudeSaw).toMatch(/ANTHROPIC_API_KEY=cto-proxy-anthropic-[0-9a-f]+/);
    expect(claudeSaw).not.toContain(FAKE_ANTHROPIC_KEY);
    const codexSaw = JSON.stringify(openai.requests.map((r) => r.body.input));
    expect(codexSaw).toContain('function_call_output');
    expect(codexSaw).not.toContain(FAKE_OPENAI_KEY);
  });
});
