// The local orchestrator across runs, with the real codex and claude against scripted model servers: a run
// escalated after its one iteration (a revise verdict with no iteration left) is listed by `codex-cto runs` and taken up again by `codex-cto continue`, which
// resumes the same Claude Code session with a person's guidance, then merges and cleans up; a run
// interrupted with Ctrl-C keeps its worktree and can be continued.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codexConfigOverrides, makeAgentHome, removeDir } from '../support/agent-home.js';
import { startAnthropicServer, type CapturedAnthropicRequest } from '../support/anthropic-server.js';
import { CLI, cli, cliEnv, git, sampleRepo } from '../support/local-cli.js';
import { startOpenAIServer, type CapturedOpenAIRequest } from '../support/openai-server.js';
import { APPROVE, CLAUDE_SCRIPT, codexScript, OBJECTIVE } from '../support/scenario.js';
import type { ScriptedServer } from '../support/sse.js';

const GUIDANCE = 'Keep the default greeting exactly as it is';

/** The run id the CLI printed in its summary JSON. */
function runIdOf(stdout: string): string {
  return (JSON.parse(stdout) as { id: string }).id;
}

async function savedPhase(repo: string, id: string): Promise<string> {
  return (JSON.parse(await readFile(join(repo, '.codex-cto', id, 'run.json'), 'utf8')) as { loop: { phase: string } }).loop.phase;
}

describe('codex-cto runs and continue: an escalated run resumed with guidance, then merged and cleaned up', () => {
  let home: string;
  let repo: string;
  let openai: ScriptedServer<CapturedOpenAIRequest>;
  let anthropic: ScriptedServer<CapturedAnthropicRequest>;
  let codexConfig: string[];
  let first: Awaited<ReturnType<typeof cli>>;
  let id: string;

  beforeAll(async () => {
    home = await makeAgentHome();
    repo = await sampleRepo(home);
    // The guidance of `continue` is feedback item H1: the approval judges it, as the schema asks.
    const judged = { ...APPROVE, requirements: [...APPROVE.requirements, { requirement: 'The guidance', feedback_id: 'H1', status: 'met', note: 'Followed.' }] };
    openai = await startOpenAIServer(codexScript({ review2: [{ message: JSON.stringify(judged) }] }));
    anthropic = await startAnthropicServer(CLAUDE_SCRIPT);
    codexConfig = codexConfigOverrides(openai.url, 'OPENAI_API_KEY').flatMap((line) => ['-c', line]);
    first = await cli(['run', OBJECTIVE, '--max-iterations', '1', '--max-turns', '10', '--merge', ...codexConfig], repo, cliEnv(home, anthropic.url));
    id = runIdOf(first.stdout);
  }, 600_000);

  afterAll(async () => {
    await openai?.close();
    await anthropic?.close();
    await removeDir(home);
  });

  it('pauses escalated after its one revised iteration, keeps the worktree and says how to resume', async () => {
    expect(first.exitCode, first.stderr).toBe(2);
    expect(JSON.parse(first.stdout)).toMatchObject({ phase: 'escalated', iterations: 1 });
    expect(first.stderr).toContain(`resume with: codex-cto continue ${id}`);
    expect(existsSync(JSON.parse(first.stdout).worktree)).toBe(true);
    expect(await savedPhase(repo, id)).toBe('escalated');
  });

  it('lists the run with its state, iterations, cost and objective', async () => {
    const listed = await cli(['runs'], repo, cliEnv(home, anthropic.url));
    expect(listed.exitCode, listed.stderr).toBe(0);
    const [header, row] = listed.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+STATE\s+ITERATIONS\s+COST\s+OBJECTIVE$/);
    expect(row).toMatch(new RegExp(`^${id}\\s+escalated\\s+1\\s+(<\\$0\\.01|\\$\\d+\\.\\d\\d)\\s+Add a \`shout\` option`));
  });

  it('continues in the same Claude session with the guidance, ends approved, merges and cleans up', async () => {
    const before = anthropic.requests.length;
    const resumed = await cli(['continue', id, GUIDANCE, ...codexConfig], repo, cliEnv(home, anthropic.url));
    expect(resumed.exitCode, `${resumed.stderr}\n${resumed.stdout}`).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ id, phase: 'approved', iterations: 2 });
    // The resumed session carries the earlier turns; the guidance reached Claude and the reviewer.
    const resumedTurn = anthropic.requests.slice(before)[0];
    expect(resumedTurn?.index).toBe(3);
    expect(JSON.stringify(resumedTurn?.body.messages)).toContain('T1 done');
    expect(JSON.stringify(resumedTurn?.body.messages)).toContain(GUIDANCE);
    expect(JSON.stringify(openai.requests.at(-1)?.body.input)).toContain(GUIDANCE);
    // Merged into main and cleaned up.
    expect(await readFile(join(repo, 'test/greet.test.js'), 'utf8')).toContain('does not shout when shout is false');
    expect(resumed.stderr).toMatch(/merged codex-cto\/\S+ into main \(merge, now at [0-9a-f]{12}\)/);
    expect(existsSync(JSON.parse(resumed.stdout).worktree)).toBe(false);
    expect((await git(home, repo, ['branch', '--list', 'codex-cto/*'])).trim()).toBe('');
    expect(await savedPhase(repo, id)).toBe('approved');
  }, 300_000);

  it('refuses to continue an approved run, saying why', async () => {
    const again = await cli(['continue', id, ...codexConfig], repo, cliEnv(home, anthropic.url));
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain(`Run ${id} cannot continue: the loop is approved`);
    const unknown = await cli(['continue', 'no-such-run'], repo, cliEnv(home, anthropic.url));
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('There is no run no-such-run in this repository');
  });
});

