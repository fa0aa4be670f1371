// The emulator's world, in memory: accounts, tokens, repositories and everything in them.
// Seed helpers and mid-run mutations (close a PR, lock an issue...) are plain methods, so a test
// can change the world between two requests of the code under test.
import type {
  Account, AccountType, CheckRun, IssueComment, Issue, Label, Permission, Pull, Repo, TokenGrant,
} from './model.js';
import { PERMISSION_RANK } from './model.js';
import { WorkflowRuns } from './workflow-runs.js';

export interface AccountSeed {
  login: string;
  type?: AccountType;
  id?: number;
  name?: string | null;
  email?: string | null;
}

export interface RepoSeed {
  owner: string;
  name: string;
  defaultBranch?: string;
  private?: boolean;
  description?: string | null;
  /** The setting "Allow GitHub Actions to create and approve pull requests" (off by default, as on GitHub). */
  allowActionsToCreatePullRequests?: boolean;
  allowAutoMerge?: boolean;
  /** Required status checks of the default branch's protection. */
  requiredChecks?: string[];
  collaborators?: Record<string, Permission>;
}

export interface IssueSeed {
  title: string;
  body?: string | null;
  author: string;
  labels?: string[];
  state?: 'open' | 'closed';
  locked?: boolean;
}

export interface PullSeed {
  title: string;
  body?: string | null;
  author: string;
  head: string;
  base: string;
  headSha: string;
  baseSha: string;
  draft?: boolean;
}

/** Label colours GitHub gives the labels a new repository starts with (a few of them). */
const DEFAULT_LABELS: [string, string, string][] = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['question', 'd876e3', 'Further information is requested'],
];

export class World {
  readonly accounts = new Map<string, Account>();
  readonly tokens = new Map<string, TokenGrant>();
  readonly repos = new Map<string, Repo>();
  private lastId = 1000;
  /** Timestamps without milliseconds, like GitHub's. */
  now: () => string = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  /** Workflow runs, started and completed by the harness that runs the action. */
  readonly workflowRuns = new WorkflowRuns(() => this.now());

  nextId(): number {
    return ++this.lastId;
  }

  addAccount(seed: AccountSeed): Account {
    const key = seed.login.toLowerCase();
    if (this.accounts.has(key)) throw new Error(`account ${seed.login} exists`);
    const account: Account = {
      id: seed.id ?? this.nextId(),
      login: seed.login,
      type: seed.type ?? 'User',
      name: seed.name ?? null,
      email: seed.email ?? null,
      createdAt: this.now(),
    };
    this.accounts.set(key, account);
    return account;
  }

