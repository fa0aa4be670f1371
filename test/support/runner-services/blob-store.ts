// The Azure Blob Storage requests the clients make on signed URLs (IP-style URLs, the layout of
// Azure's own emulator: `/<account>/<container>/<blob>`), answered as Azure answers them:
// - Put Block (`PUT ?comp=block&blockid=`) then Put Block List (`PUT ?comp=blocklist`, an XML list):
//   @azure/storage-blob's uploadStream, which the artifact client uses for every upload;
// - Put Blob (`PUT`, `x-ms-blob-type: BlockBlob`): its uploadFile under 128 MiB (the cache client);
// - Get Blob (`GET`, optionally ranged) and Get Blob Properties (`HEAD`): downloads.
// Anything else (another `comp`, a header whose meaning is not emulated) is refused with Azure's
// error shape and reported, so a gap is visible instead of silently mishandled.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { BlobSigner } from './signed-url.js';
import type { RunnerServicesState, StoredBlob } from './state.js';

export interface BlobRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface BlobResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
  /** Set when the request is one no emulated client should make. */
  violation?: string;
}

/** Headers whose meaning the store implements or may ignore (tracing, dates, the API version). */
const UNDERSTOOD_HEADERS = new Set([
  'x-ms-version', 'x-ms-client-request-id', 'x-ms-date', 'x-ms-blob-type', 'x-ms-blob-content-type', 'x-ms-range', 'content-md5',
]);

/** The operation a request asks for, by Azure's names, or null when the store does not emulate it. */
export function blobOperation(method: string, query: URLSearchParams): string | null {
  const comp = query.get('comp');
  if (method === 'PUT' && comp === 'block') return 'PutBlock';
  if (method === 'PUT' && comp === 'blocklist') return 'PutBlockList';
  if (method === 'PUT' && comp === null) return 'PutBlob';
  if (method === 'GET' && comp === null) return 'GetBlob';
  if (method === 'HEAD' && comp === null) return 'GetBlobProperties';
  return null;
}

export function handleBlobRequest(state: RunnerServicesState, signer: BlobSigner, request: BlobRequest): BlobResponse {
  const operation = blobOperation(request.method, request.query);
  if (!operation) {
    const what = `${request.method}${request.query.has('comp') ? ` comp=${request.query.get('comp')}` : ''}`;
    return { ...azureError(400, 'UnsupportedQueryParameter', `The blob store does not emulate ${what}.`), violation: `blob operation ${what} is not emulated` };
  }
  const unknown = Object.keys(request.headers).filter((h) => (h.startsWith('x-ms-') || h.startsWith('if-')) && !UNDERSTOOD_HEADERS.has(h));
  if (unknown.length) {
    return { ...azureError(400, 'UnsupportedHeader', `The blob store does not emulate ${unknown.join(', ')}.`), violation: `${operation} sent headers the store does not emulate: ${unknown.join(', ')}` };
  }
  const refusal = signer.refusal(request.pathname, request.query, operation.startsWith('Put') ? 'w' : 'r');
  if (refusal) return azureError(403, refusal.code, refusal.message);
  const md5 = request.headers['content-md5'];
  if (typeof md5 === 'string' && md5 !== createHash('md5').update(request.body).digest('base64')) {
    return azureError(400, 'Md5Mismatch', 'The MD5 value specified in the request did not match with the MD5 value calculated by the server.');
  }
  switch (operation) {
    case 'PutBlock':
      return putBlock(state, request);
    case 'PutBlockList':
      return putBlockList(state, request);
    case 'PutBlob':
      return putBlob(state, request);
    default:
      return getBlob(state, request, operation === 'GetBlobProperties');
  }
}

