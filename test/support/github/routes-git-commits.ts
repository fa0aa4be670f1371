// Git commit objects through the REST API (the Git database endpoints), written into and read from the real
// bare repositories: what the loop lock records its holder in (a commit without files, made with git's empty
// tree, whose message names the run). GitHub checks that the tree and every parent exist; so does this.
import { objectType } from './git-refs.js';
import type { GitRunner } from './git-queries.js';
import { json, notFound, repoFrom, requirePermission, validationFailed, type ApiContext, type RouteTable } from './http.js';
import type { Repo } from './model.js';
import type { Json, Urls } from './render-accounts.js';

interface StoredCommit {
  sha: string;
  tree: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

export const gitCommitRoutes: RouteTable = {
  'POST /repos/{owner}/{repo}/git/commits': async (context) => {
    const repo = repoFrom(context);
    requirePermission(context, repo, 'write');
    const at = context.git.gitDir(repo.owner, repo.name);
    const git = context.git.git;
    const { message, tree, parents = [] } = context.body as { message: string; tree: string; parents?: string[] };
    if ((await objectType(git, at, tree)) !== 'tree') return validationFailed([{ resource: 'Commit', code: 'invalid', field: 'tree', message: 'Tree SHA does not exist' }]);
    for (const parent of parents) {
      if ((await objectType(git, at, parent)) !== 'commit') return validationFailed([{ resource: 'Commit', code: 'invalid', field: 'parents', message: 'Parent SHA does not exist or is not a commit object' }]);
    }
    // Without an author, GitHub writes the token's identity and the current time.
    const who = context.identity;
    const email = `${who.id}+${who.login}@users.noreply.github.com`;
    const env = { GIT_AUTHOR_NAME: who.login, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: who.login, GIT_COMMITTER_EMAIL: email };
    const made = await git(['--git-dir', at, 'commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', message], { env });
    const stored = await readCommit(git, at, made.stdout.trim());
    const rendered = renderCommit(repo, stored as StoredCommit, context.urls);
    return json(201, rendered, { location: rendered.url as string });
  },

  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': async (context: ApiContext) => {
    const repo = repoFrom(context);
    const stored = await readCommit(context.git.git, context.git.gitDir(repo.owner, repo.name), context.params.commit_sha as string);
    return stored ? json(200, renderCommit(repo, stored, context.urls)) : notFound();
  },
};

/** The commit `sha` as git stores it, or null when the repository has no such commit. */
async function readCommit(git: GitRunner, gitDir: string, sha: string): Promise<StoredCommit | null> {
  if ((await objectType(git, gitDir, sha)) !== 'commit') return null;
  const out = await git(['--git-dir', gitDir, 'log', '-1', '--format=%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B', sha]);
  const [tree, parents, an, ae, ad, cn, ce, cd, ...body] = out.stdout.split('\0') as string[];
  // `-m` and `%B` each add a newline after the message; what was given is shown without them.
  const message = body.join('\0').replace(/\n+$/, '');
  return {
    sha,
    tree: tree as string,
    parents: (parents as string).split(' ').filter(Boolean),
    author: { name: an as string, email: ae as string, date: utc(ad as string) },
    committer: { name: cn as string, email: ce as string, date: utc(cd as string) },
    message,
  };
}

function utc(date: string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function renderCommit(repo: Repo, commit: StoredCommit, urls: Urls): Json {
  const api = `${urls.api}/repos/${repo.fullName}`;
  const web = `${urls.web}/${repo.fullName}`;
  return {
    sha: commit.sha,
    node_id: `C_${Buffer.from(`${repo.id}:${commit.sha}`).toString('base64url')}`,
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${web}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((sha) => ({ sha, url: `${api}/git/commits/${sha}`, html_url: `${web}/commit/${sha}` })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}
