// Plumbing shared by the scripted model servers: body capture, JSON and Server-Sent Event replies,
// listening on loopback, and a teardown that also ends requests the script left hanging.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running scripted server. `requests` holds the requests that consumed a script turn. */
export interface ScriptedServer<R> {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: R[];
  /** Requests answered without touching the script (probes, token counting, unknown paths). */
  sideRequests: SideRequest[];
  close(): Promise<void>;
}

export interface SideRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The status the server answered with. */
  status: number;
}

/** Everything a handler needs about one request, with the body already read. */
export interface ReceivedRequest {
  method: string;
  /** The path including the query string. */
  path: string;
  /** The path without the query string. */
  pathname: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body, or null when there is none or it is not JSON. */
  body: unknown;
}

export type Handler = (request: ReceivedRequest, res: ServerResponse) => void;

export async function startServer(handle: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    readRequest(req)
      .then((request) => handle(request, res))
      .catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { error: { message: `fake server failed: ${String(error)}` } });
      });
  });
  // Idle keep-alive connections outlive any pause between a client's requests on a loaded machine: a server
  // closing one just as the client reuses it shows up as ECONNRESET in a test that did nothing wrong.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

async function closeServer(server: Server): Promise<void> {
  // Hanging turns keep their sockets open on purpose; cut them so close() can finish.
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function readRequest(req: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const path = req.url ?? '/';
  return {
    method: req.method ?? 'GET',
    path,
    pathname: path.split('?')[0] ?? path,
    headers: req.headers,
    rawBody,
    body: parseJson(rawBody),
  };
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts an event stream; write events with `sendEvent`, then `res.end()`. */
export function startEventStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

/** One named event whose data is the payload with its `type` set to the event name, as both APIs do. */
export function sendEvent(res: ServerResponse, name: string, payload: Record<string, unknown>): void {
  res.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...payload })}\n\n`);
}

/** Replaces `{{cwd}}` in every string inside a JSON-like value. */
export function fillCwd<T>(value: T, cwd: string | null): T {
  if (cwd === null) return value;
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replaceAll('{{cwd}}', cwd);
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(value) as T;
}

/** Every string inside a JSON-like value, depth first (for finding text the CLI embedded anywhere). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
