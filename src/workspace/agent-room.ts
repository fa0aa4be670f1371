// The agents' room: where every agent process runs, and what it can reach. One directory per job, outside
// the runner user's home (which other users cannot enter), holding:
//   git/            the repository's git directory: the action's, readable by the agent, never writable by it
//   work/           the work tree (a `.git` file points at git/): handed to the agent user while an agent
//                   writes, taken back before the action runs git in it
//   home/           HOME of Claude and of the verification commands (TMPDIR inside)
//   codex-*/        one per Codex phase: a read-only HOME, a fresh CODEX_HOME, the schema and reply files
//   review-*/       the reviewer's checkout of the head commit
// With `isolation: user` agents run as the job's agent user (see agent-user.ts); with `none` they run as the
// runner user in the same layout, so there is one way of working either way.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import { Git, writeSafeAttributes, type AuthenticatedRemote, type RepositoryPaths } from './git.js';
import type { RunAs } from './process.js';
import { runProcess } from './process.js';
import { agentRunAs, createAgentUser, killAgentProcesses, removeAgentUser, type AgentUser } from './agent-user.js';
import { restoreGitDir, snapshotGitDir } from './git-dir-guard.js';
import { failureText, type Privilege } from './privilege.js';

export type IsolationMode = 'user' | 'none';

/** Directories of one Codex phase and the variables that point Codex at them. */
export interface CodexPlace {
  /** Written by the action (the answer schema); readable by the agent. */
  inputDir: string;
  /** Written by Codex (its last message); read by the action afterwards. */
  outputDir: string;
  env: { HOME: string; CODEX_HOME: string; TMPDIR: string };
}

export interface AgentRoom {
  readonly mode: IsolationMode;
  readonly user: AgentUser | null;
  readonly root: string;
  /** The repository the loop works in, addressed explicitly by the action's git. */
  readonly repo: RepositoryPaths;
  /** The action's git for that repository. */
  readonly git: Git;
  /** HOME of Claude and of the verification commands. */
  readonly home: string;
  /** How agent processes are started; undefined when they run as the runner user. */
  readonly runAs: RunAs | undefined;
  codexPlace(phase: string): Promise<CodexPlace>;
  /** A fresh, empty directory for the reviewer's checkout, readable by the agent user. */
  reviewParent(): Promise<string>;
  /**
   * Runs one agent step. `writes`: the work tree is the agent's while it runs. Afterwards every agent process
   * is stopped, the tree is taken back, and anything the step changed in the git directory is put back.
   */
  session<T>(step: () => Promise<T>, options: { writes: boolean }): Promise<T>;
  /** Stops the agent's processes, removes the room and the agent user. */
  dispose(): Promise<void>;
}

export interface RoomOptions {
  mode: IsolationMode;
  /** Root or sudo; needed for `user`. */
  priv: Privilege | null;
  /** The room is made inside this directory (the system temp dir). */
  baseDir: string;
  /** The checkout to take the repository from (GITHUB_WORKSPACE); null or a non-repository starts empty. */
  source: string | null;
  /** The environment of the action's git commands. */
  gitEnv: Record<string, string>;
  log: (message: string) => void;
}

/** What the post step needs to clean up after a job that ended before the main step could. */
export interface RoomRecord {
  root: string;
  user: AgentUser | null;
}

export async function openAgentRoom(options: RoomOptions): Promise<AgentRoom> {
  const { mode, priv } = options;
  if (mode === 'user' && !priv) throw isolationImpossible();
  const root = await mkdtemp(join(options.baseDir, 'codex-cto-'));
  // Others may pass through to the paths they are given, but not list what is here.
  await chmod(root, 0o711);
  let user: AgentUser | null = null;
  try {
    user = mode === 'user' ? await createAgentUser(priv as Privilege) : null;
    const repo = { gitDir: join(root, 'git'), workTree: join(root, 'work') };
    await createRepository(options, repo);
    const home = join(root, 'home');
    await makeHome(home);
    const owner = user && priv ? new Owner(priv, user, repo.workTree) : null;
    if (owner) await owner.give([home, join(home, 'tmp'), join(home, '.gitconfig')]);
    // The action's git takes the work tree back before every command: it never works on a tree the agent owns.
    const git = new ReclaimingGit({ cwd: root, env: options.gitEnv, repo }, () => owner?.takeTree() ?? Promise.resolve());
    return createRoom({ mode, user, root, repo, git, home, priv, owner, log: options.log });
  } catch (error) {
    await removeRoom(priv, { root, user }).catch(() => undefined);
    throw error;
  }
}

