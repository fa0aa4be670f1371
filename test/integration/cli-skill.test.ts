// The Claude Code skill end to end: `codex-cto skill install` writes it into a repository, the real
// `claude` offers it to the model and loads it for `/codex-cto <objective>`, and a scripted session that
// follows it (codex-cto plan --json through Claude's Bash, files written, the verification run, commits,
// codex-cto review --json) goes through revise -> approve with the real `codex` planning and reviewing
// against the scripted OpenAI server, leaving the run's numbered artifacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../../src/workspace/process.js';
import { startAnthropicServer, type CapturedAnthropicRequest, type ClaudeTurn } from '../support/anthropic-server.js';
import { startOpenAIServer, type CapturedOpenAIRequest } from '../support/openai-server.js';
import type { ScriptedServer } from '../support/sse.js';
import { agentPath, CLAUDE_BIN, claudeEnv, codexConfigOverrides, FAKE_OPENAI_KEY, gitEnv, makeAgentHome, removeDir } from '../support/agent-home.js';
import { APPROVE, codexScript, GREET_WITH_SHOUT, OBJECTIVE, PLAN, REVISE, TESTS_FIRST, TESTS_FIXED } from '../support/scenario.js';
import { cliCall, commitAll, git, sampleRepo } from '../support/cli-world.js';

const BIN = fileURLToPath(new URL('../../bin/codex-cto.js', import.meta.url));
const RUN_LINE = /codex-cto: run (\d{8}T\d{6}-[0-9a-f]{6})/;

const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Claude's side of the session, as the skill tells it: plan, branch, implement, verify, commit, review;
 * on revise fix, verify, commit, review again; report. The run id comes from the plan's stderr.
 */
