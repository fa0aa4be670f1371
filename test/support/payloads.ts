// Webhook payloads built from the emulator's state (so the event and the API agree), each
// validated against GitHub's official webhook schema when built: an invalid payload throws.
import type { ValidateFunction } from 'ajv';
import type { CommitInfo } from './git-remote.js';
import type { GitHubEmulator } from './github/emulator.js';
import type { Account, Repo } from './github/model.js';
import { nodeId } from './github/model.js';
import { COMPONENTS_ID, loadSpec } from './github/openapi.js';
import { renderLabel, renderRepository, renderUser, type Json, type Urls } from './github/render-accounts.js';
import { renderComment, renderIssue } from './github/render-issues.js';
import { renderPull, renderReview } from './github/render-pulls.js';
import { renderReviewComment } from './github/render-review-comments.js';
import { anchorAsMade } from './github/review-anchors.js';
import { findReviewComment } from './github/review-threads.js';

export type Payload = Record<string, unknown>;

type Source = Pick<GitHubEmulator, 'state' | 'url' | 'serverUrl'>;

const validators = new Map<string, ValidateFunction>();

/** Throws when `payload` does not match `components.schemas[schemaName]` of GitHub's description. */
export function assertWebhookPayload(schemaName: string, payload: Payload): Payload {
  let validate = validators.get(schemaName);
  if (!validate) {
    validate = loadSpec().ajv.compile({ $ref: `${COMPONENTS_ID}#/components/schemas/${schemaName}` });
    validators.set(schemaName, validate);
  }
  if (!validate(payload)) {
    const problems = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    throw new Error(`payload does not match ${schemaName}:\n${problems.join('\n')}`);
  }
  return payload;
}

export function issuesLabeledPayload(gh: Source, options: { repo: string; issue: number; label: string; sender: string }): Payload {
  const { repo, urls, common } = setting(gh, options.repo, options.sender);
  const issue = gh.state.requireIssue(repo, options.issue);
  const label = repo.labels.get(options.label.toLowerCase());
  if (!label || !issue.labels.includes(label.name)) throw new Error(`label ${options.label} is not on #${options.issue}: add it first`);
  return assertWebhookPayload('webhook-issues-labeled', {
    action: 'labeled',
    issue: renderIssue(gh.state, repo, issue, urls),
    label: renderLabel(repo, label, urls),
    ...common,
  });
}

export function issuesOpenedPayload(gh: Source, options: { repo: string; issue: number; sender?: string }): Payload {
  const repoState = gh.state.requireRepo(options.repo);
  const issue = gh.state.requireIssue(repoState, options.issue);
  const { repo, urls, common } = setting(gh, options.repo, options.sender ?? issue.author);
  return assertWebhookPayload('webhook-issues-opened', { action: 'opened', issue: renderIssue(gh.state, repo, issue, urls), ...common });
}

/** `issue_comment.created`; on a pull request the issue carries `pull_request`, as on GitHub. */
export function issueCommentCreatedPayload(gh: Source, options: { repo: string; comment: number; sender?: string }): Payload {
  const repoState = gh.state.requireRepo(options.repo);
  const comment = repoState.comments.get(options.comment);
  if (!comment) throw new Error(`no comment ${options.comment} in ${options.repo}`);
  const { repo, urls, common } = setting(gh, options.repo, options.sender ?? comment.author);
  const issue = gh.state.requireIssue(repo, comment.issueNumber);
  return assertWebhookPayload('webhook-issue-comment-created', {
    action: 'created',
    issue: renderIssue(gh.state, repo, issue, urls),
    comment: renderComment(gh.state, repo, comment, urls),
    ...common,
  });
}

/** `issue_comment.edited`: the comment as it reads now, with `from`, its body before the edit. */
export function issueCommentEditedPayload(gh: Source, options: { repo: string; comment: number; from: string; sender?: string }): Payload {
  const repoState = gh.state.requireRepo(options.repo);
  const comment = repoState.comments.get(options.comment);
  if (!comment) throw new Error(`no comment ${options.comment} in ${options.repo}`);
  const { repo, urls, common } = setting(gh, options.repo, options.sender ?? comment.author);
  const issue = gh.state.requireIssue(repo, comment.issueNumber);
  return assertWebhookPayload('webhook-issue-comment-edited', {
    action: 'edited',
    changes: { body: { from: options.from } },
    issue: renderIssue(gh.state, repo, issue, urls),
    comment: renderComment(gh.state, repo, comment, urls),
    ...common,
  });
}

/**
 * `pull_request_review.submitted` for a review in the emulator's state. Webhooks spell the state in
 * lower case (`approved`, `changes_requested`, `commented`) and an empty body as null.
 */
