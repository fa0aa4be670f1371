// What a route handler receives and returns, and GitHub's error bodies.
import type { GitRemote } from '../git-remote.js';
import type { Account, Issue, Repo, TokenGrant } from './model.js';
import type { Urls } from './render-accounts.js';
import type { World } from './state.js';

export interface ApiContext {
  world: World;
  urls: Urls;
  git: GitRemote;
  /** Who the token belongs to, and the token's grant. */
  identity: Account;
  grant: TokenGrant;
  params: Record<string, string>;
  query: URLSearchParams;
  // Bodies are validated against the operation's schema before a handler sees them.
  body: any;
  /** Absolute URL of this request without its query (for pagination links). */
  selfUrl: string;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (context: ApiContext) => ApiResponse | Promise<ApiResponse>;

/** Handlers keyed by `METHOD /openapi/path/{template}`. */
export type RouteTable = Record<string, Handler>;

const DOCS = 'https://docs.github.com/rest';

export function json(status: number, body: unknown, headers?: Record<string, string>): ApiResponse {
  return headers ? { status, body, headers } : { status, body };
}

export function notFound(): ApiResponse {
  return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
}

export function forbidden(message: string): ApiResponse {
  return json(403, { message, documentation_url: DOCS, status: '403' });
}

export function methodNotAllowed(message: string): ApiResponse {
  return json(405, { message, documentation_url: DOCS, status: '405' });
}

export function conflict(message: string): ApiResponse {
  return json(409, { message, documentation_url: DOCS, status: '409' });
}

/** 422 with structured errors (`validation-error`), e.g. a duplicate pull request. */
export function validationFailed(errors: { resource: string; code: string; field?: string; message?: string }[]): ApiResponse {
  return json(422, { message: 'Validation Failed', errors, documentation_url: DOCS, status: '422' });
}

/** 422 with plain string errors (`validation-error-simple`), e.g. approving one's own pull request. */
export function unprocessable(errors: string[]): ApiResponse {
  return json(422, { message: 'Unprocessable Entity', errors, documentation_url: DOCS, status: '422' });
}

/** Thrown by lookups so a handler can stay linear; the server turns it into the response. */
export class ApiFailure extends Error {
  readonly response: ApiResponse;
  constructor(response: ApiResponse) {
    super(`API failure ${response.status}`);
    this.response = response;
  }
}

/** The repository named by the path, if the caller may see it (GitHub hides private ones: 404). */
export function repoFrom(context: ApiContext): Repo {
  const repo = context.world.repo(`${context.params.owner}/${context.params.repo}`);
  if (!repo || !context.world.hasPermission(repo, context.identity.login, 'read', context.grant)) throw new ApiFailure(notFound());
  return repo;
}

export function issueFrom(context: ApiContext, repo: Repo, param = 'issue_number'): Issue {
  const issue = repo.issues.get(Number(context.params[param]));
  if (!issue) throw new ApiFailure(notFound());
  return issue;
}

export function pullFrom(context: ApiContext, repo: Repo): Issue {
  const issue = issueFrom(context, repo, 'pull_number');
  if (!issue.pull) throw new ApiFailure(notFound());
  return issue;
}

/** Writes need the given permission; GitHub answers 403 (or 404 when the repo is invisible). */
export function requirePermission(context: ApiContext, repo: Repo, needed: 'triage' | 'write' | 'admin'): void {
  if (context.world.hasPermission(repo, context.identity.login, needed, context.grant)) return;
  throw new ApiFailure(forbidden(context.grant.kind === 'installation'
    ? 'Resource not accessible by integration'
    : `Must have ${needed} access to repository.`));
}
