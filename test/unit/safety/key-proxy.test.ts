// The key proxy against real loopback servers: the key swap, the route list, streaming, failures
// of the endpoint, and the runner's HTTP proxy. No sleeps: every wait is on an event.
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startKeyProxy, type KeyProxy, type KeyProxyOptions, type UpstreamFailure } from '../../../src/safety/key-proxy.js';
import {
  bypassesProxy,
  connectFailureText,
  httpProxyFor,
  isLoopbackPeer,
  routeFor,
  splitProxyPath,
  upstreamRequestHeaders,
  upstreamUrl,
} from '../../../src/safety/key-proxy-rules.js';
import { startServer, type Handler, type ReceivedRequest } from '../../support/sse.js';

const ANTHROPIC_KEY = 'sk-ant-real-key-only-the-proxy-holds';
const OPENAI_KEY = 'sk-real-openai-key-only-the-proxy-holds';
const MESSAGE = JSON.stringify({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

interface Upstream {
  url: string;
  seen: ReceivedRequest[];
}

/** A real upstream on loopback that records what reached it; answers `{"ok":true}` unless told otherwise. */
async function upstreamServer(handle?: Handler): Promise<Upstream> {
  const seen: ReceivedRequest[] = [];
  const server = await startServer((received, res) => {
    seen.push(received);
    if (handle) return handle(received, res);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  cleanups.push(server.close);
  return { url: server.url, seen };
}

async function proxyFor(options: Omit<KeyProxyOptions, 'proxyEnv'> & Partial<Pick<KeyProxyOptions, 'proxyEnv'>>): Promise<KeyProxy> {
  const proxy = await startKeyProxy({ proxyEnv: {}, ...options });
  cleanups.push(() => proxy.close());
  return proxy;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

function send(url: string, { method = 'POST', headers = {}, body = MESSAGE }: { method?: string; headers?: Record<string, string>; body?: string | null } = {}): Promise<Reply> {
  // Split by hand: URL parsing would normalise `..` and percent-escapes away before they reach the proxy.
  const [, authority = '', path = '/'] = /^http:\/\/([^/]+)(\/.*)?$/.exec(url) ?? [];
  const [host, port] = authority.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

const asClaude = (proxy: KeyProxy, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', 'x-api-key': proxy.placeholder('anthropic'), ...extra });
const asCodex = (proxy: KeyProxy) => ({ 'content-type': 'application/json', authorization: `Bearer ${proxy.placeholder('openai')}` });

async function listen<S extends Server | NetServer>(server: S): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

/** A port that was just in use and is now closed: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that counts connections and cuts each one before any answer (ECONNRESET). */
async function cuttingServer(): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const server = createNetServer((socket) => {
    connections += 1;
    socket.resetAndDestroy();
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, connections: () => connections };
}

describe('the key swap', () => {
  it('gives upstream the real key instead of the placeholder, and the client neither', async () => {
    const anthropic = await upstreamServer();
    const openai = await upstreamServer();
    const logs: string[] = [];
    const proxy = await proxyFor({
      upstreams: { anthropic: { baseUrl: anthropic.url, key: ANTHROPIC_KEY }, openai: { baseUrl: openai.url, key: OPENAI_KEY } },
      log: (line) => logs.push(line),
    });

    const viaApiKey = await send(`${proxy.baseUrl('anthropic')}/v1/messages`, { headers: asClaude(proxy) });
    const viaBearer = await send(`${proxy.baseUrl('anthropic')}/v1/messages`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${proxy.placeholder('anthropic')}` },
    });
    const codex = await send(`${proxy.baseUrl('openai')}/responses`, { headers: asCodex(proxy) });

    for (const reply of [viaApiKey, viaBearer, codex]) {
      expect(reply).toMatchObject({ status: 200, text: '{"ok":true}' });
      expect(JSON.stringify(reply.headers)).not.toMatch(/real-key|real-openai/);
    }
    expect(anthropic.seen.map((r) => [r.headers['x-api-key'], r.headers.authorization])).toEqual([[ANTHROPIC_KEY, undefined], [ANTHROPIC_KEY, undefined]]);
    expect(openai.seen.map((r) => [r.headers.authorization, r.headers['x-api-key']])).toEqual([[`Bearer ${OPENAI_KEY}`, undefined]]);
    const everythingUpstreamSaw = JSON.stringify([...anthropic.seen, ...openai.seen]);
    expect(everythingUpstreamSaw).not.toContain(proxy.placeholder('anthropic'));
    expect(everythingUpstreamSaw).not.toContain(proxy.placeholder('openai'));
    expect(logs).toEqual([]);
    expect(proxy.stats()).toEqual({ anthropic: { requests: 2, failures: 0 }, openai: { requests: 1, failures: 0 } });
  });

  it('sends no auth header to a gateway configured without a key', async () => {
    const gateway = await upstreamServer();
    const proxy = await proxyFor({ upstreams: { openai: { baseUrl: gateway.url, key: null } } });

    const reply = await send(`${proxy.baseUrl('openai')}/responses`, { headers: asCodex(proxy) });

    expect(reply.status).toBe(200);
    expect(gateway.seen).toHaveLength(1);
    expect(gateway.seen[0]?.headers).not.toHaveProperty('authorization');
    expect(gateway.seen[0]?.headers).not.toHaveProperty('x-api-key');
  });

  it('answers a missing or wrong placeholder 401 in the vendor envelope and forwards nothing', async () => {
    const anthropic = await upstreamServer();
    const openai = await upstreamServer();
    const proxy = await proxyFor({ upstreams: { anthropic: { baseUrl: anthropic.url, key: ANTHROPIC_KEY }, openai: { baseUrl: openai.url, key: OPENAI_KEY } } });
    const messages = `${proxy.baseUrl('anthropic')}/v1/messages`;
    const responses = `${proxy.baseUrl('openai')}/responses`;

    const refused = [
      await send(messages, { headers: { 'content-type': 'application/json' } }),
      await send(messages, { headers: { 'x-api-key': `${proxy.placeholder('anthropic')}x` } }),
      await send(messages, { headers: { 'x-api-key': ANTHROPIC_KEY } }),
      await send(messages, { headers: { 'x-api-key': proxy.placeholder('openai') } }),
      await send(responses, { headers: { 'x-api-key': proxy.placeholder('openai') } }),
      await send(responses, { headers: { authorization: `Bearer ${proxy.placeholder('anthropic')}` } }),
      await send(responses, { headers: { authorization: proxy.placeholder('openai') } }),
    ];

    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    expect(JSON.parse(refused[0]!.text)).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(JSON.parse(refused[4]!.text)).toMatchObject({ error: { type: 'invalid_api_key', message: expect.stringContaining('codex-cto') } });
    for (const reply of refused) expect(reply.text).not.toMatch(/cto-proxy-|real-key|real-openai/);
    expect(anthropic.seen).toEqual([]);
    expect(openai.seen).toEqual([]);
    // The same upstreams were reachable all along: the right placeholder gets through.
    expect((await send(messages, { headers: asClaude(proxy) })).status).toBe(200);
    expect(anthropic.seen).toHaveLength(1);
  });

  it('makes placeholders random per proxy and per vendor, never the key', async () => {
    const upstreams = { anthropic: { baseUrl: 'https://api.anthropic.com', key: ANTHROPIC_KEY }, openai: { baseUrl: 'https://api.openai.com/v1', key: OPENAI_KEY } };
    const first = await proxyFor({ upstreams });
    const second = await proxyFor({ upstreams });

    expect(first.placeholder('anthropic')).toMatch(/^cto-proxy-anthropic-[0-9a-f]{32}$/);
    expect(first.placeholder('openai')).toMatch(/^cto-proxy-openai-[0-9a-f]{32}$/);
    expect(first.placeholder('anthropic')).not.toBe(second.placeholder('anthropic'));
    expect(first.placeholder('openai')).not.toBe(second.placeholder('openai'));
    expect(first.baseUrl('anthropic')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/anthropic$/);
    expect(first.baseUrl('openai')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/openai$/);
  });
});

describe('settings', () => {
  it('refuses base URLs with credentials or a query, and proxy settings it cannot use, before listening', async () => {
    const start = (baseUrl: string, proxyEnv = {}) => startKeyProxy({ upstreams: { anthropic: { baseUrl, key: ANTHROPIC_KEY } }, proxyEnv });

    await expect(start('https://user:secret@gw.example')).rejects.toMatchObject({ name: 'CtoError', kind: 'settings', message: expect.not.stringContaining('secret') });
    await expect(start('https://gw.example/?key=secret')).rejects.toMatchObject({ kind: 'settings' });
    await expect(start('ftp://gw.example')).rejects.toMatchObject({ kind: 'settings' });
    await expect(start('https://api.anthropic.com', { HTTPS_PROXY: 'socks5://proxy:1080' })).rejects.toMatchObject({ kind: 'settings' });
  });

  it('has no URL or placeholder for a vendor it was not given', async () => {
    const proxy = await proxyFor({ upstreams: { openai: { baseUrl: 'https://api.openai.com/v1', key: OPENAI_KEY } } });

    expect(() => proxy.baseUrl('anthropic')).toThrow(/no anthropic endpoint/);
    expect(() => proxy.placeholder('anthropic')).toThrow(/no anthropic endpoint/);
    expect(proxy.unreachable('anthropic')).toBeNull();
    expect(proxy.stats().anthropic).toEqual({ requests: 0, failures: 0 });
  });
});

describe('routes', () => {
  it('forwards only the model calls; everything else is a local 404, logged by path only', async () => {
    const anthropic = await upstreamServer();
    const openai = await upstreamServer();
    const logs: string[] = [];
    const proxy = await proxyFor({
      upstreams: { anthropic: { baseUrl: anthropic.url, key: ANTHROPIC_KEY }, openai: { baseUrl: openai.url, key: OPENAI_KEY } },
      log: (line) => logs.push(line),
    });
    const root = proxy.baseUrl('anthropic').replace(/\/anthropic$/, '');

    const outside = [
      await send(`${root}/anthropic/v1/models?secret=query`, { method: 'GET', headers: asClaude(proxy), body: null }),
      await send(`${root}/anthropic/v1/messages/batches`, { headers: asClaude(proxy) }),
      await send(`${root}/anthropic/v1/messages/../files`, { headers: asClaude(proxy) }),
      await send(`${root}/anthropic/v1/%6Dessages`, { headers: asClaude(proxy) }),
      await send(`${root}/openai/chat/completions`, { headers: asCodex(proxy) }),
      await send(`${root}/openai/files`, { headers: asCodex(proxy) }),
      await send(`${root}/v1/messages`, { headers: asClaude(proxy) }),
    ];
    const probes = [
      await send(`${root}/openai/responses`, { method: 'GET', headers: { ...asCodex(proxy), upgrade: 'websocket', connection: 'Upgrade' }, body: null }),
      await send(`${root}/openai/models?client_version=1`, { method: 'GET', headers: asCodex(proxy), body: null }),
    ];

    expect([...outside, ...probes].map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 404]);
    expect(JSON.parse(probes[0]!.text)).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(JSON.parse(outside[0]!.text)).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(anthropic.seen).toEqual([]);
    expect(openai.seen).toEqual([]);
    expect(logs).toEqual([
      'key proxy: refused GET /anthropic/v1/models',
      'key proxy: refused POST /anthropic/v1/messages/batches',
      'key proxy: refused POST /anthropic/v1/messages/../files',
      'key proxy: refused POST /anthropic/v1/%6Dessages',
      'key proxy: refused POST /openai/chat/completions',
      'key proxy: refused POST /openai/files',
      'key proxy: refused POST /v1/messages',
    ]);
  });

  it('keeps the query string and a gateway path prefix, and streams the body unchanged', async () => {
    const gateway = await upstreamServer();
    const proxy = await proxyFor({
      upstreams: { anthropic: { baseUrl: `${gateway.url}/gw/anthropic/`, key: ANTHROPIC_KEY }, openai: { baseUrl: `${gateway.url}/v1`, key: OPENAI_KEY } },
    });

    await send(`${proxy.baseUrl('anthropic')}/v1/messages?beta=true`, { headers: asClaude(proxy) });
    await send(`${proxy.baseUrl('anthropic')}/v1/messages/count_tokens?beta=true`, { headers: asClaude(proxy) });
    await send(`${proxy.baseUrl('openai')}/responses`, { headers: asCodex(proxy) });

    expect(gateway.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /gw/anthropic/v1/messages?beta=true',
      'POST /gw/anthropic/v1/messages/count_tokens?beta=true',
      'POST /v1/responses',
    ]);
    expect(gateway.seen.map((r) => r.rawBody)).toEqual([MESSAGE, MESSAGE, MESSAGE]);
    expect(gateway.seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength(MESSAGE)));
  });

  it('drops hop-by-hop headers, asks for identity encoding and keeps the rest', async () => {
    const upstream = await upstreamServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_1', 'keep-alive': 'timeout=99', 'proxy-authenticate': 'Basic' });
      res.end('{}');
    });
    const proxy = await proxyFor({ upstreams: { anthropic: { baseUrl: upstream.url, key: ANTHROPIC_KEY } } });

    const reply = await send(`${proxy.baseUrl('anthropic')}/v1/messages`, {
      headers: asClaude(proxy, {
        'anthropic-version': '2023-06-01',
        'accept-encoding': 'gzip, br',
        connection: 'keep-alive, x-hop',
        'x-hop': 'connection-scoped',
        'proxy-authorization': 'Basic Zm9vOmJhcg==',
        te: 'trailers',
      }),
    });

    const seen = upstream.seen[0]?.headers;
    expect(seen).toMatchObject({ 'anthropic-version': '2023-06-01', 'accept-encoding': 'identity', 'x-api-key': ANTHROPIC_KEY });
    expect(seen).not.toHaveProperty('x-hop');
    expect(seen).not.toHaveProperty('proxy-authorization');
    expect(seen).not.toHaveProperty('te');
    expect(seen?.host).toBe(new URL(upstream.url).host);
    expect(reply.headers['x-request-id']).toBe('req_1');
    expect(reply.headers['keep-alive']).not.toBe('timeout=99');
    expect(reply.headers).not.toHaveProperty('proxy-authenticate');
  });
});

describe('streaming', () => {
  it('flushes the headers at once and passes each event on as it arrives', async () => {
    let headersArrived!: () => void;
    const headersSeen = new Promise<void>((resolve) => (headersArrived = resolve));
    let firstArrived!: () => void;
    const firstSeen = new Promise<void>((resolve) => (firstArrived = resolve));
    const upstream = await upstreamServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      // Nothing more until the client has the headers, then nothing more until it has the first event:
      // a proxy that buffers either would leave this test waiting forever.
      void headersSeen
        .then(() => res.write('event: message_start\ndata: {"n":1}\n\n'))
        .then(() => firstSeen)
        .then(() => res.end('event: message_stop\ndata: {"n":2}\n\n'));
    });
    const proxy = await proxyFor({ upstreams: { anthropic: { baseUrl: upstream.url, key: ANTHROPIC_KEY } } });

    const received = await new Promise<string>((resolve, reject) => {
      const req = request(`${proxy.baseUrl('anthropic')}/v1/messages?beta=true`, { method: 'POST', headers: asClaude(proxy), agent: false }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        headersArrived();
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('message_start')) firstArrived();
        });
        res.on('end', () => resolve(text));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(MESSAGE);
    });

    expect(received).toBe('event: message_start\ndata: {"n":1}\n\nevent: message_stop\ndata: {"n":2}\n\n');
  }, 15_000);

  it('streams the request body without waiting for its end', async () => {
    let firstPartArrived!: (text: string) => void;
    const firstPart = new Promise<string>((resolve) => (firstPartArrived = resolve));
    const port = await listen(createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => {
        if (!text) firstPartArrived(chunk.toString('utf8'));
        text += chunk.toString('utf8');
      });
      req.on('end', () => res.end(text));
    }));
    const proxy = await proxyFor({ upstreams: { anthropic: { baseUrl: `http://127.0.0.1:${port}`, key: ANTHROPIC_KEY } } });

    const echoed = await new Promise<string>((resolve, reject) => {
      const req = request(`${proxy.baseUrl('anthropic')}/v1/messages`, { method: 'POST', headers: asClaude(proxy), agent: false }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      // The rest of the body is written only once the upstream has the first part.
      req.write('{"first":');
      void firstPart.then(() => req.end('"second"}'));
    });

    expect('{"first":').toContain(await firstPart);
    expect(echoed).toBe('{"first":"second"}');
  }, 15_000);

  it('cuts the upstream call when the client hangs up (before or during the answer), and the client stream when upstream dies', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    let waitingArrived!: () => void;
    const waiting = new Promise<void>((resolve) => (waitingArrived = resolve));
    let waitingClosed!: () => void;
    const waitingGone = new Promise<void>((resolve) => (waitingClosed = resolve));
    const upstream = await upstreamServer((received, res) => {
      if (received.path.includes('wait')) {
        // A model still thinking: nothing sent yet.
        res.once('close', () => waitingClosed());
        return waitingArrived();
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (received.path.includes('die')) return void res.write('event: ping\ndata: {}\n\n', () => res.destroy());
      res.write('event: ping\ndata: {}\n\n');
      res.once('close', () => upstreamClosed());
    });
    const proxy = await proxyFor({ upstreams: { anthropic: { baseUrl: upstream.url, key: ANTHROPIC_KEY } } });

    const streamFor = (query: string, onFirstEvent: (req: ReturnType<typeof request>) => void) =>
      new Promise<{ status: number; complete: boolean }>((resolve, reject) => {
        const req = request(`${proxy.baseUrl('anthropic')}/v1/messages?${query}`, { method: 'POST', headers: asClaude(proxy), agent: false }, (res) => {
          res.once('data', () => onFirstEvent(req));
          res.on('error', () => undefined);
          res.on('close', () => resolve({ status: res.statusCode ?? 0, complete: res.complete }));
        });
        req.on('error', reject);
        req.end(MESSAGE);
      });

    const waitingCall = request(`${proxy.baseUrl('anthropic')}/v1/messages?wait`, { method: 'POST', headers: asClaude(proxy), agent: false });
    waitingCall.on('error', () => undefined);
    waitingCall.end(MESSAGE);
    await waiting;
    waitingCall.destroy();
    await waitingGone;
    expect(await streamFor('hangup', (req) => req.destroy())).toEqual({ status: 200, complete: false });
    await closed;
    expect(await streamFor('die', () => undefined)).toEqual({ status: 200, complete: false });
    // Neither a client hanging up nor a stream dying midway says the endpoint is unreachable.
    expect(proxy.stats().anthropic).toEqual({ requests: 3, failures: 0 });
  }, 15_000);
});

describe('an endpoint that cannot be reached', () => {
  it('answers 502 naming the URL; the third failure in a row gives up once, and later calls fail at once', async () => {
    const port = await closedPort();
    const unreachable: [string, UpstreamFailure][] = [];
    const logs: string[] = [];
    const proxy = await proxyFor({
      upstreams: { anthropic: { baseUrl: `http://127.0.0.1:${port}`, key: ANTHROPIC_KEY } },
      onUnreachable: (vendor, failure) => unreachable.push([vendor, failure]),
      log: (line) => logs.push(line),
    });
    const call = () => send(`${proxy.baseUrl('anthropic')}/v1/messages?beta=true`, { headers: asClaude(proxy) });

    const first = await call();
    const second = await call();
    expect(unreachable).toEqual([]);
    const third = await call();
    expect(unreachable).toHaveLength(1);
    const fourth = await call();

    const expected = `codex-cto could not reach the model endpoint http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`;
    for (const reply of [first, second, third]) {
      expect(reply.status).toBe(502);
      expect(JSON.parse(reply.text)).toEqual({ type: 'error', error: { type: 'api_error', message: expected } });
    }
    expect(fourth.status).toBe(502);
    expect(JSON.parse(fourth.text).error.message).toContain(expected);
    expect(unreachable).toEqual([['anthropic', { url: `http://127.0.0.1:${port}`, message: expected }]]);
    expect(proxy.unreachable('anthropic')).toEqual({ url: `http://127.0.0.1:${port}`, message: expected });
    expect(proxy.stats().anthropic).toEqual({ requests: 4, failures: 4 });
    expect(logs.join('\n')).not.toMatch(/beta=true|real-key|cto-proxy-/);
  });

  it('makes no connection attempt once it has given up', async () => {
    const cutting = await cuttingServer();
    const proxy = await proxyFor({ upstreams: { openai: { baseUrl: cutting.url, key: OPENAI_KEY } } });
    const call = () => send(`${proxy.baseUrl('openai')}/responses`, { headers: asCodex(proxy) });

    const replies = [await call(), await call(), await call()];
    expect(cutting.connections()).toBe(3);
    const later = [await call(), await call()];

    expect([...replies, ...later].map((r) => r.status)).toEqual([502, 502, 502, 502, 502]);
    expect(JSON.parse(replies[0]!.text).error).toMatchObject({ type: 'server_error', message: expect.stringContaining(`could not reach the model endpoint ${cutting.url}: `) });
    expect(cutting.connections()).toBe(3);
  });

  it('starts counting again after a success', async () => {
    let cut = true;
    const server = createServer((_, res) => res.end('{"ok":true}'));
    server.on('connection', (socket: Socket) => {
      if (cut) socket.resetAndDestroy();
    });
    const port = await listen(server);
    const unreachable: string[] = [];
    const proxy = await proxyFor({ upstreams: { anthropic: { baseUrl: `http://127.0.0.1:${port}`, key: ANTHROPIC_KEY } }, onUnreachable: (vendor) => unreachable.push(vendor) });
    const call = async (cutIt: boolean) => {
      cut = cutIt;
      return (await send(`${proxy.baseUrl('anthropic')}/v1/messages`, { headers: asClaude(proxy) })).status;
    };

    const statuses = [await call(true), await call(true), await call(false)];
    expect(proxy.unreachable('anthropic')).toBeNull();
    statuses.push(await call(true), await call(true), await call(false));
    expect(unreachable).toEqual([]);
    statuses.push(await call(true), await call(true), await call(true), await call(false));

    expect(statuses).toEqual([502, 502, 200, 502, 502, 200, 502, 502, 502, 502]);
    expect(unreachable).toEqual(['anthropic']);
  });

  it('passes HTTP errors through unchanged; they do not count as unreachable', async () => {
    const upstream = await upstreamServer((_, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end('{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}');
    });
    const unreachable: string[] = [];
    const proxy = await proxyFor({ upstreams: { anthropic: { baseUrl: upstream.url, key: ANTHROPIC_KEY } }, onUnreachable: (vendor) => unreachable.push(vendor) });

    const replies = [];
    for (let i = 0; i < 4; i += 1) replies.push(await send(`${proxy.baseUrl('anthropic')}/v1/messages`, { headers: asClaude(proxy) }));

    for (const reply of replies) {
      expect(reply).toMatchObject({ status: 429, text: '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}' });
      expect(reply.headers['retry-after']).toBe('7');
    }
    expect(upstream.seen).toHaveLength(4);
    expect(unreachable).toEqual([]);
    expect(proxy.stats().anthropic).toEqual({ requests: 4, failures: 0 });
  });

  it('gives up on a connection that does not complete within the connect timeout', async () => {
    // Accepts TCP, reads the TLS hello and never answers it.
    const silent = createNetServer((socket) => socket.on('error', () => undefined).resume());
    const port = await listen(silent);
    const proxy = await proxyFor({ upstreams: { anthropic: { baseUrl: `https://127.0.0.1:${port}`, key: ANTHROPIC_KEY } }, connectTimeoutMs: 300 });

    const reply = await send(`${proxy.baseUrl('anthropic')}/v1/messages`, { headers: asClaude(proxy) });

    expect(reply.status).toBe(502);
    expect(JSON.parse(reply.text).error.message).toBe(`codex-cto could not reach the model endpoint https://127.0.0.1:${port}: no connection within 0.3 s`);
  });

  it('refuses a body over the cap with 413', async () => {
    const upstream = await upstreamServer();
    const proxy = await proxyFor({ upstreams: { openai: { baseUrl: upstream.url, key: OPENAI_KEY } }, maxRequestBytes: 1024 });
    const big = 'x'.repeat(4096);

    const declared = await send(`${proxy.baseUrl('openai')}/responses`, { headers: asCodex(proxy), body: big });
    expect(upstream.seen).toEqual([]);
    const chunked = await send(`${proxy.baseUrl('openai')}/responses`, { headers: { ...asCodex(proxy), 'transfer-encoding': 'chunked' }, body: big });
    const small = await send(`${proxy.baseUrl('openai')}/responses`, { headers: asCodex(proxy) });

    expect([declared.status, chunked.status, small.status]).toEqual([413, 413, 200]);
    expect(JSON.parse(chunked.text).error.message).toContain('larger than 1024 bytes');
    expect(proxy.stats().openai.failures).toBe(0);
  });
});

describe("the runner's HTTP proxy", () => {
  interface ForwardProxy {
    url: string;
    seen: { method: string; url: string; headers: IncomingHttpHeaders }[];
    /** The first bytes a CONNECT tunnel carried to the target, when the proxy was told to open one. */
    tunnelled: Promise<Buffer>;
  }

  /** A tiny forward proxy: answers plain-http requests itself; CONNECT is accepted when `tunnels`, else refused. */
  async function forwardProxy(tunnels = false): Promise<ForwardProxy> {
    const seen: ForwardProxy['seen'] = [];
    const record = (req: IncomingMessage) => seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const server = createServer((req, res) => {
      record(req);
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"via":"forward proxy"}');
    });
    let tunnelledResolve!: (bytes: Buffer) => void;
    const tunnelled = new Promise<Buffer>((resolve) => (tunnelledResolve = resolve));
    server.on('connect', (req: IncomingMessage, client: Socket) => {
      record(req);
      client.on('error', () => undefined);
      if (!tunnels) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      // The "target" only records what arrives, then hangs up: enough to see TLS start in the tunnel.
      client.once('data', (bytes: Buffer) => {
        tunnelledResolve(bytes);
        client.destroy();
      });
    });
    const port = await listen(server);
    return { url: `http://127.0.0.1:${port}`, seen, tunnelled };
  }

  it('sends plain http through HTTP_PROXY in absolute form, with the proxy credentials and the real key', async () => {
    const forward = await forwardProxy();
    const proxyUrl = new URL(forward.url);
    proxyUrl.username = 'runner';
    proxyUrl.password = 'p@ss';
    // The host does not resolve: only the forward proxy can have answered.
    const proxy = await proxyFor({
      upstreams: { openai: { baseUrl: 'http://models.invalid:8080/v1', key: OPENAI_KEY } },
      proxyEnv: { HTTP_PROXY: proxyUrl.href },
    });

    const reply = await send(`${proxy.baseUrl('openai')}/responses`, { headers: asCodex(proxy) });

    expect(reply).toMatchObject({ status: 200, text: '{"via":"forward proxy"}' });
    expect(forward.seen).toHaveLength(1);
    expect(forward.seen[0]).toMatchObject({ method: 'POST', url: 'http://models.invalid:8080/v1/responses' });
    expect(forward.seen[0]?.headers).toMatchObject({
      host: 'models.invalid:8080',
      authorization: `Bearer ${OPENAI_KEY}`,
      'proxy-authorization': `Basic ${Buffer.from('runner:p@ss').toString('base64')}`,
    });
  });

  it('leaves hosts listed in NO_PROXY alone', async () => {
    const forward = await forwardProxy();
    const upstream = await upstreamServer();
    const viaProxy = await proxyFor({ upstreams: { anthropic: { baseUrl: upstream.url, key: ANTHROPIC_KEY } }, proxyEnv: { http_proxy: forward.url } });
    const direct = await proxyFor({
      upstreams: { anthropic: { baseUrl: upstream.url, key: ANTHROPIC_KEY } },
      proxyEnv: { http_proxy: forward.url, NO_PROXY: 'localhost, 127.0.0.1' },
    });

    const proxied = await send(`${viaProxy.baseUrl('anthropic')}/v1/messages`, { headers: asClaude(viaProxy) });
    expect(forward.seen.map((r) => r.url)).toEqual([`${upstream.url}/v1/messages`]);
    expect(upstream.seen).toEqual([]);
    const straight = await send(`${direct.baseUrl('anthropic')}/v1/messages`, { headers: asClaude(direct) });

    expect(proxied.text).toBe('{"via":"forward proxy"}');
    expect(straight.text).toBe('{"ok":true}');
    expect(forward.seen).toHaveLength(1);
    expect(upstream.seen).toHaveLength(1);
  });

  it('tunnels https through HTTPS_PROXY with CONNECT and starts TLS for the real host inside', async () => {
    const forward = await forwardProxy(true);
    const proxy = await proxyFor({ upstreams: { anthropic: { baseUrl: 'https://models.invalid/anthropic', key: ANTHROPIC_KEY } }, proxyEnv: { https_proxy: forward.url } });

    const reply = await send(`${proxy.baseUrl('anthropic')}/v1/messages`, { headers: asClaude(proxy) });
    const hello = await forward.tunnelled;

    expect(forward.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['CONNECT models.invalid:443']);
    expect(hello[0]).toBe(0x16); // a TLS handshake record
    expect(hello.includes('models.invalid')).toBe(true); // the server name, for SNI
    expect(reply.status).toBe(502);
    expect(JSON.parse(reply.text).error.message).toMatch(
      new RegExp(`^codex-cto could not reach the model endpoint https://models\\.invalid/anthropic through the proxy ${forward.url.replaceAll('.', '\\.')}: `),
    );
  });

  it('reports a proxy that refuses the tunnel as unreachable', async () => {
    const forward = await forwardProxy();
    const proxy = await proxyFor({ upstreams: { openai: { baseUrl: 'https://api.openai.com/v1', key: OPENAI_KEY } }, proxyEnv: { HTTPS_PROXY: forward.url } });

    const reply = await send(`${proxy.baseUrl('openai')}/responses`, { headers: asCodex(proxy) });

    expect(reply.status).toBe(502);
    expect(JSON.parse(reply.text).error.message).toBe(
      `codex-cto could not reach the model endpoint https://api.openai.com/v1 through the proxy ${forward.url}: the proxy ${forward.url} answered CONNECT with 403`,
    );
  });
});

describe('closing', () => {
  it('cuts kept-alive client sockets and streams still running', async () => {
    const upstream = await upstreamServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: ping\ndata: {}\n\n');
    });
    const proxy = await proxyFor({ upstreams: { anthropic: { baseUrl: upstream.url, key: ANTHROPIC_KEY } } });
    const agent = new Agent({ keepAlive: true });
    cleanups.push(async () => agent.destroy());

    const idleSocket = await new Promise<Socket>((resolve, reject) => {
      const req = request(`${proxy.baseUrl('anthropic')}/v1/messages`, { method: 'POST', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(req.socket as Socket));
      });
      req.on('error', reject);
      req.end(MESSAGE);
    });
    const streamClosed = new Promise<boolean>((resolve, reject) => {
      const req = request(`${proxy.baseUrl('anthropic')}/v1/messages`, { method: 'POST', headers: asClaude(proxy), agent: false }, (res) => {
        res.on('error', () => undefined);
        res.once('data', () => void proxy.close());
        res.on('close', () => resolve(res.complete));
      });
      req.on('error', reject);
      req.end(MESSAGE);
    });

    expect(await streamClosed).toBe(false);
    if (!idleSocket.destroyed) await new Promise((resolve) => idleSocket.once('close', resolve));
    expect(idleSocket.destroyed).toBe(true);
  });
});

describe('rules', () => {
  it('splits the vendor prefix off and keeps the query', () => {
    expect(splitProxyPath('/anthropic/v1/messages?beta=true')).toEqual({ vendor: 'anthropic', pathname: '/v1/messages', search: '?beta=true' });
    expect(splitProxyPath('/openai/responses')).toEqual({ vendor: 'openai', pathname: '/responses', search: '' });
    expect(splitProxyPath('/anthropic')).toBeNull();
    expect(splitProxyPath('/gemini/v1/models')).toBeNull();
    expect(splitProxyPath('http://evil.example/anthropic/v1/messages')).toBeNull();
  });

  it('forwards only the CLI routes and declines the Codex probes quietly', () => {
    expect(routeFor('anthropic', 'POST', '/v1/messages')).toBe('forward');
    expect(routeFor('anthropic', 'POST', '/v1/messages/count_tokens')).toBe('forward');
    expect(routeFor('anthropic', 'GET', '/v1/messages')).toBe('refuse');
    expect(routeFor('anthropic', 'POST', '/responses')).toBe('refuse');
    expect(routeFor('openai', 'POST', '/responses')).toBe('forward');
    expect(routeFor('openai', 'GET', '/responses')).toBe('decline');
    expect(routeFor('openai', 'GET', '/models')).toBe('decline');
    expect(routeFor('openai', 'POST', '/v1/messages')).toBe('refuse');
  });

  it('joins the base URL, its path prefix and the rest', () => {
    const path = { vendor: 'openai' as const, pathname: '/responses', search: '?x=1' };
    expect(upstreamUrl(new URL('https://api.openai.com/v1'), path).href).toBe('https://api.openai.com/v1/responses?x=1');
    expect(upstreamUrl(new URL('https://gw.example/openai/v1/'), path).href).toBe('https://gw.example/openai/v1/responses?x=1');
    expect(upstreamUrl(new URL('https://api.anthropic.com'), { ...path, pathname: '/v1/messages' }).href).toBe('https://api.anthropic.com/v1/messages?x=1');
  });

  it('removes every client credential before adding the key', () => {
    const headers = { 'x-api-key': 'placeholder', authorization: 'Bearer placeholder', 'content-type': 'application/json' };
    expect(upstreamRequestHeaders('anthropic', headers, 'real')).toEqual({ 'x-api-key': 'real', 'content-type': 'application/json', 'accept-encoding': 'identity' });
    expect(upstreamRequestHeaders('openai', headers, 'real')).toEqual({ authorization: 'Bearer real', 'content-type': 'application/json', 'accept-encoding': 'identity' });
    expect(upstreamRequestHeaders('openai', headers, null)).toEqual({ 'content-type': 'application/json', 'accept-encoding': 'identity' });
  });

  it('picks the proxy variable by scheme, lower case first', () => {
    const env = { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', HTTP_PROXY: 'plain:3' };
    expect(httpProxyFor(new URL('https://api.anthropic.com'), env)?.href).toBe('http://lower:2/');
    expect(httpProxyFor(new URL('http://gw.internal'), env)?.href).toBe('http://plain:3/');
    expect(httpProxyFor(new URL('https://api.anthropic.com'), { HTTP_PROXY: 'http://only-http:3' })).toBeNull();
    expect(httpProxyFor(new URL('https://api.anthropic.com'), { HTTPS_PROXY: '  ' })).toBeNull();
    expect(() => httpProxyFor(new URL('https://api.anthropic.com'), { HTTPS_PROXY: 'socks5://proxy:1080' })).toThrow(/not an http:\/\/ or https:\/\/ proxy URL/);
  });

  it('matches NO_PROXY entries by host, domain suffix, port and wildcard', () => {
    const bypassed = (url: string, noProxy: string) => bypassesProxy(new URL(url), noProxy);
    expect(bypassed('https://api.anthropic.com', 'anthropic.com')).toBe(true);
    expect(bypassed('https://api.anthropic.com', '.anthropic.com')).toBe(true);
    expect(bypassed('https://api.anthropic.com', '*.anthropic.com')).toBe(true);
    expect(bypassed('https://api.anthropic.com', 'API.Anthropic.COM')).toBe(true);
    expect(bypassed('https://notanthropic.com', 'anthropic.com')).toBe(false);
    expect(bypassed('https://api.anthropic.com', 'api.anthropic.com:443')).toBe(true);
    expect(bypassed('https://api.anthropic.com', 'api.anthropic.com:8443')).toBe(false);
    expect(bypassed('http://127.0.0.1:4000', 'localhost,127.0.0.1')).toBe(true);
    expect(bypassed('http://127.0.0.1:4000', 'localhost')).toBe(false);
    expect(bypassed('http://[::1]:4000', '::1')).toBe(true);
    expect(bypassed('http://[::1]:4000', '[::1]:4000')).toBe(true);
    expect(bypassed('https://api.openai.com', '*')).toBe(true);
    expect(bypassed('https://api.openai.com', '')).toBe(false);
  });

  it('says why a dual-stack connection failed, although its error has no message of its own', () => {
    const both = new AggregateError([new Error('connect ECONNREFUSED ::1:9'), new Error('connect ECONNREFUSED 127.0.0.1:9')], '');
    expect(connectFailureText(both)).toBe('connect ECONNREFUSED ::1:9; connect ECONNREFUSED 127.0.0.1:9');
    expect(connectFailureText(new Error('getaddrinfo ENOTFOUND models.invalid'))).toBe('getaddrinfo ENOTFOUND models.invalid');
  });

  it('accepts loopback peers only', () => {
    expect(['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1'].map(isLoopbackPeer)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '::', undefined, '128.0.0.1'].map(isLoopbackPeer)).toEqual([false, false, false, false, false]);
  });
});
