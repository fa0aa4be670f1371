// startRunnerServices: one loopback HTTP server standing in for what the runner exposes to an
// action: the results service (Twirp, at ACTIONS_RESULTS_URL: artifacts and cache v2) and the blob
// storage its signed URLs point at. Every request is logged; every request no real client makes
// (an unknown path, method, field or blob operation) is recorded as a violation and refused.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { azureError, blobOperation, handleBlobRequest } from './blob-store.js';
import { ServiceFaults, type ServiceFault } from './faults.js';
import { answerResults, faultAnswer, jsonAnswer, type Answer } from './results-service.js';
import { RuntimeTokenAuthority, type TokenOptions } from './runtime-token.js';
import { BlobSigner, type BlobPermission } from './signed-url.js';
import { BLOB_ACCOUNT, RunnerServicesState, type WorkflowJob } from './state.js';

export interface ServiceRequest {
  /** Order of arrival, from 1. */
  seq: number;
  kind: 'twirp' | 'blob' | 'other';
  method: string;
  /** The path without its query (signatures stay out of logs). */
  path: string;
  /** The Twirp method or blob operation, when recognised. */
  operation: string | null;
  status: number;
  injected: boolean;
}

export interface ServiceViolation {
  method: string;
  path: string;
  problem: string;
}

export interface RunnerServices {
  /** The origin, e.g. `http://127.0.0.1:41234` (ACTIONS_RESULTS_URL is it with a trailing slash). */
  url: string;
  state: RunnerServicesState;
  /** The ACTIONS_RUNTIME_TOKEN of a registered job. */
  runtimeToken(job: WorkflowJob, options?: TokenOptions): string;
  /** A signed URL on the blob store (e.g. the REST API's artifact download redirect). */
  signedUrl(blobPath: string, permission: BlobPermission, ttlSeconds: number): string;
  inject(fault: ServiceFault): void;
  pendingFaults(): ServiceFault[];
  requests(filter?: { kind?: ServiceRequest['kind']; operation?: string }): ServiceRequest[];
  violations(): ServiceViolation[];
  /** Forgets logged requests and violations. */
  resetLog(): void;
  close(): Promise<void>;
}

export async function startRunnerServices(): Promise<RunnerServices> {
  const state = new RunnerServicesState();
  const tokens = new RuntimeTokenAuthority();
  const signer = new BlobSigner();
  const faults = new ServiceFaults();
  const log: ServiceRequest[] = [];
  const violations: ServiceViolation[] = [];
  let origin = '';
  const signedUrl = (blobPath: string, permission: BlobPermission, ttlSeconds: number): string =>
    signer.sign(origin, blobPath, permission, new Date(Date.now() + ttlSeconds * 1000));

  const answer = (req: IncomingMessage, url: URL, body: Buffer): Answer => {
    const method = req.method ?? 'GET';
    const violate = (problem: string): void => {
      violations.push({ method, path: url.pathname, problem });
    };
    if (url.pathname.startsWith('/twirp/')) {
      return answerResults({ req, url, body, state, tokens, faults, signedUrl, violate });
    }
    if (url.pathname.startsWith(`/${BLOB_ACCOUNT}/`)) {
      const operation = blobOperation(method, url.searchParams);
      const fault = operation ? faults.take(operation) : null;
      if (fault) return faultAnswer(fault, () => azureError(fault.status ?? 500, fault.code ?? 'InternalError', fault.message ?? 'Injected failure.'));
      const response = handleBlobRequest(state, signer, { method, pathname: url.pathname, query: url.searchParams, headers: req.headers, body });
      if (response.violation) violate(response.violation);
      return { ...response, operation };
    }
    violate('not a path of the results service (/twirp/...) or of its blob storage');
    return { ...jsonAnswer(404, { code: 'bad_route', msg: `no handler for ${method} ${url.pathname}` }), operation: null };
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://runner-services.invalid');
    readBody(req)
      .then((body) => answer(req, url, body))
      .then((reply) => {
        const kind = url.pathname.startsWith('/twirp/') ? 'twirp' : url.pathname.startsWith(`/${BLOB_ACCOUNT}/`) ? 'blob' : 'other';
        log.push({ seq: log.length + 1, kind, method: req.method ?? 'GET', path: url.pathname, operation: reply.operation, status: reply.reset ? 0 : reply.status, injected: reply.injected ?? false });
        if (reply.reset) return void req.socket.destroy();
        send(res, reply);
      })
      .catch((error: unknown) => {
        violations.push({ method: req.method ?? '?', path: url.pathname, problem: `emulator error: ${error instanceof Error ? error.stack ?? error.message : String(error)}` });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  // Idle keep-alive connections outlive any pause between a client's requests on a loaded machine: a server
  // closing one just as the client reuses it shows up as ECONNRESET in a test that did nothing wrong.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    state,
    runtimeToken: (job, options) => tokens.mint(job, options),
    signedUrl,
    inject: (fault) => faults.inject(fault),
    pendingFaults: () => faults.pending(),
    requests: (filter = {}) => log.filter((r) => (!filter.kind || r.kind === filter.kind) && (!filter.operation || r.operation === filter.operation)),
    violations: () => [...violations],
    resetLog() {
      log.length = 0;
      violations.length = 0;
    },
    async close() {
      // The clients keep connections alive; cut them so close() finishes now.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, reply: Answer): void {
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
