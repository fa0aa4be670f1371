// POST /graphql for what the REST API lacks or does worse: the two pull request mutations,
// `updateIssueComment` (whose payload can read the thread back in the same request), `viewer` (the one
// way an installation token learns its own login: REST `GET /user` refuses it), and review threads
// (`reviewThreads`, replying in and resolving a thread). Requests are parsed,
// validated and executed against GitHub's official GraphQL schema, so a misspelt field or a wrong
// variable type fails as it would on GitHub; any other top-level field is a violation.
import { schema as officialSchema } from '@octokit/graphql-schema';
import {
  buildClientSchema, execute, Kind, parse, validate,
  type DocumentNode, type GraphQLSchema, type IntrospectionQuery,
} from 'graphql';
import { actorObject, RuleError } from './graphql-objects.js';
import { reviewThreadMutations, reviewThreadsOf } from './graphql-review-threads.js';
import type { ApiContext } from './http.js';
import { nodeId, parseNodeId, PERMISSION_RANK, type Issue, type IssueComment, type Repo } from './model.js';
import { refreshRefs } from './routes-pulls.js';
import { issueHtmlUrl } from './render-issues.js';

export const SUPPORTED_MUTATIONS = [
  'markPullRequestReadyForReview', 'enablePullRequestAutoMerge', 'updateIssueComment',
  'addPullRequestReviewThreadReply', 'resolveReviewThread', 'unresolveReviewThread',
] as const;
export const SUPPORTED_QUERIES = ['viewer', 'repository'] as const;

export interface GraphqlOutcome {
  body: { data?: unknown; errors?: unknown[] };
  /** Problems that mean the client sent something GitHub would reject or the emulator lacks. */
  violations: string[];
}

let cachedSchema: GraphQLSchema | null = null;

function githubSchema(): GraphQLSchema {
  cachedSchema ??= buildClientSchema(officialSchema.json as unknown as IntrospectionQuery);
  return cachedSchema;
}

export async function handleGraphql(context: ApiContext): Promise<GraphqlOutcome> {
  const request = (context.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof request.query !== 'string') return failure('the body has no "query" string');
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return failure(`syntax: ${(error as Error).message}`);
  }
  const invalid = validate(githubSchema(), document);
  if (invalid.length) return failure(...invalid.map((e) => e.message));
  const unsupported = unsupportedFields(document);
  if (unsupported.length) return failure(...unsupported.map((f) => `not emulated: ${f}`));

  const result = await execute({
    schema: githubSchema(),
    document,
    variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
    rootValue: rootFields(context),
  });
  const errors = (result.errors ?? []).map((e) => ({
    type: (e.extensions?.type as string | undefined) ?? 'INTERNAL',
    path: e.path,
    locations: e.locations,
    message: e.message,
  }));
  const violations = errors.filter((e) => e.type === 'INTERNAL').map((e) => `execution: ${e.message}`);
  return { body: errors.length ? { data: result.data, errors } : { data: result.data }, violations };
}

function failure(...messages: string[]): GraphqlOutcome {
  return { body: { errors: messages.map((message) => ({ message })) }, violations: messages };
}

/** Top-level fields the emulator does not implement. */
function unsupportedFields(document: DocumentNode): string[] {
  const found: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const supported: readonly string[] = definition.operation === 'mutation' ? SUPPORTED_MUTATIONS
      : definition.operation === 'query' ? SUPPORTED_QUERIES : [];
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) found.push(`${definition.operation} fragment at top level`);
      else if (selection.name.value !== '__typename' && !supported.includes(selection.name.value)) found.push(`${definition.operation} ${selection.name.value}`);
    }
  }
  return found;
}

interface MutationInput {
  input: { pullRequestId: string; clientMutationId?: string; mergeMethod?: 'MERGE' | 'SQUASH' | 'REBASE'; expectedHeadOid?: string };
}

