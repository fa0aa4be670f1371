// The connection behind one forwarded model call: straight to the endpoint, or through the runner's
// HTTP proxy (a CONNECT tunnel for https, the proxy itself for plain http), with TLS where the URL
// says https. Everything up to a usable socket shares one deadline, so an endpoint that drops
// packets, a proxy that never answers and a stalled TLS handshake all fail in the same bounded time.
import { request as httpRequest } from 'node:http';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { displayUrl, proxyAuthorization } from './key-proxy-rules.js';

export interface SocketRequest {
  target: URL;
  /** The runner's HTTP proxy for this target, or null. */
  proxy: URL | null;
  timeoutMs: number;
  /** Aborted when the key proxy closes: a connection still being set up is dropped at once. */
  signal: AbortSignal;
}

/** A connected socket to write the HTTP request to (the proxy's, when plain http goes through one). */
export async function openUpstreamSocket({ target, proxy, timeoutMs, signal }: SocketRequest): Promise<Socket> {
  const opened: Socket[] = [];
  let timer: NodeJS.Timeout | undefined;
  let onAbort = (): void => {};
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs / 1000} s`)), timeoutMs);
    onAbort = () => reject(new Error('the key proxy closed'));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    if (signal.aborted) throw new Error('the key proxy closed');
    const socket = await Promise.race([connect(target, proxy, opened), deadline]);
    // Model calls are small writes that wait for an answer; do not hold them back for coalescing.
    socket.setNoDelay(true);
    return socket;
  } catch (error) {
    for (const socket of opened) socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

async function connect(target: URL, proxy: URL | null, opened: Socket[]): Promise<Socket> {
  if (!proxy) return reach(target, opened);
  const toProxy = await reach(proxy, opened);
  // Plain http is sent to the proxy in absolute form; only https needs a tunnel of its own.
  if (target.protocol === 'http:') return toProxy;
  const tunnel = await openTunnel(toProxy, target, proxy);
  return secure(tunnel, hostOf(target), opened);
}

/** TCP to the URL's host, plus TLS when it is https. */
async function reach(url: URL, opened: Socket[]): Promise<Socket> {
  const host = hostOf(url);
  const port = portOf(url);
  if (url.protocol === 'https:') {
    const socket = tlsConnect({ host, port, servername: serverName(host) });
    opened.push(socket);
    return settled(socket, 'secureConnect');
  }
  const socket = netConnect({ host, port });
  opened.push(socket);
  return settled(socket, 'connect');
}

/** TLS over an existing socket (the tunnel), checked against the target's name. */
function secure(socket: Socket, host: string, opened: Socket[]): Promise<Socket> {
  const secured = tlsConnect({ socket, servername: serverName(host) });
  opened.push(secured);
  return settled(secured, 'secureConnect');
}

function openTunnel(toProxy: Socket, target: URL, proxy: URL): Promise<Socket> {
  const authority = `${target.hostname}:${portOf(target)}`;
  const connectRequest = httpRequest({
    method: 'CONNECT',
    path: authority,
    headers: { host: authority, ...proxyAuthorization(proxy) },
    createConnection: () => toProxy,
  });
  return new Promise((resolve, reject) => {
    connectRequest.once('connect', (response, socket) => {
      if (response.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`the proxy ${displayUrl(proxy)} answered CONNECT with ${response.statusCode}`));
    });
    connectRequest.once('response', (response) => {
      response.destroy();
      reject(new Error(`the proxy ${displayUrl(proxy)} answered CONNECT with ${response.statusCode}`));
    });
    connectRequest.once('error', reject);
    connectRequest.end();
  });
}

function settled(socket: Socket, ready: 'connect' | 'secureConnect'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once(ready, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

/** SNI carries names only; an IP address there is refused by some servers and warned about by Node. */
function serverName(host: string): string | undefined {
  return isIP(host) ? undefined : host;
}
