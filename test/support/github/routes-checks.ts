// Check runs: only GitHub Apps (installation tokens, such as the workflow token) may write them.
import { ApiFailure, forbidden, json, notFound, repoFrom, requirePermission, validationFailed, type ApiContext, type RouteTable } from './http.js';
import type { CheckRun, Repo } from './model.js';
import { paginate } from './pagination.js';
import { renderCheckRun } from './render-pulls.js';

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: CheckRun['status'];
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string };
}

export const checkRoutes: RouteTable = {
  'POST /repos/{owner}/{repo}/check-runs': async (context) => {
    const repo = writableRepo(context);
    const body = context.body as CheckRunBody & { name: string; head_sha: string };
    if (!(await context.git.hasCommit(repo.owner, repo.name, body.head_sha))) {
      return validationFailed([{ resource: 'CheckRun', code: 'invalid', field: 'head_sha', message: `No commit found for SHA: ${body.head_sha}` }]);
    }
    const status = body.conclusion ? 'completed' : (body.status ?? 'queued');
    if (status === 'completed' && !body.conclusion) {
      return validationFailed([{ resource: 'CheckRun', code: 'missing_field', field: 'conclusion' }]);
    }
    const now = context.world.now();
    const run = context.world.addCheckRun(repo, {
      name: body.name,
      headSha: body.head_sha,
      status,
      conclusion: body.conclusion ?? null,
      startedAt: body.started_at ?? now,
      completedAt: status === 'completed' ? (body.completed_at ?? now) : null,
      detailsUrl: body.details_url ?? null,
      externalId: body.external_id ?? null,
      output: { title: body.output?.title ?? null, summary: body.output?.summary ?? null, text: body.output?.text ?? null },
      app: context.identity.login,
    });
    return json(201, renderCheckRun(context.world, repo, run, context.urls));
  },

  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': (context) => {
    const repo = writableRepo(context);
    const run = repo.checkRuns.get(Number(context.params.check_run_id));
    if (!run || run.app !== context.identity.login) return notFound();
    const body = context.body as CheckRunBody;
    if (body.name !== undefined) run.name = body.name;
    if (body.details_url !== undefined) run.detailsUrl = body.details_url;
    if (body.external_id !== undefined) run.externalId = body.external_id;
    if (body.started_at !== undefined) run.startedAt = body.started_at;
    if (body.output) run.output = { ...run.output, ...body.output };
    if (body.status !== undefined) run.status = body.status;
    if (body.conclusion !== undefined) {
      run.conclusion = body.conclusion;
      run.status = 'completed';
    }
    if (run.status === 'completed') {
      if (!run.conclusion) return validationFailed([{ resource: 'CheckRun', code: 'missing_field', field: 'conclusion' }]);
      run.completedAt = body.completed_at ?? run.completedAt ?? context.world.now();
    }
    return json(200, renderCheckRun(context.world, repo, run, context.urls));
  },

  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': async (context) => {
    const repo = repoFrom(context);
    const ref = context.params.ref as string;
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : await context.git.resolveBranch(repo.owner, repo.name, ref.replace(/^refs\/heads\//, ''));
    if (!sha) return validationFailed([{ resource: 'Commit', code: 'invalid', field: 'ref', message: `No commit found for SHA: ${ref}` }]);
    const name = context.query.get('check_name');
    const status = context.query.get('status');
    let runs = [...repo.checkRuns.values()]
      .filter((run) => run.headSha === sha && (!name || run.name === name) && (!status || run.status === status))
      .sort((a, b) => b.id - a.id);
    // `filter=latest` (the default) keeps the most recent run of each name.
    if ((context.query.get('filter') ?? 'latest') === 'latest') {
      runs = runs.filter((run, index) => runs.findIndex((other) => other.name === run.name) === index);
    }
    const page = paginate(runs, context.query, context.selfUrl);
    const body = { total_count: runs.length, check_runs: page.items.map((run) => renderCheckRun(context.world, repo, run, context.urls)) };
    return json(200, body, page.link ? { link: page.link } : undefined);
  },
};

function writableRepo(context: ApiContext): Repo {
  const repo = repoFrom(context);
  if (context.grant.kind !== 'installation') throw new ApiFailure(forbidden('You must authenticate via a GitHub App.'));
  requirePermission(context, repo, 'write');
  return repo;
}