/** The root fields: `viewer` for queries, the two mutations. */
function rootFields(context: ApiContext) {
  return {
    // `viewer` is typed User even for an app's bot, which answers with its `[bot]` login.
    viewer: () => {
      const account = context.identity;
      return {
        __typename: 'User',
        id: nodeId(account.type, account.id),
        databaseId: account.id,
        login: account.login,
        name: account.name,
        email: account.email ?? '',
        url: `${context.urls.web}/${account.login}`,
        createdAt: account.createdAt,
      };
    },
    // `repository { issue { state locked labels comments } pullRequest { state merged comments } }`: what a
    // running loop reads between iterations to learn whether it should stop.
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = context.world.repo(`${owner}/${name}`);
      if (!repo || !context.world.hasPermission(repo, context.identity.login, 'read', context.grant)) {
        throw new RuleError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      }
      return repositoryObject(context, repo);
    },
    // Edits as `PATCH .../issues/comments/{id}` does: the workflow token needs write; a user may edit their own.
    updateIssueComment: ({ input }: { input: { id: string; body: string; clientMutationId?: string } }) => {
      const { repo, comment } = commentByNodeId(context, input.id);
      const isAuthor = comment.author.toLowerCase() === context.identity.login.toLowerCase();
      if (context.grant.kind === 'installation' || !isAuthor) requireWriteOn(context, repo);
      comment.body = input.body;
      comment.updatedAt = context.world.now();
      return { clientMutationId: input.clientMutationId ?? null, issueComment: commentObject(context, repo, comment) };
    },
    ...reviewThreadMutations(context),
    markPullRequestReadyForReview: async ({ input }: MutationInput) => {
      const { repo, issue } = pullByNodeId(context, input.pullRequestId);
      requireWrite(context, repo, issue);
      await refreshRefs(context, repo, issue);
      (issue.pull as NonNullable<Issue['pull']>).draft = false;
      issue.updatedAt = context.world.now();
      return { clientMutationId: input.clientMutationId ?? null, pullRequest: pullObject(context, repo, issue) };
    },
    enablePullRequestAutoMerge: async ({ input }: MutationInput) => {
      const { repo, issue } = pullByNodeId(context, input.pullRequestId);
      requireWrite(context, repo, issue);
      await refreshRefs(context, repo, issue);
      const pull = issue.pull as NonNullable<Issue['pull']>;
      if (!repo.allowAutoMerge) throw new RuleError('UNPROCESSABLE', 'Pull request Auto merge is not allowed for this repository');
      if (issue.state !== 'open') throw new RuleError('UNPROCESSABLE', 'Pull request is closed');
      if (pull.draft) throw new RuleError('UNPROCESSABLE', 'Pull request is in draft state');
      if (input.expectedHeadOid && input.expectedHeadOid !== pull.headSha) throw new RuleError('UNPROCESSABLE', 'Head branch was modified');
      // Without pending required checks the pull request could merge now; GitHub refuses auto-merge then.
      if (!hasPendingRequiredChecks(repo, pull.headSha)) throw new RuleError('UNPROCESSABLE', 'Pull request is in clean status');
      const method = (input.mergeMethod ?? 'MERGE').toLowerCase() as 'merge' | 'squash' | 'rebase';
      pull.autoMerge = { method, enabledBy: context.identity.login };
      return {
        clientMutationId: input.clientMutationId ?? null,
        actor: actorObject(context, context.identity.login),
        pullRequest: pullObject(context, repo, issue),
      };
    },
  };
}

