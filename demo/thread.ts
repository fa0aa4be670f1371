// The finished thread as GitHub would show it: the issue with its comments, the pull request with its
// commits and files, the reviews with their inline comments, and the check runs on the head commit.

export interface ThreadComment {
  author: string;
  body: string;
}

export interface ThreadIssue {
  number: number;
  title: string;
  body: string;
  author: string;
  labels: string[];
  state: string;
  url: string;
}

export interface ThreadPull {
  number: number;
  title: string;
  body: string;
  author: string;
  head: string;
  base: string;
  headSha: string;
  draft: boolean;
  state: string;
  url: string;
}

export interface ThreadCommit {
  sha: string;
  subject: string;
  author: string;
}

export interface ThreadFile {
  path: string;
  status: string;
  additions: number;
  deletions: number;
  patch: string;
}

export interface ThreadInlineComment {
  path: string;
  line: number | null;
  /** The first line of a comment on a range of lines; null for one line. */
  startLine: number | null;
  body: string;
  diffHunk: string;
}

/** ` line 9`, ` lines 9-11`, or nothing when GitHub gave no line. */
export function linesOf(comment: Pick<ThreadInlineComment, 'line' | 'startLine'>): string {
  if (comment.line === null) return '';
  return comment.startLine !== null && comment.startLine < comment.line ? ` lines ${comment.startLine}-${comment.line}` : ` line ${comment.line}`;
}

export interface ThreadReview {
  author: string;
  /** APPROVED, CHANGES_REQUESTED or COMMENTED. */
  state: string;
  body: string;
  commit: string;
  comments: ThreadInlineComment[];
}

export interface ThreadCheckRun {
  name: string;
  status: string;
  conclusion: string | null;
  headSha: string;
  title: string;
  summary: string;
}

export interface Thread {
  repository: string;
  issue: ThreadIssue;
  comments: ThreadComment[];
  pull: ThreadPull | null;
  commits: ThreadCommit[];
  files: ThreadFile[];
  reviews: ThreadReview[];
  checkRuns: ThreadCheckRun[];
}

/** The state badge GitHub shows beside a pull request's title. */
export function pullState(pull: Pick<ThreadPull, 'state' | 'draft'>): string {
  if (pull.state === 'merged') return 'Merged';
  if (pull.state === 'closed') return 'Closed';
  return pull.draft ? 'Draft' : 'Open, ready for review';
}
