// Issues, issue comments, reactions and issue labels.
import {
  ApiFailure, issueFrom, json, notFound, repoFrom, requirePermission, type ApiContext, type RouteTable,
} from './http.js';
import type { IssueComment, Reaction, ReactionContent, Repo } from './model.js';
import { paginate } from './pagination.js';
import { renderLabel } from './render-accounts.js';
import { renderComment, renderIssue, renderReaction } from './render-issues.js';
import { lockedIssueRule } from './rules.js';

export const issueRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/issues/{issue_number}': (context) => {
    const repo = repoFrom(context);
    return json(200, renderIssue(context.world, repo, issueFrom(context, repo), context.urls));
  },

  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': (context) => {
    const repo = repoFrom(context);
    const issue = issueFrom(context, repo);
    const since = context.query.get('since');
    const comments = context.world.commentsOf(repo, issue)
      .filter((comment) => !since || comment.updatedAt >= since)
      .map((comment) => renderComment(context.world, repo, comment, context.urls));
    const page = paginate(comments, context.query, context.selfUrl);
    return json(200, page.items, page.link ? { link: page.link } : undefined);
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': (context) => {
    const repo = repoFrom(context);
    const issue = issueFrom(context, repo);
    if (context.grant.kind === 'installation') requirePermission(context, repo, 'write');
    const refusal = lockedIssueRule(context.world, repo, issue, context.identity, context.grant);
    if (refusal) return refusal;
    const comment = context.world.addComment(repo, issue, { body: context.body.body as string, author: context.identity.login });
    const rendered = renderComment(context.world, repo, comment, context.urls);
    return json(201, rendered, { location: rendered.url as string });
  },

  'GET /repos/{owner}/{repo}/issues/comments/{comment_id}': (context) => {
    const repo = repoFrom(context);
    return json(200, renderComment(context.world, repo, commentFrom(context, repo), context.urls));
  },

  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': (context) => {
    const repo = repoFrom(context);
    const comment = commentFrom(context, repo);
    const isAuthor = comment.author.toLowerCase() === context.identity.login.toLowerCase();
    if (!isAuthor) requirePermission(context, repo, 'write');
    comment.body = context.body.body as string;
    comment.updatedAt = context.world.now();
    return json(200, renderComment(context.world, repo, comment, context.urls));
  },

  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': (context) => {
    const repo = repoFrom(context);
    return react(context, commentFrom(context, repo).reactions);
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/reactions': (context) => {
    const repo = repoFrom(context);
    return react(context, issueFrom(context, repo).reactions);
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': (context) => {
    const repo = repoFrom(context);
    const issue = issueFrom(context, repo);
    requirePermission(context, repo, 'triage');
    const labels = context.world.addLabels(repo, issue, labelNames(context.body));
    return json(200, labels.map((label) => renderLabel(repo, label, context.urls)));
  },

  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': (context) => {
    const repo = repoFrom(context);
    const issue = issueFrom(context, repo);
    requirePermission(context, repo, 'triage');
    if (!context.world.removeLabel(repo, issue, context.params.name as string)) {
      return json(404, { message: 'Label does not exist', documentation_url: 'https://docs.github.com/rest', status: '404' });
    }
    return json(200, context.world.labelsOf(repo, issue).map((label) => renderLabel(repo, label, context.urls)));
  },
};

function commentFrom(context: ApiContext, repo: Repo): IssueComment {
  const comment = repo.comments.get(Number(context.params.comment_id));
  if (!comment) throw new ApiFailure(notFound());
  return comment;
}

/** A repeated reaction by the same user answers 200 with the existing one; a new one 201. */
function react(context: ApiContext, reactions: Reaction[]) {
  const content = context.body.content as ReactionContent;
  const existing = reactions.find((r) => r.content === content && r.user.toLowerCase() === context.identity.login.toLowerCase());
  if (existing) return json(200, renderReaction(context.world, existing, context.urls));
  const reaction: Reaction = { id: context.world.nextId(), content, user: context.identity.login, createdAt: context.world.now() };
  reactions.push(reaction);
  return json(201, renderReaction(context.world, reaction, context.urls));
}

/** The body is `{labels: [...]}` (names or `{name}` objects), or a bare array. */
function labelNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : ((body as { labels?: unknown[] } | undefined)?.labels ?? []);
  return list.map((item) => (typeof item === 'string' ? item : String((item as { name: string }).name)));
}