/** The Repository fields the emulator knows: the issue and pull request a loop reads. */
function repositoryObject(context: ApiContext, repo: Repo) {
  const comments = (issue: Issue) => ({ last }: { last?: number }) => ({
    nodes: context.world.commentsOf(repo, issue).slice(-(last ?? 100)).map((c) => ({
      __typename: 'IssueComment',
      body: c.body,
      createdAt: c.createdAt,
      author: actorObject(context, c.author),
    })),
  });
  return {
    __typename: 'Repository',
    nameWithOwner: repo.fullName,
    issue: ({ number }: { number: number }) => {
      const issue = repo.issues.get(number);
      if (!issue || issue.pull) throw new RuleError('NOT_FOUND', `Could not resolve to an Issue with the number of ${number}.`);
      return {
        __typename: 'Issue',
        number: issue.number,
        state: issue.state === 'open' ? 'OPEN' : 'CLOSED',
        locked: issue.locked,
        labels: ({ first }: { first?: number }) => ({ nodes: issue.labels.slice(0, first ?? 100).map((label) => ({ __typename: 'Label', name: label })) }),
        comments: comments(issue),
      };
    },
    pullRequest: ({ number }: { number: number }) => {
      const issue = repo.issues.get(number);
      if (!issue?.pull) throw new RuleError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`);
      return { ...pullObject(context, repo, issue), comments: comments(issue), reviewThreads: reviewThreadsOf(context, repo, issue) };
    },
  };
}

function commentObject(context: ApiContext, repo: Repo, comment: IssueComment) {
  const issue = context.world.requireIssue(repo, comment.issueNumber);
  return {
    __typename: 'IssueComment',
    id: nodeId('IssueComment', comment.id),
    databaseId: comment.id,
    body: comment.body,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    url: `${issueHtmlUrl(repo, issue, context.urls)}#issuecomment-${comment.id}`,
    author: actorObject(context, comment.author),
    repository: repositoryObject(context, repo),
  };
}

function commentByNodeId(context: ApiContext, id: string): { repo: Repo; comment: IssueComment } {
  const parsed = parseNodeId(id);
  if (parsed?.kind === 'IssueComment') {
    for (const repo of context.world.repos.values()) {
      const comment = repo.comments.get(parsed.id);
      if (comment && context.world.hasPermission(repo, context.identity.login, 'read', context.grant)) return { repo, comment };
    }
  }
  throw new RuleError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
}

function requireWriteOn(context: ApiContext, repo: Repo): void {
  if (context.world.hasPermission(repo, context.identity.login, 'write', context.grant)) return;
  throw new RuleError('FORBIDDEN', 'Resource not accessible by integration');
}

function pullByNodeId(context: ApiContext, id: string): { repo: Repo; issue: Issue } {
  const parsed = parseNodeId(id);
  if (parsed?.kind === 'PullRequest') {
    for (const repo of context.world.repos.values()) {
      const issue = [...repo.issues.values()].find((i) => i.id === parsed.id && i.pull);
      if (issue && context.world.hasPermission(repo, context.identity.login, 'read', context.grant)) return { repo, issue };
    }
  }
  throw new RuleError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
}

function requireWrite(context: ApiContext, repo: Repo, issue: Issue): void {
  const permission = context.world.permissionOf(repo, context.identity.login, context.grant);
  if (PERMISSION_RANK[permission] >= PERMISSION_RANK.write || issue.author === context.identity.login) return;
  throw new RuleError('FORBIDDEN', `${context.identity.login} does not have the correct permissions to execute this mutation`);
}

function hasPendingRequiredChecks(repo: Repo, headSha: string): boolean {
  return repo.requiredChecks.some((name) => {
    const latest = [...repo.checkRuns.values()].filter((r) => r.headSha === headSha && r.name === name).sort((a, b) => b.id - a.id)[0];
    return !latest || latest.status !== 'completed' || latest.conclusion !== 'success';
  });
}

/** The PullRequest fields the emulator knows; others resolve to null (an error when non-null). */
function pullObject(context: ApiContext, repo: Repo, issue: Issue) {
  const pull = issue.pull as NonNullable<Issue['pull']>;
  return {
    __typename: 'PullRequest',
    id: nodeId('PullRequest', issue.id),
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    url: issueHtmlUrl(repo, issue, context.urls),
    state: pull.merged ? 'MERGED' : issue.state === 'open' ? 'OPEN' : 'CLOSED',
    isDraft: pull.draft,
    merged: pull.merged,
    closed: issue.state === 'closed',
    headRefName: pull.headRef,
    baseRefName: pull.baseRef,
    headRefOid: pull.headSha,
    baseRefOid: pull.baseSha,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    author: actorObject(context, issue.author),
    autoMergeRequest: pull.autoMerge
      ? { enabledAt: issue.updatedAt, mergeMethod: pull.autoMerge.method.toUpperCase(), enabledBy: actorObject(context, pull.autoMerge.enabledBy) }
      : null,
  };
}
