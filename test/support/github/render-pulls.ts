// REST representations of pull requests, reviews, changed files and check runs.
import type { World } from './state.js';
import type { CheckRun, Issue, Pull, Repo, Review } from './model.js';
import { nodeId } from './model.js';
import { authorAssociation, renderApp, renderLabel, renderRepository, renderUser, type Json, type Urls } from './render-accounts.js';
import { issueHtmlUrl } from './render-issues.js';
import type { ChangedFile } from './git-queries.js';

/** Figures only a full `GET /pulls/{n}` carries, computed from the git remote. */
export interface PullDetail {
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
  mergeable: boolean | null;
}

export function pullOf(issue: Issue): Pull {
  if (!issue.pull) throw new Error(`#${issue.number} is not a pull request`);
  return issue.pull;
}

export function renderPull(world: World, repo: Repo, issue: Issue, urls: Urls, detail: PullDetail | null): Json {
  const pull = pullOf(issue);
  const api = `${urls.api}/repos/${repo.fullName}`;
  const self = `${api}/pulls/${issue.number}`;
  const html = issueHtmlUrl(repo, issue, urls);
  const owner = world.requireAccount(repo.owner);
  const ownerUser = renderUser(owner, urls);
  const repository = renderRepository(repo, owner, urls);
  const side = (ref: string, sha: string): Json => ({ label: `${repo.owner}:${ref}`, ref, sha, user: ownerUser, repo: repository });
  const link = (href: string): Json => ({ href });
  const json: Json = {
    url: self,
    id: issue.id,
    node_id: nodeId('PullRequest', issue.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    active_lock_reason: issue.lockReason,
    title: issue.title,
    user: renderUser(world.requireAccount(issue.author), urls),
    body: issue.body,
    labels: world.labelsOf(repo, issue).map((label) => renderLabel(repo, label, urls)),
    milestone: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.headRef, pull.headSha),
    base: side(pull.baseRef, pull.baseSha),
    _links: {
      self: link(self), html: link(html), issue: link(`${api}/issues/${issue.number}`),
      comments: link(`${api}/issues/${issue.number}/comments`), review_comments: link(`${self}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`), commits: link(`${self}/commits`),
      statuses: link(`${api}/statuses/${pull.headSha}`),
    },
    author_association: authorAssociation(repo, issue.author),
    auto_merge: pull.autoMerge
      ? {
        enabled_by: renderUser(world.requireAccount(pull.autoMerge.enabledBy), urls),
        merge_method: pull.autoMerge.method,
        commit_title: issue.title,
        commit_message: '',
      }
      : null,
    draft: pull.draft,
  };
  if (!detail) return json;
  const reviewComments = repo.reviews.filter((r) => r.pullNumber === issue.number).reduce((n, r) => n + r.comments.length, 0);
  return {
    ...json,
    merged: pull.merged,
    mergeable: pull.merged || issue.state === 'closed' ? null : detail.mergeable,
    rebaseable: pull.merged || issue.state === 'closed' ? null : detail.mergeable,
    mergeable_state: mergeableState(issue, pull, detail),
    merged_by: pull.mergedBy ? renderUser(world.requireAccount(pull.mergedBy), urls) : null,
    comments: world.commentsOf(repo, issue).length,
    review_comments: reviewComments,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: detail.commits,
    additions: detail.additions,
    deletions: detail.deletions,
    changed_files: detail.changedFiles,
  };
}

function mergeableState(issue: Issue, pull: Pull, detail: PullDetail): string {
  if (pull.merged || issue.state === 'closed') return 'unknown';
  if (pull.draft) return 'draft';
  if (detail.mergeable === false) return 'dirty';
  return 'clean';
}

export function renderReview(world: World, repo: Repo, issue: Issue, review: Review, urls: Urls): Json {
  const html = `${issueHtmlUrl(repo, issue, urls)}#pullrequestreview-${review.id}`;
  const pullUrl = `${urls.api}/repos/${repo.fullName}/pulls/${issue.number}`;
  return {
    id: review.id,
    node_id: nodeId('PullRequestReview', review.id),
    user: renderUser(world.requireAccount(review.author), urls),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    submitted_at: review.submittedAt ?? undefined,
    commit_id: review.commitId,
    author_association: authorAssociation(repo, review.author),
  };
}

export function renderChangedFile(repo: Repo, headSha: string, file: ChangedFile, urls: Urls): Json {
  const path = file.filename.split('/').map(encodeURIComponent).join('/');
  const json: Json = {
    sha: file.sha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${urls.web}/${repo.fullName}/blob/${headSha}/${path}`,
    raw_url: `${urls.web}/${repo.fullName}/raw/${headSha}/${path}`,
    contents_url: `${urls.api}/repos/${repo.fullName}/contents/${path}?ref=${headSha}`,
  };
  if (file.patch !== null) json.patch = file.patch;
  if (file.previousFilename) json.previous_filename = file.previousFilename;
  return json;
}

export function renderCheckRun(world: World, repo: Repo, run: CheckRun, urls: Urls): Json {
  const url = `${urls.api}/repos/${repo.fullName}/check-runs/${run.id}`;
  const bot = world.requireAccount(run.app);
  const appOwner = world.account('github') ?? world.requireAccount(repo.owner);
  const minimal = (number: number, pull: Pull): Json => ({
    id: repo.issues.get(number)?.id ?? number,
    number,
    url: `${urls.api}/repos/${repo.fullName}/pulls/${number}`,
    head: { ref: pull.headRef, sha: pull.headSha, repo: { id: repo.id, url: `${urls.api}/repos/${repo.fullName}`, name: repo.name } },
    base: { ref: pull.baseRef, sha: pull.baseSha, repo: { id: repo.id, url: `${urls.api}/repos/${repo.fullName}`, name: repo.name } },
  });
  const pulls = [...repo.issues.values()]
    .filter((i) => i.pull && i.state === 'open' && i.pull.headSha === run.headSha)
    .map((i) => minimal(i.number, i.pull as Pull));
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId('CheckRun', run.id),
    external_id: run.externalId ?? '',
    url,
    html_url: `${urls.web}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${urls.web}/${repo.fullName}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: 0, annotations_url: `${url}/annotations` },
    name: run.name,
    check_suite: { id: run.suiteId },
    app: renderApp(bot, urls, appOwner),
    pull_requests: pulls,
  };
}
