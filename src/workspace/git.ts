// The one git funnel: every git command of codex-cto runs here, with an argument array, a scrubbed
// environment and a timeout. After an agent has run, everything it could write is hostile input (the work
// tree, `.gitattributes`, any git config or hook it could reach), so every command runs hardened:
// - hooks off (`core.hooksPath` at an empty place), fsmonitor off, no credential helper, askpass, ssh
//   command, pager or signing program, and only the http(s) and local transports;
// - no external diff or textconv driver on any diff (`--no-ext-diff --no-textconv` added here);
// - the repository named explicitly (`--git-dir` and `--work-tree`) when the work tree is an agent's, so a
//   `.git` file or directory written there never decides which repository git opens;
// - the push token passed in the environment (GIT_CONFIG_*), never on the command line where `ps` shows it.
// Filters and merge drivers are switched off by the repository's own `info/attributes` (see
// `writeSafeAttributes`), which outranks any `.gitattributes` in the tree.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import { runProcess } from './process.js';

export interface GitIdentity {
  name: string;
  email: string;
}

/** A repository addressed explicitly: its git directory and the work tree it belongs to. */
export interface RepositoryPaths {
  gitDir: string;
  workTree: string;
}

export interface GitOptions {
  /** Where git runs; also the repository (by discovery) unless `repo` names it. */
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
  repo?: RepositoryPaths;
}

/** A remote the action may push to, with the token used for this command only. */
export interface AuthenticatedRemote {
  url: string;
  token: string;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** Characters of a refused push's output kept for telling why (the remote's own lines included). */
const PUSH_OUTPUT_KEPT = 8 * 1024;

/** A push: done, or refused with the last lines of git's answer (`message`) and more of it (`output`). */
export type PushResult = { ok: true } | { ok: false; rejected: boolean; message: string; output: string };

/**
 * Settings given on every command. Command-line settings outrank every config file, and git hands them
 * to the git processes it starts itself (submodules) through GIT_CONFIG_PARAMETERS.
 */
export const HARDENING: readonly string[] = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'core.askPass=',
  'core.pager=cat',
  'core.sshCommand=false',
  'credential.helper=',
  'commit.gpgSign=false',
  'tag.gpgSign=false',
  'submodule.recurse=false',
  'protocol.allow=never',
  'protocol.https.allow=always',
  'protocol.http.allow=always',
  'protocol.file.allow=always',
].flatMap((setting) => ['-c', setting]);

/** Subcommands that can print a patch, and so could run an external diff or textconv program. */
const DIFFING = new Set(['diff', 'log', 'show', 'format-patch', 'range-diff']);

/** Attribute rules that turn off every filter and merge driver, whatever `.gitattributes` says. */
export const SAFE_ATTRIBUTES = '# codex-cto: no filter or merge driver runs in this repository\n* !filter !merge\n';

export class Git {
  readonly cwd: string;
  readonly repo: RepositoryPaths | null;
  private readonly env: Record<string, string>;
  private readonly timeoutMs: number;

  /** The environment git runs with (for another Git on a worktree of the same repository). */
  get environment(): Record<string, string> {
    return { ...this.env };
  }

