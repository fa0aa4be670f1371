// A real git remote for tests: bare repositories in a temp dir, served over smart HTTP by
// `git http-backend` with GitHub-style token auth (see github/git-backend.ts), plus helpers to
// seed repositories, make an actions/checkout-style working clone, and read what was pushed.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseGitPath, serveGit, WORKFLOW_HOOK, type GitAccess, type GitAuthDecision } from './github/git-backend.js';
import {
  compare, createGitRunner, mergeOnServer, resolveBranch,
  type Comparison, type GitRunner, type MergeRequest,
} from './github/git-queries.js';

export interface CommitAuthor {
  name: string;
  email: string;
}

export interface CommitInfo {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  committerName: string;
  subject: string;
  body: string;
}

export interface CloneOptions {
  /** Token persisted the way actions/checkout does (`http.<server>/.extraheader`). */
  token: string;
  /** Branch to check out; the repository's default branch when omitted. */
  ref?: string;
  /** Where to clone; a new temp dir when omitted. */
  dir?: string;
  /** 0 (default) fetches all history, like `fetch-depth: 0`; 1 is checkout's default shallow fetch. */
  fetchDepth?: number;
  /** False leaves no credentials in the clone (`persist-credentials: false`). */
  persistCredentials?: boolean;
}

/** File contents by path; null deletes the file. */
export type FileChanges = Record<string, string | null>;

const DEFAULT_AUTHOR: CommitAuthor = { name: 'Test Maintainer', email: 'maintainer@example.com' };

/** The environment every git command in tests should run with: no user or system config leaks in. */
export function isolatedGitEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    LANG: 'C',
  };
}

/** A temp HOME with a git identity, for test-side git commands. */
export async function createGitHome(prefix = 'git-home-'): Promise<string> {
  const home = await mkdtemp(path.join(os.tmpdir(), prefix));
  await writeFile(path.join(home, '.gitconfig'), '[user]\n\tname = Test Maintainer\n\temail = maintainer@example.com\n[init]\n\tdefaultBranch = main\n');
  return home;
}

/**
 * In a working clone: a new branch with `files` written and committed, pushed to `origin` with
 * whatever credentials the clone holds. Returns the new commit id.
 */
export async function commitAndPush(dir: string, env: Record<string, string>, branch: string, files: Record<string, string>, message = `Change on ${branch}`): Promise<string> {
  const git = createGitRunner(env, dir);
  await git(['checkout', '-q', '-B', branch]);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  await git(['add', '-A']);
  await git(['commit', '-q', '-m', message]);
  await git(['push', '-q', 'origin', `HEAD:refs/heads/${branch}`]);
  return (await git(['rev-parse', 'HEAD'])).stdout.trim();
}

export interface GitRemoteOptions {
  authorize: (token: string | null, owner: string, name: string, access: GitAccess) => GitAuthDecision;
}

export class GitRemote {
  /** Directory of `<owner>/<name>.git` bare repositories. */
  readonly root: string;
  /** Isolated HOME used for the remote's own git commands. */
  readonly home: string;
  readonly env: Record<string, string>;
  readonly git: GitRunner;
  /** Origin the repositories are served from (`GITHUB_SERVER_URL`); set by the hosting server. */
  serverUrl = '';
  private readonly scratch: string;
  private readonly authorize: GitRemoteOptions['authorize'];

  private constructor(base: string, home: string, options: GitRemoteOptions) {
    this.root = path.join(base, 'repos');
    this.scratch = path.join(base, 'scratch');
    this.home = home;
    this.env = isolatedGitEnv(home);
    this.git = createGitRunner(this.env, base);
    this.authorize = options.authorize;
  }

  static async create(options: GitRemoteOptions): Promise<GitRemote> {
    const base = await mkdtemp(path.join(os.tmpdir(), 'git-remote-'));
    const home = path.join(base, 'home');
    await mkdir(home);
    const remote = new GitRemote(base, home, options);
    await mkdir(remote.root);
    await mkdir(remote.scratch);
    return remote;
  }

  gitDir(owner: string, name: string): string {
    return path.join(this.root, owner, `${name}.git`);
  }

