// What the runner's services hold: the workflow jobs that got a runtime token, artifacts (scoped
// to a workflow run), cache entries (scoped to a ref, found by key and version) and the blobs
// behind both. Tests seed and inspect it directly; the services and the blob store change it.
import { createHash, randomUUID } from 'node:crypto';
import { CACHE_READ, CACHE_WRITE, type CacheScope } from './runtime-token.js';
import { readZip, writeZip } from './zip.js';

export interface WorkflowJob {
  /** `owner/name`. */
  repository: string;
  /** GITHUB_RUN_ID: what the REST API calls the run. */
  runId: string;
  runAttempt: string;
  /** GITHUB_JOB. */
  job: string;
  ref: string;
  sha: string;
  /** What the runtime token calls the run and the job (the results service never sees run ids). */
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  cacheScopes: CacheScope[];
}

export interface Artifact {
  /** The database id: the same number in the results service and the REST API. */
  id: number;
  name: string;
  job: WorkflowJob;
  /** Set by FinalizeArtifact; listings skip artifacts still being uploaded. */
  finalized: boolean;
  size: number;
  /** `sha256:<hex>` as the client reported it at finalization. */
  digest: string | null;
  mimeType: string;
  createdAt: Date;
  expiresAt: Date;
  blobPath: string;
}

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  /** The ref it was saved from. */
  scope: string;
  finalized: boolean;
  size: number;
  createdAt: Date;
  blobPath: string;
}

export interface StoredBlob {
  content: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

export const BLOB_ACCOUNT = 'emulatedresults';
/** Artifacts stay 90 days unless the upload asks for less (the repository default on GitHub). */
const DEFAULT_RETENTION_MS = 90 * 24 * 3600 * 1000;

export interface JobSeed {
  repository: string;
  runId: string;
  runAttempt?: string;
  job?: string;
  /** Default `refs/heads/main`. */
  ref?: string;
  sha?: string;
  /** Default: read and write on `ref`, plus read on `refs/heads/<defaultBranch>` when that is another ref. */
  cacheScopes?: CacheScope[];
  /** Default `main`. */
  defaultBranch?: string;
}

export class RunnerServicesState {
  readonly jobs: WorkflowJob[] = [];
  readonly artifacts: Artifact[] = [];
  readonly cacheEntries: CacheEntry[] = [];
  readonly blobs = new Map<string, StoredBlob>();
  /** Staged, not yet committed blocks, by blob path then block id. */
  readonly stagedBlocks = new Map<string, Map<string, Buffer>>();
  private nextId = 1001;

  /** The job with these ids, registered once: a re-registration returns the same backend ids. */
  registerJob(seed: JobSeed): WorkflowJob {
    const runAttempt = seed.runAttempt ?? '1';
    const job = seed.job ?? 'cto';
    const known = this.jobs.find((j) => j.repository === seed.repository && j.runId === seed.runId && j.runAttempt === runAttempt && j.job === job);
    if (known) return known;
    const ref = seed.ref ?? 'refs/heads/main';
    const defaultRef = `refs/heads/${seed.defaultBranch ?? 'main'}`;
    const sameRun = this.jobs.find((j) => j.repository === seed.repository && j.runId === seed.runId);
    const registered: WorkflowJob = {
      repository: seed.repository,
      runId: seed.runId,
      runAttempt,
      job,
      ref,
      sha: seed.sha ?? '0'.repeat(40),
      workflowRunBackendId: sameRun?.workflowRunBackendId ?? randomUUID(),
      workflowJobRunBackendId: randomUUID(),
      cacheScopes: seed.cacheScopes ?? [
        { scope: ref, permission: CACHE_READ | CACHE_WRITE },
        ...(ref === defaultRef ? [] : [{ scope: defaultRef, permission: CACHE_READ }]),
      ],
    };
    this.jobs.push(registered);
    return registered;
  }