  constructor(options: GitOptions) {
    this.cwd = options.cwd;
    this.repo = options.repo ?? null;
    this.env = withoutGitOverrides({ ...options.env, GIT_TERMINAL_PROMPT: '0' });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Runs git and returns stdout; a non-zero exit throws CtoError('git') with git's own message. */
  async run(args: readonly string[], options: { allowFailure?: boolean; auth?: AuthenticatedRemote } = {}): Promise<string> {
    const result = await this.exec(args, options.auth);
    if (result.exitCode !== 0 && !options.allowFailure) {
      const what = args.find((a) => !a.startsWith('-')) ?? 'git';
      const detail = (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n');
      const why = result.timedOut ? `timed out after ${Math.round(this.timeoutMs / 1000)} s` : `exited ${result.exitCode ?? result.signal}`;
      throw new CtoError('git', `git ${what} ${why}: ${detail}`);
    }
    return result.stdout;
  }

  /** Like run, but reports the exit code instead of throwing. */
  async exec(args: readonly string[], auth?: AuthenticatedRemote) {
    return runProcess('git', gitArgs(args, this.repo), {
      cwd: this.cwd,
      env: auth ? { ...this.env, ...authEnv(auth) } : this.env,
      timeoutMs: this.timeoutMs,
    });
  }

  async headSha(): Promise<string> {
    return (await this.run(['rev-parse', 'HEAD'])).trim();
  }

  async currentBranch(): Promise<string | null> {
    const name = (await this.run(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
    return name === 'HEAD' ? null : name;
  }

  async isDirty(): Promise<boolean> {
    return (await this.run(['status', '--porcelain', '--untracked-files=all', '--ignore-submodules=all'])).trim() !== '';
  }

  async refExists(ref: string): Promise<boolean> {
    const result = await this.exec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return result.exitCode === 0;
  }

  /**
   * Stages everything and commits as `identity`; returns the new sha, or null when there was nothing to commit.
   * A repository inside the work tree (a folder with a `.git` of its own) cannot be committed as files and
   * would fail the whole commit: it is left out, and `onLeftOut` hears which.
   */
  async commitAll(message: string, identity: GitIdentity, onLeftOut?: (paths: string[]) => void): Promise<string | null> {
    const nested = await this.nestedRepositories();
    if (nested.length > 0) onLeftOut?.(nested);
    await this.run(['add', '--all', '--', ':/', ...nested.map((path) => `:(top,exclude,literal)${path}`)]);
    const staged = await this.exec(['diff', '--cached', '--quiet']);
    if (staged.exitCode === 0) return null;
    await this.run([
      '-c', `user.name=${identity.name}`,
      '-c', `user.email=${identity.email}`,
      'commit', '--no-verify', '--quiet', '-m', message,
    ]);
    return this.headSha();
  }

  /** Untracked repositories inside the work tree: `ls-files` lists each as its folder, with a trailing slash. */
  async nestedRepositories(): Promise<string[]> {
    const untracked = await this.run(['ls-files', '--others', '--exclude-standard', '--full-name', '-z']);
    return untracked.split('\0').filter((path) => path.endsWith('/'));
  }

  /** The paths `base...head` changes (added, changed, deleted, both sides of a rename), NUL-separated as git gives them. */
  async changedPaths(base: string, head: string): Promise<string[]> {
    const out = await this.run(['diff', '--name-only', '--no-renames', '-z', `${base}...${head}`]);
    return out.split('\0').filter((path) => path !== '');
  }

  async diffStat(base: string, head: string): Promise<string> {
    return (await this.run(['diff', '--stat=200', '--stat-count=400', `${base}...${head}`])).trimEnd();
  }

  async fetch(remote: AuthenticatedRemote, refspecs: readonly string[]): Promise<void> {
    await this.run(['fetch', '--no-tags', '--quiet', remote.url, ...refspecs], { auth: remote });
  }

  /** Fast-forward-only push of HEAD to `branch`; returns false when the remote branch has moved on. */
  async push(remote: AuthenticatedRemote, branch: string): Promise<PushResult> {
    const result = await this.exec(['push', '--no-verify', '--porcelain', remote.url, `HEAD:refs/heads/${branch}`], remote);
    if (result.exitCode === 0) return { ok: true };
    const text = `${result.stdout}\n${result.stderr}`;
    const rejected = /\[rejected\]|non-fast-forward|fetch first/.test(text);
    return { ok: false, rejected, message: text.trim().split('\n').slice(-4).join('\n'), output: text.trim().slice(-PUSH_OUTPUT_KEPT) };
  }
}

/** The full argv of one git command: the repository, the hardening, then the command with its diff guard. */
export function gitArgs(args: readonly string[], repo: RepositoryPaths | null): string[] {
  const location = repo ? [`--git-dir=${repo.gitDir}`, `--work-tree=${repo.workTree}`] : [];
  return [...location, ...HARDENING, ...guardDiffs(args)];
}

/** Adds `--no-ext-diff --no-textconv` right after a subcommand that can print a patch. */
function guardDiffs(args: readonly string[]): string[] {
  const out = [...args];
  // Skip the leading `-c key=value` pairs and options to find the subcommand.
  let i = 0;
  while (i < out.length && (out[i] as string).startsWith('-')) i += out[i] === '-c' || out[i] === '-C' ? 2 : 1;
  if (i < out.length && DIFFING.has(out[i] as string)) out.splice(i + 1, 0, '--no-ext-diff', '--no-textconv');
  return out;
}

/** The push or fetch credential as environment config (GIT_CONFIG_*), which only this user's processes can read. */
export function authEnv(auth: AuthenticatedRemote): Record<string, string> {
  // An empty extraheader first resets any persisted one (actions/checkout's), so exactly one header is sent.
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'http.extraheader',
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: 'http.extraheader',
    GIT_CONFIG_VALUE_1: `AUTHORIZATION: basic ${basicAuth(auth.token)}`,
  };
}

export function basicAuth(token: string): string {
  return Buffer.from(`x-access-token:${token}`).toString('base64');
}

/** Writes `info/attributes` into a git directory: no filter or merge driver runs, whatever the tree says. */
export async function writeSafeAttributes(gitDir: string): Promise<void> {
  await mkdir(join(gitDir, 'info'), { recursive: true });
  await writeFile(join(gitDir, 'info', 'attributes'), SAFE_ATTRIBUTES);
}

/** Variables that would point git at another repository, program or config than the one we name. */
const GIT_OVERRIDES = /^(GIT_DIR|GIT_WORK_TREE|GIT_INDEX_FILE|GIT_OBJECT_DIRECTORY|GIT_ALTERNATE_OBJECT_DIRECTORIES|GIT_COMMON_DIR|GIT_NAMESPACE|GIT_EXTERNAL_DIFF|GIT_SSH|GIT_SSH_COMMAND|GIT_ASKPASS|SSH_ASKPASS|GIT_EDITOR|GIT_PAGER|GIT_EXEC_PATH|GIT_TEMPLATE_DIR|GIT_CONFIG_COUNT|GIT_CONFIG_PARAMETERS|GIT_CONFIG_KEY_\d+|GIT_CONFIG_VALUE_\d+)$/;

function withoutGitOverrides(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !GIT_OVERRIDES.test(name)));
}