  exists(owner: string, name: string): boolean {
    return existsSync(this.gitDir(owner, name));
  }

  /** The URL a workflow would build: `<GITHUB_SERVER_URL>/<owner>/<name>.git`. */
  url(owner: string, name: string): string {
    return `${this.serverUrl}/${owner}/${name}.git`;
  }

  /** Serves a smart-HTTP request; false when the path is not a git endpoint, else who was let in. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<false | { login: string | null }> {
    const target = parseGitPath(new URL(req.url ?? '/', 'http://git.invalid').pathname);
    if (!target) return false;
    const login = await serveGit({
      projectRoot: this.root,
      env: this.env,
      authorize: this.authorize,
      exists: (owner, name) => this.exists(owner, name),
    }, target, req, res);
    return { login };
  }

  /** Creates a bare repository with one initial commit of `files` on `defaultBranch`. */
  async createRepo(owner: string, name: string, options: { files: FileChanges; defaultBranch?: string; message?: string; author?: CommitAuthor }): Promise<string> {
    const branch = options.defaultBranch ?? 'main';
    await mkdir(path.join(this.root, owner), { recursive: true });
    await this.git(['init', '--quiet', '--bare', '-b', branch, this.gitDir(owner, name)]);
    // GitHub's refusal of workflow files pushed without the `workflows` permission.
    await writeFile(path.join(this.gitDir(owner, name), 'hooks', 'pre-receive'), WORKFLOW_HOOK, { mode: 0o755 });
    return this.commitFiles(owner, name, { branch, files: options.files, message: options.message ?? 'Initial commit', author: options.author });
  }

