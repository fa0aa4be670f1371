// The real git remote (smart HTTP, token auth, checkout-style credentials), webhook payloads
// validated against GitHub's schemas, and the runner harness running an action as the runner does.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commitAndPush, createGitHome, isolatedGitEnv } from '../support/git-remote.js';
import { createGitRunner } from '../support/github/git-queries.js';
import { seedProject, startGitHubEmulator, type GitHubEmulator, type SeededProject } from '../support/github/index.js';
import { issueCommentCreatedPayload, issuesLabeledPayload, issuesOpenedPayload, pushPayload, workflowDispatchPayload } from '../support/payloads.js';
import { runAction } from '../support/runner.js';
import { writeThrowawayAction } from '../support/throwaway-action.js';

let gh: GitHubEmulator;
let project: SeededProject;
let home: string;
let scratch: string;

beforeAll(async () => {
  gh = await startGitHubEmulator();
  project = await seedProject(gh);
  home = await createGitHome();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'runner-harness-test-'));
});

afterAll(async () => {
  await gh?.close();
  await rm(home, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

afterEach(() => {
  expect(gh.violations()).toEqual([]);
});

/** A checkout as actions/checkout leaves it (token in an extraheader), for the workflow token. */
function checkout(name: string): Promise<string> {
  return gh.git.clone(project.owner, project.name, { token: gh.workflowToken, dir: path.join(scratch, name) }, isolatedGitEnv(home));
}

describe('git remote', () => {
  it('accepts a push with a good token and refuses a bad one fast (401, no prompt)', async () => {
    const dir = await checkout('git-push');
    const git = createGitRunner(isolatedGitEnv(home), dir);
    const sha = await commitAndPush(dir, isolatedGitEnv(home), 'feature-git', { 'src/extra.ts': 'export const extra = 1;\n' });
    expect(await gh.git.resolveBranch(project.owner, project.name, 'feature-git')).toBe(sha);
    expect(await gh.git.listFiles(project.owner, project.name, 'feature-git')).toContain('src/extra.ts');
    expect((await gh.git.branches(project.owner, project.name))['feature-git']).toBe(sha);
    expect(gh.requests({ kind: 'git', method: 'POST' }).at(-1)).toMatchObject({ path: `/${project.fullName}/git-receive-pack`, status: 200, login: 'github-actions[bot]' });

    await git(['config', '--local', '--unset-all', `http.${gh.serverUrl}/.extraheader`]);
    const bad = `${gh.serverUrl.replace('://', '://x-access-token:ghs_wrong@')}/${project.fullName}.git`;
    const refused = await git(['push', bad, 'HEAD:refs/heads/feature-git-2'], { allowFailure: true });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/Authentication failed|401/);
    const reader = `${gh.serverUrl.replace('://', `://x-access-token:${project.tokens.reader}@`)}/${project.fullName}.git`;
    const forbidden = await git(['push', reader, 'HEAD:refs/heads/feature-git-3'], { allowFailure: true });
    expect(forbidden.exitCode).not.toBe(0);
    expect(forbidden.stderr).toContain('403');
    expect(await gh.git.resolveBranch(project.owner, project.name, 'feature-git-2')).toBeNull();
    const fetched = await git(['fetch', reader, 'main'], { allowFailure: true });
    expect(fetched.exitCode).toBe(0);
  });
});

describe('webhook payloads and the runner harness', () => {
  it('builds payloads that match the official webhook schemas and agree with the API', async () => {
    const issue = gh.state.addIssue(project.repo, { title: 'Build it', author: project.logins.maintainer, labels: ['codex-cto'] });
    const labeled = issuesLabeledPayload(gh, { repo: project.fullName, issue: issue.number, label: 'codex-cto', sender: project.logins.maintainer });
    expect(labeled).toMatchObject({ action: 'labeled', issue: { number: issue.number }, label: { name: 'codex-cto' }, sender: { login: 'mona' } });

    await commitAndPush(await checkout('payload'), isolatedGitEnv(home), 'feature-payload', { 'p.txt': 'p\n' });
    const pr = await gh.openPullRequest({ repo: project.fullName, title: 'Payload PR', author: project.logins.maintainer, head: 'feature-payload' });
    const comment = gh.state.addComment(project.repo, pr, { body: '/cto review', author: project.logins.maintainer });
    const onPull = issueCommentCreatedPayload(gh, { repo: project.fullName, comment: comment.id });
    expect(onPull).toMatchObject({ action: 'created', issue: { number: pr.number, pull_request: { url: `${gh.url}/repos/${project.fullName}/pulls/${pr.number}` } }, comment: { body: '/cto review' } });
    const onIssue = issueCommentCreatedPayload(gh, { repo: project.fullName, comment: gh.state.addComment(project.repo, issue, { body: 'hi', author: project.logins.reader }).id });
    expect((onIssue.issue as Record<string, unknown>).pull_request).toBeUndefined();
    expect(workflowDispatchPayload(gh, { repo: project.fullName, sender: project.logins.maintainer, inputs: { objective: 'Do it' } })).toMatchObject({ inputs: { objective: 'Do it' }, ref: 'refs/heads/main' });
    const commits = await gh.git.log(project.owner, project.name, 'feature-payload', 1);
    expect(pushPayload(gh, { repo: project.fullName, sender: project.logins.maintainer, ref: 'refs/heads/feature-payload', before: '0'.repeat(40), commits })).toMatchObject({ created: true });
  });

  it('runs an action like the runner: env, inputs with defaults, file commands, log commands, post with state', async () => {
    const actionDir = path.join(scratch, 'throwaway-action');
    const workspace = await checkout('ws');
    await writeThrowawayAction(actionDir);
    const issue = gh.state.addIssue(project.repo, { title: 'Harness', author: project.logins.maintainer, labels: ['codex-cto'] });
    const run = await runAction({
      actionDir,
      event: 'issues',
      payload: issuesLabeledPayload(gh, { repo: project.fullName, issue: issue.number, label: 'codex-cto', sender: project.logins.maintainer }),
      inputs: { 'trigger-label': 'codex-cto' },
      workspace,
      repository: project.fullName,
      github: gh,
      post: true,
      timeoutMs: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ seen: `issues ${project.fullName} ${issue.number}`, multi: 'line one\nline two' });
    expect(run.summary).toBe('<h2>Harness summary</h2>\n');
    expect(run.warnings).toEqual(['token default came from action.yml']);
    expect(run.masks).toEqual([gh.workflowToken]);
    expect(run.state).toEqual({ comment: expect.stringMatching(/^\d+$/) });
    expect(run.env).toMatchObject({ 'INPUT_GITHUB-TOKEN': gh.workflowToken, 'INPUT_TRIGGER-LABEL': 'codex-cto', GITHUB_API_URL: gh.url, GITHUB_WORKSPACE: workspace });
    expect(run.post?.exitCode).toBe(0);
    expect(run.post?.outputs).toEqual({ 'post-saw': run.state.comment });
    const comments = gh.state.commentsOf(project.repo, issue);
    expect(comments.map((c) => [c.author, c.body])).toEqual([['github-actions[bot]', `hello from ${process.version.split('.')[0]}`]]);
    await rm(run.dir, { recursive: true, force: true });
  });

  it('runs the bundled action from action.yml: an ignored event is logged and exits 0', async () => {
    const workspace = await checkout('ws-dist');
    const issue = gh.state.addIssue(project.repo, { title: 'Just opened', author: project.logins.maintainer });
    const run = await runAction({
      event: 'issues',
      payload: issuesOpenedPayload(gh, { repo: project.fullName, issue: issue.number }),
      workspace,
      repository: project.fullName,
      github: gh,
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/ignor/i);
    expect(run.errors).toEqual([]);
    await rm(run.dir, { recursive: true, force: true });
  });
});
