// Taking workflow files out of a commit the token cannot push, on a real repository.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Git } from '../../../../src/workspace/git.js';
import { holdBackWorkflowChanges, isWorkflowRefusal } from '../../../../src/action/publish/workflow-files.js';

const identity = { name: 'bot', email: 'bot@example.com' };
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function repo(files: Record<string, string>): Promise<{ git: Git; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'workflow-files-'));
  dirs.push(dir);
  const git = new Git({ cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
  await git.run(['init', '--quiet', '-b', 'main']);
  await write(dir, files);
  await git.commitAll('base', identity);
  return { git, dir };
}

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
}

describe('isWorkflowRefusal', () => {
  it("recognises GitHub's refusal and nothing else", () => {
    expect(isWorkflowRefusal(' ! [remote rejected] HEAD -> b (refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission)')).toBe(true);
    expect(isWorkflowRefusal('remote: refusing to allow an OAuth App to create or update workflow `.github/workflows/x.yml` without `workflow` scope')).toBe(true);
    expect(isWorkflowRefusal('remote: Permission to o/r.git denied to github-actions[bot].')).toBe(false);
  });
});

describe('holdBackWorkflowChanges', { timeout: 60_000 }, () => {
  it('commits the rest again without the workflow files and keeps their change as a patch that applies', async () => {
    const { git, dir } = await repo({ 'src/a.js': 'a\n', '.github/workflows/ci.yml': 'name: CI\n' });
    await write(dir, { 'src/a.js': 'a2\n', '.github/workflows/ci.yml': 'name: Tests\n', '.github/workflows/new.yml': 'name: New\n' });
    await git.commitAll('iteration 1', identity);
    const held = await holdBackWorkflowChanges(git, identity, 'iteration 1');
    expect(held?.paths).toEqual(['.github/workflows/ci.yml', '.github/workflows/new.yml']);
    expect(held?.commit).toBe(await git.headSha());
    expect((await git.run(['show', '--name-only', '--format=%s', 'HEAD'])).trim().split('\n')).toEqual(['iteration 1', '', 'src/a.js']);
    expect(await readFile(path.join(dir, '.github/workflows/ci.yml'), 'utf8')).toBe('name: CI\n');
    expect(existsSync(path.join(dir, '.github/workflows/new.yml'))).toBe(false);
    expect(await git.isDirty()).toBe(false);
    // The patch brings the held-back change back exactly.
    await writeFile(path.join(dir, '..', `${path.basename(dir)}.patch`), held?.patch ?? '');
    dirs.push(path.join(dir, '..', `${path.basename(dir)}.patch`));
    await git.run(['apply', path.join(dir, '..', `${path.basename(dir)}.patch`)]);
    expect(await readFile(path.join(dir, '.github/workflows/new.yml'), 'utf8')).toBe('name: New\n');
    expect(await readFile(path.join(dir, '.github/workflows/ci.yml'), 'utf8')).toBe('name: Tests\n');
  });

  it('leaves HEAD at the parent when the workflow files were all the commit changed', async () => {
    const { git, dir } = await repo({ 'README.md': 'r\n' });
    const base = await git.headSha();
    await write(dir, { '.github/workflows/ci.yml': 'name: CI\n' });
    await git.commitAll('only a workflow', identity);
    const held = await holdBackWorkflowChanges(git, identity, 'only a workflow');
    expect(held?.commit).toBeNull();
    expect(await git.headSha()).toBe(base);
  });

  it('holds nothing back from a commit that changes no workflow file', async () => {
    const { git, dir } = await repo({ 'README.md': 'r\n' });
    await write(dir, { 'README.md': 'r2\n' });
    const sha = await git.commitAll('docs', identity);
    expect(await holdBackWorkflowChanges(git, identity, 'docs')).toBeNull();
    expect(await git.headSha()).toBe(sha);
  });
});