  jobByBackendIds(runBackendId: string, jobBackendId: string): WorkflowJob | undefined {
    return this.jobs.find((j) => j.workflowRunBackendId === runBackendId && j.workflowJobRunBackendId === jobBackendId);
  }

  newId(): number {
    return this.nextId++;
  }

  /** Finalized artifacts of a workflow run (all its jobs), oldest first. */
  artifactsOfRun(runBackendId: string): Artifact[] {
    return this.artifacts.filter((a) => a.finalized && a.job.workflowRunBackendId === runBackendId);
  }

  /** The files inside an artifact's zip, by path. */
  artifactFiles(artifact: Artifact): Map<string, Buffer> {
    const blob = this.blobs.get(artifact.blobPath);
    if (!blob) throw new Error(`artifact ${artifact.name} has no blob`);
    return readZip(blob.content);
  }

  /** An artifact as an earlier run uploaded it (zipped, finalized, with its digest). */
  seedArtifact(seed: { job: WorkflowJob; name: string; files: Record<string, Buffer | string>; createdAt?: Date; expiresAt?: Date }): Artifact {
    const zip = writeZip(seed.files);
    const blobPath = artifactBlobPath(seed.job, seed.name, 'application/zip');
    this.putBlob(blobPath, zip, 'application/zip');
    const createdAt = seed.createdAt ?? new Date();
    const artifact: Artifact = {
      id: this.newId(), name: seed.name, job: seed.job, finalized: true, size: zip.length, digest: `sha256:${sha256(zip)}`,
      mimeType: 'application/zip', createdAt, expiresAt: seed.expiresAt ?? new Date(createdAt.getTime() + DEFAULT_RETENTION_MS), blobPath,
    };
    this.artifacts.push(artifact);
    return artifact;
  }

  /** A finalized cache entry whose archive is `archive` (as `tar` + zstd or gzip made it). */
  seedCacheEntry(seed: { key: string; version: string; scope?: string; archive: Buffer; createdAt?: Date }): CacheEntry {
    const scope = seed.scope ?? 'refs/heads/main';
    const blobPath = cacheBlobPath(scope, seed.key, seed.version);
    this.putBlob(blobPath, seed.archive, 'application/octet-stream');
    const entry: CacheEntry = {
      id: this.newId(), key: seed.key, version: seed.version, scope, finalized: true, size: seed.archive.length, createdAt: seed.createdAt ?? new Date(), blobPath,
    };
    this.cacheEntries.push(entry);
    return entry;
  }

  cacheArchive(entry: CacheEntry): Buffer {
    const blob = this.blobs.get(entry.blobPath);
    if (!blob) throw new Error(`cache entry ${entry.key} has no blob`);
    return blob.content;
  }

  putBlob(path: string, content: Buffer, contentType: string): StoredBlob {
    const blob: StoredBlob = { content, contentType, etag: `"0x${sha256(content).slice(0, 16).toUpperCase()}"`, lastModified: new Date() };
    this.blobs.set(path, blob);
    this.stagedBlocks.delete(path);
    return blob;
  }
}

export function defaultExpiry(from: Date): Date {
  return new Date(from.getTime() + DEFAULT_RETENTION_MS);
}

/**
 * Where an artifact lives: per run and job, named by a hash of the artifact name. Only zips end in
 * `.zip`: the download client unzips whatever URL ends so, whatever its content type.
 */
export function artifactBlobPath(job: WorkflowJob, name: string, mimeType: string): string {
  const extension = mimeType === 'application/zip' ? '.zip' : '';
  return `/${BLOB_ACCOUNT}/actions-results/${job.workflowRunBackendId}/workflow-job-run-${job.workflowJobRunBackendId}/artifacts/${sha256(Buffer.from(name)).slice(0, 40)}${extension}`;
}

export function cacheBlobPath(scope: string, key: string, version: string): string {
  return `/${BLOB_ACCOUNT}/actions-cache/${sha256(Buffer.from(`${scope}\n${key}\n${version}`)).slice(0, 40)}`;
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
