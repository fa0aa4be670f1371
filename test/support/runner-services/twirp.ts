// Twirp (v7 wire protocol) as the results service speaks it: `POST /twirp/<package.Service>/<Method>`
// with a JSON body; errors are `{code, msg}` with the status Twirp assigns to each code. The
// clients read `msg` (a quota message becomes their UsageError) and retry only 429/5xx.
import type { Message } from './messages.js';
import type { CacheScope } from './runtime-token.js';
import type { BlobPermission } from './signed-url.js';
import type { RunnerServicesState, WorkflowJob } from './state.js';

export type TwirpCode =
  | 'malformed'
  | 'invalid_argument'
  | 'bad_route'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'resource_exhausted'
  | 'internal'
  | 'unimplemented'
  | 'unavailable';

export const TWIRP_STATUS: Record<TwirpCode, number> = {
  malformed: 400,
  invalid_argument: 400,
  bad_route: 404,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  internal: 500,
  unimplemented: 501,
  unavailable: 503,
};

/** The code a status stands for, for faults given as a bare HTTP status. */
export function codeForStatus(status: number): TwirpCode {
  const found = (Object.entries(TWIRP_STATUS) as [TwirpCode, number][]).find(([code, s]) => s === status && code !== 'malformed' && code !== 'bad_route');
  return found ? found[0] : status >= 500 ? 'internal' : 'invalid_argument';
}

/** Thrown by service handlers; the server turns it into Twirp's error response. */
export class TwirpError extends Error {
  readonly code: TwirpCode;
  constructor(code: TwirpCode, msg: string) {
    super(msg);
    this.code = code;
  }

  get status(): number {
    return TWIRP_STATUS[this.code];
  }

  /** Refusals that mean the client sent something no real client sends (a gap to report). */
  get isClientMistake(): boolean {
    return this.code === 'malformed' || this.code === 'invalid_argument' || this.code === 'bad_route';
  }
}

export const TWIRP_PREFIX = '/twirp/';

/** `/twirp/<service>/<method>` split, or null for any other shape. */
export function parseTwirpPath(pathname: string): { service: string; method: string } | null {
  const match = /^\/twirp\/([A-Za-z0-9_.]+)\/([A-Za-z0-9_]+)$/.exec(pathname);
  return match ? { service: match[1] as string, method: match[2] as string } : null;
}

export function twirpErrorBody(error: TwirpError): { code: TwirpCode; msg: string } {
  return { code: error.code, msg: error.message };
}

/** What a method handler gets besides its request: the state and the caller (from its token). */
export interface CallContext {
  state: RunnerServicesState;
  /** The job the token names. */
  caller: WorkflowJob;
  /** The token's cache scopes, in search order. */
  cacheScopes: CacheScope[];
  /** A signed blob URL on the emulated storage, valid for `ttlSeconds`. */
  signedUrl(blobPath: string, permission: BlobPermission, ttlSeconds: number): string;
}

export type MethodHandler = (context: CallContext, request: Message) => Message;
