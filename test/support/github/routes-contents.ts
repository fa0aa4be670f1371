// A file's contents at a ref (`GET /repos/{owner}/{repo}/contents/{path}`), read from the real bare repository:
// what the action reads the repository's config file with. Files only; a directory or a missing path is 404
// here (the action asks for one file), a blob larger than 1 MB comes without its content, as on GitHub.
import { json, notFound, repoFrom, type RouteTable } from './http.js';

const MAX_INLINE_BYTES = 1024 * 1024;

export const contentRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/contents/{path}': async (context) => {
    const repo = repoFrom(context);
    const at = context.git.gitDir(repo.owner, repo.name);
    const ref = context.query.get('ref') ?? repo.defaultBranch;
    const path = decodeURIComponent(context.params.path as string).replace(/^\/+/, '');
    const git = context.git.git;
    const object = `${ref}:${path}`;
    const kind = await git(['--git-dir', at, 'cat-file', '-t', object], { allowFailure: true });
    if (kind.exitCode !== 0 || kind.stdout.trim() !== 'blob') return notFound();
    const sha = (await git(['--git-dir', at, 'rev-parse', object])).stdout.trim();
    const size = Number((await git(['--git-dir', at, 'cat-file', '-s', sha])).stdout.trim());
    const content = size > MAX_INLINE_BYTES ? '' : Buffer.from((await git(['--git-dir', at, 'cat-file', 'blob', sha])).stdout, 'utf8').toString('base64');
    const api = `${context.urls.api}/repos/${repo.fullName}`;
    const html = `${context.urls.web}/${repo.fullName}/blob/${encodeURIComponent(ref)}/${path}`;
    const self = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
    return json(200, {
      type: 'file',
      encoding: size > MAX_INLINE_BYTES ? 'none' : 'base64',
      size,
      name: path.split('/').pop() ?? path,
      path,
      content,
      sha,
      url: self,
      git_url: `${api}/git/blobs/${sha}`,
      html_url: html,
      download_url: null,
      _links: { self, git: `${api}/git/blobs/${sha}`, html },
    });
  },
};
