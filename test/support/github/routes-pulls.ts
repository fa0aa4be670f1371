// Pull requests: list, create, read, update, changed files and merge. Heads and diffs come from
// the real git remote, so a pull request always shows what was actually pushed.
import type { Comparison } from './git-queries.js';
import { conflict, json, methodNotAllowed, pullFrom, repoFrom, requirePermission, type ApiContext, type RouteTable } from './http.js';
import type { Issue, Repo } from './model.js';
import { paginate } from './pagination.js';
import { pullOf, renderChangedFile, renderPull, type PullDetail } from './render-pulls.js';
import {
  actionsMayCreatePullRule, duplicatePullRule, mergeRule, requiredChecksRule, missingBaseRule, missingHeadRule, noCommitsRule,
} from './rules.js';
import { reviewRoutes } from './routes-reviews.js';

export const pullRoutes: RouteTable = {
  ...reviewRoutes,

  'GET /repos/{owner}/{repo}/pulls': async (context) => {
    const repo = repoFrom(context);
    const state = context.query.get('state') ?? 'open';
    const head = context.query.get('head');
    const base = context.query.get('base');
    const descending = (context.query.get('direction') ?? 'desc') === 'desc';
    const pulls = [...repo.issues.values()]
      .filter((issue) => issue.pull && (state === 'all' || issue.state === state))
      .filter((issue) => !head || headMatches(repo, issue, head))
      .filter((issue) => !base || issue.pull?.baseRef === base)
      .sort((a, b) => (descending ? b.number - a.number : a.number - b.number));
    for (const issue of pulls) await refreshRefs(context, repo, issue);
    const page = paginate(pulls.map((issue) => renderPull(context.world, repo, issue, context.urls, null)), context.query, context.selfUrl);
    return json(200, page.items, page.link ? { link: page.link } : undefined);
  },

  'POST /repos/{owner}/{repo}/pulls': async (context) => {
    const repo = repoFrom(context);
    requirePermission(context, repo, 'write');
    const body = context.body as { title?: string; body?: string; head: string; base: string; draft?: boolean; maintainer_can_modify?: boolean };
    const refusal = actionsMayCreatePullRule(repo, context.identity, context.grant);
    if (refusal) return refusal;
    const head = body.head.includes(':') ? body.head.slice(body.head.indexOf(':') + 1) : body.head;
    const headSha = await context.git.resolveBranch(repo.owner, repo.name, head);
    const baseSha = await context.git.resolveBranch(repo.owner, repo.name, body.base);
    const invalid = missingHeadRule(headSha) ?? missingBaseRule(baseSha) ?? duplicatePullRule(repo, head, body.base);
    if (invalid) return invalid;
    const comparison = await context.git.compare(repo.owner, repo.name, baseSha as string, headSha as string);
    const empty = noCommitsRule(comparison.commits, body.base, head);
    if (empty) return empty;
    const issue = context.world.addPull(repo, {
      title: body.title ?? head, body: body.body ?? null, author: context.identity.login,
      head, base: body.base, headSha: headSha as string, baseSha: baseSha as string, draft: body.draft ?? false,
    });
    pullOf(issue).maintainerCanModify = body.maintainer_can_modify ?? false;
    const rendered = renderPull(context.world, repo, issue, context.urls, detailOf(comparison));
    return json(201, rendered, { location: rendered.url as string });
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}': async (context) => {
    const repo = repoFrom(context);
    const issue = pullFrom(context, repo);
    await refreshRefs(context, repo, issue);
    return json(200, renderPull(context.world, repo, issue, context.urls, await detail(context, repo, issue)));
  },

  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': async (context) => {
    const repo = repoFrom(context);
    const issue = pullFrom(context, repo);
    const pull = pullOf(issue);
    const isAuthor = issue.author.toLowerCase() === context.identity.login.toLowerCase();
    if (!isAuthor) requirePermission(context, repo, 'write');
    const body = context.body as { title?: string; body?: string; state?: 'open' | 'closed'; base?: string; maintainer_can_modify?: boolean };
    if (body.base !== undefined) {
      const baseSha = await context.git.resolveBranch(repo.owner, repo.name, body.base);
      const invalid = missingBaseRule(baseSha);
      if (invalid) return invalid;
      pull.baseRef = body.base;
    }
    if (body.state === 'open' && issue.state === 'closed') {
      if (pull.merged) return json(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'state cannot be changed. The pull request has been merged.' }], documentation_url: 'https://docs.github.com/rest' });
      const duplicate = duplicatePullRule(repo, pull.headRef, pull.baseRef);
      if (duplicate) return duplicate;
      context.world.reopen(issue);
    } else if (body.state === 'closed' && issue.state === 'open') {
      context.world.close(issue, context.identity.login);
    }
    if (body.title !== undefined) issue.title = body.title;
    if (body.body !== undefined) issue.body = body.body;
    if (body.maintainer_can_modify !== undefined) pull.maintainerCanModify = body.maintainer_can_modify;
    issue.updatedAt = context.world.now();
    await refreshRefs(context, repo, issue);
    return json(200, renderPull(context.world, repo, issue, context.urls, await detail(context, repo, issue)));
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': async (context) => {
    const repo = repoFrom(context);
    const issue = pullFrom(context, repo);
    await refreshRefs(context, repo, issue);
    const pull = pullOf(issue);
    const comparison = await context.git.compare(repo.owner, repo.name, pull.baseSha, pull.headSha);
    const files = comparison.changed.map((file) => renderChangedFile(repo, pull.headSha, file, context.urls));
    const page = paginate(files, context.query, context.selfUrl);
    return json(200, page.items, page.link ? { link: page.link } : undefined);
  },

  'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge': async (context) => {
    const repo = repoFrom(context);
    requirePermission(context, repo, 'write');
    const issue = pullFrom(context, repo);
    await refreshRefs(context, repo, issue);
    const pull = pullOf(issue);
    const refusal = mergeRule(issue);
    if (refusal) return refusal;
    const body = (context.body ?? {}) as { commit_title?: string; commit_message?: string; sha?: string; merge_method?: 'merge' | 'squash' | 'rebase' };
    if (body.sha && body.sha !== pull.headSha) return conflict('Head branch was modified. Review and try the merge again.');
    const unchecked = requiredChecksRule(repo, pull.headSha);
    if (unchecked) return unchecked;
    const method = body.merge_method ?? 'merge';
    const title = body.commit_title ?? (method === 'merge'
      ? `Merge pull request #${issue.number} from ${repo.owner}/${pull.headRef}`
      : `${issue.title} (#${issue.number})`);
    const message = body.commit_message ?? (method === 'merge' ? issue.title : (issue.body ?? ''));
    const merger = context.identity;
    const sha = await context.git.merge(repo.owner, repo.name, {
      baseRef: pull.baseRef, headSha: pull.headSha, method, title, message,
      author: { name: merger.name ?? merger.login, email: `${merger.id}+${merger.login}@users.noreply.emulated.invalid` },
    });
    if (!sha) return methodNotAllowed('Pull Request is not mergeable');
    const at = context.world.now();
    Object.assign(pull, { merged: true, mergedAt: at, mergedBy: merger.login, mergeCommitSha: sha, autoMerge: null });
    context.world.close(issue, merger.login);
    return json(200, { sha, merged: true, message: 'Pull Request successfully merged' });
  },
};

