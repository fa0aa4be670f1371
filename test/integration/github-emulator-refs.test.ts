// Git references and commits through the REST API, as the per-loop lock uses them: a ref the action creates,
// which fails when it exists, pointing at a commit without files whose message names the holder; a takeover
// moved by a fast-forward from the stale commit, which only one of two racing takers gets; the holder's
// workflow run. The refs and commits are the real remote's, so git and the API see the same ones.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHome, isolatedGitEnv } from '../support/git-remote.js';
import { createGitRunner } from '../support/github/git-queries.js';
import { plainOctokitFor, seedProject, startGitHubEmulator, type GitHubEmulator, type SeededProject } from '../support/github/index.js';

let gh: GitHubEmulator;
let project: SeededProject;
let home: string;
let scratch: string;

beforeAll(async () => {
  gh = await startGitHubEmulator();
  project = await seedProject(gh);
  home = await createGitHome();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'emulator-refs-'));
});

afterAll(async () => {
  await gh?.close();
  await rm(home, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

afterEach(() => {
  expect(gh.violations()).toEqual([]);
});

const repoArgs = () => ({ owner: project.owner, repo: project.name });
const mainSha = async () => (await gh.git.resolveBranch(project.owner, project.name, 'main')) as string;

/** A checkout with the workflow token, and git run inside it. */
async function checkout(name: string) {
  const dir = await gh.git.clone(project.owner, project.name, { token: gh.workflowToken, dir: path.join(scratch, name) }, isolatedGitEnv(home));
  return createGitRunner(isolatedGitEnv(home), dir);
}

describe('a ref as a lock', () => {
  it('creates a ref once; a second create is 422 "Reference already exists"; git sees it; deleting frees it', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const sha = await mainSha();
    const lock = 'refs/codex-cto/locks/issue-7';
    const created = await bot.rest.git.createRef({ ...repoArgs(), ref: lock, sha });
    expect(created.status).toBe(201);
    expect(created.data).toEqual({
      ref: lock,
      node_id: expect.any(String),
      url: `${gh.url}/repos/${project.fullName}/git/${lock}`,
      object: { type: 'commit', sha, url: `${gh.url}/repos/${project.fullName}/git/commits/${sha}` },
    });
    await expect(bot.rest.git.createRef({ ...repoArgs(), ref: lock, sha })).rejects.toMatchObject({
      status: 422, response: { data: { message: 'Reference already exists' } },
    });

    const git = await checkout('lock-visible');
    expect((await git(['ls-remote', 'origin', 'refs/codex-cto/*'])).stdout).toBe(`${sha}\t${lock}\n`);
    expect((await bot.rest.git.getRef({ ...repoArgs(), ref: 'codex-cto/locks/issue-7' })).data.object.sha).toBe(sha);

    expect((await bot.rest.git.deleteRef({ ...repoArgs(), ref: 'codex-cto/locks/issue-7' })).status).toBe(204);
    await expect(bot.rest.git.deleteRef({ ...repoArgs(), ref: 'codex-cto/locks/issue-7' })).rejects.toMatchObject({ status: 422 });
    await expect(bot.rest.git.deleteRef({ ...repoArgs(), ref: 'heads/main' })).rejects.toMatchObject({ status: 422 });
    await expect(bot.rest.git.getRef({ ...repoArgs(), ref: 'codex-cto/locks/issue-7' })).rejects.toMatchObject({ status: 404 });
    expect((await git(['ls-remote', 'origin', 'refs/codex-cto/*'])).stdout).toBe('');
    expect((await bot.rest.git.createRef({ ...repoArgs(), ref: lock, sha })).status).toBe(201);
  });

  it('lets exactly one of several racing creates win', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const sha = await mainSha();
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => bot.rest.git.createRef({ ...repoArgs(), ref: 'refs/codex-cto/locks/race', sha })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.status)).toEqual([422, 422, 422, 422, 422]);
  });

  it('sees refs pushed with git, also when the ref is sent with its slashes unescaped', async () => {
    const git = await checkout('pushed');
    await git(['push', '-q', 'origin', 'HEAD:refs/heads/feature/pushed']);
    const sha = await mainSha();
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    expect((await bot.rest.git.getRef({ ...repoArgs(), ref: 'heads/feature/pushed' })).data).toMatchObject({ ref: 'refs/heads/feature/pushed', object: { sha } });
    const raw = await fetch(`${gh.url}/repos/${project.fullName}/git/ref/heads/feature/pushed`, { headers: { authorization: `token ${gh.workflowToken}` } });
    expect(raw.status).toBe(200);
    const matching = (await bot.rest.git.listMatchingRefs({ ...repoArgs(), ref: 'heads/feature' })).data;
    expect(matching.map((r) => r.ref)).toEqual(['refs/heads/feature/pushed']);
  });

  it('moves a ref forward, refuses a rewind without force, and refuses unknown objects, bad names and readers', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const base = await mainSha();
    const next = await gh.git.commitFiles(project.owner, project.name, { branch: 'movable', from: 'main', files: { 'm.txt': 'm\n' }, message: 'm' });
    await bot.rest.git.updateRef({ ...repoArgs(), ref: 'heads/movable', sha: base, force: true });
    expect((await bot.rest.git.updateRef({ ...repoArgs(), ref: 'heads/movable', sha: next })).data.object.sha).toBe(next);
    await expect(bot.rest.git.updateRef({ ...repoArgs(), ref: 'heads/movable', sha: base })).rejects.toMatchObject({
      status: 422, response: { data: { message: 'Update is not a fast forward' } },
    });
    expect(await gh.git.resolveBranch(project.owner, project.name, 'movable')).toBe(next);
    await expect(bot.rest.git.updateRef({ ...repoArgs(), ref: 'heads/no-such-branch', sha: next })).rejects.toMatchObject({ status: 422 });
    await expect(bot.rest.git.createRef({ ...repoArgs(), ref: 'refs/heads/ghost', sha: 'f'.repeat(40) })).rejects.toMatchObject({
      status: 422, response: { data: { message: 'Object does not exist' } },
    });
    await expect(bot.rest.git.createRef({ ...repoArgs(), ref: 'lock', sha: base })).rejects.toMatchObject({ status: 422 });
    await expect(bot.rest.git.createRef({ ...repoArgs(), ref: 'refs/heads/bad..name', sha: base })).rejects.toMatchObject({ status: 422 });
    await expect(plainOctokitFor(gh, project.tokens.reader).rest.git.createRef({ ...repoArgs(), ref: 'refs/codex-cto/locks/reader', sha: base }))
      .rejects.toMatchObject({ status: 403 });
  });
});