function sessionScript(codexFlags: string): (ctx: { index: number; body: unknown }) => ClaudeTurn {
  const review = (id: string, results: string): ClaudeTurn => ({
    tools: [{ name: 'Bash', input: { command: `codex-cto review --json --run ${id} --plan .codex-cto/${id}/plan-001.json --max-iterations 5 ${codexFlags} ${quote(`${OBJECTIVE}. Results: ${results}`)}` } }],
  });
  return ({ index, body }) => {
    const id = RUN_LINE.exec(JSON.stringify((body as { messages?: unknown }).messages))?.[1] ?? 'no-run-id-seen';
    const turns: ClaudeTurn[] = [
      { tools: [{ name: 'Bash', input: { command: `codex-cto plan --json ${codexFlags} ${quote(OBJECTIVE)}` } }], text: 'Asking the CTO for a plan.' },
      {
        tools: [
          { name: 'Bash', input: { command: `git switch -c codex-cto/${id}` } },
          { name: 'Write', input: { file_path: '{{cwd}}/src/greet.js', content: GREET_WITH_SHOUT } },
          { name: 'Write', input: { file_path: '{{cwd}}/test/greet.test.js', content: TESTS_FIRST } },
        ],
      },
      { tools: [{ name: 'Bash', input: { command: 'npm test --silent' } }] },
      { tools: [{ name: 'Bash', input: { command: 'git add -A && git commit -q -m "codex-cto: shout option (iteration 1)"' } }] },
      review(id, 'T1 done (greet accepts { shout }); T2 done (a test for shout: true); npm test --silent exited 0.'),
      { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/test/greet.test.js', content: TESTS_FIXED } }], text: 'The CTO asks for a shout: false test.' },
      { tools: [{ name: 'Bash', input: { command: 'npm test --silent && git add -A && git commit -q -m "codex-cto: shout option (iteration 2)"' } }] },
      review(id, 'Added the shout: false test the review asked for (F1.1); npm test --silent exited 0.'),
      { text: `Approved by the CTO. The work is on the branch codex-cto/${id}.` },
    ];
    return turns[index] ?? { status: 500, error: `no turn ${index}` };
  };
}

describe('the /codex-cto skill in the real Claude Code, with the real Codex', () => {
  let home: string;
  let repo: string;
  let openai: ScriptedServer<CapturedOpenAIRequest>;
  let anthropic: ScriptedServer<CapturedAnthropicRequest>;
  let claude: Awaited<ReturnType<typeof runProcess>>;
  let runId: string;

  beforeAll(async () => {
    home = await makeAgentHome();
    repo = await sampleRepo(home);
    const install = await cliCall(['skill', 'install'], repo, gitEnv(home));
    expect(install.exitCode, install.stderr).toBe(0);
    await commitAll(repo, home, 'Add the codex-cto skill');
    // `codex-cto` on the PATH of Claude's Bash, as a global install puts it.
    const bin = join(home, 'bin');
    await mkdir(bin);
    await symlink(BIN, join(bin, 'codex-cto'));
    openai = await startOpenAIServer(codexScript());
    const codexFlags = codexConfigOverrides(openai.url, 'OPENAI_API_KEY').map((line) => `-c ${quote(line)}`).join(' ');
    anthropic = await startAnthropicServer(sessionScript(codexFlags));
    const env = { ...claudeEnv(anthropic.url, home), PATH: `${bin}:${agentPath()}`, OPENAI_API_KEY: FAKE_OPENAI_KEY, CODEX_HOME: join(home, '.codex') };
    const args = ['-p', `/codex-cto ${OBJECTIVE}`, '--output-format', 'json', '--permission-mode', 'acceptEdits', '--allowedTools', 'Bash,Write,Edit,Read', '--max-turns', '20'];
    claude = await runProcess(CLAUDE_BIN, args, { cwd: repo, env, timeoutMs: 300_000 });
    runId = RUN_LINE.exec(JSON.stringify(anthropic.requests.map((r) => r.body.messages)))?.[1] ?? '';
  }, 360_000);

  afterAll(async () => {
    await openai?.close();
    await anthropic?.close();
    await removeDir(home);
  });

  it('offers the installed skill to the model and loads it for /codex-cto with the objective', () => {
    expect(claude.exitCode, `${claude.stderr}\n${claude.stdout}`).toBe(0);
    const first = JSON.stringify(anthropic.requests[0]?.body);
    expect(first).toContain('- codex-cto: Codex as CTO directs you through a bounded plan, implement, verify, review loop.');
    expect(first).toContain('# codex-cto: Codex plans and reviews, you build');
    expect(first).toContain(`The request: ${OBJECTIVE}`);
  });

  it('completes the loop: the plan, a revise, the fix, an approval, and Claude reports it', () => {
    const result = JSON.parse(claude.stdout) as { is_error: boolean; result: string; num_turns: number };
    expect(result.is_error).toBe(false);
    expect(result.result).toContain('Approved by the CTO');
    expect(runId).not.toBe('');
    const toolResults = anthropic.requests.map((r) => JSON.stringify(r.body.messages.at(-1)));
    // Claude saw the plan's JSON, then a revise (exit code 2), then an approval.
    expect(toolResults[1]).toContain(PLAN.tasks[0]!.title);
    expect(toolResults[5]).toContain('\\"verdict\\": \\"revise\\"');
    expect(toolResults[5]).toMatch(/[Ee]xit code 2/);
    expect(toolResults[8]).toContain('\\"verdict\\": \\"approve\\"');
  });

  it('keeps the numbered artifacts of the run', async () => {
    const dir = join(repo, '.codex-cto', runId);
    expect((await readdir(dir)).sort()).toEqual(['base.json', 'plan-001.json', 'review-001.json', 'review-002.json']);
    expect(JSON.parse(await readFile(join(dir, 'plan-001.json'), 'utf8'))).toEqual(PLAN);
    expect(JSON.parse(await readFile(join(dir, 'review-001.json'), 'utf8')).verdict).toBe(REVISE.verdict);
    expect(JSON.parse(await readFile(join(dir, 'review-002.json'), 'utf8')).verdict).toBe(APPROVE.verdict);
  });

  it('reviews the whole run: the second review is iteration 2, remembers finding F1.1, and diffs from the plan commit', () => {
    const reviews = openai.requests.filter((r) => JSON.stringify(r.body.input).includes('review iteration'));
    const second = JSON.stringify(reviews.at(-1)?.body.input);
    expect(second).toContain('review iteration 2');
    expect(second).toContain('F1.1');
    expect(second).toContain('shout: false is not tested');
    // Codex got the persona and the strict schema for both phases, and never the key (the proxy holds it).
    for (const request of openai.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${FAKE_OPENAI_KEY}`);
      expect(JSON.stringify(request.body)).not.toContain(FAKE_OPENAI_KEY);
    }
    for (const request of [openai.requests[0], reviews.at(-1)]) {
      expect(JSON.stringify(request?.body.input)).toContain('You are the CTO of this repository');
      expect(request?.body.text?.format?.strict).toBe(true);
    }
  });

  it('leaves the work on the run branch, two commits past main, main untouched', async () => {
    const env = gitEnv(home);
    const log = await runProcess('git', ['log', '--format=%s', `main..codex-cto/${runId}`], { cwd: repo, env, timeoutMs: 30_000 });
    expect(log.stdout.trim().split('\n')).toEqual(['codex-cto: shout option (iteration 2)', 'codex-cto: shout option (iteration 1)']);
    expect(await readFile(join(repo, 'test/greet.test.js'), 'utf8')).toBe(TESTS_FIXED);
    const main = await runProcess('git', ['show', 'main:src/greet.js'], { cwd: repo, env, timeoutMs: 30_000 });
    expect(main.stdout).not.toContain('shout');
  });
});

describe('the skill pre-approves codex-cto only, and --dry-run shows the plan command', () => {
  let home: string;
  let repo: string;
  let anthropic: ScriptedServer<CapturedAnthropicRequest>;
  let result: { permission_denials: { tool_name: string; tool_input: { command?: string } }[]; is_error: boolean };

  beforeAll(async () => {
    home = await makeAgentHome();
    repo = await sampleRepo(home);
    expect((await cliCall(['skill', 'install'], repo, gitEnv(home))).exitCode).toBe(0);
    const bin = join(home, 'bin');
    await mkdir(bin);
    await symlink(BIN, join(bin, 'codex-cto'));
    // Claude runs codex-cto (allowed by the skill's allowed-tools), then a command the skill does not allow.
    anthropic = await startAnthropicServer([
      { tools: [{ name: 'Bash', input: { command: `codex-cto plan --dry-run ${quote(OBJECTIVE)}` } }] },
      { tools: [{ name: 'Bash', input: { command: 'touch not-allowed.txt' } }] },
      { text: 'That is the command the plan would run.' },
    ]);
    const env = { ...claudeEnv(anthropic.url, home), PATH: `${bin}:${agentPath()}` };
    const run = await runProcess(CLAUDE_BIN, ['-p', `/codex-cto --dry-run ${OBJECTIVE}`, '--output-format', 'json'], { cwd: repo, env, timeoutMs: 120_000 });
    expect(run.exitCode, run.stderr).toBe(0);
    result = JSON.parse(run.stdout) as typeof result;
  }, 180_000);

  afterAll(async () => {
    await anthropic?.close();
    await removeDir(home);
  });

  it('runs codex-cto without asking, and prints the read-only Codex command', () => {
    const shown = JSON.stringify(anthropic.requests[1]?.body.messages.at(-1));
    expect(shown).toContain('exec --json --skip-git-repo-check');
    expect(shown).toContain('--sandbox read-only');
    expect(result.permission_denials.map((d) => d.tool_input.command)).toEqual(['touch not-allowed.txt']);
  });
});

describe('codex-cto skill install|uninstall and the limits of a run, from the command line', () => {
  let home: string;
  let repo: string;

  beforeAll(async () => {
    home = await makeAgentHome();
    repo = await sampleRepo(home);
  });

  afterAll(async () => {
    await removeDir(home);
  });

  it('installs into the repository, status names it, and uninstall leaves the repository as it was', async () => {
    const env = gitEnv(home);
    const install = await cliCall(['skill', 'install'], repo, env);
    expect(install.exitCode, install.stderr).toBe(0);
    expect(install.stdout).toContain(`installed the skill /codex-cto in ${join(repo, '.claude/skills/codex-cto')} (SKILL.md, reference.md)`);
    const status = await cliCall(['status'], repo, env);
    expect(status.stdout).toContain(`skill: project ${join(repo, '.claude/skills/codex-cto')}`);
    const uninstall = await cliCall(['skill', 'uninstall'], repo, env);
    expect(uninstall.exitCode, uninstall.stderr).toBe(0);
    expect(await git(repo, home, ['status', '--porcelain', '--ignored'])).toBe('');
  });

  it('review refuses a review past --max-iterations of a run, and a run that does not exist, before calling Codex', async () => {
    const env = { ...gitEnv(home), OPENAI_API_KEY: FAKE_OPENAI_KEY };
    const dir = join(repo, '.codex-cto', '20261206T090000-abcdef');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'plan-001.json'), JSON.stringify(PLAN));
    await writeFile(join(dir, 'review-001.json'), JSON.stringify(REVISE));
    const capped = await cliCall(['review', '--json', '--run', '20261206T090000-abcdef', '--max-iterations', '1', 'Done.'], repo, env);
    expect(capped.exitCode).toBe(1);
    expect(capped.stdout).toBe('');
    expect(capped.stderr).toContain('Run 20261206T090000-abcdef has had 1 review, the most --max-iterations 1 allows.');
    expect((await readdir(dir)).sort()).toEqual(['plan-001.json', 'review-001.json']);
    const unknown = await cliCall(['review', '--json', '--run', '20261206T090000-000000', 'Done.'], repo, env);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('There is no run "20261206T090000-000000"');
  });

  it('installs for the user in the Claude Code folder, and refuses to remove a file changed since', async () => {
    const env = { ...gitEnv(home), CLAUDE_CONFIG_DIR: join(home, '.claude') };
    expect((await cliCall(['skill', 'install', '--user'], repo, env)).exitCode).toBe(0);
    const skillMd = join(home, '.claude/skills/codex-cto/SKILL.md');
    await writeFile(skillMd, 'my own notes\n');
    const refused = await cliCall(['skill', 'uninstall', '--user'], repo, env);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('SKILL.md changed since codex-cto wrote it; nothing was removed');
    expect(await readFile(skillMd, 'utf8')).toBe('my own notes\n');
  });
});
