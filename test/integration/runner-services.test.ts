// The runner's artifact and cache services, driven by the real @actions/artifact and @actions/cache
// clients in a step run as the runner runs it: uploads that round-trip byte for byte, a later run
// finding an earlier run's artifact through the REST API, cache keys, versions and scopes as the
// service applies them, and refusals (bad tokens, malformed calls, injected failures).
import { execa } from 'execa';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultPlan } from '../support/github/faults.js';
import { seedProject, startGitHubEmulator, type GitHubEmulator, type RequestRecord, type Violation } from '../support/github/index.js';
import { OpenApiValidator } from '../support/github/openapi-validator.js';
import { API_PREFIX, createPipeline } from '../support/github/server.js';
import { RateLimiter } from '../support/github/rate-limits.js';
import { createClientStep, type ClientOperation, type ClientStep, type OperationResult } from '../support/runner-services/client-step.js';
import {
  artifactRoutes,
  CACHE_READ,
  cacheVersion,
  GITHUB_COM_LIKE_SERVER_URL,
  runnerServicesEnv,
  startRunnerServices,
  type RunnerServices,
  type StepServicesOptions,
} from '../support/runner-services/index.js';

const REPOSITORY = 'octo-org/widgets';
/** The artifact client's block size (getUploadChunkSize): one file is larger, so the upload takes several blocks. */
const CHUNK = 8 * 1024 * 1024;

let services: RunnerServices;
let step: ClientStep;
let scratch: string;

beforeAll(async () => {
  services = await startRunnerServices();
  step = await createClientStep();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'runner-services-test-'));
});

afterAll(async () => {
  await step?.close();
  await services?.close();
  await rm(scratch, { recursive: true, force: true });
});

afterEach(() => {
  expect(services.violations()).toEqual([]);
  services.resetLog();
});