function createRoom(parts: {
  mode: IsolationMode;
  user: AgentUser | null;
  root: string;
  repo: RepositoryPaths;
  git: Git;
  home: string;
  priv: Privilege | null;
  owner: Owner | null;
  log: (message: string) => void;
}): AgentRoom {
  const { user, root, repo, priv, owner } = parts;
  let places = 0;
  return {
    mode: parts.mode,
    user,
    root,
    repo,
    git: parts.git,
    home: parts.home,
    runAs: user && priv ? agentRunAs(priv, user) : undefined,
    async codexPlace(phase) {
      places += 1;
      const dir = join(root, `codex-${phase}-${places}`);
      const place: CodexPlace = {
        inputDir: join(dir, 'input'),
        outputDir: join(dir, 'output'),
        env: { HOME: join(dir, 'home'), CODEX_HOME: join(dir, 'state'), TMPDIR: join(dir, 'tmp') },
      };
      for (const path of [dir, place.inputDir, place.outputDir, place.env.HOME, place.env.CODEX_HOME, place.env.TMPDIR]) {
        await mkdir(path, { recursive: true, mode: 0o755 });
        await chmod(path, 0o755);
      }
      // Codex's HOME is read-only to it: the git settings its sandboxed commands see are ours alone.
      await writeFile(join(place.env.HOME, '.gitconfig'), AGENT_GITCONFIG, { mode: 0o644 });
      if (owner) await owner.give([place.outputDir, place.env.CODEX_HOME, place.env.TMPDIR]);
      return place;
    },
    async reviewParent() {
      const dir = await mkdtemp(join(root, 'review-'));
      await chmod(dir, 0o755);
      return dir;
    },
    async session(step, { writes }) {
      const before = await snapshotGitDir(repo.gitDir);
      // Steps that write one after the other (implement, verify) keep the tree; the action's git takes it back.
      if (owner && writes) await owner.giveTree();
      try {
        return await step();
      } finally {
        // Nothing the agent started may outlive its step: the action's git may run next.
        if (owner) await owner.stopAll();
        const changed = await restoreGitDir(before);
        if (changed.length > 0) parts.log(`codex-cto: an agent changed ${changed.join(', ')} in the git directory; put back as it was`);
      }
    },
    dispose: () => removeRoom(priv, { root, user }),
  };
}

/** Git settings of the agent user: the repository belongs to another user, which git otherwise refuses. */
const AGENT_GITCONFIG = '[safe]\n\tdirectory = *\n';

async function makeHome(home: string): Promise<void> {
  await mkdir(join(home, 'tmp'), { recursive: true });
  await chmod(home, 0o700);
  await writeFile(join(home, '.gitconfig'), AGENT_GITCONFIG, { mode: 0o600 });
}

/**
 * The repository of the loop: a clone of the checkout (objects shared by hard links) with its git directory
 * apart from the work tree, no hook templates, no remote (the action fetches and pushes by URL), filters off,
 * and readable by other users so the agent user's git (and the reviewer's) can read history.
 */
async function createRepository(options: RoomOptions, repo: RepositoryPaths): Promise<void> {
  const git = new Git({ cwd: options.baseDir, env: options.gitEnv });
  const source = options.source && (await isRepository(options.source, options.gitEnv)) ? options.source : null;
  const args = source
    ? ['clone', '--quiet', '--no-checkout', '--template=', `--separate-git-dir=${repo.gitDir}`, source, repo.workTree]
    : ['init', '--quiet', '--template=', `--separate-git-dir=${repo.gitDir}`, repo.workTree];
  await git.run(args);
  const inRepo = new Git({ cwd: repo.workTree, env: options.gitEnv, repo });
  if (source) await inRepo.run(['remote', 'remove', 'origin'], { allowFailure: true });
  await writeSafeAttributes(repo.gitDir);
  const chmodded = await runProcess('chmod', ['-R', 'u+rwX,go+rX,go-w', repo.gitDir], { cwd: options.baseDir, env: options.gitEnv, timeoutMs: 60_000 });
  if (chmodded.exitCode !== 0) throw new CtoError('internal', `Could not open the repository to the agent user: chmod ${failureText(chmodded)}`);
}

