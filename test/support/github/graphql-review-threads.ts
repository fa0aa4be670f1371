// GraphQL review threads: `pullRequest.reviewThreads` with their comments, and the mutations that
// reply in a thread and resolve it. The same state and rules as the REST endpoints (a reply lands in
// a review of its own; a locked conversation refuses it), and the same line-following after pushes.
import { actorObject, RuleError } from './graphql-objects.js';
import type { ApiContext } from './http.js';
import { nodeId, parseNodeId, type Issue, type Repo } from './model.js';
import { anchorsNow, type Anchor } from './review-anchors.js';
import { addThreadReply, findReviewComment, threadOf, threadsOn, type LocatedComment, type ReviewThread } from './review-threads.js';
import { issueHtmlUrl } from './render-issues.js';
import { pullOf } from './render-pulls.js';
import { refreshRefs } from './routes-pulls.js';
import { lockedIssueRule } from './rules.js';

type Page = { first?: number; last?: number };
type Anchors = Map<number, Anchor>;

/** GitHub refuses a connection without `first` or `last`; the emulator records such a query as a violation. */
function pageOf<T>(items: readonly T[], page: Page, connection: string): T[] {
  if (page.first === undefined && page.last === undefined) {
    throw new Error(`You must provide a \`first\` or \`last\` value to properly paginate the \`${connection}\` connection.`);
  }
  return page.last !== undefined ? items.slice(-page.last) : items.slice(0, page.first);
}

/** The `reviewThreads` field of a pull request. */
export function reviewThreadsOf(context: ApiContext, repo: Repo, issue: Issue) {
  return async (page: Page) => {
    const threads = threadsOn(repo, issue.number, context.identity.login);
    const anchors = await anchorsOf(context, repo, issue, threads);
    return { totalCount: threads.length, nodes: pageOf(threads, page, 'reviewThreads').map((t) => threadObject(context, repo, issue, t, anchors)) };
  };
}

export function reviewThreadMutations(context: ApiContext) {
  return {
    addPullRequestReviewThreadReply: async ({ input }: { input: { pullRequestReviewThreadId: string; body: string; clientMutationId?: string } }) => {
      const { repo, issue, thread } = threadByNodeId(context, input.pullRequestReviewThreadId);
      if (context.grant.kind === 'installation') requireWrite(context, repo);
      const locked = lockedIssueRule(context.world, repo, issue, context.identity, context.grant);
      if (locked) throw new RuleError('FORBIDDEN', (locked.body as { message: string }).message);
      await refreshRefs(context, repo, issue);
      const at = context.world.now();
      const reply = addThreadReply(repo, thread.root, {
        id: context.world.nextId(), reviewId: context.world.nextId(), author: context.identity.login, body: input.body, headSha: pullOf(issue).headSha, at,
      });
      issue.updatedAt = at;
      const anchors = await anchorsOf(context, repo, issue, [thread]);
      return { clientMutationId: input.clientMutationId ?? null, comment: commentObject(context, repo, issue, reply, thread.root, anchors) };
    },
    resolveReviewThread: ({ input }: { input: { threadId: string; clientMutationId?: string } }) => setResolved(context, input, true),
    unresolveReviewThread: ({ input }: { input: { threadId: string; clientMutationId?: string } }) => setResolved(context, input, false),
  };
}

/** People with write access and the pull request's author may resolve a conversation. */
async function setResolved(context: ApiContext, input: { threadId: string; clientMutationId?: string }, resolved: boolean) {
  const { repo, issue, thread } = threadByNodeId(context, input.threadId);
  if (context.grant.kind === 'installation' || issue.author.toLowerCase() !== context.identity.login.toLowerCase()) requireWrite(context, repo);
  if (resolved) repo.resolvedThreads.set(thread.root.comment.id, context.identity.login);
  else repo.resolvedThreads.delete(thread.root.comment.id);
  const now = threadOf(repo, thread.root.comment.id, context.identity.login) as ReviewThread;
  const anchors = await anchorsOf(context, repo, issue, [now]);
  return { clientMutationId: input.clientMutationId ?? null, thread: threadObject(context, repo, issue, now, anchors) };
}

async function anchorsOf(context: ApiContext, repo: Repo, issue: Issue, threads: readonly ReviewThread[]): Promise<Anchors> {
  await refreshRefs(context, repo, issue);
  return anchorsNow(context.git, repo, pullOf(issue), threads.flatMap((t) => [t.root, ...t.replies]).map((l) => l.comment));
}