/** `head` filters are `owner:branch` on GitHub. */
function headMatches(repo: Repo, issue: Issue, head: string): boolean {
  const [owner, branch] = head.includes(':') ? head.split(':', 2) : [repo.owner, head];
  return owner?.toLowerCase() === repo.owner.toLowerCase() && issue.pull?.headRef === branch;
}

/** An open pull request follows its branches: pushes move `head.sha`, base moves `base.sha`. */
export async function refreshRefs(context: ApiContext, repo: Repo, issue: Issue): Promise<void> {
  const pull = pullOf(issue);
  if (pull.merged || issue.state === 'closed') return;
  pull.headSha = (await context.git.resolveBranch(repo.owner, repo.name, pull.headRef)) ?? pull.headSha;
  pull.baseSha = (await context.git.resolveBranch(repo.owner, repo.name, pull.baseRef)) ?? pull.baseSha;
}

async function detail(context: ApiContext, repo: Repo, issue: Issue): Promise<PullDetail> {
  const pull = pullOf(issue);
  const comparison = await context.git.compare(repo.owner, repo.name, pull.baseSha, pull.headSha);
  return detailOf(comparison);
}

function detailOf(comparison: Comparison): PullDetail {
  return {
    commits: comparison.commits,
    additions: comparison.changed.reduce((n, f) => n + f.additions, 0),
    deletions: comparison.changed.reduce((n, f) => n + f.deletions, 0),
    changedFiles: comparison.changed.length,
    mergeable: comparison.mergeBase !== null,
  };
}
