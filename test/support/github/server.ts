// The request pipeline: route -> authenticate -> rate limits -> injected fault -> validate request ->
// hooks -> handler -> validate response -> send. Every deviation from GitHub's description is recorded
// as a violation instead of being silently tolerated.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GitRemote } from '../git-remote.js';
import type { FaultPlan } from './faults.js';
import { handleGraphql } from './graphql.js';
import { ApiFailure, json, type ApiContext, type ApiResponse, type RouteTable } from './http.js';
import type { Account, TokenGrant } from './model.js';
import type { OpenApiValidator } from './openapi-validator.js';
import { gate } from './rate-limit-gate.js';
import type { RateLimiter } from './rate-limits.js';
import type { Urls } from './render-accounts.js';
import type { World } from './state.js';

export const API_PREFIX = '/api/v3';
export const GRAPHQL_PATH = '/api/graphql';

export interface Violation {
  method: string;
  path: string;
  problem: string;
}

export interface RequestRecord {
  /** Order of arrival, from 1. */
  seq: number;
  kind: 'rest' | 'graphql' | 'git' | 'other';
  method: string;
  /** Path relative to the API root for REST (`/repos/o/r/...`), the full path otherwise. */
  path: string;
  query: string;
  route: string | null;
  operationId: string | null;
  status: number;
  /** Login of the token's identity, when it was known. */
  login: string | null;
  injected: boolean;
  /** Set when the emulated rate limits refused the request. */
  limited: 'primary' | 'secondary' | null;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

export interface PipelineDeps {
  world: World;
  git: GitRemote;
  urls: () => Urls;
  validator: OpenApiValidator;
  routes: RouteTable;
  faults: FaultPlan;
  violations: Violation[];
  log: RequestRecord[];
  limiter: RateLimiter;
}

/** Before a token is known there is no budget to report: unauthenticated requests' (60 an hour) stand in. */
const UNAUTHENTICATED_RATE_HEADERS = {
  'x-ratelimit-limit': '60',
  'x-ratelimit-remaining': '59',
  'x-ratelimit-used': '1',
  'x-ratelimit-resource': 'core',
};

export function createPipeline(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const record = (entry: Omit<RequestRecord, 'seq' | 'limited' | 'at'> & { limited?: RequestRecord['limited'] }, at: number): void => {
    deps.log.push({ seq: deps.log.length + 1, ...entry, limited: entry.limited ?? null, at });
  };
  const violate = (method: string, path: string, problems: string[]): void => {
    for (const problem of problems) deps.violations.push({ method, path, problem });
  };

  return async (req, res) => {
    const arrived = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    if (!url.pathname.startsWith('/api/')) {
      const served = await deps.git.handle(req, res);
      if (served) {
        record({ kind: 'git', method, path: url.pathname, query: url.search, route: null, operationId: null, status: res.statusCode, login: served.login, injected: false }, arrived);
        return;
      }
      violate(method, url.pathname, ['neither an API path (under /api/v3 or /api/graphql) nor a git path']);
      record({ kind: 'other', method, path: url.pathname, query: url.search, route: null, operationId: null, status: 404, login: null, injected: false }, arrived);
      return send(res, json(404, { message: 'Not Found' }));
    }

    const isGraphql = url.pathname === GRAPHQL_PATH;
    const path = isGraphql ? url.pathname : url.pathname.slice(API_PREFIX.length) || '/';
    const match = isGraphql || !url.pathname.startsWith(`${API_PREFIX}/`) ? null : deps.validator.match(method, path);
    const route = isGraphql ? '/graphql' : (match?.template ?? null);
    const base = { kind: isGraphql ? 'graphql' as const : 'rest' as const, method, path, query: url.search, route, operationId: match?.operationId ?? null };

    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw.length ? JSON.parse(raw) : undefined;
    } catch {
      violate(method, path, ['the request body is not JSON']);
      record({ ...base, status: 400, login: null, injected: false }, arrived);
      return send(res, json(400, { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest' }));
    }
    if (!isGraphql && !match) {
      violate(method, path, [`no operation ${method} ${path} in GitHub's REST description`]);
      record({ ...base, status: 404, login: null, injected: false }, arrived);
      return send(res, json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }));
    }

    const auth = authenticate(deps.world, req.headers.authorization);
    if (!auth) {
      record({ ...base, status: 401, login: null, injected: false }, arrived);
      return send(res, json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }));
    }
    const login = auth.identity.login;
    const requestId = nextRequestId();
    const repoFullName = match?.params.owner && match.params.repo ? `${match.params.owner}/${match.params.repo}` : null;
    const limits = gate(deps.limiter, {
      kind: base.kind, method, body, identity: auth.identity, grant: auth.grant, repoFullName, requestId,
      installationId: (repoFullName ? deps.world.repo(repoFullName)?.id : undefined) ?? auth.identity.id,
    });
    if (limits.refusal) {
      record({ ...base, status: limits.refusal.status, login, injected: false, limited: limits.limited }, arrived);
      return send(res, limits.refusal, requestId, limits.headers);
    }
    const fault = deps.faults.take(method, route);
    if (fault) {
      record({ ...base, status: fault.status, login, injected: true }, arrived);
      return send(res, { status: fault.status, body: fault.body ?? { message: 'Injected failure' }, headers: fault.headers }, requestId, limits.headers);
    }