/** Incompressible, reproducible bytes (AES-CTR over zeros), so the zip stays larger than a chunk. */
function bytes(size: number, seed: string): Buffer {
  const cipher = createCipheriv('aes-256-ctr', Buffer.alloc(32, seed), Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

/** Contents by name as SHA-256 digests: comparing 9 MB buffers element by element takes vitest seconds. */
function digests(files: Iterable<readonly [string, Buffer | string]>): Record<string, string> {
  return Object.fromEntries([...files].map(([name, content]) => [name, createHash('sha256').update(content).digest('hex')]));
}

let workspaces = 0;
async function workspace(files: Record<string, Buffer | string> = {}): Promise<string> {
  const dir = path.join(scratch, `ws-${++workspaces}`);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

interface StepOptions extends Partial<StepServicesOptions> {
  workspace?: string;
  env?: Record<string, string>;
  apiUrl?: string;
  serverUrl?: string;
}

async function runStep(operations: ClientOperation[], options: StepOptions = {}): Promise<{ results: OperationResult[]; warnings: string[] }> {
  const { workspace: dir, env, apiUrl, serverUrl, ...job } = options;
  const { results, run } = await step.run({
    operations,
    workspace: dir ?? (await workspace()),
    repository: REPOSITORY,
    env: { ...runnerServicesEnv(services, { repository: REPOSITORY, runId: '1000001', ...job }), ...env },
    // No REST API unless a test brings one: a stray call lands here and shows as a violation.
    apiUrl: apiUrl ?? services.url,
    serverUrl: serverUrl ?? GITHUB_COM_LIKE_SERVER_URL,
  });
  return { results, warnings: run.warnings };
}

function valueOf(result: OperationResult | undefined): any {
  if (!result || !('value' in result)) throw new Error(`expected a value, got ${JSON.stringify(result)}`);
  return result.value;
}

describe('artifacts', () => {
  it('uploads nested files (one larger than a chunk) in staged blocks, lists them and downloads them back byte for byte', async () => {
    const files = {
      'out/plan.md': '# Plan\n\n1. Do it\n',
      'out/reviews/round-1.json': '{"verdict":"approve"}\n',
      'out/transcripts/codex.jsonl': bytes(CHUNK + 1024 * 1024, 'transcript'),
    };
    const dir = await workspace(files);
    const { results } = await runStep([
      { op: 'upload', name: 'cto-run', files: Object.keys(files).map((f) => f.slice('out/'.length)), root: 'out' },
      { op: 'list' },
      { op: 'get', name: 'cto-run' },
    ], { workspace: dir, runId: '2001' });
    const uploaded = valueOf(results[0]);
    const artifact = services.state.artifacts.find((a) => a.name === 'cto-run');
    expect(artifact).toMatchObject({ id: uploaded.id, finalized: true, size: uploaded.size, digest: `sha256:${uploaded.digest}` });
    expect(digests(services.state.artifactFiles(artifact!))).toEqual(digests(Object.entries(files).map(([name, content]) => [name.slice('out/'.length), content])));
    expect(services.requests({ operation: 'PutBlock' }).length).toBeGreaterThanOrEqual(2);
    expect(services.requests({ kind: 'blob' }).map((r) => r.operation).at(-1)).toBe('PutBlockList');
    expect(valueOf(results[1]).artifacts).toEqual([expect.objectContaining({ id: uploaded.id, name: 'cto-run', size: uploaded.size, digest: `sha256:${uploaded.digest}` })]);
    expect(valueOf(results[2]).artifact).toMatchObject({ id: uploaded.id, name: 'cto-run' });

    const target = await workspace();
    const { results: downloaded } = await runStep([{ op: 'download', id: uploaded.id, path: 'restored' }], { workspace: target, runId: '2001', job: 'later-job' });
    expect(valueOf(downloaded[0])).toMatchObject({ digestMismatch: false });
    const restored = await Promise.all(Object.keys(files).map(async (name) => [name, await readFile(path.join(target, 'restored', name.slice('out/'.length)))] as const));
    expect(digests(restored)).toEqual(digests(Object.entries(files)));
  });
});

describe('an artifact of an earlier run', () => {
  let gh: GitHubEmulator;
  let api: ArtifactApi;

  beforeAll(async () => {
    gh = await startGitHubEmulator();
    await seedProject(gh);
    api = await serveArtifactApi(gh, services);
  });

  afterAll(async () => {
    await api?.close();
    await gh?.close();
  });

  afterEach(() => {
    expect(api.violations).toEqual([]);
    expect(gh.violations()).toEqual([]);
  });

  it('is out of reach of a later run\'s token, and found and downloaded through the REST API with findBy', async () => {
    const [owner, name] = REPOSITORY.split('/') as [string, string];
    const session = { 'session/state.json': '{"turn":3}\n', 'session/notes/plan.md': '# Plan\n' };
    const { results: uploaded } = await runStep([{ op: 'upload', name: 'cto-session-42', files: ['state.json', 'notes/plan.md'], root: 'session' }], { workspace: await workspace(session), runId: '3001' });
    const id = valueOf(uploaded[0]).id as number;

    const findBy = { token: gh.workflowToken, workflowRunId: 3001, repositoryOwner: owner, repositoryName: name };
    const target = await workspace();
    const { results } = await runStep([
      { op: 'get', name: 'cto-session-42' },
      { op: 'download', id, path: 'resumed' },
      { op: 'findInRepository', name: 'cto-session-42', token: gh.workflowToken, repository: REPOSITORY },
      { op: 'list', findBy },
      { op: 'download', id, path: 'resumed', findBy },
    ], { workspace: target, runId: '3002', apiUrl: api.url });

    expect(results[0]).toEqual({ error: expect.objectContaining({ class: 'ArtifactNotFoundError' }) });
    expect(results[1]).toEqual({ error: expect.objectContaining({ class: 'ArtifactNotFoundError' }) });
    expect(valueOf(results[2])).toEqual([{ id, name: 'cto-session-42', runId: 3001, digest: expect.stringMatching(/^sha256:/) }]);
    expect(valueOf(results[3]).artifacts).toEqual([expect.objectContaining({ id, name: 'cto-session-42' })]);
    expect(valueOf(results[4])).toMatchObject({ digestMismatch: false });
    expect(await readFile(path.join(target, 'resumed', 'state.json'), 'utf8')).toBe(session['session/state.json']);
    expect(await readFile(path.join(target, 'resumed', 'notes', 'plan.md'), 'utf8')).toBe(session['session/notes/plan.md']);
    expect(api.log.map((r) => `${r.method} ${r.route} ${r.status}`)).toEqual([
      'GET /repos/{owner}/{repo}/actions/artifacts 200',
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts 200',
      'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format} 302',
    ]);
  });
});

describe('the cache', () => {
  const agents = { 'agents/codex/bin/codex': bytes(300_000, 'codex'), 'agents/claude/cli.js': 'console.log("claude")\n' };

  // What an earlier run on main saved (with the real client): every test here restores from it.
  let saved: OperationResult[];
  let savedBlobOperations: (string | null)[];

  beforeAll(async () => {
    ({ results: saved } = await runStep([
      { op: 'cacheAvailable' },
      { op: 'saveCache', paths: ['agents'], key: 'agents-linux-old' },
      { op: 'saveCache', paths: ['agents'], key: 'agents-linux-abc' },
    ], { workspace: await workspace(agents), runId: '4001' }));
    savedBlobOperations = services.requests({ kind: 'blob' }).map((r) => r.operation);
  });

  it('saves once per key and version, restores by exact key, key prefix or restore keys, and misses on another version', async () => {
    expect(valueOf(saved[0])).toBe(true);
    const entry = services.state.cacheEntries.find((e) => e.key === 'agents-linux-abc');
    expect(entry).toMatchObject({ id: valueOf(saved[2]), version: cacheVersion(['agents'], await compressionMethod()), scope: 'refs/heads/main', finalized: true });
    // Archives under 128 MiB go up in one Put Blob.
    expect(savedBlobOperations).toEqual(['PutBlob', 'PutBlob']);

    const target = await workspace();
    const { results, warnings } = await runStep([
      { op: 'restoreCache', paths: ['agents'], key: 'agents-linux-abc' },
      { op: 'restoreCache', paths: ['agents'], key: 'agents-linux' },
      { op: 'restoreCache', paths: ['agents'], key: 'agents-linux-zzz', restoreKeys: ['agents-windows-', 'agents-'] },
      { op: 'restoreCache', paths: ['agents', 'more'], key: 'agents-linux-abc' },
      { op: 'restoreCache', paths: ['agents'], key: 'nothing', restoreKeys: ['nope-'] },
      { op: 'saveCache', paths: ['agents'], key: 'agents-linux-abc' },
    ], { workspace: target, runId: '4002' });
    expect(results.map(valueOf)).toEqual(['agents-linux-abc', 'agents-linux-abc', 'agents-linux-abc', null, null, -1]);
    expect(warnings).toEqual([]);
    const restored = await Promise.all(Object.keys(agents).map(async (file) => [file, await readFile(path.join(target, file))] as const));
    expect(digests(restored)).toEqual(digests(Object.entries(agents)));
    expect(services.requests({ operation: 'CreateCacheEntry' }).at(-1)?.status).toBe(409);
    expect(services.state.cacheEntries.filter((e) => e.key === 'agents-linux-abc')).toHaveLength(1);
  });

  it('keeps entries in the ref that saved them: a branch reads the default branch\'s, not the other way round', async () => {
    const archive = services.state.cacheArchive(services.state.cacheEntries.find((e) => e.key === 'agents-linux-abc')!);
    const version = cacheVersion(['agents'], await compressionMethod());
    services.state.seedCacheEntry({ key: 'agents-linux-branch', version, scope: 'refs/heads/feature', archive });

    const { results: onBranch } = await runStep([
      { op: 'restoreCache', paths: ['agents'], key: 'agents-linux-branch' },
      { op: 'restoreCache', paths: ['agents'], key: 'agents-linux-abc' },
    ], { runId: '4003', ref: 'refs/heads/feature' });
    expect(onBranch.map(valueOf)).toEqual(['agents-linux-branch', 'agents-linux-abc']);

    const { results: onMain } = await runStep([{ op: 'restoreCache', paths: ['agents'], key: 'agents-linux-branch' }], { runId: '4004' });
    expect(onMain.map(valueOf)).toEqual([null]);
  });

  it('honours a read-only token: restores, but a save is denied with the prefix the client recognises', async () => {
    const { results, warnings } = await runStep([
      { op: 'restoreCache', paths: ['agents'], key: 'agents-linux-abc', lookupOnly: true },
      { op: 'saveCache', paths: ['agents'], key: 'agents-linux-readonly' },
    ], { workspace: await workspace(agents), runId: '4005', tokenCacheScopes: [{ scope: 'refs/heads/main', permission: CACHE_READ }] });
    expect(results.map(valueOf)).toEqual(['agents-linux-abc', -1]);
    expect(warnings).toEqual([expect.stringContaining('cache write denied:')]);
    expect(services.requests({ kind: 'blob' })).toEqual([]);

    const { results: unreadable, warnings: readWarnings } = await runStep([{ op: 'restoreCache', paths: ['agents'], key: 'agents-linux-abc' }], { runId: '4006', tokenCacheScopes: [] });
    expect(unreadable.map(valueOf)).toEqual([null]);
    expect(readWarnings).toEqual([expect.stringContaining('cache read denied:')]);
  });
});

describe('refusals and failures', () => {
  it('refuses a token that is forged, expired or absent', async () => {
    const env = runnerServicesEnv(services, { repository: REPOSITORY, runId: '5001' });
    const forged = `${env.ACTIONS_RUNTIME_TOKEN!.slice(0, -4)}AAAA`;
    const { results, warnings } = await runStep([
      { op: 'upload', name: 'forged', files: ['a.txt'], root: '.' },
      { op: 'restoreCache', paths: ['agents'], key: 'agents-linux-abc' },
    ], { workspace: await workspace({ 'a.txt': 'a' }), runId: '5001', env: { ACTIONS_RUNTIME_TOKEN: forged } });
    expect(results[0]).toEqual({ error: expect.objectContaining({ message: expect.stringContaining('(401) Unauthorized: the token signature is invalid') }) });
    expect(valueOf(results[1])).toBeNull();
    expect(warnings).toContainEqual(expect.stringContaining('(401) Unauthorized: the token signature is invalid'));

    const { results: expired } = await runStep([{ op: 'list' }], { runId: '5002', token: { expiresIn: -60 } });
    expect(expired[0]).toEqual({ error: expect.objectContaining({ message: expect.stringContaining('the token has expired') }) });

    const anonymous = await twirp('ArtifactService', 'ListArtifacts', {}, null);
    expect(anonymous).toEqual({ status: 401, body: { code: 'unauthenticated', msg: 'no bearer token' } });
    expect(services.state.artifacts.filter((a) => a.name === 'forged')).toEqual([]);
  });

  it('makes the clients fail as they really do: Twirp refusals and cut connections arrive as plain Errors carrying the typed error\'s message', async () => {
    services.inject({ operation: 'CreateArtifact', status: 403, message: 'insufficient usage to create artifact' });
    services.inject({ operation: 'FinalizeArtifact', reset: true });
    services.inject({ operation: 'PutBlock', status: 403, code: 'AuthorizationFailure', message: 'This request is not authorized to perform this operation.' });
    const { results } = await runStep([
      { op: 'upload', name: 'over-quota', files: ['a.txt'], root: '.' },
      { op: 'upload', name: 'storage-refused', files: ['a.txt'], root: '.' },
      { op: 'upload', name: 'cut-off', files: ['a.txt'], root: '.' },
      { op: 'download', id: 999_999, path: 'nowhere' },
    ], { workspace: await workspace({ 'a.txt': 'a' }), runId: '5003' });
    // The Twirp layer rewraps every failure (`Failed to <Method>: ...`): UsageError and
    // NetworkError never reach the caller as such, only their messages do.
    expect(results).toEqual([
      { error: { class: 'Error', name: 'Error', message: expect.stringMatching(/^Failed to CreateArtifact: Artifact storage quota has been hit/) } },
      { error: expect.objectContaining({ class: 'RestError', message: expect.stringContaining('This request is not authorized') }) },
      { error: { class: 'Error', name: 'Error', message: expect.stringMatching(/^Failed to FinalizeArtifact: Unable to make request: ECONNRESET/) } },
      { error: expect.objectContaining({ class: 'ArtifactNotFoundError' }) },
    ]);
    expect(services.pendingFaults()).toEqual([]);
    expect(services.requests({ operation: 'FinalizeArtifact' })).toEqual([expect.objectContaining({ injected: true, status: 0 })]);
    // Nothing half-uploaded is listed.
    expect(services.state.artifactsOfRun(services.state.registerJob({ repository: REPOSITORY, runId: '5003' }).workflowRunBackendId)).toEqual([]);
  });

  it('never serves a cache entry whose upload failed', async () => {
    services.inject({ operation: 'PutBlob', status: 403, code: 'AuthorizationFailure', message: 'This request is not authorized to perform this operation.' });
    const { results, warnings } = await runStep([
      { op: 'saveCache', paths: ['agents'], key: 'agents-linux-broken' },
      { op: 'restoreCache', paths: ['agents'], key: 'agents-linux-broken' },
    ], { workspace: await workspace({ 'agents/a.txt': 'a' }), runId: '5007' });
    expect(results.map(valueOf)).toEqual([-1, null]);
    expect(warnings).toContainEqual(expect.stringContaining('Failed to save'));
    expect(services.state.cacheEntries.find((e) => e.key === 'agents-linux-broken')).toMatchObject({ finalized: false });
  });

  it('lets the client retry a transient 503 on its own schedule', async () => {
    services.inject({ operation: 'CreateArtifact', status: 503, message: 'try later' });
    const { results } = await runStep([{ op: 'upload', name: 'after-retry', files: ['a.txt'], root: '.' }], { workspace: await workspace({ 'a.txt': 'a' }), runId: '5004' });
    expect(valueOf(results[0])).toMatchObject({ size: expect.any(Number) });
    expect(services.requests({ operation: 'CreateArtifact' }).map((r) => [r.status, r.injected])).toEqual([[503, true], [200, false]]);
  });

  it('looks like GitHub Enterprise Server to the clients on any other host: no artifacts, cache falls back to v1', async () => {
    const { results, warnings } = await runStep([
      { op: 'upload', name: 'ghes', files: ['a.txt'], root: '.' },
      { op: 'restoreCache', paths: ['agents'], key: 'agents-linux-abc' },
    ], { workspace: await workspace({ 'a.txt': 'a' }), runId: '5005', serverUrl: 'http://127.0.0.1:9' });
    expect(results[0]).toEqual({ error: expect.objectContaining({ class: 'GHESNotSupportedError' }) });
    expect(valueOf(results[1])).toBeNull();
    expect(warnings).toContainEqual(expect.stringContaining('Failed to restore'));
    // The v1 protocol is not emulated: its request is visible as a violation.
    expect(services.violations()).toEqual([expect.objectContaining({ method: 'GET', path: '/_apis/artifactcache/cache' })]);
    services.resetLog();
  });

  it('refuses what no client sends: an unknown method, a missing or mistyped field, a tampered or misused signature', async () => {
    const badRoute = await twirp('ArtifactService', 'CreateArtifacts', {});
    const job = services.state.registerJob({ repository: REPOSITORY, runId: '5006' });
    const ids = { workflow_run_backend_id: job.workflowRunBackendId, workflow_job_run_backend_id: job.workflowJobRunBackendId };
    const missingName = await twirp('ArtifactService', 'CreateArtifact', { ...ids, version: 7 });
    const mistyped = await twirp('ArtifactService', 'CreateArtifact', { ...ids, name: 'x', version: 'seven' });
    const otherRun = await twirp('ArtifactService', 'ListArtifacts', { workflow_run_backend_id: 'not-my-run', workflow_job_run_backend_id: 'not-my-job' });
    expect(badRoute).toEqual({ status: 404, body: { code: 'bad_route', msg: expect.stringContaining('CreateArtifacts') } });
    expect(missingName).toEqual({ status: 400, body: { code: 'invalid_argument', msg: 'name is required' } });
    expect(mistyped).toEqual({ status: 400, body: { code: 'malformed', msg: 'version: expected an int32, got "seven"' } });
    expect(otherRun.status).toBe(403);

    const created = await twirp('ArtifactService', 'CreateArtifact', { ...ids, name: 'probe', version: 7, retention: 3 });
    const uploadUrl = new URL(created.body.signed_upload_url as string);
    const put = (url: URL, headers: Record<string, string> = {}) => fetch(url, { method: 'PUT', body: 'probe', headers: { 'x-ms-blob-type': 'BlockBlob', ...headers } });
    const tampered = new URL(uploadUrl);
    tampered.searchParams.set('sig', `x${tampered.searchParams.get('sig')!.slice(1)}`);
    expect((await put(tampered)).headers.get('x-ms-error-code')).toBe('AuthenticationFailed');
    const conditional = await put(uploadUrl, { 'if-none-match': '*' });
    expect([conditional.status, conditional.headers.get('x-ms-error-code')]).toEqual([400, 'UnsupportedHeader']);
    expect((await put(uploadUrl)).status).toBe(201);
    const metadata = new URL(uploadUrl);
    metadata.searchParams.set('comp', 'metadata');
    expect((await fetch(metadata, { method: 'PUT' })).status).toBe(400);

    const readUrl = new URL(services.signedUrl(uploadUrl.pathname, 'r', 60));
    const misused = await put(readUrl);
    expect([misused.status, misused.headers.get('x-ms-error-code')]).toEqual([403, 'AuthorizationPermissionMismatch']);
    const ranged = await fetch(readUrl, { headers: { 'x-ms-range': 'bytes=1-3' } });
    expect([ranged.status, ranged.headers.get('content-range'), await ranged.text()]).toEqual([206, 'bytes 1-3/5', 'rob']);
    expect((await fetch(readUrl, { headers: { range: 'bytes=9-' } })).status).toBe(416);

    expect(services.violations().map((v) => v.problem)).toEqual([
      expect.stringContaining('bad_route'),
      'invalid_argument: name is required',
      'malformed: version: expected an int32, got "seven"',
      'unknown fields: retention',
      'PutBlob sent headers the store does not emulate: if-none-match',
      'blob operation PUT comp=metadata is not emulated',
    ]);
    services.resetLog();
  });
});

/** A Twirp call on the results service with a token of run 5006 (or `null` for none). */
async function twirp(service: string, method: string, body: unknown, token: string | null = runnerServicesEnv(services, { repository: REPOSITORY, runId: '5006' }).ACTIONS_RUNTIME_TOKEN!): Promise<{ status: number; body: any }> {
  const response = await fetch(`${services.url}/twirp/github.actions.results.api.v1.${service}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** What the cache client picks: zstd when `zstd` runs on this machine, gzip otherwise. */
async function compressionMethod(): Promise<'zstd-without-long' | 'gzip'> {
  const probe = await execa('zstd', ['--quiet', '--version'], { reject: false, timeout: 10_000 });
  return probe.exitCode === 0 ? 'zstd-without-long' : 'gzip';
}

interface ArtifactApi {
  url: string;
  violations: Violation[];
  log: RequestRecord[];
  close(): Promise<void>;
}

/**
 * The emulated GitHub's REST pipeline (OpenAPI-validated) serving only the artifact routes, over
 * the emulator's world: what the emulator serves once it mounts artifactRoutes (see that module).
 */
async function serveArtifactApi(gh: GitHubEmulator, runner: RunnerServices): Promise<ArtifactApi> {
  const violations: Violation[] = [];
  const log: RequestRecord[] = [];
  let origin = '';
  const handle = createPipeline({
    world: gh.state, git: gh.git, urls: () => ({ api: `${origin}${API_PREFIX}`, web: gh.serverUrl }), validator: new OpenApiValidator(),
    routes: artifactRoutes(runner), faults: new FaultPlan(), violations, log, limiter: new RateLimiter(),
  });
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push({ method: req.method ?? '?', path: req.url ?? '?', problem: `emulator crashed: ${String(error)}` });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}${API_PREFIX}`,
    violations,
    log,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
