// A loopback HTTP proxy that holds the model API keys so the agents never do. The agents run as
// another OS user; each gets this proxy's URL and a random placeholder key, and the proxy (in the
// action's own process) swaps the placeholder for the real key on the way upstream. Only the
// model calls the CLIs make are forwarded, streams pass through unbuffered, and an endpoint that
// cannot be reached fails fast with a message naming it instead of hiding behind CLI retries.
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { CtoError, describeError } from '../core/model/errors.js';
import { clientResponseHeaders, connectFailureText, displayUrl, errorBody, httpProxyFor, isLoopbackPeer, MODEL_VENDORS, parseBaseUrl, presentedKeys } from './key-proxy-rules.js';
import { proxyAuthorization, routeFor, samePlaceholder, splitProxyPath, upstreamRequestHeaders, upstreamUrl } from './key-proxy-rules.js';
import type { ModelVendor, ProxyEnv, ProxyPath } from './key-proxy-rules.js';
import { openUpstreamSocket } from './upstream-socket.js';

export type { ModelVendor, ProxyEnv } from './key-proxy-rules.js';

export interface UpstreamSetting {
  /** The vendor API base, e.g. `https://api.anthropic.com`, `https://api.openai.com/v1`, or a gateway's. */
  baseUrl: string;
  /** The real key; null for a gateway that needs none (then no auth header is sent). */
  key: string | null;
}

export interface KeyProxyOptions {
  upstreams: Partial<Record<ModelVendor, UpstreamSetting>>;
  /** Receives one line per refused route and per connection failure; never a key or placeholder. */
  log?: (message: string) => void;
  /** Called once per vendor when it has failed UNREACHABLE_AFTER times in a row. */
  onUnreachable?: (vendor: ModelVendor, failure: UpstreamFailure) => void;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) are read: the environment the action or CLI was started with. */
  proxyEnv: ProxyEnv;
  /** TCP, proxy CONNECT and TLS together; default 10 s. */
  connectTimeoutMs?: number;
  /** Silence on an upstream connection before it is cut; default 15 min, above the CLIs' own limits. */
  idleTimeoutMs?: number;
  /** Largest request body forwarded; default 64 MB. */
  maxRequestBytes?: number;
}

export interface UpstreamFailure {
  /** The endpoint, without credentials or query. */
  url: string;
  /** The sentence the agent was answered with, e.g. `codex-cto could not reach ... ECONNREFUSED ...`. */
  message: string;
}

export interface VendorStats {
  /** Model calls that presented the right placeholder. */
  requests: number;
  /** Those answered 502 because the endpoint could not be reached. */
  failures: number;
}

export interface KeyProxy {
  /** What the agent is given as its API base URL, e.g. `http://127.0.0.1:41234/anthropic`. */
  baseUrl(vendor: ModelVendor): string;
  /** What the agent is given as its API key. */
  placeholder(vendor: ModelVendor): string;
  /** The last connection failure since the last success, or null. */
  unreachable(vendor: ModelVendor): UpstreamFailure | null;
  stats(): Record<ModelVendor, VendorStats>;
  /** Stops listening and cuts every open connection, client and upstream. */
  close(): Promise<void>;
}

/** Connection failures in a row after which a vendor is given up for the run. */
export const UNREACHABLE_AFTER = 3;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_IDLE_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024;

interface Upstream {
  base: URL;
  key: string | null;
  proxy: URL | null;
  placeholder: string;
  stats: VendorStats;
  failuresInARow: number;
  lastFailure: UpstreamFailure | null;
  givenUp: boolean;
}

/** One proxy's settings and state, shared by the functions that serve it. */
interface ProxyRun {
  log: (message: string) => void;
  onUnreachable: KeyProxyOptions['onUnreachable'];
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  maxRequestBytes: number;
  upstreams: Map<ModelVendor, Upstream>;
  /** Aborts connections still being set up; open ones end with their client's (see `forward`). */
  closing: AbortController;
}

