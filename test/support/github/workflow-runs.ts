// Workflow runs as GitHub reports them (`GET /repos/{owner}/{repo}/actions/runs/{run_id}`): the test harness
// starts a run when it runs the action and completes it when the job is over, so the action can ask whether
// the run holding a loop lock is still going. A run nobody started is 404, as a deleted run is on GitHub.
import { json, notFound, repoFrom, type RouteTable } from './http.js';
import type { Repo } from './model.js';
import { renderRepository, type Json, type Urls } from './render-accounts.js';

export interface WorkflowRun {
  id: number;
  /** `owner/name`. */
  repo: string;
  attempt: number;
  event: string;
  headBranch: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  createdAt: string;
  updatedAt: string;
}

/** The runs of every repository, by run id (ids are unique across GitHub). */
export class WorkflowRuns {
  private readonly runs = new Map<number, WorkflowRun>();
  private readonly now: () => string;

  constructor(now: () => string) {
    this.now = now;
  }

  /** A run (or a new attempt of it) starts: in progress. */
  start(seed: Pick<WorkflowRun, 'id' | 'repo' | 'attempt' | 'event' | 'headBranch' | 'headSha'>): WorkflowRun {
    const at = this.now();
    const run: WorkflowRun = { ...seed, status: 'in_progress', conclusion: null, createdAt: this.runs.get(seed.id)?.createdAt ?? at, updatedAt: at };
    this.runs.set(seed.id, run);
    return run;
  }

  /** The run's job is over, as GitHub records it once every step (post steps too) has ended. */
  complete(id: number, conclusion: 'success' | 'failure' | 'cancelled'): void {
    const run = this.runs.get(id);
    if (!run) throw new Error(`no workflow run ${id}: start it first`);
    Object.assign(run, { status: 'completed', conclusion, updatedAt: this.now() });
  }

  get(id: number): WorkflowRun | undefined {
    return this.runs.get(id);
  }
}

export const workflowRunRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}': (context) => {
    const repo = repoFrom(context);
    const run = context.world.workflowRuns.get(Number(context.params.run_id));
    if (!run || run.repo.toLowerCase() !== repo.fullName.toLowerCase()) return notFound();
    return json(200, renderRun(repo, context.world.requireAccount(repo.owner), run, context.urls));
  },
};

function renderRun(repo: Repo, owner: Parameters<typeof renderRepository>[1], run: WorkflowRun, urls: Urls): Json {
  const api = `${urls.api}/repos/${repo.fullName}/actions`;
  const repository = renderRepository(repo, owner, urls);
  return {
    id: run.id,
    name: 'codex-cto',
    node_id: `WFR_${Buffer.from(`WorkflowRun:${run.id}`).toString('base64url')}`,
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: '.github/workflows/codex-cto.yml',
    display_title: 'codex-cto',
    run_number: run.id % 1000,
    run_attempt: run.attempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: 1,
    url: `${api}/runs/${run.id}`,
    html_url: `${urls.web}/${repo.fullName}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.createdAt,
    jobs_url: `${api}/runs/${run.id}/jobs`,
    logs_url: `${api}/runs/${run.id}/logs`,
    check_suite_url: `${urls.api}/repos/${repo.fullName}/check-suites/${run.id}`,
    artifacts_url: `${api}/runs/${run.id}/artifacts`,
    cancel_url: `${api}/runs/${run.id}/cancel`,
    rerun_url: `${api}/runs/${run.id}/rerun`,
    workflow_url: `${api}/workflows/1`,
    head_commit: null,
    repository,
    head_repository: repository,
  };
}