async function isRepository(dir: string, env: Record<string, string>): Promise<boolean> {
  const probe = await new Git({ cwd: dir, env }).exec(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  return probe.exitCode === 0;
}

/** A git whose every command first takes the work tree back from the agent user. */
class ReclaimingGit extends Git {
  private readonly reclaim: () => Promise<void>;
  constructor(options: ConstructorParameters<typeof Git>[0], reclaim: () => Promise<void>) {
    super(options);
    this.reclaim = reclaim;
  }
  override async exec(args: readonly string[], auth?: AuthenticatedRemote) {
    await this.reclaim();
    return super.exec(args, auth);
  }
}

/** Changes of owner between the runner user and the agent user, done as root. */
class Owner {
  private readonly runner = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  private readonly priv: Privilege;
  private readonly user: AgentUser;
  private readonly workTree: string;
  /** Whether the work tree is the agent user's now. */
  private given = false;
  private taking: Promise<void> | null = null;
  constructor(priv: Privilege, user: AgentUser, workTree: string) {
    this.priv = priv;
    this.user = user;
    this.workTree = workTree;
  }

  /** These paths (not recursively) now belong to the agent user. */
  async give(paths: readonly string[]): Promise<void> {
    await this.must(['chown', '-h', `${this.user.uid}:${this.user.gid}`, '--', ...paths], 'hand over');
  }

  async giveTree(): Promise<void> {
    if (this.given) return;
    await this.chownTree(this.workTree, this.runner, this.user, 'hand the work tree over to');
    this.given = true;
  }

  /** Takes the work tree back; the agent's processes are stopped first, so nothing can change it meanwhile. */
  takeTree(): Promise<void> {
    if (!this.given) return Promise.resolve();
    // Git commands may start together: they share one taking back.
    this.taking ??= (async () => {
      try {
        await this.stopAll();
        await this.chownTree(this.workTree, this.user, this.runner, 'take the work tree back from');
        this.given = false;
      } finally {
        this.taking = null;
      }
    })();
    return this.taking;
  }

  stopAll(): Promise<void> {
    return killAgentProcesses(this.priv, this.user);
  }

  /**
   * Everything in `dir` owned by `from` becomes `to`'s, on this file system only, never following a link.
   * A file with more than one link is skipped: it may be a hard link to a file outside the tree.
   */
  private async chownTree(dir: string, from: { uid: number }, to: { uid: number; gid: number }, what: string): Promise<void> {
    await this.must(
      ['find', dir, '-xdev', '-user', String(from.uid), '(', '-type', 'd', '-o', '-links', '1', ')', '-exec', 'chown', '-h', `${to.uid}:${to.gid}`, '--', '{}', '+'],
      `${what} the agent user`,
    );
  }

  private async must(argv: readonly string[], what: string): Promise<void> {
    const result = await this.priv.run(argv, { timeoutMs: 5 * 60_000 });
    if (result.exitCode !== 0) throw new CtoError('internal', `Could not ${what}: ${argv[0]} ${failureText(result)}`);
  }
}

/** Stops the agent's processes, removes the room (as root: the agent's files are in it) and the agent user. */
export async function removeRoom(priv: Privilege | null, record: RoomRecord): Promise<void> {
  // The record may come from the runner's state file: only ever a room this code made.
  if (!isAbsolute(record.root) || !/^codex-cto-[A-Za-z0-9]{6}$/.test(basename(record.root)) || record.root !== resolve(record.root)) {
    throw new CtoError('internal', `not an agents' room: ${record.root}`);
  }
  if (record.user && priv) await killAgentProcesses(priv, record.user).catch(() => undefined);
  if (priv && record.user) await priv.run(['rm', '-rf', '--one-file-system', '--', record.root]);
  else await rm(record.root, { recursive: true, force: true });
  if (record.user && priv) await removeAgentUser(priv, record.user.name);
}

export function isolationImpossible(): CtoError {
  return new CtoError(
    'settings',
    'Agent isolation needs root or passwordless sudo to create the agent user, and this runner has neither.',
    'Run on a GitHub-hosted runner, give the runner user passwordless sudo, or set `isolation: none` to run the agents as the runner user (they can then read every secret of the job).',
  );
}