    const context: ApiContext = {
      world: deps.world, urls: deps.urls(), git: deps.git, identity: auth.identity, grant: auth.grant,
      params: match?.params ?? {}, query: url.searchParams, body, selfUrl: `${deps.urls().api}${path}`,
    };
    await deps.faults.runHooks('before', { method, path, route, body });
    let response: ApiResponse;
    if (isGraphql) {
      const outcome = await handleGraphql(context).catch((error: unknown) => ({ body: { errors: [{ message: String(error) }] }, violations: [`emulator error: ${String(error)}`] }));
      violate(method, path, outcome.violations);
      response = json(200, outcome.body);
    } else {
      response = await handleRest(deps, context, method, path, match as NonNullable<typeof match>, body, violate);
    }
    await deps.faults.runHooks('after', { method, path, route, body, status: response.status });
    record({ ...base, status: response.status, login, injected: false }, arrived);
    send(res, response, requestId, limits.headers);
  };
}

async function handleRest(
  deps: PipelineDeps,
  context: ApiContext,
  method: string,
  path: string,
  match: NonNullable<ReturnType<OpenApiValidator['match']>>,
  body: unknown,
  violate: (method: string, path: string, problems: string[]) => void,
): Promise<ApiResponse> {
  const problems = deps.validator.validateRequest(match, { query: context.query, body });
  violate(method, path, problems);
  // GitHub ignores unknown fields, but refuses values that break the schema.
  const blocking = problems.filter((p) => !p.startsWith('unknown '));
  if (blocking.length) {
    return json(422, { message: `Invalid request.\n\n${blocking.join('\n')}`, documentation_url: 'https://docs.github.com/rest', status: '422' });
  }
  const handler = deps.routes[`${method} ${match.template}`];
  if (!handler) {
    violate(method, path, [`operation ${match.operationId} (${method} ${match.template}) is not emulated`]);
    return json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
  }
  let response: ApiResponse;
  try {
    response = await handler(context);
  } catch (error) {
    if (!(error instanceof ApiFailure)) {
      violate(method, path, [`emulator error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`]);
      return json(500, { message: 'Server Error' });
    }
    response = error.response;
  }
  violate(method, path, deps.validator.validateResponse(match, response.status, response.body));
  return response;
}

function authenticate(world: World, header: string | undefined): { identity: Account; grant: TokenGrant } | null {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header?.trim() ?? '');
  const grant = match ? world.tokens.get(match[1] as string) : undefined;
  if (!grant) return null;
  return { identity: world.requireAccount(grant.login), grant };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

let requestCounter = 0;

function nextRequestId(): string {
  return `EMU:${++requestCounter}`;
}

function send(res: ServerResponse, response: ApiResponse, requestId = nextRequestId(), rateHeaders?: Record<string, string>): void {
  const text = response.body === undefined ? '' : JSON.stringify(response.body);
  const headers: Record<string, string> = {
    ...(rateHeaders ?? { ...UNAUTHENTICATED_RATE_HEADERS, 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) }),
    'x-github-request-id': requestId,
    'x-github-api-version-selected': '2022-11-28',
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...response.headers,
  };
  res.writeHead(response.status, headers);
  res.end(text);
}
