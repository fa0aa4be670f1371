// Reads the finished thread from the emulated GitHub. Through the REST API where the emulator serves
// the route (the routes the action uses); commits come from the git remote and inline comments from
// the stored reviews, because the emulator does not serve the list endpoints GitHub's pages call.
import { plainOctokitFor, type SeededProject } from '../test/support/github/fixtures.js';
import type { GitHubEmulator } from '../test/support/github/emulator.js';
import type { Thread, ThreadCommit } from './thread.js';

/** Reads the thread of `issueNumber` (and its pull request, when there is one) as the maintainer sees it. */
export async function collectThread(gh: GitHubEmulator, project: SeededProject, issueNumber: number, pullNumber: number | null): Promise<Thread> {
  const api = plainOctokitFor(gh, project.tokens.maintainer);
  const where = { owner: project.owner, repo: project.name };
  const { data: issue } = await api.rest.issues.get({ ...where, issue_number: issueNumber });
  const { data: comments } = await api.rest.issues.listComments({ ...where, issue_number: issueNumber, per_page: 100 });
  const thread: Thread = {
    repository: project.fullName,
    issue: {
      number: issue.number,
      title: issue.title,
      body: issue.body ?? '',
      author: issue.user?.login ?? 'ghost',
      labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter(Boolean),
      state: issue.state,
      url: issue.html_url,
    },
    comments: comments.map((comment) => ({ author: comment.user?.login ?? 'ghost', body: comment.body ?? '' })),
    pull: null,
    commits: [],
    files: [],
    reviews: [],
    checkRuns: [],
  };
  if (pullNumber === null) return thread;

  const { data: pull } = await api.rest.pulls.get({ ...where, pull_number: pullNumber });
  thread.pull = {
    number: pull.number,
    title: pull.title,
    body: pull.body ?? '',
    author: pull.user?.login ?? 'ghost',
    head: pull.head.ref,
    base: pull.base.ref,
    headSha: pull.head.sha,
    draft: pull.draft ?? false,
    state: pull.merged ? 'merged' : pull.state,
    url: pull.html_url,
  };
  const { data: files } = await api.rest.pulls.listFiles({ ...where, pull_number: pullNumber, per_page: 100 });
  thread.files = files.map((file) => ({ path: file.filename, status: file.status, additions: file.additions, deletions: file.deletions, patch: file.patch ?? '' }));
  thread.commits = await commitsBetween(gh, project, pull.base.ref, pull.head.ref);

  const { data: reviews } = await api.rest.pulls.listReviews({ ...where, pull_number: pullNumber, per_page: 100 });
  const stored = project.repo.reviews;
  thread.reviews = reviews.map((review) => ({
    author: review.user?.login ?? 'ghost',
    state: review.state,
    body: review.body,
    commit: review.commit_id ?? '',
    comments: (stored.find((s) => s.id === review.id)?.comments ?? []).map((c) => ({ path: c.path, line: c.line, startLine: c.startLine, body: c.body, diffHunk: c.diffHunk })),
  }));
  const { data: checks } = await api.rest.checks.listForRef({ ...where, ref: pull.head.sha });
  thread.checkRuns = checks.check_runs.map((run) => ({
    name: run.name,
    status: run.status,
    conclusion: run.conclusion,
    headSha: run.head_sha,
    title: run.output.title ?? '',
    summary: run.output.summary ?? '',
  }));
  return thread;
}

/** Commits on `head` that `base` lacks, oldest first (the order a pull request lists them). */
async function commitsBetween(gh: GitHubEmulator, project: SeededProject, base: string, head: string): Promise<ThreadCommit[]> {
  const onBase = new Set((await gh.git.log(project.owner, project.name, base, 200)).map((commit) => commit.sha));
  const onHead = await gh.git.log(project.owner, project.name, head, 200);
  return onHead
    .filter((commit) => !onBase.has(commit.sha))
    .reverse()
    .map((commit) => ({ sha: commit.sha, subject: commit.subject, author: commit.authorName }));
}
