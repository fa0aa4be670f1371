// After an approval, `codex-cto run --merge` merges into the target branch as the dirty-main policy says
// about the user's uncommitted changes there (abort, commit, stash), in each merge style, and removes or
// keeps the worktree and branch. The real codex and claude run against scripted model servers.
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codexConfigOverrides, makeAgentHome, removeDir } from '../support/agent-home.js';
import { startAnthropicServer, type CapturedAnthropicRequest } from '../support/anthropic-server.js';
import { cli, cliEnv, git, sampleRepo } from '../support/local-cli.js';
import { startOpenAIServer, type CapturedOpenAIRequest } from '../support/openai-server.js';
import { APPROVE, codexScript, GREET_WITH_SHOUT, OBJECTIVE } from '../support/scenario.js';
import type { ScriptedServer } from '../support/sse.js';

const MY_NOTE = '\nA line I am still writing.\n';

describe('codex-cto run --merge with uncommitted changes on the target', () => {
  let home: string;
  let openai: ScriptedServer<CapturedOpenAIRequest>;
  let anthropic: ScriptedServer<CapturedAnthropicRequest>;
  let codexConfig: string[];

  /** A repository whose README has uncommitted changes, and an approved run in it with `flags`. */
  async function approvedRun(name: string, flags: string[]) {
    const repo = await sampleRepo(home, name);
    await appendFile(join(repo, 'README.md'), MY_NOTE);
    const initial = (await git(home, repo, ['rev-parse', 'HEAD'])).trim();
    const result = await cli(['run', OBJECTIVE, '--max-iterations', '1', '--max-turns', '10', '--merge', ...flags, ...codexConfig], repo, cliEnv(home, anthropic.url));
    const summary = JSON.parse(result.stdout) as { phase: string; branch: string; worktree: string };
    return { repo, initial, result, summary };
  }

  beforeAll(async () => {
    home = await makeAgentHome();
    openai = await startOpenAIServer(codexScript({ review1: [{ message: JSON.stringify({ ...APPROVE, previous_findings: [] }) }] }));
    anthropic = await startAnthropicServer([
      { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/src/greet.js', content: GREET_WITH_SHOUT } }] },
      { text: 'T1 and T2 done.' },
    ]);
    codexConfig = codexConfigOverrides(openai.url, 'OPENAI_API_KEY').flatMap((line) => ['-c', line]);
  }, 60_000);

  afterAll(async () => {
    await openai?.close();
    await anthropic?.close();
    await removeDir(home);
  });

  it('abort (the default): merges nothing, touches nothing, keeps the approved branch and worktree', async () => {
    const { repo, initial, result, summary } = await approvedRun('abort', []);
    expect(result.exitCode).toBe(1);
    expect(summary.phase).toBe('approved');
    expect(result.stderr).toContain('Not merging: main has uncommitted changes (left as they are)');
    expect(result.stderr).toContain('README.md');
    expect(result.stderr).toContain(`approved: the branch ${summary.branch} is ready in ${summary.worktree}`);
    expect((await git(home, repo, ['rev-parse', 'HEAD'])).trim()).toBe(initial);
    expect(await readFile(join(repo, 'README.md'), 'utf8')).toContain(MY_NOTE);
    expect(existsSync(summary.worktree)).toBe(true);
    expect(await git(home, repo, ['branch', '--list', summary.branch])).toContain(summary.branch);
  }, 300_000);

  it('commit with squash: commits your changes first, then squashes the run into one commit, and cleans up', async () => {
    const { repo, result, summary } = await approvedRun('commit', ['--dirty-main', 'commit', '--merge-style', 'squash']);
    expect(result.exitCode, result.stderr).toBe(0);
    const subjects = (await git(home, repo, ['log', '--format=%s', 'main'])).trim().split('\n');
    expect(subjects).toEqual([`Merge ${summary.branch}: ${OBJECTIVE} (approved by codex-cto)`, `codex-cto: uncommitted changes, saved before merging ${summary.branch}`, 'Initial commit']);
    expect(await git(home, repo, ['show', 'HEAD~1:README.md'])).toContain(MY_NOTE.trim());
    expect(await git(home, repo, ['status', '--porcelain'])).toBe('');
    expect(await readFile(join(repo, 'src/greet.js'), 'utf8')).toBe(GREET_WITH_SHOUT);
    expect(result.stderr).toMatch(/your uncommitted changes on main were committed first, as [0-9a-f]{12}/);
    expect(existsSync(summary.worktree)).toBe(false);
    expect((await git(home, repo, ['branch', '--list', summary.branch])).trim()).toBe('');
  }, 300_000);

  it('stash with rebase: sets your changes aside, fast-forwards main to the rebased run, puts them back, keeps the worktree when asked', async () => {
    const { repo, initial, result, summary } = await approvedRun('stash', ['--dirty-main', 'stash', '--merge-style', 'rebase', '--keep-worktree']);
    expect(result.exitCode, result.stderr).toBe(0);
    const history = (await git(home, repo, ['log', '--format=%P %s', 'main'])).trim().split('\n');
    expect(history).toHaveLength(2);
    expect(history[0]).toMatch(new RegExp(`^${initial} codex-cto iteration 1`));
    expect(await readFile(join(repo, 'README.md'), 'utf8')).toContain(MY_NOTE);
    expect(await git(home, repo, ['stash', 'list'])).toBe('');
    expect(result.stderr).toContain('your uncommitted changes on main were set aside for the merge and put back');
    expect(result.stderr).toContain(`the worktree is kept at ${summary.worktree}`);
    expect(existsSync(summary.worktree)).toBe(true);
  }, 300_000);
});
