// Git references through the REST API, as the per-loop lock uses them: a ref the action creates, which
// fails when it exists. The refs are the real remote's, so git and the API see the same ones.
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
