// Issues and their comments: the tracking comment, reactions, labels, and who may trigger work.
import { call, explain, httpStatus, type Api, type RepoRef } from './client.js';

export interface CommentRef {
  id: number;
  url: string;
  body: string;
  author: { login: string; type: string };
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

  /** Comments created at or after `since` (ISO time), oldest first; bounded to the newest 100. */
  async commentsSince(number: number, since: string): Promise<CommentRef[]> {
    const { data } = await call('list new comments', 'issues: write', () =>
      this.api.rest.issues.listComments({ ...this.repo, issue_number: number, since, per_page: 100 }),
    );
    return data.map(toRef);
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

function toRef(c: { id: number; html_url: string; body?: string | null; user: { login: string; type: string } | null }): CommentRef {
  return { id: c.id, url: c.html_url, body: c.body ?? '', author: { login: c.user?.login ?? '', type: c.user?.type ?? '' } };
}
