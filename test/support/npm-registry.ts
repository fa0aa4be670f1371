// A stand-in for the npm registry that serves the two agent CLIs at the pinned versions, so the action's
// `npm install` of them runs offline exactly as on a runner: real packuments (every platform's optional
// package listed, with its os, cpu and libc), real tarballs packed from the packages this project has
// installed, with their integrity, and Claude's real postinstall replacing a stub `bin/claude.exe` as
// the published package ships it. Every request is recorded, so a test can tell that nothing was asked.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../../src/workspace/process.js';

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules');
const CODEX = '@openai/codex';
const CLAUDE = '@anthropic-ai/claude-code';
/** What the published `bin/claude.exe` is until the postinstall links the native binary over it. */
const CLAUDE_STUB = '#!/bin/sh\necho "claude: the native binary was not installed (postinstall did not run)" >&2\nexit 1\n';

type Manifest = Record<string, unknown> & { name: string; version: string };

/** One version the stand-in knows: its manifest and, for this machine's packages, the packed tarball. */
interface Served {
  manifest: Manifest;
  tarball: { file: string; integrity: string; shasum: string } | null;
}

export interface NpmRegistry {
  url: string;
  /** Every request, as `METHOD /path`. */
  requests: string[];
  /** Requests for a tarball. */
  tarballRequests(): string[];
  close(): Promise<void>;
}

/** `linux-x64-musl` -> os, cpu and (for Claude's Linux packages) libc, as the platform packages declare them. */
function platformOf(suffix: string, withLibc: boolean): Record<string, string[]> {
  const [os, cpu, libc] = suffix.split('-');
  return { os: [os!], cpu: [cpu!], ...(withLibc && os === 'linux' ? { libc: [libc ?? 'glibc'] } : {}) };
}

async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(NODE_MODULES, dir, 'package.json'), 'utf8')) as Manifest;
}

/** Packs an installed package as `package/...` (uncompressed: npm's tar reads either); Claude's binary stays out. */
async function pack(dir: string, out: string, stub: string | null): Promise<Served['tarball']> {
  const common = ['-f', out, '--owner=0', '--group=0', '--numeric-owner', '--sort=name', '--transform', 's,^\\.,package,'];
  const steps = [['-c', ...common, ...(stub ? ['--exclude', './bin/claude.exe'] : []), '-C', path.join(NODE_MODULES, dir), '.']];
  if (stub) steps.push(['-r', ...common, '-C', stub, './bin/claude.exe']);
  for (const args of steps) {
    const run = await runProcess('tar', args, { cwd: NODE_MODULES, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 300_000 });
    if (run.exitCode !== 0) throw new Error(`could not pack ${dir}: ${run.stderr}`);
  }
  const sha512 = createHash('sha512');
  const sha1 = createHash('sha1');
  for await (const chunk of createReadStream(out)) {
    sha512.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
  }
  return { file: path.basename(out), integrity: `sha512-${sha512.digest('base64')}`, shasum: sha1.digest('hex') };
}

/** Every version of every package name the two CLIs pull in; tarballs packed once per machine and versions. */
async function catalogue(): Promise<{ dir: string; packages: Map<string, Served[]> }> {
  const codex = await readManifest(CODEX);
  const claude = await readManifest(CLAUDE);
  const dir = path.join(tmpdir(), 'codex-cto-npm-standin', `codex-${codex.version}-claude-${claude.version}`);
  const index = path.join(dir, 'index.json');
  const cached = await readFile(index, 'utf8').then((text) => JSON.parse(text) as Record<string, Served[]>, () => null);
  if (cached) return { dir, packages: new Map(Object.entries(cached)) };

  const work = await mkdtemp(path.join(tmpdir(), 'npm-standin-pack-'));
  await mkdir(path.join(work, 'stub', 'bin'), { recursive: true });
  await writeFile(path.join(work, 'stub', 'bin', 'claude.exe'), CLAUDE_STUB, { mode: 0o755 });
  const packages = new Map<string, Served[]>();
  const add = (name: string, served: Served) => packages.set(name, [...(packages.get(name) ?? []), served]);
  add(CODEX, { manifest: codex, tarball: await pack(CODEX, path.join(work, 'openai-codex.tgz'), null) });
  add(CLAUDE, { manifest: { ...claude, hasInstallScript: true }, tarball: await pack(CLAUDE, path.join(work, 'claude-code.tgz'), path.join(work, 'stub')) });
  for (const alias of Object.values(codex.optionalDependencies as Record<string, string>)) {
    const version = alias.slice(`npm:${CODEX}@`.length);
    const installed = await readManifest(`${CODEX}-${version.slice(codex.version.length + 1)}`).catch(() => null);
    const tarball = installed?.version === version ? await pack(`${CODEX}-${version.slice(codex.version.length + 1)}`, path.join(work, `openai-codex-${version}.tgz`), null) : null;
    add(CODEX, { manifest: installed ?? { name: CODEX, version, ...platformOf(version.slice(codex.version.length + 1), false) }, tarball });
  }
  for (const name of Object.keys(claude.optionalDependencies as Record<string, string>)) {
    const installed = await readManifest(name).catch(() => null);
    const tarball = installed ? await pack(name, path.join(work, `${path.basename(name)}.tgz`), null) : null;
    add(name, { manifest: installed ?? { name, version: claude.version, ...platformOf(name.slice(CLAUDE.length + 1), true) }, tarball });
  }
  await writeFile(path.join(work, 'index.json'), JSON.stringify(Object.fromEntries(packages)));
  await rm(path.join(work, 'stub'), { recursive: true });
  await mkdir(path.dirname(dir), { recursive: true });
  // Another test file may have packed them meanwhile: the first one in stays.
  await rename(work, dir).catch(() => rm(work, { recursive: true, force: true }));
  return catalogue();
}

function packument(name: string, versions: Served[], base: string): Record<string, unknown> {
  const latest = versions[0]!.manifest.version;
  return {
    name,
    'dist-tags': { latest },
    versions: Object.fromEntries(versions.map(({ manifest, tarball }) => [manifest.version, {
      ...manifest,
      _id: `${name}@${manifest.version}`,
      dist: tarball
        ? { tarball: `${base}/-/tarballs/${tarball.file}`, integrity: tarball.integrity, shasum: tarball.shasum }
        // Another platform's package: listed, never fetched on this machine.
        : { tarball: `${base}/-/tarballs/not-packed-${encodeURIComponent(manifest.version)}.tgz`, integrity: 'sha512-AAAA', shasum: '0'.repeat(40) },
    }])),
  };
}

export async function startNpmRegistry(): Promise<NpmRegistry> {
  const { dir, packages } = await catalogue();
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry');
    requests.push(`${req.method} ${url.pathname}`);
    const tarball = /^\/-\/tarballs\/([\w.@-]+\.tgz)$/.exec(url.pathname)?.[1];
    const name = decodeURIComponent(url.pathname.slice(1));
    const versions = packages.get(name);
    if (req.method === 'GET' && versions) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument(name, versions, base)));
    } else if (req.method === 'GET' && tarball && !tarball.startsWith('not-packed-')) {
      const file = path.join(dir, tarball);
      stat(file).then((info) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': info.size });
        createReadStream(file).pipe(res);
      }, () => res.writeHead(404).end());
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    requests,
    tarballRequests: () => requests.filter((r) => r.includes('/-/tarballs/')),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
