// Issues and their comments: the tracking comment, reactions, labels, and who may trigger work.
import { CtoError } from '../../core/model/errors.js';
import { call, DROPPABLE, explain, httpStatus, type Api, type RepoRef } from './client.js';

export interface CommentRef {
  id: number;
  /** The GraphQL node id; empty where the API did not say it. */
  nodeId: string;
  url: string;
  body: string;
  /** ISO time; set where the API says it. */
  createdAt?: string;
  author: { login: string; type: string };
}

export interface LoopStatus {
  issue: { state: 'OPEN' | 'CLOSED'; locked: boolean; labels: string[] } | null;
  pr: { state: 'OPEN' | 'CLOSED' | 'MERGED'; merged: boolean } | null;
  /** The newest comments of the issue and the PR. */
  comments: CommentRef[];
}

interface GraphComment {
  body: string;
  createdAt: string;
  author: { login: string; __typename: string } | null;
}

interface LoopStatusQuery {
  repository: {
    issue?: { state: 'OPEN' | 'CLOSED'; locked: boolean; labels: { nodes: { name: string }[] }; comments: { nodes: GraphComment[] } } | null;
    pullRequest?: { state: 'OPEN' | 'CLOSED' | 'MERGED'; merged: boolean; comments: { nodes: GraphComment[] } } | null;
  };
}

/** Comments read per thread: a stop command older than the newest 50 comments is not seen. */
const LOOP_STATUS_FIELDS = `fragment LoopStatusFields on Repository {
  issue(number: $issue) @include(if: $withIssue) {
    state locked
    labels(first: 100) { nodes { name } }
    comments(last: 50) { nodes { body createdAt author { login __typename } } }
  }
  pullRequest(number: $pr) @include(if: $withPr) {
    state merged
    comments(last: 50) { nodes { body createdAt author { login __typename } } }
  }
}`;

const LOOP_STATUS_QUERY = `query($owner: String!, $repo: String!, $issue: Int!, $withIssue: Boolean!, $pr: Int!, $withPr: Boolean!) {
  repository(owner: $owner, name: $repo) { ...LoopStatusFields }
}
${LOOP_STATUS_FIELDS}`;

/** A mutation's payload may select anything reachable from what it changed: here the comment's repository. */
const UPDATE_READING_STATUS = `mutation($id: ID!, $body: String!, $issue: Int!, $withIssue: Boolean!, $pr: Int!, $withPr: Boolean!) {
  updateIssueComment(input: { id: $id, body: $body }) {
    issueComment { repository { ...LoopStatusFields } }
  }
}
${LOOP_STATUS_FIELDS}`;

/** The last write of an approved loop and its PR's move out of draft, in one request (mutations run in order). */
const UPDATE_MARKING_READY = `mutation($id: ID!, $body: String!, $pull: ID!) {
  updateIssueComment(input: { id: $id, body: $body }) { issueComment { id } }
  markPullRequestReadyForReview(input: { pullRequestId: $pull }) { pullRequest { isDraft } }
}`;

interface UpdateMarkingReady {
  updateIssueComment: { issueComment: { id: string } | null } | null;
  markPullRequestReadyForReview: { pullRequest: { isDraft: boolean } | null } | null;
}

interface UpdateReadingStatus {
  updateIssueComment: { issueComment: { repository: LoopStatusQuery['repository'] } | null } | null;
}

export type RoleName = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

/** At most this many comments are scanned for the tracking comment (bounded work on huge threads). */
const MAX_COMMENT_PAGES = 10;

export class Issues {
  private readonly api: Api;
  private readonly repo: RepoRef;

  constructor(api: Api, repo: RepoRef) {
    this.api = api;
    this.repo = repo;
  }

  async get(number: number) {
    const { data } = await call(`read issue #${number}`, 'issues: write', () => this.api.rest.issues.get({ ...this.repo, issue_number: number }));
    return {
      number: data.number,
      title: data.title,
      body: data.body ?? '',
      state: data.state,
      locked: data.locked,
      labels: data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
      isPullRequest: Boolean(data.pull_request),
      author: data.user?.login ?? '',
    };
  }