  /**
   * Commits `files` directly into the bare repository on `branch` (created from `from`, or as a
   * root commit, when missing), as if someone had pushed. Returns the new commit id.
   */
  async commitFiles(owner: string, name: string, options: { branch: string; files: FileChanges; message: string; from?: string; author?: CommitAuthor }): Promise<string> {
    const gitDir = this.gitDir(owner, name);
    const work = await mkdtemp(path.join(this.scratch, 'commit-'));
    try {
      const env = { GIT_INDEX_FILE: path.join(work, '.index') };
      const at = ['--git-dir', gitDir, '--work-tree', work];
      const parent = (await resolveBranch(this.git, gitDir, options.branch))
        ?? (options.from ? await this.revParse(gitDir, options.from) : null);
      await this.git([...at, 'read-tree', ...(parent ? [parent] : ['--empty'])], { env });
      const written = Object.entries(options.files).filter((entry): entry is [string, string] => entry[1] !== null);
      const removed = Object.entries(options.files).filter(([, content]) => content === null).map(([file]) => file);
      for (const [file, content] of written) {
        await mkdir(path.dirname(path.join(work, file)), { recursive: true });
        await writeFile(path.join(work, file), content);
      }
      if (written.length) await this.git([...at, 'add', '--', ...written.map(([file]) => file)], { cwd: work, env });
      if (removed.length) await this.git([...at, 'rm', '--cached', '--quiet', '--ignore-unmatch', '--', ...removed], { cwd: work, env });
      const tree = (await this.git([...at, 'write-tree'], { env })).stdout.trim();
      const author = options.author ?? DEFAULT_AUTHOR;
      const commit = await this.git(['--git-dir', gitDir, 'commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', options.message], {
        env: { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email },
      });
      const sha = commit.stdout.trim();
      await this.git(['--git-dir', gitDir, 'update-ref', `refs/heads/${options.branch}`, sha]);
      return sha;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * A working clone as actions/checkout leaves it: remote `origin` = `<server>/<owner>/<name>`
   * (no `.git`, like checkout), the token persisted as an `AUTHORIZATION: basic` extraheader,
   * the branch checked out with `-B`. Git runs with `env` (give the runner's HOME).
   */
  async clone(owner: string, name: string, options: CloneOptions, env: Record<string, string> = this.env): Promise<string> {
    const dir = options.dir ?? await mkdtemp(path.join(os.tmpdir(), 'checkout-'));
    await mkdir(dir, { recursive: true });
    const ref = options.ref ?? (await this.defaultBranch(owner, name));
    const run = (args: string[]): Promise<unknown> => this.git(args, { cwd: dir, env });
    const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${options.token}`).toString('base64')}`;
    const configKey = `http.${this.serverUrl}/.extraheader`;
    await run(['init', '--quiet', dir]);
    await run(['remote', 'add', 'origin', `${this.serverUrl}/${owner}/${name}`]);
    await run(['config', '--local', 'gc.auto', '0']);
    await run(['config', '--local', configKey, header]);
    const depth = options.fetchDepth && options.fetchDepth > 0 ? [`--depth=${options.fetchDepth}`] : [];
    await run(['-c', 'protocol.version=2', 'fetch', '--quiet', '--no-tags', '--prune', ...depth, 'origin', `+refs/heads/*:refs/remotes/origin/*`]);
    await run(['checkout', '--quiet', '--force', '-B', ref, `refs/remotes/origin/${ref}`]);
    if (options.persistCredentials === false) await run(['config', '--local', '--unset-all', configKey]);
    return dir;
  }

  async defaultBranch(owner: string, name: string): Promise<string> {
    const head = await this.git(['--git-dir', this.gitDir(owner, name), 'symbolic-ref', '--short', 'HEAD']);
    return head.stdout.trim();
  }

  async resolveBranch(owner: string, name: string, branch: string): Promise<string | null> {
    return resolveBranch(this.git, this.gitDir(owner, name), branch);
  }

  async hasCommit(owner: string, name: string, sha: string): Promise<boolean> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return false;
    const out = await this.git(['--git-dir', this.gitDir(owner, name), 'cat-file', '-e', `${sha}^{commit}`], { allowFailure: true });
    return out.exitCode === 0;
  }

  /** Branch name -> commit id. */
  async branches(owner: string, name: string): Promise<Record<string, string>> {
    const out = await this.git(['--git-dir', this.gitDir(owner, name), 'for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads']);
    return Object.fromEntries(out.stdout.split('\n').filter(Boolean).map((line) => line.split(' ') as [string, string]));
  }

  /** A file's content at `ref` (branch or commit), or null when it does not exist there. */
  async readFile(owner: string, name: string, ref: string, file: string): Promise<string | null> {
    const out = await this.git(['--git-dir', this.gitDir(owner, name), 'show', `${ref}:${file}`], { allowFailure: true });
    return out.exitCode === 0 ? out.stdout : null;
  }

  async listFiles(owner: string, name: string, ref: string): Promise<string[]> {
    const out = await this.git(['--git-dir', this.gitDir(owner, name), 'ls-tree', '-r', '-z', '--name-only', ref]);
    return out.stdout.split('\0').filter(Boolean);
  }

  /** Commits reachable from `ref`, newest first. */
  async log(owner: string, name: string, ref: string, max = 50): Promise<CommitInfo[]> {
    const format = '%H%x1f%P%x1f%an%x1f%ae%x1f%cn%x1f%s%x1f%b%x1e';
    const out = await this.git(['--git-dir', this.gitDir(owner, name), 'log', `--max-count=${max}`, `--format=${format}`, ref]);
    return out.stdout.split('\x1e').map((record) => record.replace(/^\n/, '')).filter(Boolean).map((record) => {
      const [sha, parents, authorName, authorEmail, committerName, subject, body] = record.split('\x1f') as string[];
      return {
        sha: sha as string, parents: (parents as string).split(' ').filter(Boolean), authorName: authorName as string,
        authorEmail: authorEmail as string, committerName: committerName as string, subject: subject as string, body: (body ?? '').trim(),
      };
    });
  }

  compare(owner: string, name: string, base: string, head: string): Promise<Comparison> {
    return compare(this.git, this.gitDir(owner, name), base, head);
  }

  merge(owner: string, name: string, request: MergeRequest): Promise<string | null> {
    return mergeOnServer(this.git, this.gitDir(owner, name), request);
  }

  async close(): Promise<void> {
    await rm(path.dirname(this.root), { recursive: true, force: true });
  }

  private async revParse(gitDir: string, rev: string): Promise<string> {
    const out = await this.git(['--git-dir', gitDir, 'rev-parse', '--verify', `${rev}^{commit}`]);
    return out.stdout.trim();
  }
}
