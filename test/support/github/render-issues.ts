// REST representations of issues, issue comments and reactions.
import type { World } from './state.js';
import type { Issue, IssueComment, Reaction, Repo } from './model.js';
import { nodeId, REACTION_CONTENTS } from './model.js';
import { authorAssociation, renderLabel, renderUser, type Json, type Urls } from './render-accounts.js';

export function issueApiUrl(repo: Repo, issue: Issue, urls: Urls): string {
  return `${urls.api}/repos/${repo.fullName}/issues/${issue.number}`;
}

export function issueHtmlUrl(repo: Repo, issue: Issue, urls: Urls): string {
  return `${urls.web}/${repo.fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`;
}

export function renderIssue(world: World, repo: Repo, issue: Issue, urls: Urls): Json {
  const api = issueApiUrl(repo, issue, urls);
  const json: Json = {
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
    url: api,
    repository_url: `${urls.api}/repos/${repo.fullName}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: issueHtmlUrl(repo, issue, urls),
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: renderUser(world.requireAccount(issue.author), urls),
    labels: world.labelsOf(repo, issue).map((label) => renderLabel(repo, label, urls)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: issue.locked,
    active_lock_reason: issue.lockReason,
    comments: world.commentsOf(repo, issue).length,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.closedBy ? renderUser(world.requireAccount(issue.closedBy), urls) : null,
    author_association: authorAssociation(repo, issue.author),
    reactions: renderReactionRollup(issue.reactions, `${api}/reactions`),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
  };
  if (issue.pull) {
    const pullHtml = issueHtmlUrl(repo, issue, urls);
    json.draft = issue.pull.draft;
    json.pull_request = {
      url: `${urls.api}/repos/${repo.fullName}/pulls/${issue.number}`,
      html_url: pullHtml,
      diff_url: `${pullHtml}.diff`,
      patch_url: `${pullHtml}.patch`,
      merged_at: issue.pull.mergedAt,
    };
  }
  return json;
}

export function renderComment(world: World, repo: Repo, comment: IssueComment, urls: Urls): Json {
  const issue = world.requireIssue(repo, comment.issueNumber);
  const api = `${urls.api}/repos/${repo.fullName}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: api,
    html_url: `${issueHtmlUrl(repo, issue, urls)}#issuecomment-${comment.id}`,
    body: comment.body,
    user: renderUser(world.requireAccount(comment.author), urls),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: issueApiUrl(repo, issue, urls),
    author_association: authorAssociation(repo, comment.author),
    reactions: renderReactionRollup(comment.reactions, `${api}/reactions`),
    performed_via_github_app: null,
  };
}

export function renderReaction(world: World, reaction: Reaction, urls: Urls): Json {
  return {
    id: reaction.id,
    node_id: nodeId('Reaction', reaction.id),
    user: renderUser(world.requireAccount(reaction.user), urls),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

export function renderReactionRollup(reactions: readonly Reaction[], url: string): Json {
  const rollup: Json = { url, total_count: reactions.length };
  for (const content of REACTION_CONTENTS) rollup[content] = reactions.filter((r) => r.content === content).length;
  return rollup;
}
