// CacheService of the results service (cache service v2, what @actions/cache 6.x calls when
// ACTIONS_CACHE_SERVICE_V2 is set on a github.com-like host). An entry is immutable and found by
// key and version within a scope (a ref). A lookup, scope by scope in the token's order (the run's
// ref, then the refs it may read, such as the default branch), tries the key exactly, then the key
// as a prefix, then each restore key as a prefix; among prefix matches the newest entry wins.
import { createHash } from 'node:crypto';
import { CACHE_READ, CACHE_WRITE, type CacheScope } from './runtime-token.js';
import { cacheBlobPath, type CacheEntry, type RunnerServicesState } from './state.js';
import { TwirpError, type MethodHandler } from './twirp.js';

const UPLOAD_URL_TTL = 6 * 3600;
const DOWNLOAD_URL_TTL = 600;
const MAX_KEY_LENGTH = 512;
/** The clients' version salt (bumped by the toolkit when the archive format changes). */
const VERSION_SALT = '1.0';

export const cacheService: Record<string, MethodHandler> = {
  CreateCacheEntry(context, request) {
    const { key, version } = requireKeyAndVersion(request);
    const scope = context.cacheScopes.find((s) => s.permission & CACHE_WRITE);
    // The client reclassifies this stable prefix as CacheWriteDeniedError (a read-only token).
    if (!scope) return { ok: false, message: 'cache write denied: the token has no writable cache scope' };
    const { state } = context;
    const existing = state.cacheEntries.find((e) => e.key === key && e.version === version && e.scope === scope.scope);
    if (existing) throw new TwirpError('already_exists', 'cache entry with the same key, version, and scope already exists');
    const entry: CacheEntry = {
      id: state.newId(), key, version, scope: scope.scope, finalized: false, size: 0, createdAt: new Date(), blobPath: cacheBlobPath(scope.scope, key, version),
    };
    state.cacheEntries.push(entry);
    return { ok: true, signed_upload_url: context.signedUrl(entry.blobPath, 'cw', UPLOAD_URL_TTL) };
  },

  FinalizeCacheEntryUpload(context, request) {
    const { key, version } = requireKeyAndVersion(request);
    const { state, cacheScopes } = context;
    const entry = state.cacheEntries.find((e) => !e.finalized && e.key === key && e.version === version && cacheScopes.some((s) => s.scope === e.scope && s.permission & CACHE_WRITE));
    if (!entry) throw new TwirpError('not_found', 'no cache entry with this key and version is being uploaded');
    const blob = state.blobs.get(entry.blobPath);
    if (!blob) throw new TwirpError('failed_precondition', 'the cache archive was never committed to storage');
    if (Number(request.size_bytes) !== blob.content.length) {
      throw new TwirpError('invalid_argument', `size_bytes ${request.size_bytes as string} does not match the ${blob.content.length} bytes uploaded`);
    }
    Object.assign(entry, { finalized: true, size: blob.content.length });
    return { ok: true, entry_id: String(entry.id) };
  },

  GetCacheEntryDownloadURL(context, request) {
    const { key, version } = requireKeyAndVersion(request);
    const readable = context.cacheScopes.filter((s) => s.permission & CACHE_READ);
    // The client reclassifies this stable prefix as CacheReadDeniedError (and reports a miss).
    if (readable.length === 0) throw new TwirpError('permission_denied', 'cache read denied: the token has no readable cache scope');
    const entry = findEntry(context.state, readable, key, request.restore_keys as string[], version);
    if (!entry) return { ok: false };
    return { ok: true, signed_download_url: context.signedUrl(entry.blobPath, 'r', DOWNLOAD_URL_TTL), matched_key: entry.key };
  },
};

function findEntry(state: RunnerServicesState, scopes: CacheScope[], key: string, restoreKeys: string[], version: string): CacheEntry | undefined {
  for (const { scope } of scopes) {
    const candidates = state.cacheEntries
      .filter((e) => e.finalized && e.scope === scope && e.version === version)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
    const found = candidates.find((e) => e.key === key)
      ?? [key, ...restoreKeys].map((prefix) => candidates.find((e) => e.key.startsWith(prefix))).find(Boolean);
    if (found) return found;
  }
  return undefined;
}

function requireKeyAndVersion(request: Record<string, unknown>): { key: string; version: string } {
  const key = request.key as string;
  const version = request.version as string;
  if (!key) throw new TwirpError('invalid_argument', 'key is required');
  if (key.length > MAX_KEY_LENGTH || key.includes(',')) throw new TwirpError('invalid_argument', 'key is longer than 512 characters or contains a comma');
  if (!version) throw new TwirpError('invalid_argument', 'version is required');
  return { key, version };
}

/**
 * The version the cache client computes for `paths` (as written in the workflow, unresolved) and a
 * compression method (`zstd-without-long` where `zstd` is installed, else `gzip`): a restore only
 * sees entries saved with the same paths and compression.
 */
export function cacheVersion(paths: string[], compressionMethod: 'zstd-without-long' | 'zstd' | 'gzip'): string {
  return createHash('sha256').update([...paths, compressionMethod, VERSION_SALT].join('|')).digest('hex');
}