function putBlock(state: RunnerServicesState, request: BlobRequest): BlobResponse {
  const blockId = request.query.get('blockid');
  if (!blockId || Buffer.from(blockId, 'base64').length > 64) return azureError(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid: blockid.');
  const staged = state.stagedBlocks.get(request.pathname) ?? new Map<string, Buffer>();
  staged.set(blockId, request.body);
  state.stagedBlocks.set(request.pathname, staged);
  return created({ 'content-md5': createHash('md5').update(request.body).digest('base64'), 'x-ms-request-server-encrypted': 'true' });
}

function putBlockList(state: RunnerServicesState, request: BlobRequest): BlobResponse {
  const xml = request.body.toString('utf8');
  if (!/<BlockList>[\s\S]*<\/BlockList>/.test(xml)) return azureError(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.');
  const staged = state.stagedBlocks.get(request.pathname) ?? new Map<string, Buffer>();
  const parts: Buffer[] = [];
  for (const [, list, id] of xml.matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)) {
    // Blocks of an already committed blob are not kept: only freshly staged ones can be listed.
    const block = list === 'Committed' ? undefined : staged.get(id as string);
    if (!block) return azureError(400, 'InvalidBlockList', 'The specified block list is invalid.');
    parts.push(block);
  }
  return stored(state.putBlob(request.pathname, Buffer.concat(parts), contentTypeOf(request)));
}

function putBlob(state: RunnerServicesState, request: BlobRequest): BlobResponse {
  if (request.headers['x-ms-blob-type'] !== 'BlockBlob') {
    return azureError(400, 'MissingRequiredHeader', 'An HTTP header that\'s mandatory for this request is not specified: x-ms-blob-type (BlockBlob).');
  }
  return stored(state.putBlob(request.pathname, request.body, contentTypeOf(request)));
}

function getBlob(state: RunnerServicesState, request: BlobRequest, headOnly: boolean): BlobResponse {
  const blob = state.blobs.get(request.pathname);
  if (!blob) return azureError(404, 'BlobNotFound', 'The specified blob does not exist.');
  const headers: Record<string, string> = {
    ...common(), 'content-type': blob.contentType, etag: blob.etag, 'last-modified': blob.lastModified.toUTCString(),
    'accept-ranges': 'bytes', 'x-ms-blob-type': 'BlockBlob',
  };
  const size = blob.content.length;
  const rangeHeader = request.headers['x-ms-range'] ?? request.headers.range;
  if (typeof rangeHeader === 'string' && !headOnly) {
    const range = /^bytes=(\d+)-(\d*)$/.exec(rangeHeader);
    const start = range ? Number(range[1]) : NaN;
    const end = range?.[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (!range || start >= size || end < start) {
      const refused = azureError(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.');
      return { ...refused, headers: { ...refused.headers, 'content-range': `bytes */${size}` } };
    }
    const body = blob.content.subarray(start, end + 1);
    return { status: 206, headers: { ...headers, 'content-length': String(body.length), 'content-range': `bytes ${start}-${end}/${size}` }, body };
  }
  return { status: 200, headers: { ...headers, 'content-length': String(size) }, body: headOnly ? undefined : blob.content };
}

function contentTypeOf(request: BlobRequest): string {
  const value = request.headers['x-ms-blob-content-type'];
  return typeof value === 'string' ? value : 'application/octet-stream';
}

function stored(blob: StoredBlob): BlobResponse {
  return created({ etag: blob.etag, 'last-modified': blob.lastModified.toUTCString(), 'x-ms-request-server-encrypted': 'true' });
}

function created(headers: Record<string, string>): BlobResponse {
  return { status: 201, headers: { ...common(), 'content-length': '0', ...headers } };
}

function common(): Record<string, string> {
  return { 'x-ms-request-id': randomUUID(), 'x-ms-version': '2025-01-05', date: new Date().toUTCString() };
}

/** Azure's error: an XML body and the code again in `x-ms-error-code` (what the SDK reports). */
export function azureError(status: number, code: string, message: string): BlobResponse {
  const requestId = randomUUID();
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`;
  const body = Buffer.from(xml);
  return {
    status,
    headers: { ...common(), 'x-ms-request-id': requestId, 'x-ms-error-code': code, 'content-type': 'application/xml', 'content-length': String(body.length) },
    body,
  };
}