describe('lock commits and takeovers', () => {
  const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

  it('makes a commit without files from the empty tree and reads it back, message and date', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const message = 'codex-cto lock of codex-cto/issue-9\n\nRun: 77\nAttempt: 1\nTaken: 2026-03-01T11:00:00.000Z';
    const made = await bot.rest.git.createCommit({ ...repoArgs(), message, tree: EMPTY_TREE, parents: [] });
    expect(made.status).toBe(201);
    expect(made.data).toMatchObject({ message, tree: { sha: EMPTY_TREE }, parents: [], committer: { name: 'github-actions[bot]' } });
    const read = await bot.rest.git.getCommit({ ...repoArgs(), commit_sha: made.data.sha });
    expect(read.data.message).toBe(message);
    expect(Date.parse(read.data.committer.date)).not.toBeNaN();
    await expect(bot.rest.git.getCommit({ ...repoArgs(), commit_sha: 'e'.repeat(40) })).rejects.toMatchObject({ status: 404 });
    await expect(bot.rest.git.createCommit({ ...repoArgs(), message: 'm', tree: 'e'.repeat(40) })).rejects.toMatchObject({ status: 422 });
    await expect(bot.rest.git.createCommit({ ...repoArgs(), message: 'm', tree: EMPTY_TREE, parents: ['e'.repeat(40)] })).rejects.toMatchObject({ status: 422 });
    await expect(plainOctokitFor(gh, project.tokens.reader).rest.git.createCommit({ ...repoArgs(), message: 'm', tree: EMPTY_TREE })).rejects.toMatchObject({ status: 403 });
  });

  it('lets only the first of two takers fast-forward a stale lock; the other is refused', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const commit = async (message: string, parents: string[]) => (await bot.rest.git.createCommit({ ...repoArgs(), message, tree: EMPTY_TREE, parents })).data.sha;
    const stale = await commit('stale', []);
    await bot.rest.git.createRef({ ...repoArgs(), ref: 'refs/codex-cto/locks/takeover', sha: stale });
    const [first, second] = [await commit('taker 1', [stale]), await commit('taker 2', [stale])];
    const outcomes = await Promise.allSettled([first, second].map((sha) => bot.rest.git.updateRef({ ...repoArgs(), ref: 'codex-cto/locks/takeover', sha, force: false })));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = outcomes[0]?.status === 'fulfilled' ? first : second;
    expect((await bot.rest.git.getRef({ ...repoArgs(), ref: 'codex-cto/locks/takeover' })).data.object.sha).toBe(winner);
  });
});

describe('workflow runs', () => {
  it('reports a run in progress, then completed; an unknown run is 404', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    gh.state.workflowRuns.start({ id: 31337, repo: project.fullName, attempt: 1, event: 'issue_comment', headBranch: 'main', headSha: await mainSha() });
    expect((await bot.rest.actions.getWorkflowRun({ ...repoArgs(), run_id: 31337 })).data).toMatchObject({ id: 31337, status: 'in_progress', conclusion: null, run_attempt: 1 });
    gh.state.workflowRuns.complete(31337, 'failure');
    expect((await bot.rest.actions.getWorkflowRun({ ...repoArgs(), run_id: 31337 })).data).toMatchObject({ status: 'completed', conclusion: 'failure' });
    await expect(bot.rest.actions.getWorkflowRun({ ...repoArgs(), run_id: 424242 })).rejects.toMatchObject({ status: 404 });
  });
});
