// The results service's endpoint, as a Twirp server runs a call: route -> content type -> bearer
// token (whose `Actions.Results` scope names the caller's job) -> injected fault -> JSON body ->
// handler. Refusals a real client never provokes (bad route, malformed or invalid request) are
// reported as violations besides being answered.
import type { IncomingMessage } from 'node:http';
import { artifactService } from './artifact-service.js';
import { cacheService } from './cache-service.js';
import type { ServiceFault, ServiceFaults } from './faults.js';
import { ARTIFACT_SERVICE, CACHE_SERVICE, decodeMessage, encodeMessage, MalformedMessage, METHODS } from './messages.js';
import { bearerToken, type RuntimeTokenAuthority } from './runtime-token.js';
import type { RunnerServicesState } from './state.js';
import { codeForStatus, parseTwirpPath, TwirpError, twirpErrorBody, type CallContext, type MethodHandler, type TwirpCode } from './twirp.js';

/** What the HTTP server sends back (or, for `reset`, the connection it cuts). */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
  operation: string | null;
  injected?: boolean;
  /** Cut the connection instead of answering. */
  reset?: boolean;
}

const HANDLERS: Record<string, Record<string, MethodHandler>> = { [ARTIFACT_SERVICE]: artifactService, [CACHE_SERVICE]: cacheService };

export interface TwirpCall {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  state: RunnerServicesState;
  tokens: RuntimeTokenAuthority;
  faults: ServiceFaults;
  signedUrl: CallContext['signedUrl'];
  violate: (problem: string) => void;
}

export function answerResults(call: TwirpCall): Answer {
  const route = parseTwirpPath(call.url.pathname);
  const schema = route ? METHODS[route.service]?.[route.method] : undefined;
  const handler = route ? HANDLERS[route.service]?.[route.method] : undefined;
  const operation = schema ? (route?.method as string) : null;
  const refuse = (error: TwirpError): Answer => {
    if (error.isClientMistake) call.violate(`${error.code}: ${error.message}`);
    return { ...jsonAnswer(error.status, twirpErrorBody(error)), operation };
  };
  if (call.req.method !== 'POST' || !schema || !handler) {
    return refuse(new TwirpError('bad_route', `no handler for ${call.req.method ?? '?'} ${call.url.pathname}`));
  }
  if (!/^application\/json\b/.test(call.req.headers['content-type'] ?? '')) {
    return refuse(new TwirpError('bad_route', `unexpected Content-Type ${JSON.stringify(call.req.headers['content-type'] ?? '')} (only JSON is emulated)`));
  }
  const token = bearerToken(call.req.headers.authorization);
  const claims = token ? call.tokens.verify(token) : { refused: 'no bearer token' };
  if ('refused' in claims) return refuse(new TwirpError('unauthenticated', claims.refused));
  const caller = call.state.jobByBackendIds(claims.workflowRunBackendId, claims.workflowJobRunBackendId);
  if (!caller) return refuse(new TwirpError('unauthenticated', 'the token names no known job'));
  const fault = call.faults.take(operation as string);
  if (fault) {
    const injected = new TwirpError((fault.code as TwirpCode | undefined) ?? codeForStatus(fault.status ?? 500), fault.message ?? 'injected failure');
    return faultAnswer(fault, () => jsonAnswer(fault.status ?? 500, twirpErrorBody(injected)));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.body.toString('utf8'));
  } catch {
    return refuse(new TwirpError('malformed', 'the body is not JSON'));
  }
  try {
    const decoded = decodeMessage(schema.input, parsed);
    // Twirp's JSON decoding drops unknown fields; no generated client sends any, so report them.
    if (decoded.unknownFields.length) call.violate(`unknown fields: ${decoded.unknownFields.join(', ')}`);
    // The token, not the job, decides the cache scopes (a job's token may be minted read-only).
    const context: CallContext = { state: call.state, caller, cacheScopes: claims.cacheScopes, signedUrl: call.signedUrl };
    return { ...jsonAnswer(200, encodeMessage(schema.output, handler(context, decoded.message))), operation };
  } catch (error) {
    if (error instanceof MalformedMessage) return refuse(new TwirpError('malformed', error.message));
    if (error instanceof TwirpError) return refuse(error);
    throw error;
  }
}

export function faultAnswer(fault: ServiceFault, build: () => Omit<Answer, 'operation'>): Answer {
  if (fault.reset) return { status: 0, headers: {}, operation: fault.operation, injected: true, reset: true };
  return { ...build(), operation: fault.operation, injected: true };
}

export function jsonAnswer(status: number, body: unknown): Omit<Answer, 'operation'> {
  const text = Buffer.from(JSON.stringify(body));
  return { status, headers: { 'content-type': 'application/json', 'content-length': String(text.length) }, body: text };
}

