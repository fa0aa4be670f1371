// ArtifactService of the results service (artifacts v4, what @actions/artifact 6.x calls): an
// artifact belongs to a workflow run, is created, uploaded to its signed URL and finalized once;
// its name is unique within the run; a token reaches the artifacts of its own run only (another
// run's artifacts go through the REST API with a GitHub token, see github-artifact-routes.ts).
import type { Message } from './messages.js';
import { artifactBlobPath, defaultExpiry, sha256, type Artifact } from './state.js';
import { TwirpError, type CallContext, type MethodHandler } from './twirp.js';

/** Upload URLs live as long as a job may; download URLs briefly, as GitHub's do. */
const UPLOAD_URL_TTL = 6 * 3600;
const DOWNLOAD_URL_TTL = 600;
/** The client sends version 7; versions before 4 belong to the retired artifact service. */
const MIN_ARTIFACT_VERSION = 4;

export const artifactService: Record<string, MethodHandler> = {
  CreateArtifact(context, request) {
    requireOwnJob(context, request);
    const name = requireName(request);
    if ((request.version as number) < MIN_ARTIFACT_VERSION) throw new TwirpError('invalid_argument', `artifact version ${request.version as number} is not supported`);
    const now = new Date();
    const expiresAt = (request.expires_at as Date | null) ?? defaultExpiry(now);
    if (expiresAt <= now) throw new TwirpError('invalid_argument', 'expires_at must be in the future');
    const { state, caller } = context;
    const existing = state.artifacts.find((a) => a.job.workflowRunBackendId === caller.workflowRunBackendId && a.name === name);
    if (existing?.finalized) throw new TwirpError('already_exists', 'an artifact with this name already exists on the workflow run');
    // An upload that never finalized (a failed attempt of this job) is started afresh.
    if (existing) state.artifacts.splice(state.artifacts.indexOf(existing), 1);
    const mimeType = (request.mime_type as string | null) ?? 'application/zip';
    const artifact: Artifact = {
      id: state.newId(), name, job: caller, finalized: false, size: 0, digest: null, mimeType, createdAt: now, expiresAt,
      blobPath: artifactBlobPath(caller, name, mimeType),
    };
    state.artifacts.push(artifact);
    return { ok: true, signed_upload_url: context.signedUrl(artifact.blobPath, 'cw', UPLOAD_URL_TTL) };
  },

  FinalizeArtifact(context, request) {
    requireOwnJob(context, request);
    const name = requireName(request);
    const { state, caller } = context;
    const artifact = state.artifacts.find((a) => !a.finalized && a.job === caller && a.name === name);
    if (!artifact) throw new TwirpError('not_found', `no artifact named ${name} is being uploaded by this job`);
    const blob = state.blobs.get(artifact.blobPath);
    if (!blob) throw new TwirpError('failed_precondition', 'the artifact content was never committed to storage');
    if (Number(request.size) !== blob.content.length) {
      throw new TwirpError('invalid_argument', `size ${request.size as string} does not match the ${blob.content.length} bytes uploaded`);
    }
    const hash = request.hash as string | null;
    if (hash !== null && hash !== `sha256:${sha256(blob.content)}`) throw new TwirpError('invalid_argument', 'hash does not match the uploaded content');
    Object.assign(artifact, { finalized: true, size: blob.content.length, digest: hash });
    return { ok: true, artifact_id: String(artifact.id) };
  },

  ListArtifacts(context, request) {
    requireOwnJob(context, request);
    const nameFilter = request.name_filter as string | null;
    const idFilter = request.id_filter as string | null;
    const now = new Date();
    const artifacts = context.state.artifactsOfRun(context.caller.workflowRunBackendId)
      .filter((a) => a.expiresAt > now && (nameFilter === null || a.name === nameFilter) && (idFilter === null || String(a.id) === idFilter));
    return { artifacts: artifacts.map(monolithArtifact) };
  },

  GetSignedArtifactURL(context, request) {
    const artifact = namedArtifactOfRun(context, request);
    return { signed_url: context.signedUrl(artifact.blobPath, 'r', DOWNLOAD_URL_TTL) };
  },

  DeleteArtifact(context, request) {
    const artifact = namedArtifactOfRun(context, request);
    const { state } = context;
    state.artifacts.splice(state.artifacts.indexOf(artifact), 1);
    state.blobs.delete(artifact.blobPath);
    return { ok: true, artifact_id: String(artifact.id) };
  },
};

function monolithArtifact(artifact: Artifact): Message {
  return {
    workflow_run_backend_id: artifact.job.workflowRunBackendId,
    workflow_job_run_backend_id: artifact.job.workflowJobRunBackendId,
    database_id: String(artifact.id),
    name: artifact.name,
    size: String(artifact.size),
    created_at: artifact.createdAt,
    digest: artifact.digest,
  };
}

/** Uploads name the caller's own run and job; the token decides which those are. */
function requireOwnJob(context: CallContext, request: Message): void {
  const run = request.workflow_run_backend_id as string;
  const job = request.workflow_job_run_backend_id as string;
  if (!run || !job) throw new TwirpError('invalid_argument', 'workflow_run_backend_id and workflow_job_run_backend_id are required');
  if (run !== context.caller.workflowRunBackendId || job !== context.caller.workflowJobRunBackendId) {
    throw new TwirpError('permission_denied', 'the token does not grant access to this workflow run');
  }
}

function requireName(request: Message): string {
  const name = request.name as string;
  if (!name) throw new TwirpError('invalid_argument', 'name is required');
  return name;
}

/** A finalized artifact of the caller's run; the job named may be any job of that run. */
function namedArtifactOfRun(context: CallContext, request: Message): Artifact {
  const run = request.workflow_run_backend_id as string;
  const job = request.workflow_job_run_backend_id as string;
  const name = requireName(request);
  if (!run || !job) throw new TwirpError('invalid_argument', 'workflow_run_backend_id and workflow_job_run_backend_id are required');
  if (run !== context.caller.workflowRunBackendId) throw new TwirpError('permission_denied', 'the token does not grant access to this workflow run');
  const artifact = context.state.artifactsOfRun(run).find((a) => a.job.workflowJobRunBackendId === job && a.name === name);
  if (!artifact || artifact.expiresAt <= new Date()) throw new TwirpError('not_found', `artifact ${name} not found`);
  return artifact;
}