  /** Comments on an issue or PR carrying `marker`, oldest first. */
  async findComments(number: number, marker: string): Promise<CommentRef[]> {
    const found: CommentRef[] = [];
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
      const { data } = await call('list comments', 'issues: write', () =>
        this.api.rest.issues.listComments({ ...this.repo, issue_number: number, per_page: 100, page }),
      );
      for (const c of data) {
        if (c.body?.includes(marker)) found.push(toRef(c));
      }
      if (data.length < 100) break;
    }
    return found;
  }

  /**
   * What a running loop needs to know between iterations, in one GraphQL request: the issue's state,
   * lock and labels, the PR's state, and the newest comments of both threads (oldest first).
   */
  async loopStatus(issue: number | null, pr: number | null): Promise<LoopStatus> {
    if (issue === null && pr === null) return { issue: null, pr: null, comments: [] };
    const data = await call('read the issue and pull request', 'issues: write', () =>
      this.api.graphql<LoopStatusQuery>(LOOP_STATUS_QUERY, { owner: this.repo.owner, repo: this.repo.repo, ...statusVariables(issue, pr) }),
    );
    return toLoopStatus(data.repository);
  }

  /**
   * Edits a comment and reads the loop status (as `loopStatus`) in the same request: the tracking comment
   * announces each iteration, and the stop check that follows costs no request of its own.
   */
  async updateCommentReadingStatus(nodeId: string, body: string, issue: number | null, pr: number | null): Promise<LoopStatus> {
    const data = await call('update the tracking comment', 'issues: write', () =>
      this.api.graphql<UpdateReadingStatus>(UPDATE_READING_STATUS, { id: nodeId, body, ...statusVariables(issue, pr) }),
    );
    const repository = data.updateIssueComment?.issueComment?.repository;
    if (!repository) throw new CtoError('github', 'Could not update the tracking comment: GitHub answered without the comment.');
    return toLoopStatus(repository);
  }

  /**
   * Edits a comment and marks pull request `pullNodeId` ready for review in the same request: the approved
   * loop's last write. True when the PR is now ready; false when only the comment was written (GitHub refused
   * the move out of draft, e.g. someone did it first): the caller then marks it ready the usual way.
   */
  async updateCommentMarkingReady(nodeId: string, body: string, pullNodeId: string): Promise<boolean> {
    let data: UpdateMarkingReady | null | undefined;
    try {
      data = await this.api.graphql<UpdateMarkingReady>(UPDATE_MARKING_READY, { id: nodeId, body, pull: pullNodeId });
    } catch (error) {
      // GitHub answers a refused field with the others' data beside the errors.
      data = (error as { data?: UpdateMarkingReady | null }).data;
      if (!data?.updateIssueComment?.issueComment) throw explain('update the tracking comment', 'issues: write', error);
      return false;
    }
    if (!data.updateIssueComment?.issueComment) throw new CtoError('github', 'Could not update the tracking comment: GitHub answered without the comment.');
    return data.markPullRequestReadyForReview?.pullRequest?.isDraft === false;
  }

  async getComment(id: number): Promise<CommentRef> {
    const { data } = await call('read a comment', 'issues: write', () => this.api.rest.issues.getComment({ ...this.repo, comment_id: id }));
    return toRef(data);
  }

  async createComment(number: number, body: string): Promise<CommentRef> {
    const { data } = await call(`comment on #${number}`, 'issues: write', () =>
      this.api.rest.issues.createComment({ ...this.repo, issue_number: number, body }),
    );
    return toRef(data);
  }

  async updateComment(id: number, body: string): Promise<void> {
    await call('update the tracking comment', 'issues: write', () => this.api.rest.issues.updateComment({ ...this.repo, comment_id: id, body }));
  }

  /** An edit that may be dropped (progress): tried once, never retried or held for a rate limit. */
  async updateCommentOnce(id: number, body: string): Promise<void> {
    await call('show progress in the tracking comment', 'issues: write', () =>
      this.api.rest.issues.updateComment({ ...this.repo, comment_id: id, body, request: DROPPABLE }),
    );
  }

  async react(commentId: number, content: 'eyes' | 'rocket' | '+1' | 'confused'): Promise<void> {
    await call('react to the comment', 'issues: write', () =>
      this.api.rest.reactions.createForIssueComment({ ...this.repo, comment_id: commentId, content }),
    );
  }

  async labels(number: number): Promise<string[]> {
    return (await this.get(number)).labels;
  }

  /** Adds a label, creating it first when the repository does not have it. */
  async addLabel(number: number, name: string, color = 'd93f0b', description = 'codex-cto needs a person to decide'): Promise<void> {
    try {
      await this.api.rest.issues.getLabel({ ...this.repo, name });
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
      await call(`create the label ${name}`, 'issues: write', () => this.api.rest.issues.createLabel({ ...this.repo, name, color, description }));
    }
    await call(`label #${number}`, 'issues: write', () => this.api.rest.issues.addLabels({ ...this.repo, issue_number: number, labels: [name] }));
  }

  async removeLabel(number: number, name: string): Promise<void> {
    try {
      await this.api.rest.issues.removeLabel({ ...this.repo, issue_number: number, name });
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
    }
  }

  /** The actor's role on the repository ('none' when GitHub does not know them as a collaborator). */
  async role(login: string): Promise<RoleName> {
    try {
      const { data } = await this.api.rest.repos.getCollaboratorPermissionLevel({ ...this.repo, username: login });
      const role = (data.role_name || data.permission) as RoleName;
      return ['admin', 'maintain', 'write', 'triage', 'read'].includes(role) ? role : 'none';
    } catch (error) {
      if (httpStatus(error) === 404) return 'none';
      throw explain(`check ${login}'s permission`, 'contents: read', error);
    }
  }
}

function toRef(c: { id: number; node_id: string; html_url: string; body?: string | null; user: { login: string; type: string } | null }): CommentRef {
  return { id: c.id, nodeId: c.node_id, url: c.html_url, body: c.body ?? '', author: { login: c.user?.login ?? '', type: c.user?.type ?? '' } };
}

function statusVariables(issue: number | null, pr: number | null) {
  return { issue: issue ?? 0, withIssue: issue !== null, pr: pr ?? 0, withPr: pr !== null };
}

function toLoopStatus(repository: LoopStatusQuery['repository']): LoopStatus {
  const toComments = (nodes: GraphComment[] | undefined): CommentRef[] =>
    (nodes ?? []).map((c) => ({
      id: 0,
      nodeId: '',
      url: '',
      body: c.body,
      createdAt: c.createdAt,
      author: { login: c.author?.login ?? '', type: c.author?.__typename ?? '' },
    }));
  const i = repository.issue;
  const p = repository.pullRequest;
  return {
    issue: i ? { state: i.state, locked: i.locked, labels: i.labels.nodes.map((l) => l.name) } : null,
    pr: p ? { state: p.state, merged: p.merged } : null,
    comments: [...toComments(i?.comments.nodes), ...toComments(p?.comments.nodes)],
  };
}
