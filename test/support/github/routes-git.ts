// Git references through the REST API (the Git database endpoints), backed by the real bare
// repositories: what the action uses as a per-loop lock (a ref it creates, which fails when it
// exists). Changes to one repository's refs are serialised, so of two racing creates exactly one
// wins and the other sees "Reference already exists", as on GitHub.
import type { GitRemote } from '../git-remote.js';
import { createRef, deleteRef, isAncestor, isValidRefName, listRefs, moveRef, objectType, readRef, type StoredRef } from './git-refs.js';
import { conflict, json, notFound, repoFrom, requirePermission, type ApiContext, type ApiResponse, type RouteTable } from './http.js';
import type { Repo } from './model.js';
import type { Json, Urls } from './render-accounts.js';

export const gitRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/git/ref/{ref}': async (context) => {
    const { repo, at } = target(context);
    const stored = await readRef(context.git.git, at, `refs/${context.params.ref}`);
    return stored ? json(200, renderRef(repo, stored, context.urls)) : notFound();
  },

  'GET /repos/{owner}/{repo}/git/matching-refs/{ref}': async (context) => {
    const { repo, at } = target(context);
    const refs = await listRefs(context.git.git, at, context.params.ref);
    return json(200, refs.map((stored) => renderRef(repo, stored, context.urls)));
  },

  'POST /repos/{owner}/{repo}/git/refs': (context) => {
    const { repo, at } = target(context, 'write');
    const { ref, sha } = context.body as { ref: string; sha: string };
    return serialised(at, async () => {
      const git = context.git.git;
      if (!(await hasBranches(context.git, repo))) return conflict('Git Repository is empty.');
      if (!(await isValidRefName(git, ref))) return refused('Reference name is invalid');
      const type = await objectType(git, at, sha);
      if (!type) return refused('Object does not exist');
      if (!(await createRef(git, at, ref, sha))) return refused('Reference already exists');
      touched(context, repo, ref);
      const rendered = renderRef(repo, { ref, sha, type }, context.urls);
      return json(201, rendered, { location: rendered.url as string });
    });
  },

  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': (context) => {
    const { repo, at } = target(context, 'write');
    const ref = `refs/${context.params.ref}`;
    const { sha, force } = context.body as { sha: string; force?: boolean };
    return serialised(at, async () => {
      const git = context.git.git;
      const stored = await readRef(git, at, ref);
      if (!stored) return refused('Reference does not exist');
      const type = await objectType(git, at, sha);
      if (!type) return refused('Object does not exist');
      if (!force && !(await isAncestor(git, at, stored.sha, sha))) return refused('Update is not a fast forward');
      if (!(await moveRef(git, at, ref, stored.sha, sha))) return refused('Reference cannot be updated');
      touched(context, repo, ref);
      return json(200, renderRef(repo, { ref, sha, type }, context.urls));
    });
  },

  // The description gives this endpoint's 422 (no such ref, or the default branch) no body.
  'DELETE /repos/{owner}/{repo}/git/refs/{ref}': (context) => {
    const { repo, at } = target(context, 'write');
    const ref = `refs/${context.params.ref}`;
    return serialised(at, async () => {
      if (ref === `refs/heads/${repo.defaultBranch}`) return { status: 422 };
      const stored = await readRef(context.git.git, at, ref);
      if (!stored || !(await deleteRef(context.git.git, at, ref, stored.sha))) return { status: 422 };
      return { status: 204 };
    });
  },
};

function target(context: ApiContext, needs?: 'write'): { repo: Repo; at: string } {
  const repo = repoFrom(context);
  if (needs) requirePermission(context, repo, needs);
  return { repo, at: context.git.gitDir(repo.owner, repo.name) };
}

/** GitHub answers ref refusals with a bare message (no `errors` list). */
function refused(message: string): ApiResponse {
  return json(422, { message, documentation_url: 'https://docs.github.com/rest/git/refs', status: '422' });
}

async function hasBranches(git: GitRemote, repo: Repo): Promise<boolean> {
  return Object.keys(await git.branches(repo.owner, repo.name)).length > 0;
}

function touched(context: ApiContext, repo: Repo, ref: string): void {
  if (ref.startsWith('refs/heads/')) repo.pushedAt = context.world.now();
}

const queues = new Map<string, Promise<unknown>>();

/** Runs ref changes of one repository one at a time, in arrival order. */
function serialised(gitDir: string, change: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const next = (queues.get(gitDir) ?? Promise.resolve()).then(change, change);
  queues.set(gitDir, next.catch(() => undefined));
  return next;
}

export function renderRef(repo: Repo, stored: StoredRef, urls: Urls): Json {
  const api = `${urls.api}/repos/${repo.fullName}/git`;
  return {
    ref: stored.ref,
    node_id: `REF_${Buffer.from(`${repo.id}:${stored.ref}`).toString('base64url')}`,
    url: `${api}/${stored.ref}`,
    object: { type: stored.type, sha: stored.sha, url: `${api}/${stored.type === 'tag' ? 'tags' : 'commits'}/${stored.sha}` },
  };
}
