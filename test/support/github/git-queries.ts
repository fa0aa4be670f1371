// What the emulator asks of the bare repositories behind the git remote: branch tips, the
// three-dot comparison a pull request shows, and server-side merges. All git runs asynchronously
// (the same process serves git over HTTP, so a synchronous call could deadlock it).
import { runProcess } from '../../../src/workspace/process.js';
import { displayPath, parseUnifiedDiff, type FileDiff, type FileStatus } from './diff.js';

export interface ChangedFile {
  filename: string;
  previousFilename: string | null;
  status: FileStatus;
  additions: number;
  deletions: number;
  /** Blob id of the file's new version (the old one for a removed file). */
  sha: string;
  /** Null for binary files, which GitHub shows without a patch. */
  patch: string | null;
}

export interface Comparison {
  mergeBase: string | null;
  /** Commits on head that base lacks. */
  commits: number;
  files: FileDiff[];
  changed: ChangedFile[];
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface GitRunner {
  (args: readonly string[], options?: { cwd?: string; env?: Record<string, string>; allowFailure?: boolean }): Promise<GitOutput>;
}

export interface GitOutput {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** A git funnel with a fixed base environment (isolated HOME, no system config, no prompts). */
export function createGitRunner(baseEnv: Record<string, string>, defaultCwd: string): GitRunner {
  return async (args, options = {}) => {
    const result = await runProcess('git', args, {
      cwd: options.cwd ?? defaultCwd,
      env: { ...baseEnv, ...options.env },
      timeoutMs: 60_000,
      // GitHub serves diffs of thousands of files (the bench's large change is 20 MB): never cut one short.
      maxOutputBytes: 512 * 1024 * 1024,
    });
    if (result.spawnError) throw new Error(`git could not start: ${result.spawnError}`);
    if (result.exitCode !== 0 && !options.allowFailure) {
      throw new Error(`git ${args.join(' ')} failed (${result.exitCode ?? result.signal}): ${result.stderr.trim()}`);
    }
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  };
}

/** The commit a branch points at, or null when the branch does not exist. */
export async function resolveBranch(git: GitRunner, gitDir: string, branch: string): Promise<string | null> {
  const result = await git(['--git-dir', gitDir, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], { allowFailure: true });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/** `base...head` as a pull request shows it: the changes on head since the merge base. */
export async function compare(git: GitRunner, gitDir: string, base: string, head: string): Promise<Comparison> {
  const at = ['--git-dir', gitDir];
  const mergeBase = await git([...at, 'merge-base', base, head], { allowFailure: true });
  const count = await git([...at, 'rev-list', '--count', `${base}..${head}`]);
  const range = `${base}...${head}`;
  const text = await git([...at, '-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '-M', range]);
  const raw = await git([...at, 'diff', '--raw', '-z', '-M', '--no-abbrev', range]);
  const files = parseUnifiedDiff(text.stdout);
  const blobs = parseRawBlobs(raw.stdout);
  const changed = files.map((file): ChangedFile => ({
    filename: displayPath(file),
    previousFilename: file.status === 'renamed' ? file.oldPath : null,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    sha: blobs.get(displayPath(file)) ?? '0'.repeat(40),
    patch: file.binary ? null : file.patch,
  }));
  return {
    mergeBase: mergeBase.exitCode === 0 ? mergeBase.stdout.trim() : null,
    commits: Number(count.stdout.trim()),
    files,
    changed,
  };
}

/** `git diff --raw -z` records -> path -> blob id (new side, or old side for deletions). */
export function parseRawBlobs(raw: string): Map<string, string> {
  const blobs = new Map<string, string>();
  const fields = raw.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const header = fields[i] as string;
    if (!header.startsWith(':')) continue;
    const [, , oldSha, newSha, status] = header.slice(1).split(' ');
    const renamed = status?.startsWith('R') || status?.startsWith('C');
    const path = renamed ? fields[i + 2] : fields[i + 1];
    i += renamed ? 2 : 1;
    if (path === undefined) continue;
    blobs.set(path, status === 'D' ? (oldSha as string) : (newSha as string));
  }
  return blobs;
}

export interface MergeRequest {
  baseRef: string;
  headSha: string;
  method: MergeMethod;
  title: string;
  message: string;
  author: { name: string; email: string };
}

/**
 * Merges on the server like GitHub: a merge commit (two parents) or a single squashed commit
 * (`rebase` is emulated as a squash: one new commit on base). Returns null on conflicts.
 */
export async function mergeOnServer(git: GitRunner, gitDir: string, request: MergeRequest): Promise<string | null> {
  const at = ['--git-dir', gitDir];
  const baseSha = await resolveBranch(git, gitDir, request.baseRef);
  if (!baseSha) throw new Error(`base branch ${request.baseRef} is missing`);
  const tree = await git([...at, 'merge-tree', '--write-tree', baseSha, request.headSha], { allowFailure: true });
  if (tree.exitCode !== 0) return null;
  const treeId = tree.stdout.split('\n')[0]?.trim() as string;
  const parents = request.method === 'merge' ? ['-p', baseSha, '-p', request.headSha] : ['-p', baseSha];
  const env = {
    GIT_AUTHOR_NAME: request.author.name,
    GIT_AUTHOR_EMAIL: request.author.email,
    GIT_COMMITTER_NAME: 'GitHub',
    GIT_COMMITTER_EMAIL: 'noreply@emulated.invalid',
  };
  const message = request.message ? `${request.title}\n\n${request.message}` : request.title;
  const commit = await git([...at, 'commit-tree', treeId, ...parents, '-m', message], { env });
  const sha = commit.stdout.trim();
  await git([...at, 'update-ref', `refs/heads/${request.baseRef}`, sha, baseSha]);
  return sha;
}

/** One file's changes between two commits, without context lines: what tells where a line moved. */
export async function diffFile(git: GitRunner, gitDir: string, from: string, to: string, path: string): Promise<string> {
  const out = await git(['--git-dir', gitDir, 'diff', '--no-color', '--no-ext-diff', '-U0', from, to, '--', path]);
  return out.stdout;
}
