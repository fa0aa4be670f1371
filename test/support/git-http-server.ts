// A git server on 127.0.0.1 the way a person's `npm install -g git+http://...` meets one: this project's own
// checkout (its files as they are now, uncommitted edits and new files included, ignored ones left out) as
// a bare repository served read-only over smart HTTP by `git http-backend`, with no credentials asked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess } from '../../src/workspace/process.js';
import { GitRemote } from './git-remote.js';

export interface ServedProject {
  /** `http://127.0.0.1:<port>/<owner>/<name>.git` */
  url: string;
  /** The commit holding the checkout's files as they are now. */
  commit: string;
  remote: GitRemote;
  /** Adds a commit on `main` after `commit` (a later state of the project); returns its id. */
  commitLater(files: Record<string, string>, message: string): Promise<string>;
  /** Tags `commit` (a release tag, as a person would install it with `#<tag>`). */
  tag(name: string, commit: string): Promise<void>;
  close(): Promise<void>;
}

const OWNER = 'codex-cto-dev';
const NAME = 'codex-cto';

/** Serves the checkout at `root` on loopback; its `main` is one commit over HEAD with the working tree's tracked files. */
export async function serveProject(root: string): Promise<ServedProject> {
  const remote = await GitRemote.create({
    authorize: (_token, _owner, _name, access) => (access === 'read' ? { ok: true, login: 'anonymous' } : { ok: false, status: 403, message: 'read-only' }),
  });
  const gitDir = remote.gitDir(OWNER, NAME);
  await remote.git(['init', '--quiet', '--bare', '-b', 'main', gitDir]);
  const commit = await snapshotWorkingTree(remote, root, gitDir);
  const server: Server = createServer((req, res) => {
    remote.handle(req, res).then((handled) => {
      if (handled === false) res.writeHead(404).end();
    }, () => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  remote.serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: remote.url(OWNER, NAME),
    commit,
    remote,
    commitLater: (files, message) => remote.commitFiles(OWNER, NAME, { branch: 'main', files, message }),
    async tag(name, commit) {
      await remote.git(['--git-dir', gitDir, 'tag', name, commit]);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(path.dirname(remote.root), { recursive: true, force: true });
    },
  };
}

/** A commit (parent: HEAD) of the files of `root` as they are on disk (what `git add -A` would commit), made in `gitDir` only; `main` points at it. */
async function snapshotWorkingTree(remote: GitRemote, root: string, gitDir: string): Promise<string> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'served-index-'));
  try {
    const env = { ...remote.env, GIT_INDEX_FILE: path.join(scratch, 'index'), GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };
    const git = async (args: string[]): Promise<string> => {
      const run = await runProcess('git', ['--git-dir', gitDir, '--work-tree', root, ...args], { cwd: root, env, timeoutMs: 120_000 });
      if (run.exitCode !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
      return run.stdout.trim();
    };
    await git(['fetch', '--quiet', '--no-tags', root, 'HEAD']);
    const head = await git(['rev-parse', 'FETCH_HEAD']);
    await git(['read-tree', head]);
    // The checkout's own view of its files (its excludes, not the bare repository's): tracked, and new but not ignored.
    const listed = await runProcess('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, env: remote.env, timeoutMs: 120_000 });
    if (listed.exitCode !== 0) throw new Error(`git ls-files: ${listed.stderr}`);
    await writeFile(path.join(scratch, 'paths'), listed.stdout);
    await git(['add', '--all', `--pathspec-from-file=${path.join(scratch, 'paths')}`, '--pathspec-file-nul']);
    const tree = await git(['write-tree']);
    const commit = await git(['commit-tree', tree, '-p', head, '-m', 'The checkout as it is now']);
    await git(['update-ref', 'refs/heads/main', commit]);
    return commit;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