export function pullRequestReviewSubmittedPayload(gh: Source, options: { repo: string; review: number; sender?: string }): Payload {
  const repoState = gh.state.requireRepo(options.repo);
  const review = repoState.reviews.find((r) => r.id === options.review);
  if (!review || review.state === 'PENDING') throw new Error(`no submitted review ${options.review} in ${options.repo}`);
  const { repo, urls, common } = setting(gh, options.repo, options.sender ?? review.author);
  const issue = gh.state.requireIssue(repo, review.pullNumber);
  return assertWebhookPayload('webhook-pull-request-review-submitted', {
    action: 'submitted',
    review: { ...renderReview(gh.state, repo, issue, review, urls), body: review.body || null, state: review.state.toLowerCase() },
    pull_request: renderPull(gh.state, repo, issue, urls, null),
    ...common,
  });
}

/** `pull_request_review_comment.created` for an inline comment or reply, as it was when it was made. */
export function pullRequestReviewCommentCreatedPayload(gh: Source, options: { repo: string; comment: number; sender?: string }): Payload {
  const repoState = gh.state.requireRepo(options.repo);
  const located = findReviewComment(repoState, options.comment);
  if (!located) throw new Error(`no review comment ${options.comment} in ${options.repo}`);
  const { repo, urls, common } = setting(gh, options.repo, options.sender ?? located.review.author);
  const issue = gh.state.requireIssue(repo, located.review.pullNumber);
  return assertWebhookPayload('webhook-pull-request-review-comment-created', {
    action: 'created',
    comment: renderReviewComment(gh.state, { repo, issue, ...located }, anchorAsMade(located.comment), urls, 'webhook'),
    pull_request: renderPull(gh.state, repo, issue, urls, null),
    ...common,
  });
}

export function workflowDispatchPayload(
  gh: Source,
  options: { repo: string; sender: string; inputs?: Record<string, string> | null; ref?: string; workflow?: string },
): Payload {
  const { repo, common } = setting(gh, options.repo, options.sender);
  return assertWebhookPayload('webhook-workflow-dispatch', {
    inputs: options.inputs ?? null,
    ref: options.ref ?? `refs/heads/${repo.defaultBranch}`,
    workflow: options.workflow ?? '.github/workflows/codex-cto.yml',
    ...common,
  });
}

/** A `push` of `commits` (oldest first) that moved `ref` from `before` to the last commit. */
export function pushPayload(gh: Source, options: { repo: string; sender: string; ref: string; before: string; commits: CommitInfo[] }): Payload {
  const { repo, urls, common, owner } = setting(gh, options.repo, options.sender);
  const after = options.commits.at(-1)?.sha ?? options.before;
  const commit = (info: CommitInfo): Json => ({
    id: info.sha,
    tree_id: info.sha,
    distinct: true,
    message: info.body ? `${info.subject}\n\n${info.body}` : info.subject,
    timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    url: `${urls.web}/${repo.fullName}/commit/${info.sha}`,
    author: { name: info.authorName, email: info.authorEmail },
    committer: { name: info.committerName, email: info.authorEmail },
    added: [],
    removed: [],
    modified: [],
  });
  const repository = renderRepository(repo, owner, urls);
  const epoch = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
  return assertWebhookPayload('webhook-push', {
    ref: options.ref,
    before: options.before,
    after,
    created: /^0+$/.test(options.before),
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `${urls.web}/${repo.fullName}/compare/${options.before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: options.commits.map(commit),
    head_commit: options.commits.length ? commit(options.commits.at(-1) as CommitInfo) : null,
    pusher: { name: options.sender, email: null },
    ...common,
    // Push events carry the repository with epoch timestamps and a `master_branch`, unlike others.
    repository: { ...repository, created_at: epoch(repo.createdAt), pushed_at: epoch(repo.pushedAt), master_branch: repo.defaultBranch, stargazers: 0 },
  });
}

function setting(gh: Source, fullName: string, senderLogin: string): { repo: Repo; urls: Urls; owner: Account; common: Json } {
  const repo = gh.state.requireRepo(fullName);
  const urls: Urls = { api: gh.url, web: gh.serverUrl };
  const owner = gh.state.requireAccount(repo.owner);
  const common: Json = {
    repository: renderRepository(repo, owner, urls),
    sender: renderUser(gh.state.requireAccount(senderLogin), urls),
  };
  if (owner.type === 'Organization') common.organization = renderOrganization(owner, urls);
  return { repo, urls, owner, common };
}

function renderOrganization(owner: Account, urls: Urls): Json {
  const api = `${urls.api}/orgs/${owner.login}`;
  return {
    login: owner.login,
    id: owner.id,
    node_id: nodeId('Organization', owner.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${urls.web}/avatars/u/${owner.id}`,
    description: null,
  };
}
