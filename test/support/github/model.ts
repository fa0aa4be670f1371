// The emulator's data model: what GitHub stores, reduced to what this project touches.
import type { DiffSide } from './diff.js';

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export const PERMISSION_RANK: Record<Permission, number> = {
  none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5,
};

export type AccountType = 'User' | 'Bot' | 'Organization';

export interface Account {
  id: number;
  login: string;
  type: AccountType;
  name: string | null;
  email: string | null;
  createdAt: string;
}

export interface TokenGrant {
  token: string;
  login: string;
  /** `installation`: a GitHub App token such as the workflow's GITHUB_TOKEN; `user`: a PAT. */
  kind: 'installation' | 'user';
  /** For installation tokens: the permission the token has on every repository. */
  permission: Permission;
  /**
   * Whether pushes may create or change files under `.github/workflows/` (a GitHub App's Workflows permission,
   * a PAT's `workflow` scope). The workflow's own GITHUB_TOKEN never may.
   */
  workflows: boolean;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
  isDefault: boolean;
}

export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';
export const REACTION_CONTENTS: readonly ReactionContent[] = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'];

export interface Reaction {
  id: number;
  content: ReactionContent;
  user: string;
  createdAt: string;
}

export interface Pull {
  headRef: string;
  /** The head commit when last seen; refreshed from the git remote whenever the PR is read. */
  headSha: string;
  baseRef: string;
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  autoMerge: { method: 'merge' | 'squash' | 'rebase'; enabledBy: string } | null;
  maintainerCanModify: boolean;
}

/** An issue, or the issue half of a pull request (`pull` set); they share one number space. */
export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  author: string;
  labels: string[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  locked: boolean;
  lockReason: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  reactions: Reaction[];
  pull: Pull | null;
}

export interface IssueComment {
  id: number;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  reactions: Reaction[];
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING' | 'DISMISSED';

/**
 * An inline comment as it was made: on `line` (and `startLine`) of `side`, at `position` in the diff of
 * commit `commitId` (what GitHub reports as `original_*`). Where it sits now, after later pushes, is
 * derived when it is read (review-anchors.ts).
 */
export interface ReviewComment {
  id: number;
  path: string;
  line: number | null;
  side: DiffSide;
  startLine: number | null;
  startSide: DiffSide | null;
  position: number | null;
  commitId: string;
  body: string;
  diffHunk: string;
  /** The first comment of the thread, for a reply; null for the comment that starts a thread. */
  inReplyTo: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Review {
  id: number;
  pullNumber: number;
  author: string;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string | null;
  comments: ReviewComment[];
}

export interface CheckRun {
  id: number;
  suiteId: number;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Login of the app's bot that created it. */
  app: string;
}

export interface Repo {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  description: string | null;
  allowActionsToCreatePullRequests: boolean;
  allowAutoMerge: boolean;
  /** Check names branch protection requires on the default branch (what makes auto-merge wait). */
  requiredChecks: string[];
  createdAt: string;
  pushedAt: string;
  /** login (lower case) -> permission. */
  collaborators: Map<string, Permission>;
  /** label name (lower case) -> label. */
  labels: Map<string, Label>;
  issues: Map<number, Issue>;
  comments: Map<number, IssueComment>;
  reviews: Review[];
  /** Resolved review threads: id of the thread's first comment -> login of who resolved it. */
  resolvedThreads: Map<number, string>;
  checkRuns: Map<number, CheckRun>;
  nextNumber: number;
}

/** Opaque global ids in GitHub's style (`PR_...`), decodable by the GraphQL endpoint. */
export function nodeId(kind: string, id: number): string {
  const prefix = NODE_PREFIX[kind] ?? 'N';
  return `${prefix}_${Buffer.from(`${kind}:${id}`).toString('base64url')}`;
}

export function parseNodeId(value: string): { kind: string; id: number } | null {
  const encoded = value.slice(value.indexOf('_') + 1);
  const decoded = Buffer.from(encoded, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):(\d+)$/.exec(decoded);
  return match ? { kind: match[1] as string, id: Number(match[2]) } : null;
}

const NODE_PREFIX: Record<string, string> = {
  User: 'U', Bot: 'BOT', Organization: 'O', Repository: 'R', Issue: 'I', IssueComment: 'IC',
  PullRequest: 'PR', PullRequestReview: 'PRR', PullRequestReviewComment: 'PRRC', PullRequestReviewThread: 'PRRT', Label: 'LA',
  Reaction: 'REA', CheckRun: 'CR', CheckSuite: 'CS',
};
