// The pure rules of the key proxy (key-proxy.ts): which requests are model calls, how headers change
// on the way through, what an error looks like to each CLI, and which upstream connections go
// through the runner's HTTP proxy. No I/O here, so every rule is tested without sockets.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { CtoError, describeError } from '../core/model/errors.js';

export type ModelVendor = 'anthropic' | 'openai';
export const MODEL_VENDORS: readonly ModelVendor[] = ['anthropic', 'openai'];

/**
 * `forward`: a model API call. `decline`: a probe Codex makes on its own (a websocket attempt, the
 * model list), answered 404 so it falls back to plain HTTP and its bundled model metadata.
 * `refuse`: anything else; answered 404, never forwarded, and worth a line in the log.
 */
export type RouteDecision = 'forward' | 'decline' | 'refuse';

/** The only routes the agent CLIs need: the proxy must not become a general door to the vendor's API. */
const MODEL_ROUTES: Record<ModelVendor, readonly string[]> = {
  anthropic: ['POST /v1/messages', 'POST /v1/messages/count_tokens'],
  openai: ['POST /responses'],
};
const DECLINED_PROBES: Record<ModelVendor, readonly string[]> = {
  anthropic: [],
  openai: ['GET /responses', 'GET /models'],
};

export interface ProxyPath {
  vendor: ModelVendor;
  /** The path after the vendor prefix, as received (not decoded, so `%2e%2e` never matches a route). */
  pathname: string;
  /** `?...` or ''. */
  search: string;
}

/** Splits `/anthropic/v1/messages?beta=true`; null for anything without a vendor prefix. */
export function splitProxyPath(url: string): ProxyPath | null {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  const match = /^\/(anthropic|openai)(\/.*)$/.exec(path);
  if (!match?.[1] || !match[2]) return null;
  return { vendor: match[1] as ModelVendor, pathname: match[2], search: query < 0 ? '' : url.slice(query) };
}

export function routeFor(vendor: ModelVendor, method: string, pathname: string): RouteDecision {
  const route = `${method} ${pathname}`;
  if (MODEL_ROUTES[vendor].includes(route)) return 'forward';
  return DECLINED_PROBES[vendor].includes(route) ? 'decline' : 'refuse';
}

/** The upstream URL: the configured base (a gateway's path prefix included) plus the rest. */
export function upstreamUrl(base: URL, path: ProxyPath): URL {
  return new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${path.pathname}${path.search}`);
}

/** The configured API base, refused when it is not a plain http(s) URL: a key goes in the key setting. */
export function parseBaseUrl(vendor: ModelVendor, text: string): URL {
  const base = parseUrl(text);
  if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:') || base.username || base.password || base.search || base.hash) {
    throw new CtoError('settings', `The ${vendor} base URL is not a plain http(s) URL.`, 'Give the endpoint as https://host/path, without credentials or a query.');
  }
  return base;
}

/**
 * Why a connection failed, in one line. A host with both IPv6 and IPv4 addresses fails with an
 * AggregateError whose own message is empty; its parts say what happened.
 */
export function connectFailureText(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map((part) => describeError(part)).join('; ');
  return describeError(error);
}

/** A URL fit for messages and logs: no credentials, no query, no trailing slash. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** The keys a client presented: Claude sends `x-api-key` (or a bearer token), Codex a bearer token. */
export function presentedKeys(vendor: ModelVendor, headers: IncomingHttpHeaders): string[] {
  const keys: string[] = [];
  const apiKey = headers['x-api-key'];
  if (vendor === 'anthropic' && typeof apiKey === 'string') keys.push(apiKey);
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer) keys.push(bearer);
  return keys;
}

/** Equality in constant time; hashing first makes the length of the presented value irrelevant too. */
export function samePlaceholder(presented: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Headers that describe one connection, not the message (RFC 9110 section 7.6.1), plus `host`:
 * the proxy's own connections carry their own.
 */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = String(headers.connection ?? '').toLowerCase().split(',').map((name) => name.trim());
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || CONNECTION_HEADERS.has(name) || name.startsWith('proxy-') || named.includes(name)) continue;
    kept[name] = value;
  }
  return kept;
}

/**
 * The client's headers with the placeholder replaced by the real key (none when the key is null: a
 * gateway that needs none). Identity encoding keeps bytes and `content-length` as upstream sent them.
 */
export function upstreamRequestHeaders(vendor: ModelVendor, headers: IncomingHttpHeaders, key: string | null): OutgoingHttpHeaders {
  const out = endToEnd(headers);
  delete out['x-api-key'];
  delete out.authorization;
  out['accept-encoding'] = 'identity';
  if (key !== null && vendor === 'anthropic') out['x-api-key'] = key;
  if (key !== null && vendor === 'openai') out.authorization = `Bearer ${key}`;
  return out;
}

export function clientResponseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return endToEnd(headers);
}

/** An error body in the vendor's envelope, so the CLI shows our message instead of a parse error. */
export function errorBody(vendor: ModelVendor | null, status: number, message: string): string {
  if (vendor === 'anthropic') {
    const type = { 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 413: 'request_too_large' }[status] ?? 'api_error';
    return JSON.stringify({ type: 'error', error: { type, message } });
  }
  const type = status === 401 ? 'invalid_api_key' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return JSON.stringify({ error: { message, type, code: type, param: null } });
}

/** Requests from anywhere but this machine are refused, although we only listen on 127.0.0.1. */
export function isLoopbackPeer(address: string | undefined): boolean {
  if (!address) return false;
  return /^(::ffff:)?127\./.test(address) || address === '::1';
}

export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/**
 * The runner's HTTP proxy for an upstream URL, or null for a direct connection: `https_proxy` /
 * `HTTPS_PROXY` for https, `http_proxy` / `HTTP_PROXY` for http (lower case first, as curl does),
 * unless `no_proxy` / `NO_PROXY` names the host. Loopback hosts get no implicit exception, as in
 * Node's own proxy support: list them in NO_PROXY.
 */
export function httpProxyFor(target: URL, env: ProxyEnv): URL | null {
  const names = target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  const setting = firstSet(env, names);
  if (!setting || bypassesProxy(target, firstSet(env, ['no_proxy', 'NO_PROXY']) ?? '')) return null;
  const proxy = parseUrl(/^[a-z][a-z\d+.-]*:\/\//i.test(setting) ? setting : `http://${setting}`);
  if (!proxy || (proxy.protocol !== 'http:' && proxy.protocol !== 'https:')) {
    throw new CtoError('settings', `The ${names.join('/')} setting is not an http:// or https:// proxy URL.`, 'Fix the proxy variable in the runner environment.');
  }
  return proxy;
}

/** `new URL` without the throw (URL.parse needs Node 22.1). */
export function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function firstSet(env: ProxyEnv, names: readonly string[]): string | null {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return null;
}

/** NO_PROXY entries: `*`, host names (a leading `.` or `*.` allowed; subdomains match), IPs, `host:port`. */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy.split(/[\s,]+/).some((entry) => {
    if (entry === '*') return true;
    const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+):(\d+)$/.exec(entry);
    const name = (match ? match[1] ?? '' : entry).replace(/^\*?\./, '').toLowerCase();
    const entryPort = match?.[2];
    if (!name || (entryPort && entryPort !== port)) return false;
    return host === name || host.endsWith(`.${name}`);
  });
}

/** `Proxy-Authorization` from credentials in the proxy URL, if any. */
export function proxyAuthorization(proxy: URL): OutgoingHttpHeaders {
  if (!proxy.username && !proxy.password) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}
