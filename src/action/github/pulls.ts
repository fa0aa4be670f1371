// Pull requests, their reviews, readiness and merging, and the check run carrying the verdict.
import { call, type Api, type RepoRef } from './client.js';

export interface PullRef {
  number: number;
  url: string;
  nodeId: string;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  headRef: string;
  headSha: string;
  /** `owner/repo` of the head; differs from the base repository for a fork. */
  headRepo: string | null;
  baseRef: string;
  author: string;
  title: string;
  body: string;
}

export interface ReviewCommentInput {
  path: string;
  /** The line the comment is anchored to (the last of a range). */
  line: number;
  /** The first line of a multi-line comment; null or absent for one line. */
  startLine?: number | null;
  body: string;
}

export class Pulls {
  private readonly api: Api;
  private readonly repo: RepoRef;

  constructor(api: Api, repo: RepoRef) {
    this.api = api;
    this.repo = repo;
  }

  async get(number: number): Promise<PullRef> {
    const { data } = await call(`read pull request #${number}`, 'pull-requests: write', () => this.api.rest.pulls.get({ ...this.repo, pull_number: number }));
    return toPull(data);
  }

  /** The open PR from `branch` into `base`, if one exists (re-runs reuse it). */
  async findOpen(branch: string, base: string): Promise<PullRef | null> {
    const { data } = await call('list pull requests', 'pull-requests: write', () =>
      this.api.rest.pulls.list({ ...this.repo, state: 'open', head: `${this.repo.owner}:${branch}`, base, per_page: 10 }),
    );
    const first = data[0];
    return first ? this.get(first.number) : null;
  }

  async create(input: { branch: string; base: string; title: string; body: string; draft: boolean }): Promise<PullRef> {
    const { data } = await call('open the pull request', 'pull-requests: write', () =>
      this.api.rest.pulls.create({ ...this.repo, head: input.branch, base: input.base, title: input.title, body: input.body, draft: input.draft }),
    );
    return toPull(data);
  }

  async updateBody(number: number, body: string): Promise<void> {
    await call('update the pull request', 'pull-requests: write', () => this.api.rest.pulls.update({ ...this.repo, pull_number: number, body }));
  }

  async review(number: number, input: { commitSha: string; event: 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT'; body: string; comments: ReviewCommentInput[] }): Promise<string> {
    const { data } = await call('post the review', 'pull-requests: write', () =>
      this.api.rest.pulls.createReview({
        ...this.repo,
        pull_number: number,
        commit_id: input.commitSha,
        event: input.event,
        body: input.body,
        comments: input.comments.map((c) => ({
          path: c.path,
          line: c.line,
          side: 'RIGHT' as const,
          ...(c.startLine ? { start_line: c.startLine, start_side: 'RIGHT' as const } : {}),
          body: c.body,
        })),
      }),
    );
    return data.html_url;
  }

  async markReady(pull: PullRef): Promise<void> {
    await call('mark the pull request ready for review', 'pull-requests: write', () =>
      this.api.graphql(
        'mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }',
        { id: pull.nodeId },
      ),
    );
  }

  async merge(number: number, method: 'merge' | 'squash' | 'rebase', sha: string): Promise<void> {
    await call('merge the pull request', 'contents: write', () =>
      this.api.rest.pulls.merge({ ...this.repo, pull_number: number, merge_method: method, sha }),
    );
  }

  async enableAutoMerge(pull: PullRef, method: 'merge' | 'squash' | 'rebase'): Promise<void> {
    await call('enable auto-merge', 'contents: write', () =>
      this.api.graphql(
        // `method` is reserved by @octokit/graphql as an option name, so the variable is `mergeMethod`.
        'mutation($id: ID!, $mergeMethod: PullRequestMergeMethod!) { enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: $mergeMethod }) { pullRequest { number } } }',
        { id: pull.nodeId, mergeMethod: method.toUpperCase() },
      ),
    );
  }

  async checkRun(input: {
    sha: string;
    conclusion: 'success' | 'failure' | 'neutral' | 'action_required';
    title: string;
    summary: string;
    text: string;
    detailsUrl: string | null;
  }): Promise<void> {
    await call('create the check run', 'checks: write', () =>
      this.api.rest.checks.create({
        ...this.repo,
        name: 'codex-cto/review',
        head_sha: input.sha,
        status: 'completed',
        conclusion: input.conclusion,
        completed_at: new Date().toISOString(),
        ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
        output: { title: input.title, summary: input.summary, text: input.text },
      }),
    );
  }
}

type PullData = Awaited<ReturnType<Api['rest']['pulls']['get']>>['data'];
type CreatedPull = Awaited<ReturnType<Api['rest']['pulls']['create']>>['data'];

function toPull(data: PullData | CreatedPull): PullRef {
  return {
    number: data.number,
    url: data.html_url,
    nodeId: data.node_id,
    state: data.state as 'open' | 'closed',
    merged: Boolean(data.merged_at),
    draft: Boolean(data.draft),
    headRef: data.head.ref,
    headSha: data.head.sha,
    headRepo: data.head.repo?.full_name ?? null,
    baseRef: data.base.ref,
    author: data.user?.login ?? '',
    title: data.title,
    body: data.body ?? '',
  };
}
