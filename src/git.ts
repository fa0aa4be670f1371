// The one git funnel: every git command runs here, with an argument array, a scrubbed environment and a
// timeout. Credentials are passed per command (never written to config), so an agent running in the
// checkout can never find them.
import { CtoError } from './errors.js';
import { runProcess } from './process.js';

export interface GitIdentity {
  name: string;
  email: string;
}

export interface GitOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
}

/** A remote the action may push to, with the token used for this command only. */
export interface AuthenticatedRemote {
  url: string;
  token: string;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export class Git {
  readonly cwd: string;
  private readonly env: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: GitOptions) {
    this.cwd = options.cwd;
    this.env = { ...options.env, GIT_TERMINAL_PROMPT: '0' };
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
    // An empty extraheader first resets any persisted one (actions/checkout's), so exactly one header is sent.
    const authArgs = auth ? ['-c', 'http.extraheader=', '-c', `http.extraheader=AUTHORIZATION: basic ${basicAuth(auth.token)}`] : [];
    return runProcess('git', [...authArgs, ...args], { cwd: this.cwd, env: this.env, timeoutMs: this.timeoutMs });
  }

  async headSha(): Promise<string> {
    return (await this.run(['rev-parse', 'HEAD'])).trim();
  }

  async currentBranch(): Promise<string | null> {
    const name = (await this.run(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
    return name === 'HEAD' ? null : name;
  }

  async isDirty(): Promise<boolean> {
    return (await this.run(['status', '--porcelain', '--untracked-files=all'])).trim() !== '';
  }

  async refExists(ref: string): Promise<boolean> {
    const result = await this.exec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return result.exitCode === 0;
  }

  /** Stages everything and commits as `identity`; returns the new sha, or null when there was nothing to commit. */
  async commitAll(message: string, identity: GitIdentity): Promise<string | null> {
    await this.run(['add', '--all']);
    const staged = await this.exec(['diff', '--cached', '--quiet']);
    if (staged.exitCode === 0) return null;
    await this.run([
      '-c', `user.name=${identity.name}`,
      '-c', `user.email=${identity.email}`,
      '-c', 'commit.gpgsign=false',
      'commit', '--no-verify', '--quiet', '-m', message,
    ]);
    return this.headSha();
  }

  async diffStat(base: string, head: string): Promise<string> {
    return (await this.run(['diff', '--stat=200', '--stat-count=400', `${base}...${head}`])).trimEnd();
  }

  async fetch(remote: AuthenticatedRemote, refspecs: readonly string[]): Promise<void> {
    await this.run(['fetch', '--no-tags', '--quiet', remote.url, ...refspecs], { auth: remote });
  }

  /** Fast-forward-only push of HEAD to `branch`; returns false when the remote branch has moved on. */
  async push(remote: AuthenticatedRemote, branch: string): Promise<{ ok: true } | { ok: false; rejected: boolean; message: string }> {
    const result = await this.exec(['push', '--porcelain', remote.url, `HEAD:refs/heads/${branch}`], remote);
    if (result.exitCode === 0) return { ok: true };
    const text = `${result.stdout}\n${result.stderr}`;
    const rejected = /\[rejected\]|non-fast-forward|fetch first/.test(text);
    return { ok: false, rejected, message: text.trim().split('\n').slice(-4).join('\n') };
  }
}

export function basicAuth(token: string): string {
  return Buffer.from(`x-access-token:${token}`).toString('base64');
}