export async function startKeyProxy(options: KeyProxyOptions): Promise<KeyProxy> {
  const upstreams = new Map<ModelVendor, Upstream>();
  for (const vendor of MODEL_VENDORS) {
    const setting = options.upstreams[vendor];
    if (setting) upstreams.set(vendor, prepareUpstream(vendor, setting, options.proxyEnv));
  }
  const run: ProxyRun = {
    log: options.log ?? (() => {}),
    onUnreachable: options.onUnreachable,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    maxRequestBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    upstreams,
    closing: new AbortController(),
  };
  const server = createServer((req, res) => serve(run, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new CtoError('internal', `The key proxy could not listen on 127.0.0.1: ${describeError(error)}`)));
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const configured = (vendor: ModelVendor): Upstream => {
    const upstream = upstreams.get(vendor);
    if (!upstream) throw new CtoError('internal', `The key proxy has no ${vendor} endpoint configured.`);
    return upstream;
  };

  return {
    baseUrl: (vendor) => {
      configured(vendor);
      return `http://127.0.0.1:${port}/${vendor}`;
    },
    placeholder: (vendor) => configured(vendor).placeholder,
    unreachable: (vendor) => upstreams.get(vendor)?.lastFailure ?? null,
    stats: () => Object.fromEntries(MODEL_VENDORS.map((v) => [v, { ...(upstreams.get(v)?.stats ?? { requests: 0, failures: 0 }) }])) as Record<ModelVendor, VendorStats>,
    close: async () => {
      run.closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One request from an agent: refused unless it is a loopback call of a forwarded route with the right placeholder. */
function serve(run: ProxyRun, req: IncomingMessage, res: ServerResponse): void {
  if (!isLoopbackPeer(req.socket.remoteAddress)) {
    res.writeHead(403).end();
    return;
  }
  const path = splitProxyPath(req.url ?? '');
  const upstream = path && run.upstreams.get(path.vendor);
  const route = path && upstream ? routeFor(path.vendor, req.method ?? '', path.pathname) : 'refuse';
  if (!path || !upstream || route !== 'forward') {
    // The path only: a query string is the client's business, and may carry anything.
    if (route === 'refuse') run.log(`key proxy: refused ${req.method} ${(req.url ?? '').split('?')[0]}`);
    return answer(res, path?.vendor ?? null, 404, `codex-cto key proxy: ${req.method} ${path?.pathname ?? 'this path'} is not forwarded`);
  }
  const keys = presentedKeys(path.vendor, req.headers);
  if (!keys.some((key) => samePlaceholder(key, upstream.placeholder))) {
    return answer(res, path.vendor, 401, 'codex-cto key proxy: missing or wrong API key (use the key the action provided)');
  }
  upstream.stats.requests += 1;
  if (upstream.givenUp && upstream.lastFailure) {
    upstream.stats.failures += 1;
    return answer(res, path.vendor, 502, `${upstream.lastFailure.message} (${UNREACHABLE_AFTER} attempts in a row failed; not trying again)`);
  }
  if (Number(req.headers['content-length'] ?? 0) > run.maxRequestBytes) return answer(res, path.vendor, 413, tooLarge(run.maxRequestBytes));
  forward(run, { req, res, path, upstream, socket: null, streaming: false, settled: false });
}

/** A forwarded call in flight. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  path: ProxyPath;
  upstream: Upstream;
  socket: Socket | null;
  /** The upstream answered; its answer is being passed on. */
  streaming: boolean;
  /** `failed` already decided what went wrong. */
  settled: boolean;
}

function forward(run: ProxyRun, exchange: Exchange): void {
  const { res, path, upstream } = exchange;
  const target = upstreamUrl(upstream.base, path);
  // A client that hangs up (Ctrl-C, a CLI timeout) takes the upstream call with it.
  res.once('close', () => {
    if (!res.writableFinished) failed(run, exchange, new Error('the client went away'));
  });
  openUpstreamSocket({ target, proxy: upstream.proxy, timeoutMs: run.connectTimeoutMs, signal: run.closing.signal }).then(
    (opened) => sendUpstream(run, exchange, target, opened),
    (error: unknown) => failed(run, exchange, error),
  );
}

/** Writes the client's request to the opened upstream socket, the key swapped in, and passes the answer back as it streams. */
function sendUpstream(run: ProxyRun, exchange: Exchange, target: URL, opened: Socket): void {
  const { req, res, path, upstream } = exchange;
  exchange.socket = opened;
  if (exchange.settled || req.socket.destroyed) return void opened.destroy();
  // Plain http through a proxy is written to the proxy in absolute form, with its credentials.
  const viaProxy = upstream.proxy !== null && target.protocol === 'http:';
  const headers = { ...upstreamRequestHeaders(path.vendor, req.headers, upstream.key), host: target.host };
  const outgoing = httpRequest({
    method: req.method,
    path: viaProxy ? target.href : `${target.pathname}${target.search}`,
    headers: viaProxy && upstream.proxy ? { ...headers, ...proxyAuthorization(upstream.proxy) } : headers,
    createConnection: () => opened,
    timeout: run.idleTimeoutMs,
  });
  outgoing.on('timeout', () => outgoing.destroy(new Error(`no data for ${run.idleTimeoutMs / 1000} s`)));
  outgoing.on('error', (error) => failed(run, exchange, error));
  outgoing.on('response', (incoming) => {
    exchange.streaming = true;
    upstream.failuresInARow = 0;
    upstream.lastFailure = null;
    res.writeHead(incoming.statusCode ?? 502, incoming.statusMessage, clientResponseHeaders(incoming.headers));
    // Headers at once, so a streaming CLI sees its status now; then each chunk as it arrives.
    res.flushHeaders();
    pipeline(incoming, res, (error) => error && failed(run, exchange, error));
  });
  // The body is streamed, not collected; counted so a runaway upload cannot grow without end.
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > run.maxRequestBytes) failed(run, exchange, null, true);
  });
  req.pipe(outgoing);
}