  account(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  requireAccount(login: string): Account {
    const account = this.account(login);
    if (!account) throw new Error(`no account ${login}: add it first`);
    return account;
  }

  /** A token acting as `login`: an installation token (a GitHub App, e.g. the workflow token) or a user's PAT. */
  /** Adds a token; by default an installation token may not push workflow files and a user's token may. */
  addToken(token: string, grant: Omit<TokenGrant, 'token' | 'permission' | 'workflows'> & { permission?: Permission; workflows?: boolean }): TokenGrant {
    this.requireAccount(grant.login);
    const full: TokenGrant = { token, login: grant.login, kind: grant.kind, permission: grant.permission ?? 'write', workflows: grant.workflows ?? grant.kind === 'user' };
    this.tokens.set(token, full);
    return full;
  }

  addRepo(seed: RepoSeed): Repo {
    this.requireAccount(seed.owner);
    const fullName = `${seed.owner}/${seed.name}`;
    if (this.repos.has(fullName.toLowerCase())) throw new Error(`repository ${fullName} exists`);
    const repo: Repo = {
      id: this.nextId(),
      owner: seed.owner,
      name: seed.name,
      fullName,
      defaultBranch: seed.defaultBranch ?? 'main',
      private: seed.private ?? true,
      description: seed.description ?? null,
      allowActionsToCreatePullRequests: seed.allowActionsToCreatePullRequests ?? false,
      allowAutoMerge: seed.allowAutoMerge ?? false,
      requiredChecks: seed.requiredChecks ?? [],
      createdAt: this.now(),
      pushedAt: this.now(),
      collaborators: new Map(),
      labels: new Map(),
      issues: new Map(),
      comments: new Map(),
      reviews: [],
      resolvedThreads: new Map(),
      checkRuns: new Map(),
      nextNumber: 1,
    };
    if (this.requireAccount(seed.owner).type !== 'Organization') repo.collaborators.set(seed.owner.toLowerCase(), 'admin');
    for (const [login, permission] of Object.entries(seed.collaborators ?? {})) this.setPermission(repo, login, permission);
    for (const [name, color, description] of DEFAULT_LABELS) this.addLabel(repo, { name, color, description });
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  repo(fullName: string): Repo | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  requireRepo(fullName: string): Repo {
    const repo = this.repo(fullName);
    if (!repo) throw new Error(`no repository ${fullName}`);
    return repo;
  }

  setPermission(repo: Repo, login: string, permission: Permission): void {
    this.requireAccount(login);
    repo.collaborators.set(login.toLowerCase(), permission);
  }

  /** What `login` may do in `repo`; installation tokens carry their own grant. */
  permissionOf(repo: Repo, login: string, grant?: TokenGrant): Permission {
    if (grant?.kind === 'installation') return grant.permission;
    const explicit = repo.collaborators.get(login.toLowerCase());
    if (explicit) return explicit;
    return repo.private ? 'none' : 'read';
  }

  hasPermission(repo: Repo, login: string, needed: Permission, grant?: TokenGrant): boolean {
    return PERMISSION_RANK[this.permissionOf(repo, login, grant)] >= PERMISSION_RANK[needed];
  }

  addLabel(repo: Repo, seed: { name: string; color?: string; description?: string | null }): Label {
    const label: Label = {
      id: this.nextId(),
      name: seed.name,
      color: seed.color ?? 'ededed',
      description: seed.description ?? null,
      isDefault: DEFAULT_LABELS.some(([name]) => name === seed.name),
    };
    repo.labels.set(seed.name.toLowerCase(), label);
    return label;
  }

  addIssue(repo: Repo, seed: IssueSeed): Issue {
    this.requireAccount(seed.author);
    const at = this.now();
    const issue: Issue = {
      id: this.nextId(),
      number: repo.nextNumber++,
      title: seed.title,
      body: seed.body ?? null,
      author: seed.author,
      labels: [],
      state: seed.state ?? 'open',
      stateReason: seed.state === 'closed' ? 'completed' : null,
      locked: seed.locked ?? false,
      lockReason: null,
      createdAt: at,
      updatedAt: at,
      closedAt: seed.state === 'closed' ? at : null,
      closedBy: null,
      reactions: [],
      pull: null,
    };
    repo.issues.set(issue.number, issue);
    this.addLabels(repo, issue, seed.labels ?? []);
    return issue;
  }

  addPull(repo: Repo, seed: PullSeed): Issue {
    const issue = this.addIssue(repo, { title: seed.title, body: seed.body ?? null, author: seed.author });
    const pull: Pull = {
      headRef: seed.head,
      headSha: seed.headSha,
      baseRef: seed.base,
      baseSha: seed.baseSha,
      draft: seed.draft ?? false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      autoMerge: null,
      maintainerCanModify: false,
    };
    issue.pull = pull;
    return issue;
  }

  issue(repo: Repo, number: number): Issue | undefined {
    return repo.issues.get(number);
  }

  requireIssue(repo: Repo, number: number): Issue {
    const issue = repo.issues.get(number);
    if (!issue) throw new Error(`no issue #${number} in ${repo.fullName}`);
    return issue;
  }

  addComment(repo: Repo, issue: Issue, seed: { body: string; author: string }): IssueComment {
    this.requireAccount(seed.author);
    const at = this.now();
    const comment: IssueComment = {
      id: this.nextId(), issueNumber: issue.number, body: seed.body, author: seed.author,
      createdAt: at, updatedAt: at, reactions: [],
    };
    repo.comments.set(comment.id, comment);
    issue.updatedAt = at;
    return comment;
  }

  commentsOf(repo: Repo, issue: Issue): IssueComment[] {
    return [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).sort((a, b) => a.id - b.id);
  }

  /** Adds labels by name; unknown names are created, as GitHub does. Returns the issue's labels. */
  addLabels(repo: Repo, issue: Issue, names: readonly string[]): Label[] {
    for (const name of names) {
      const label = repo.labels.get(name.toLowerCase()) ?? this.addLabel(repo, { name });
      if (!issue.labels.some((n) => n.toLowerCase() === name.toLowerCase())) issue.labels.push(label.name);
    }
    issue.updatedAt = this.now();
    return this.labelsOf(repo, issue);
  }

  removeLabel(repo: Repo, issue: Issue, name: string): boolean {
    const before = issue.labels.length;
    issue.labels = issue.labels.filter((n) => n.toLowerCase() !== name.toLowerCase());
    issue.updatedAt = this.now();
    return issue.labels.length !== before;
  }

  labelsOf(repo: Repo, issue: Issue): Label[] {
    return issue.labels.map((name) => repo.labels.get(name.toLowerCase())).filter((l): l is Label => !!l);
  }

  lockIssue(issue: Issue, reason: string | null = null): void {
    issue.locked = true;
    issue.lockReason = reason;
  }

  /** Closes an issue or pull request (without merging), as a maintainer would. */
  close(issue: Issue, by: string | null = null): void {
    const at = this.now();
    issue.state = 'closed';
    issue.stateReason = issue.pull ? null : 'completed';
    issue.closedAt = at;
    issue.closedBy = by;
    issue.updatedAt = at;
  }

  reopen(issue: Issue): void {
    issue.state = 'open';
    issue.stateReason = issue.pull ? null : 'reopened';
    issue.closedAt = null;
    issue.updatedAt = this.now();
  }

  addCheckRun(repo: Repo, run: Omit<CheckRun, 'id' | 'suiteId'>): CheckRun {
    const full: CheckRun = { ...run, id: this.nextId(), suiteId: this.nextId() };
    repo.checkRuns.set(full.id, full);
    return full;
  }
}
