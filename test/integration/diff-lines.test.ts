// The lines an inline comment may sit on, read from the local repository, are the lines GitHub's own view
// of the pull request offers (the emulated GitHub's file listing): two hunks in one file, a renamed file
// with an edit and a space in its name, an added file, a deleted one. The same local diff says where a
// change adds bidirectional or tag characters.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentableLines, parseNameStatus } from '../../src/action/publish/commentable-lines.js';
import { hiddenCharactersAdded } from '../../src/workspace/diff-scan.js';
import { Git } from '../../src/workspace/git.js';
import { diffLinesFromFiles } from '../../src/render/inline-comments.js';
import { createGitHome, isolatedGitEnv } from '../support/git-remote.js';
import { plainOctokitFor, seedProject, startGitHubEmulator, type GitHubEmulator, type SeededProject } from '../support/github/index.js';

const exec = promisify(execFile);

const numbered = (name: string, count: number, change: (n: number) => string | null = () => null): string =>
  Array.from({ length: count }, (_, i) => change(i + 1) ?? `${name} line ${i + 1}`).join('\n') + '\n';

let gh: GitHubEmulator;
let project: SeededProject;
let home: string;
let scratch: string;
let dir: string;
let base: string;
let head: string;
let prNumber: number;

beforeAll(async () => {
  gh = await startGitHubEmulator();
  project = await seedProject(gh);
  home = await createGitHome();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'diff-lines-'));
  await gh.git.commitFiles(project.owner, project.name, {
    branch: 'main',
    message: 'Files to change',
    files: { 'src/long.js': numbered('long', 40), 'docs/old name.md': numbered('doc', 20), 'gone.txt': numbered('gone', 5) },
  });
  dir = await gh.git.clone(project.owner, project.name, { token: gh.workflowToken, dir: path.join(scratch, 'checkout') }, isolatedGitEnv(home));
  const git = (...args: string[]) => exec('git', args, { cwd: dir, env: isolatedGitEnv(home) });
  await git('checkout', '-q', '-b', 'topic');
  await writeFile(path.join(dir, 'src/long.js'), numbered('long', 40, (n) => (n === 3 ? 'changed 3' : n === 30 ? 'changed 30' : null)));
  await git('mv', 'docs/old name.md', 'docs/new name.md');
  await writeFile(path.join(dir, 'docs/new name.md'), numbered('doc', 20, (n) => (n === 10 ? 'changed 10' : null)));
  await writeFile(path.join(dir, 'src/added.js'), numbered('added', 4));
  await git('rm', '-q', 'gone.txt');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'Change them');
  await git('push', '-q', 'origin', 'HEAD:refs/heads/topic');
  base = (await git('merge-base', 'origin/main', 'HEAD')).stdout.trim();
  head = (await git('rev-parse', 'HEAD')).stdout.trim();
  const bot = plainOctokitFor(gh, project.tokens.workflow);
  prNumber = (await bot.rest.pulls.create({ owner: project.owner, repo: project.name, head: 'topic', base: 'main', title: 'Topic' })).data.number;
}, 60_000);

afterAll(async () => {
  await gh?.close();
  await rm(home, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

describe('commentableLines', () => {
  it("offers exactly the lines of GitHub's view of the pull request, file by file", async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const files = (await bot.rest.pulls.listFiles({ owner: project.owner, repo: project.name, pull_number: prNumber })).data;
    const github = diffLinesFromFiles(files.filter((f) => f.status !== 'removed'));
    expect([...github.keys()].sort()).toEqual(['docs/new name.md', 'src/added.js', 'src/long.js']);

    const local = await commentableLines(new Git({ cwd: dir, env: isolatedGitEnv(home) }), base, head, [...github.keys(), 'gone.txt', 'not/changed.js']);
    expect(new Map([...local].map(([p, l]) => [p, [...l].sort((a, b) => a - b)]))).toEqual(
      new Map([...github].map(([p, l]) => [p, [...l].sort((a, b) => a - b)])),
    );
    // The renamed file is paired with its old name: only the edited line's hunk, not the whole file.
    expect([...(local.get('docs/new name.md') ?? [])].sort((a, b) => a - b)).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(gh.violations()).toEqual([]);
  });

  it('normalises paths written as ./path and asks git nothing when no file is named', async () => {
    const git = new Git({ cwd: dir, env: isolatedGitEnv(home) });
    expect([...(await commentableLines(git, base, head, ['./src/added.js'])).keys()]).toEqual(['src/added.js']);
    expect((await commentableLines(new Git({ cwd: path.join(scratch, 'missing'), env: {} }), base, head, [])).size).toBe(0);
  });
});

describe('parseNameStatus', () => {
  it('maps new paths to the old path of a rename, and leaves deleted files out', () => {
    const output = ['M', 'a.js', 'R087', 'old b.md', 'new b.md', 'D', 'gone.txt', 'A', 'c.js', 'C100', 'a.js', 'copy.js', ''].join('\0');
    expect(parseNameStatus(output)).toEqual(new Map<string, string | null>([
      ['a.js', null], ['new b.md', 'old b.md'], ['c.js', null], ['copy.js', null],
    ]));
  });
});

describe('hiddenCharactersAdded', () => {
  it('finds the characters a change adds, in new and renamed files and odd names, not those it moves or removes', async () => {
    const repo = path.join(scratch, 'hidden');
    const env = isolatedGitEnv(home);
    const git = (...args: string[]) => exec('git', args, { cwd: repo, env });
    await exec('git', ['init', '-q', repo], { env });
    const old = 'const a = 1; // \u202Eold\n';
    await writeFile(path.join(repo, 'moved.js'), `${numbered('moved', 10)}${old}`);
    await writeFile(path.join(repo, 'removed.js'), `x\u2066\n`);
    await git('add', '-A');
    await git('commit', '-q', '-m', 'base');
    const baseSha = (await git('rev-parse', 'HEAD')).stdout.trim();
    await git('mv', 'moved.js', 'renamed.js');
    await writeFile(path.join(repo, 'renamed.js'), `${numbered('moved', 10)}${old}tail\u200F\n`);
    await git('rm', '-q', 'removed.js');
    await writeFile(path.join(repo, 'é \u202E.txt'), 'plain\nsmuggled\u{E0041}\u{E0042}\n');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'change');
    const scan = await hiddenCharactersAdded(new Git({ cwd: repo, env }), baseSha, 'HEAD');
    expect(scan).toEqual({
      findings: [
        { path: 'renamed.js', line: 12, kinds: ['bidi-mark'], codePoints: ['U+200F'] },
        { path: 'é \u202E.txt', line: 2, kinds: ['tag'], codePoints: ['U+E0041', 'U+E0042'] },
      ],
      more: 0,
      complete: true,
    });
  });
});
