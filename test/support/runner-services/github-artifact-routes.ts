// GitHub's REST operations on Actions artifacts, answered from the runner services' state: the
// only way @actions/artifact reaches another run's artifacts (`findBy: {token, workflowRunId,
// repositoryOwner, repositoryName}` switches it from the results service to the REST API).
//
// The emulated GitHub serves them when started with `routes: artifactRoutes(services)` (the action world
// does so when it starts the runner services). The client calls:
//   GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts (`name`, `per_page`=100, `page`)
//     listArtifacts / getArtifact with findBy: `{total_count, artifacts}`, artifacts newest first;
//   GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip with `redirect: 'manual'`
//     downloadArtifact with findBy: it requires a 302 whose Location is the signed blob URL
//     (410 when expired), then GETs that URL itself (no Authorization header);
//   DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id} (deleteArtifact with findBy, 204).
// and an action that resumes from "the previous run" needs the run id first, which only
//   GET /repos/{owner}/{repo}/actions/artifacts?name=... (newest first, `workflow_run.id`) gives.
// GitHub wants `actions: read` (`actions: write` to delete) on the token; the emulator's grants
// have one level, so read/write on the repository stands in for it.
import { ApiFailure, json, notFound, repoFrom, requirePermission, type ApiContext, type RouteTable } from '../github/http.js';
import { paginate } from '../github/pagination.js';
import type { Repo } from '../github/model.js';
import type { RunnerServices } from './server.js';
import type { Artifact } from './state.js';

/** GitHub's artifact download redirects are valid for one minute. */
const REDIRECT_TTL = 60;

export function artifactRoutes(services: RunnerServices): RouteTable {
  const artifactsOf = (repo: Repo): Artifact[] =>
    services.state.artifacts.filter((a) => a.finalized && a.job.repository === repo.fullName).sort((a, b) => b.id - a.id);
  const listed = (context: ApiContext, repo: Repo, artifacts: Artifact[]) => {
    const name = context.query.get('name');
    const matching = name === null ? artifacts : artifacts.filter((a) => a.name === name);
    const page = paginate(matching.map((a) => renderArtifact(context, repo, a)), context.query, context.selfUrl);
    return json(200, { total_count: matching.length, artifacts: page.items }, page.link ? { link: page.link } : undefined);
  };
  const artifactFrom = (context: ApiContext, repo: Repo): Artifact => {
    const artifact = artifactsOf(repo).find((a) => a.id === Number(context.params.artifact_id));
    if (!artifact) throw new ApiFailure(notFound());
    return artifact;
  };

  return {
    'GET /repos/{owner}/{repo}/actions/artifacts': (context) => {
      const repo = repoFrom(context);
      return listed(context, repo, artifactsOf(repo));
    },

    'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts': (context) => {
      const repo = repoFrom(context);
      return listed(context, repo, artifactsOf(repo).filter((a) => a.job.runId === context.params.run_id));
    },

    'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}': (context) => {
      const repo = repoFrom(context);
      return json(200, renderArtifact(context, repo, artifactFrom(context, repo)));
    },

    'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}': (context) => {
      const repo = repoFrom(context);
      const artifact = artifactFrom(context, repo);
      if (context.params.archive_format !== 'zip') return notFound();
      if (artifact.expiresAt <= new Date()) return json(410, { message: 'Artifact has expired', documentation_url: 'https://docs.github.com/rest/actions/artifacts#download-an-artifact', status: '410' });
      return { status: 302, headers: { location: services.signedUrl(artifact.blobPath, 'r', REDIRECT_TTL) } };
    },

    'DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}': (context) => {
      const repo = repoFrom(context);
      requirePermission(context, repo, 'write');
      const artifact = artifactFrom(context, repo);
      services.state.artifacts.splice(services.state.artifacts.indexOf(artifact), 1);
      services.state.blobs.delete(artifact.blobPath);
      return { status: 204 };
    },
  };
}

function renderArtifact(context: ApiContext, repo: Repo, artifact: Artifact): Record<string, unknown> {
  const url = `${context.urls.api}/repos/${repo.fullName}/actions/artifacts/${artifact.id}`;
  return {
    id: artifact.id,
    node_id: Buffer.from(`010:Artifact${artifact.id}`).toString('base64'),
    name: artifact.name,
    size_in_bytes: artifact.size,
    url,
    archive_download_url: `${url}/zip`,
    expired: artifact.expiresAt <= new Date(),
    created_at: artifact.createdAt.toISOString(),
    expires_at: artifact.expiresAt.toISOString(),
    updated_at: artifact.createdAt.toISOString(),
    digest: artifact.digest,
    workflow_run: {
      id: Number(artifact.job.runId),
      repository_id: repo.id,
      head_repository_id: repo.id,
      head_branch: artifact.job.ref.replace(/^refs\/heads\//, ''),
      head_sha: artifact.job.sha,
    },
  };
}
