// The emulated git remote refuses workflow files as GitHub does: a push that creates or changes a file under
// `.github/workflows/` with a token lacking the `workflows` permission (the workflow's own GITHUB_TOKEN) is
// rejected with GitHub's words; the same token pushes anything else, and a token with the permission pushes both.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAndPush, createGitHome, isolatedGitEnv } from '../support/git-remote.js';
import { seedProject, startGitHubEmulator, type GitHubEmulator, type SeededProject } from '../support/github/index.js';

let gh: GitHubEmulator;
let project: SeededProject;
let home: string;
const dirs: string[] = [];

beforeAll(async () => {
  gh = await startGitHubEmulator();
  project = await seedProject(gh);
  home = await createGitHome();
});

afterAll(async () => {
  await gh?.close();
  for (const dir of [home, ...dirs]) await rm(dir, { recursive: true, force: true });
});

async function pushWith(token: string, branch: string, files: Record<string, string>): Promise<string> {
  const dir = await gh.git.clone(project.owner, project.name, { token }, isolatedGitEnv(home));
  dirs.push(dir);
  try {
    await commitAndPush(dir, isolatedGitEnv(home), branch, files);
    return 'pushed';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('workflow files and the workflows permission', () => {
  it('refuses workflow files pushed with the workflow token, naming the file and the permission', async () => {
    const said = await pushWith(gh.workflowToken, 'ci-change', { '.github/workflows/ci.yml': 'name: CI\n', 'src/a.js': 'a\n' });
    expect(said).toContain('remote: refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission');
    expect(said).toContain('[remote rejected]');
    expect(await gh.git.resolveBranch(project.owner, project.name, 'ci-change')).toBeNull();
  });

  it('lets the same token push anything else', async () => {
    expect(await pushWith(gh.workflowToken, 'docs-change', { 'docs/a.md': 'a\n' })).toBe('pushed');
  });

  it('lets a token with the permission push workflow files', async () => {
    gh.state.addToken('ghs_appTokenWithWorkflows000000000000000', { login: 'github-actions[bot]', kind: 'installation', workflows: true });
    expect(await pushWith('ghs_appTokenWithWorkflows000000000000000', 'ci-by-app', { '.github/workflows/ci.yml': 'name: CI\n' })).toBe('pushed');
    expect(await pushWith(project.tokens.maintainer, 'ci-by-person', { '.github/workflows/lint.yml': 'name: Lint\n' })).toBe('pushed');
  });
});