/**
 * One place decides, once, what went wrong: before the upstream answered it is a connection failure (or
 * our refusal of the body); after, all we can do is cut the stream so the client sees it broken rather
 * than complete.
 */
function failed(run: ProxyRun, exchange: Exchange, error: unknown, bodyTooLarge = false): void {
  const { req, res, path, upstream } = exchange;
  if (exchange.settled) return;
  exchange.settled = true;
  exchange.socket?.destroy();
  if (req.socket.destroyed) return;
  if (exchange.streaming) return void res.destroy();
  if (bodyTooLarge) {
    // Drain the rest unread, so the client can finish its upload and read the answer.
    req.unpipe();
    req.resume();
    return answer(res, path.vendor, 413, tooLarge(run.maxRequestBytes));
  }
  connectionFailed(run, path.vendor, upstream, res, error);
}

function connectionFailed(run: ProxyRun, vendor: ModelVendor, upstream: Upstream, res: ServerResponse, error: unknown): void {
  const via = upstream.proxy ? ` through the proxy ${displayUrl(upstream.proxy)}` : '';
  const url = displayUrl(upstream.base);
  const failure = { url, message: `codex-cto could not reach the model endpoint ${url}${via}: ${connectFailureText(error)}` };
  upstream.stats.failures += 1;
  upstream.failuresInARow += 1;
  upstream.lastFailure = failure;
  run.log(`key proxy: ${failure.message}`);
  if (upstream.failuresInARow >= UNREACHABLE_AFTER && !upstream.givenUp) {
    upstream.givenUp = true;
    try {
      run.onUnreachable?.(vendor, failure);
    } catch (callbackError) {
      run.log(`key proxy: the unreachable handler failed: ${describeError(callbackError)}`);
    }
  }
  answer(res, vendor, 502, failure.message);
}

function prepareUpstream(vendor: ModelVendor, setting: UpstreamSetting, proxyEnv: ProxyEnv): Upstream {
  const base = parseBaseUrl(vendor, setting.baseUrl);
  let placeholder = `cto-proxy-${vendor}-${randomBytes(16).toString('hex')}`;
  while (placeholder === setting.key) placeholder = `cto-proxy-${vendor}-${randomBytes(16).toString('hex')}`;
  return {
    base,
    key: setting.key,
    proxy: httpProxyFor(base, proxyEnv),
    placeholder,
    stats: { requests: 0, failures: 0 },
    failuresInARow: 0,
    lastFailure: null,
    givenUp: false,
  };
}

function tooLarge(limit: number): string {
  return `codex-cto key proxy: request body larger than ${limit} bytes`;
}

function answer(res: ServerResponse, vendor: ModelVendor | null, status: number, message: string): void {
  if (res.headersSent) return void res.destroy();
  const body = errorBody(vendor, status, message);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}
