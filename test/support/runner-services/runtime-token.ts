// ACTIONS_RUNTIME_TOKEN: a JWT the runner hands to JavaScript actions. The clients never verify
// it; they decode it (jwt-decode) for the `scp` claim, whose `Actions.Results:<run>:<job>` scope
// names the workflow run and job backend ids, and send it back as a bearer token. The `ac` claim
// carries the cache scopes (`[{"Scope":"refs/heads/main","Permission":3}]`, 1 = read, 2 = write).
// Here it is signed with HS256 by the emulator, which is the only party that checks it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CACHE_READ = 1;
export const CACHE_WRITE = 2;

export interface CacheScope {
  /** A ref: `refs/heads/main`, `refs/pull/7/merge`. */
  scope: string;
  /** Bit mask of CACHE_READ and CACHE_WRITE. */
  permission: number;
}

export interface RuntimeClaims {
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** In search order: the run's own ref first, then the refs it may read from. */
  cacheScopes: CacheScope[];
}

export interface TokenOptions {
  /** Lifetime in seconds from now (negative for an already expired token). Default: 6 hours, a job's limit. */
  expiresIn?: number;
}

const ISSUER = 'runner-services.emulated';

export class RuntimeTokenAuthority {
  private readonly secret = randomBytes(32);

  mint(claims: RuntimeClaims, options: TokenOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${claims.workflowRunBackendId}:${claims.workflowJobRunBackendId}`,
      ac: JSON.stringify(claims.cacheScopes.map((s) => ({ Scope: s.scope, Permission: s.permission }))),
      iss: ISSUER,
      aud: ISSUER,
      nbf: now - 5,
      exp: now + (options.expiresIn ?? 6 * 3600),
    };
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** The claims of a token this authority minted and that is still valid, or why it is refused. */
  verify(token: string): RuntimeClaims | { refused: string } {
    const parts = token.split('.');
    if (parts.length !== 3) return { refused: 'the token is not a JWT' };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    if (expected.length !== signature.length || !timingSafeEqual(expected, Buffer.from(signature))) return { refused: 'the token signature is invalid' };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { scp?: string; ac?: string; exp?: number; nbf?: number };
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= now) return { refused: 'the token has expired' };
    if (typeof claims.nbf === 'number' && claims.nbf > now) return { refused: 'the token is not valid yet' };
    const results = (claims.scp ?? '').split(' ').map((s) => s.split(':')).find((s) => s[0] === 'Actions.Results' && s.length === 3);
    if (!results) return { refused: 'the token has no Actions.Results scope' };
    const scopes = JSON.parse(claims.ac ?? '[]') as { Scope: string; Permission: number }[];
    return {
      workflowRunBackendId: results[1] as string,
      workflowJobRunBackendId: results[2] as string,
      cacheScopes: scopes.map((s) => ({ scope: s.Scope, permission: s.Permission })),
    };
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.secret).update(unsigned).digest('base64url');
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return match ? (match[1] as string) : null;
}