describe('codex-cto run interrupted with Ctrl-C', () => {
  let home: string;
  let repo: string;
  let openai: ScriptedServer<CapturedOpenAIRequest>;
  let anthropic: ScriptedServer<CapturedAnthropicRequest>;
  let codexConfig: string[];
  let interrupted: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    home = await makeAgentHome();
    repo = await sampleRepo(home);
    openai = await startOpenAIServer(codexScript());
    let ctrlC: () => void = () => undefined;
    // Ctrl-C arrives while Claude Code works on the first iteration.
    anthropic = await startAnthropicServer(({ index }) => {
      if (index === 0) ctrlC();
      return CLAUDE_SCRIPT[index] ?? { text: 'nothing more' };
    });
    codexConfig = codexConfigOverrides(openai.url, 'OPENAI_API_KEY').flatMap((line) => ['-c', line]);
    const child = spawn(process.execPath, [CLI, 'run', OBJECTIVE, '--max-turns', '10', ...codexConfig], { cwd: repo, env: cliEnv(home, anthropic.url), stdio: ['ignore', 'pipe', 'pipe'] });
    ctrlC = () => child.kill('SIGINT');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    interrupted = { code, stdout, stderr };
  }, 600_000);

  afterAll(async () => {
    await openai?.close();
    await anthropic?.close();
    await removeDir(home);
  });

  it('finishes the current step, stops before the next iteration, keeps the worktree and says how to resume', async () => {
    expect(interrupted.code, interrupted.stderr).toBe(2);
    expect(interrupted.stderr).toContain('stopping after the current step');
    const summary = JSON.parse(interrupted.stdout) as { id: string; phase: string; reason: string; iterations: number; worktree: string };
    expect(summary).toMatchObject({ phase: 'stopped', reason: 'interrupted (Ctrl-C)', iterations: 1 });
    expect(interrupted.stderr).toContain(`resume with: codex-cto continue ${summary.id}`);
    expect(existsSync(summary.worktree)).toBe(true);
    expect(await savedPhase(repo, summary.id)).toBe('stopped');
  });

  it('is continued to approval from where it stopped', async () => {
    const { id } = JSON.parse(interrupted.stdout) as { id: string };
    const resumed = await cli(['continue', id, ...codexConfig], repo, cliEnv(home, anthropic.url));
    expect(resumed.exitCode, `${resumed.stderr}\n${resumed.stdout}`).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ phase: 'approved', iterations: 2 });
    expect(resumed.stderr).toContain('approved: the branch');
  }, 300_000);
});