function threadObject(context: ApiContext, repo: Repo, issue: Issue, thread: ReviewThread, anchors: Anchors) {
  const root = thread.root.comment;
  const anchor = anchors.get(root.id) as Anchor;
  const comments = [thread.root, ...thread.replies];
  const canResolve = context.world.hasPermission(repo, context.identity.login, 'write', context.grant)
    || issue.author.toLowerCase() === context.identity.login.toLowerCase();
  return {
    __typename: 'PullRequestReviewThread',
    id: nodeId('PullRequestReviewThread', root.id),
    path: root.path,
    line: anchor.line,
    originalLine: root.line,
    startLine: anchor.startLine,
    originalStartLine: root.startLine,
    diffSide: root.side,
    startDiffSide: root.startLine === null ? null : (root.startSide ?? root.side),
    subjectType: 'LINE',
    isOutdated: anchor.outdated,
    isResolved: thread.resolvedBy !== null,
    isCollapsed: thread.resolvedBy !== null,
    resolvedBy: thread.resolvedBy ? actorObject(context, thread.resolvedBy) : null,
    viewerCanReply: !issue.locked || context.world.hasPermission(repo, context.identity.login, 'write', context.grant),
    viewerCanResolve: canResolve && thread.resolvedBy === null,
    viewerCanUnresolve: canResolve && thread.resolvedBy !== null,
    comments: (page: Page) => ({
      totalCount: comments.length,
      nodes: pageOf(comments, page, 'comments').map((c) => commentObject(context, repo, issue, c, thread.root, anchors)),
    }),
  };
}

function commentObject(context: ApiContext, repo: Repo, issue: Issue, located: LocatedComment, root: LocatedComment, anchors: Anchors): Record<string, unknown> {
  const { review, comment } = located;
  const anchor = anchors.get(comment.id) ?? anchors.get(root.comment.id) as Anchor;
  const html = `${issueHtmlUrl(repo, issue, context.urls)}#discussion_r${comment.id}`;
  return {
    __typename: 'PullRequestReviewComment',
    id: nodeId('PullRequestReviewComment', comment.id),
    databaseId: comment.id,
    fullDatabaseId: String(comment.id),
    body: comment.body,
    author: actorObject(context, review.author),
    path: comment.path,
    line: anchor.line,
    originalLine: comment.line,
    startLine: anchor.startLine,
    originalStartLine: comment.startLine,
    position: anchor.position,
    originalPosition: comment.position,
    outdated: anchor.outdated,
    diffHunk: comment.diffHunk,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    publishedAt: review.submittedAt,
    url: html,
    state: review.state === 'PENDING' ? 'PENDING' : 'SUBMITTED',
    subjectType: 'LINE',
    commit: { __typename: 'Commit', oid: anchor.commitId },
    originalCommit: { __typename: 'Commit', oid: comment.commitId },
    replyTo: comment.inReplyTo === null ? null : commentObject(context, repo, issue, root, root, anchors),
    pullRequestReview: {
      __typename: 'PullRequestReview', id: nodeId('PullRequestReview', review.id), databaseId: review.id, state: review.state,
      body: review.body, submittedAt: review.submittedAt, author: actorObject(context, review.author),
      url: `${issueHtmlUrl(repo, issue, context.urls)}#pullrequestreview-${review.id}`,
    },
  };
}

function threadByNodeId(context: ApiContext, id: string): { repo: Repo; issue: Issue; thread: ReviewThread } {
  const parsed = parseNodeId(id);
  if (parsed?.kind === 'PullRequestReviewThread') {
    for (const repo of context.world.repos.values()) {
      if (!findReviewComment(repo, parsed.id) || !context.world.hasPermission(repo, context.identity.login, 'read', context.grant)) continue;
      const thread = threadOf(repo, parsed.id, context.identity.login);
      if (thread && thread.root.comment.id === parsed.id) return { repo, issue: context.world.requireIssue(repo, thread.root.review.pullNumber), thread };
    }
  }
  throw new RuleError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
}

function requireWrite(context: ApiContext, repo: Repo): void {
  if (context.world.hasPermission(repo, context.identity.login, 'write', context.grant)) return;
  throw new RuleError('FORBIDDEN', context.grant.kind === 'installation'
    ? 'Resource not accessible by integration'
    : `${context.identity.login} does not have the correct permissions to execute this mutation`);
}
