// The runner's artifact service through @actions/artifact: this run's upload (the results service, with
// the runner's token) and the download of an earlier run's artifact (the REST API, with the workflow
// token, then the signed blob URL it redirects to). The client is loaded only when a run uses it.
import { mkdtemp, readdir, lstat, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepoRef } from '../github/client.js';
import { CtoError } from '../../core/model/errors.js';

/** Days an artifact is kept; the repository's own setting caps it. */
const RETENTION_DAYS = 30;

export interface Uploaded {
  id: number;
  /** SHA-256 of the uploaded zip, hex; null when the service did not say. */
  digest: string | null;
}

export interface EarlierArtifact {
  runId: string;
  artifactId: number;
  digest: string | null;
}

const artifactClient = async () => new (await import('@actions/artifact')).DefaultArtifactClient();

/** Uploads `files` (names in `dir`) as the artifact `name` of this run. */
export async function uploadArtifactFiles(name: string, dir: string, files: readonly string[]): Promise<Uploaded> {
  const client = await artifactClient();
  const response = await client.uploadArtifact(name, files.map((file) => join(dir, file)), dir, { retentionDays: RETENTION_DAYS });
  if (response.id === undefined) throw new CtoError('github', `The artifact service did not confirm the upload of ${name}.`);
  return { id: response.id, digest: response.digest ?? null };
}

/**
 * The zip of an earlier run's artifact, not unpacked (its entries are read in memory, see zip-reader.ts),
 * refused when larger than `maxBytes` or when it is not what that run uploaded.
 */
export async function downloadArtifactZip(repo: RepoRef, token: string, artifact: EarlierArtifact, scratchDir: string, maxBytes: number): Promise<Buffer> {
  const client = await artifactClient();
  const dir = await mkdtemp(join(scratchDir, 'codex-cto-download-'));
  try {
    const found = await client.downloadArtifact(artifact.artifactId, {
      path: dir,
      skipDecompress: true,
      ...(artifact.digest ? { expectedHash: `sha256:${artifact.digest}` } : {}),
      findBy: { token, workflowRunId: Number(artifact.runId), repositoryOwner: repo.owner, repositoryName: repo.repo },
    });
    if (found.digestMismatch) throw new CtoError('github', `artifact ${artifact.artifactId} is not what run ${artifact.runId} uploaded (its digest differs)`);
    return await onlyFile(dir, maxBytes);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The one regular file the download left in `dir`. */
async function onlyFile(dir: string, maxBytes: number): Promise<Buffer> {
  const names = await readdir(dir);
  if (names.length !== 1 || names[0] === undefined) throw new CtoError('github', `the download left ${names.length} files instead of one zip`);
  const file = join(dir, names[0]);
  const stat = await lstat(file);
  if (!stat.isFile()) throw new CtoError('github', 'the download is not a regular file');
  if (stat.size > maxBytes) throw new CtoError('github', `the artifact holds ${stat.size} bytes, more than ${maxBytes}`);
  return readFile(file);
}
