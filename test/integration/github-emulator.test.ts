// The emulated GitHub proven with the real clients: @octokit/rest (with the action's retry and
// throttling plugins) against the REST and GraphQL endpoints, and real git pushes behind the PRs.
// The git remote, webhook payloads and the runner harness are proven in runner-harness.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commitAndPush, createGitHome, isolatedGitEnv } from '../support/git-remote.js';
import {
  octokitFor, plainOctokitFor, reviewCommentsOf, SECONDARY_RATE_LIMIT_BODY, seedProject, startGitHubEmulator,
  type GitHubEmulator, type SeededProject,
} from '../support/github/index.js';
import { parseLinkHeader } from '../support/github/pagination.js';
import { assertWebhookPayload } from '../support/payloads.js';

let gh: GitHubEmulator;
let project: SeededProject;
let home: string;
let scratch: string;

beforeAll(async () => {
  gh = await startGitHubEmulator();
  project = await seedProject(gh);
  home = await createGitHome();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'emulator-test-'));
});

afterAll(async () => {
  await gh?.close();
  await rm(home, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

// Every happy path must conform to GitHub's description, request and response alike.
afterEach(() => {
  expect(gh.violations()).toEqual([]);
});

const repoArgs = () => ({ owner: project.owner, repo: project.name });

/** A checkout (as actions/checkout leaves it) with a commit on a new branch, pushed with the workflow token. */
async function pushBranch(branch: string, files: Record<string, string>): Promise<{ sha: string }> {
  const dir = await gh.git.clone(project.owner, project.name, { token: gh.workflowToken, dir: path.join(scratch, `clone-${branch}`) }, isolatedGitEnv(home));
  return { sha: await commitAndPush(dir, isolatedGitEnv(home), branch, files) };
}

/** src/widget.ts with lines 5 and 6 replaced: the diff's RIGHT side covers lines 2-9 only. */
function editedWidget(): string {
  return Array.from({ length: 20 }, (_, i) => (i === 4 || i === 5 ? `export const w${i + 1} = ${(i + 1) * 10};` : `export const w${i + 1} = ${i + 1};`)).join('\n') + '\n';
}

describe('issues and comments', () => {
  it('creates, updates and lists comments; the author is the token identity; lists paginate with Link headers', async () => {
    const issue = gh.state.addIssue(project.repo, { title: 'Add a widget', body: 'Please.', author: project.logins.maintainer });
    for (let i = 1; i <= 33; i++) gh.state.addComment(project.repo, issue, { body: `seeded ${i}`, author: project.logins.reader });
    const bot = plainOctokitFor(gh, project.tokens.workflow);

    const created = await bot.rest.issues.createComment({ ...repoArgs(), issue_number: issue.number, body: 'Working on it' });
    expect(created.status).toBe(201);
    expect(created.data.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' });
    expect(created.data.html_url).toBe(`${gh.serverUrl}/${project.fullName}/issues/${issue.number}#issuecomment-${created.data.id}`);
    const updated = await bot.rest.issues.updateComment({ ...repoArgs(), comment_id: created.data.id, body: 'Done' });
    expect(updated.data.body).toBe('Done');
    expect((await bot.rest.issues.getComment({ ...repoArgs(), comment_id: created.data.id })).data.body).toBe('Done');

    const first = await bot.rest.issues.listComments({ ...repoArgs(), issue_number: issue.number, per_page: 10 });
    expect(first.data).toHaveLength(10);
    const links = parseLinkHeader(first.headers.link);
    expect(links.next).toContain('page=2');
    expect(links.last).toContain('page=4');
    const all = await bot.paginate(bot.rest.issues.listComments, { ...repoArgs(), issue_number: issue.number, per_page: 10 });
    expect(all).toHaveLength(34);
    expect(all.at(-1)?.body).toBe('Done');

    const reaction = await bot.rest.reactions.createForIssueComment({ ...repoArgs(), comment_id: created.data.id, content: 'eyes' });
    expect(reaction.status).toBe(201);
    const again = await bot.rest.reactions.createForIssueComment({ ...repoArgs(), comment_id: created.data.id, content: 'eyes' });
    expect(again.status).toBe(200);
    expect((await bot.rest.reactions.createForIssue({ ...repoArgs(), issue_number: issue.number, content: 'rocket' })).status).toBe(201);
    expect((await bot.rest.issues.get({ ...repoArgs(), issue_number: issue.number })).data.comments).toBe(34);
  });

  it('refuses comments on a locked issue to the bot (403) but not to a maintainer', async () => {
    const issue = gh.state.addIssue(project.repo, { title: 'Heated', author: project.logins.reader });
    gh.state.lockIssue(issue, 'too heated');
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    await expect(bot.rest.issues.createComment({ ...repoArgs(), issue_number: issue.number, body: 'hi' }))
      .rejects.toMatchObject({ status: 403, response: { data: { message: 'Unable to create comment because issue is locked.' } } });
    const maintainer = plainOctokitFor(gh, project.tokens.maintainer);
    expect((await maintainer.rest.issues.createComment({ ...repoArgs(), issue_number: issue.number, body: 'calm down' })).status).toBe(201);
  });

  it('adds labels (creating unknown ones), removes them, and needs triage permission', async () => {
    const issue = gh.state.addIssue(project.repo, { title: 'Label me', author: project.logins.maintainer });
    const triager = plainOctokitFor(gh, project.tokens.triager);
    const added = await triager.rest.issues.addLabels({ ...repoArgs(), issue_number: issue.number, labels: ['codex-cto', 'bug'] });
    expect(added.data.map((l) => l.name)).toEqual(['codex-cto', 'bug']);
    const removed = await triager.rest.issues.removeLabel({ ...repoArgs(), issue_number: issue.number, name: 'codex-cto' });
    expect(removed.data.map((l) => l.name)).toEqual(['bug']);
    await expect(triager.rest.issues.removeLabel({ ...repoArgs(), issue_number: issue.number, name: 'codex-cto' })).rejects.toMatchObject({ status: 404 });
    const reader = plainOctokitFor(gh, project.tokens.reader);
    await expect(reader.rest.issues.addLabels({ ...repoArgs(), issue_number: issue.number, labels: ['x'] })).rejects.toMatchObject({ status: 403 });
    const maintainer = plainOctokitFor(gh, project.tokens.maintainer);
    await expect(maintainer.rest.issues.getLabel({ ...repoArgs(), name: 'codex-cto:needs-human' })).rejects.toMatchObject({ status: 404 });
    const created = await maintainer.rest.issues.createLabel({ ...repoArgs(), name: 'codex-cto:needs-human', color: 'b60205' });
    expect(created.status).toBe(201);
    expect((await maintainer.rest.issues.getLabel({ ...repoArgs(), name: 'codex-cto:needs-human' })).data.color).toBe('b60205');
    await expect(maintainer.rest.issues.createLabel({ ...repoArgs(), name: 'codex-cto:needs-human', color: 'b60205' })).rejects.toMatchObject({ status: 422 });
    const names = (await triager.paginate(triager.rest.issues.listLabelsForRepo, { ...repoArgs(), per_page: 2 })).map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['bug', 'codex-cto', 'codex-cto:needs-human']));
  });
});

describe('identities and permissions', () => {
  it('reports permission levels, refuses GET /user to the workflow token and unknown tokens', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const level = async (username: string) => (await bot.rest.repos.getCollaboratorPermissionLevel({ ...repoArgs(), username })).data;
    expect(await level(project.logins.maintainer)).toMatchObject({ permission: 'admin', role_name: 'admin' });
    expect(await level(project.logins.reviewer)).toMatchObject({ permission: 'write', role_name: 'write' });
    expect(await level(project.logins.triager)).toMatchObject({ permission: 'read', role_name: 'triage' });
    expect(await level(project.logins.outsider)).toMatchObject({ permission: 'none' });
    await expect(level('nobody-at-all')).rejects.toMatchObject({ status: 404 });

    await expect(bot.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403, message: expect.stringContaining('Resource not accessible by integration') });
    const me = await plainOctokitFor(gh, project.tokens.maintainer).rest.users.getAuthenticated();
    expect(me.data).toMatchObject({ login: project.logins.maintainer, type: 'User' });
    await expect(plainOctokitFor(gh, 'ghp_unknown').rest.repos.get(repoArgs())).rejects.toMatchObject({ status: 401 });
    await expect(plainOctokitFor(gh, project.tokens.outsider).rest.repos.get(repoArgs())).rejects.toMatchObject({ status: 404 });
    expect((await bot.rest.repos.get(repoArgs())).data).toMatchObject({ full_name: project.fullName, default_branch: 'main', permissions: { push: true, admin: false } });
  });
});

describe('pull requests and reviews', () => {
  it('opens a PR from a pushed branch; a duplicate is 422; a missing head is 422', async () => {
    const { sha } = await pushBranch('feature-dup', { 'src/widget.ts': editedWidget() });
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const pr = await bot.rest.pulls.create({ ...repoArgs(), head: 'feature-dup', base: 'main', title: 'Widgets', body: 'Closes #1', draft: true });
    expect(pr.status).toBe(201);
    expect(pr.data).toMatchObject({ draft: true, state: 'open', head: { ref: 'feature-dup', sha }, changed_files: 1, additions: 2, deletions: 2 });
    expect(pr.data.user?.login).toBe('github-actions[bot]');
    await expect(bot.rest.pulls.create({ ...repoArgs(), head: 'feature-dup', base: 'main', title: 'Again' })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [expect.objectContaining({ message: `A pull request already exists for ${project.owner}:feature-dup.` })] } },
    });
    await expect(bot.rest.pulls.create({ ...repoArgs(), head: 'no-such-branch', base: 'main', title: 'Ghost' })).rejects.toMatchObject({
      status: 422, response: { data: { errors: [expect.objectContaining({ field: 'head', code: 'invalid' })] } },
    });
    const listed = await bot.rest.pulls.list({ ...repoArgs(), head: `${project.owner}:feature-dup`, state: 'open' });
    expect(listed.data.map((p) => p.number)).toEqual([pr.data.number]);
    const files = await bot.rest.pulls.listFiles({ ...repoArgs(), pull_number: pr.data.number });
    expect(files.data).toMatchObject([{ filename: 'src/widget.ts', status: 'modified', additions: 2, deletions: 2 }]);
    expect(files.data[0]?.patch).toContain('+export const w5 = 50;');

    const closed = await bot.rest.pulls.update({ ...repoArgs(), pull_number: pr.data.number, state: 'closed' });
    expect(closed.data).toMatchObject({ state: 'closed', merged: false });
    expect((await bot.rest.pulls.list({ ...repoArgs(), state: 'closed' })).data.map((p) => p.number)).toContain(pr.data.number);
    expect((await bot.rest.pulls.update({ ...repoArgs(), pull_number: pr.data.number, state: 'open', title: 'Widgets again' })).data)
      .toMatchObject({ state: 'open', title: 'Widgets again' });
  });

  it('refuses PR creation to the workflow token when the repository setting is off (403), not to a PAT', async () => {
    const locked = await seedProject(gh, { name: 'no-actions-prs', allowActionsToCreatePullRequests: false });
    await gh.git.commitFiles(locked.owner, locked.name, { branch: 'topic', from: 'main', files: { 'a.txt': 'a\n' }, message: 'Add a' });
    const args = { owner: locked.owner, repo: locked.name, head: 'topic', base: 'main', title: 'Topic' };
    await expect(plainOctokitFor(gh, locked.tokens.workflow).rest.pulls.create(args)).rejects.toMatchObject({
      status: 403, response: { data: { message: 'GitHub Actions is not permitted to create or approve pull requests.' } },
    });
    expect((await plainOctokitFor(gh, locked.tokens.maintainer).rest.pulls.create(args)).status).toBe(201);
  });

  it('rejects self-approval (422), accepts a distinct reviewer, and checks inline comments against the diff', async () => {
    await pushBranch('feature-review', { 'src/widget.ts': editedWidget() });
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const reviewer = plainOctokitFor(gh, project.tokens.reviewer);
    const pr = (await bot.rest.pulls.create({ ...repoArgs(), head: 'feature-review', base: 'main', title: 'Review me' })).data;
    const pull = { ...repoArgs(), pull_number: pr.number };

    await expect(bot.rest.pulls.createReview({ ...pull, event: 'APPROVE', body: 'lgtm' })).rejects.toMatchObject({
      status: 422, response: { data: { errors: ['Can not approve your own pull request'] } },
    });
    await expect(bot.rest.pulls.createReview({ ...pull, event: 'REQUEST_CHANGES', body: 'no' })).rejects.toMatchObject({ status: 422 });
    const comment = await bot.rest.pulls.createReview({ ...pull, event: 'COMMENT', body: 'Notes', comments: [{ path: 'src/widget.ts', line: 5, side: 'RIGHT', body: 'inside' }] });
    expect(comment.data.state).toBe('COMMENTED');
    await expect(bot.rest.pulls.createReview({ ...pull, event: 'COMMENT', body: 'Notes', comments: [{ path: 'src/widget.ts', line: 15, body: 'outside' }] }))
      .rejects.toMatchObject({ status: 422, response: { data: { errors: ['Line could not be resolved'] } } });
    await expect(bot.rest.pulls.createReview({ ...pull, event: 'COMMENT', body: 'Notes', comments: [{ path: 'README.md', line: 1, body: 'not in diff' }] }))
      .rejects.toMatchObject({ status: 422 });

    const approval = await reviewer.rest.pulls.createReview({ ...pull, event: 'APPROVE', body: 'Ship it', comments: [{ path: 'src/widget.ts', start_line: 4, line: 6, body: 'range' }] });
    expect(approval.data).toMatchObject({ state: 'APPROVED', user: { login: project.logins.reviewer }, commit_id: pr.head.sha });
    const reviews = await bot.rest.pulls.listReviews(pull);
    expect(reviews.data.map((r) => r.state)).toEqual(['COMMENTED', 'APPROVED']);
    expect(reviewCommentsOf(project.repo.reviews, pr.number).map((c) => [c.line, c.body])).toEqual([[5, 'inside'], [6, 'range']]);
  });

  it('marks ready for review over GraphQL, refuses to merge a draft (405), then merges for real', async () => {
    await pushBranch('feature-merge', { 'NEW.md': 'new file\n' });
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const pr = (await bot.rest.pulls.create({ ...repoArgs(), head: 'feature-merge', base: 'main', title: 'Merge me', draft: true })).data;
    await expect(bot.rest.pulls.merge({ ...repoArgs(), pull_number: pr.number })).rejects.toMatchObject({ status: 405 });

    const ready = await bot.graphql<{ markPullRequestReadyForReview: { pullRequest: { isDraft: boolean; number: number } } }>(
      'mutation($id: ID!) { markPullRequestReadyForReview(input: {pullRequestId: $id}) { pullRequest { isDraft number } } }',
      { id: pr.node_id },
    );
    expect(ready.markPullRequestReadyForReview.pullRequest).toEqual({ isDraft: false, number: pr.number });
    await expect(bot.graphql('mutation($id: ID!) { enablePullRequestAutoMerge(input: {pullRequestId: $id}) { pullRequest { id } } }', { id: pr.node_id }))
      .rejects.toThrow('Auto merge is not allowed');

    const merged = await bot.rest.pulls.merge({ ...repoArgs(), pull_number: pr.number, merge_method: 'squash' });
    expect(merged.data.merged).toBe(true);
    expect(await gh.git.readFile(project.owner, project.name, 'main', 'NEW.md')).toBe('new file\n');
    expect((await gh.git.log(project.owner, project.name, 'main', 1))[0]).toMatchObject({ sha: merged.data.sha, subject: `Merge me (#${pr.number})` });
    expect((await bot.rest.pulls.get({ ...repoArgs(), pull_number: pr.number })).data).toMatchObject({ merged: true, state: 'closed' });
  });
});

describe('GraphQL', () => {
  it('enables auto-merge only while required checks are pending, as GitHub does', async () => {
    const auto = await seedProject(gh, { name: 'auto-merge', allowAutoMerge: true, requiredChecks: ['ci'] });
    const bot = plainOctokitFor(gh, auto.tokens.workflow);
    const open = async (branch: string) => {
      await gh.git.commitFiles(auto.owner, auto.name, { branch, from: 'main', files: { [`${branch}.txt`]: 'x\n' }, message: branch });
      return (await bot.rest.pulls.create({ owner: auto.owner, repo: auto.name, head: branch, base: 'main', title: branch })).data;
    };
    const enable = 'mutation($id: ID!, $mergeMethod: PullRequestMergeMethod!) { enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: $mergeMethod }) { pullRequest { number autoMergeRequest { mergeMethod } } } }';

    const pending = await open('pending');
    const result = await bot.graphql<{ enablePullRequestAutoMerge: { pullRequest: { number: number; autoMergeRequest: { mergeMethod: string } } } }>(enable, { id: pending.node_id, mergeMethod: 'SQUASH' });
    expect(result.enablePullRequestAutoMerge.pullRequest).toEqual({ number: pending.number, autoMergeRequest: { mergeMethod: 'SQUASH' } });
    expect((await bot.rest.pulls.get({ owner: auto.owner, repo: auto.name, pull_number: pending.number })).data.auto_merge)
      .toMatchObject({ merge_method: 'squash', enabled_by: { login: 'github-actions[bot]' } });

    const green = await open('green');
    await bot.rest.checks.create({ owner: auto.owner, repo: auto.name, name: 'ci', head_sha: green.head.sha, conclusion: 'success' });
    await expect(bot.graphql(enable, { id: green.node_id, mergeMethod: 'MERGE' })).rejects.toThrow('Pull request is in clean status');
    await expect(bot.graphql(enable, { id: 'PR_bogus', mergeMethod: 'MERGE' })).rejects.toThrow('Could not resolve to a node');
  });

  it('answers viewer for installation tokens and PATs alike', async () => {
    const query = 'query { viewer { login databaseId } }';
    expect(await plainOctokitFor(gh, project.tokens.workflow).graphql(query)).toEqual({ viewer: { login: 'github-actions[bot]', databaseId: 41898282 } });
    expect(await plainOctokitFor(gh, project.tokens.reviewer).graphql(query)).toMatchObject({ viewer: { login: project.logins.reviewer } });
  });

  it('answers the loop status query: issue state, lock, labels, PR state and the newest comments', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const issue = gh.state.addIssue(project.repo, { title: 'status', body: 'b', author: project.logins.maintainer });
    gh.state.addLabels(project.repo, issue, ['codex-cto']);
    gh.state.addComment(project.repo, issue, { body: '/cto stop', author: project.logins.maintainer });
    const query = `query($owner: String!, $repo: String!, $issue: Int!) { repository(owner: $owner, name: $repo) {
      issue(number: $issue) { state locked labels(first: 10) { nodes { name } } comments(last: 5) { nodes { body author { login __typename } } } } } }`;
    const data = await bot.graphql<{ repository: { issue: unknown } }>(query, { owner: project.owner, repo: project.name, issue: issue.number });
    expect(data.repository.issue).toEqual({
      state: 'OPEN',
      locked: false,
      labels: { nodes: [{ name: 'codex-cto' }] },
      comments: { nodes: [{ body: '/cto stop', author: { login: project.logins.maintainer, __typename: 'User' } }] },
    });
    expect(gh.violations()).toEqual([]);
  });

  it('edits a comment with updateIssueComment and reads the thread back in the same payload', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const issue = gh.state.addIssue(project.repo, { title: 'edit', body: 'b', author: project.logins.maintainer });
    const created = await bot.rest.issues.createComment({ ...repoArgs(), issue_number: issue.number, body: 'Planning' });
    gh.state.addComment(project.repo, issue, { body: '/cto stop', author: project.logins.maintainer });
    const mutation = `mutation($id: ID!, $body: String!, $issue: Int!) { updateIssueComment(input: { id: $id, body: $body }) {
      issueComment { databaseId body repository { issue(number: $issue) { state comments(last: 2) { nodes { body } } } } } } }`;
    const data = await bot.graphql<{ updateIssueComment: unknown }>(mutation, { id: created.data.node_id, body: 'Implementing', issue: issue.number });
    expect(data.updateIssueComment).toEqual({
      issueComment: {
        databaseId: created.data.id,
        body: 'Implementing',
        repository: { issue: { state: 'OPEN', comments: { nodes: [{ body: 'Implementing' }, { body: '/cto stop' }] } } },
      },
    });
    expect((await bot.rest.issues.getComment({ ...repoArgs(), comment_id: created.data.id })).data.body).toBe('Implementing');

    // Someone else's comment needs write access; an unknown node is NOT_FOUND.
    const reader = plainOctokitFor(gh, project.tokens.reader);
    await expect(reader.graphql(mutation, { id: created.data.node_id, body: 'mine now', issue: issue.number })).rejects.toThrow('Resource not accessible');
    await expect(bot.graphql(mutation, { id: 'IC_bogus', body: 'x', issue: issue.number })).rejects.toThrow('Could not resolve to a node');
    expect((await bot.rest.issues.getComment({ ...repoArgs(), comment_id: created.data.id })).data.body).toBe('Implementing');
    expect(gh.violations()).toEqual([]);
  });

  it('records queries the official schema rejects, and fields it does not emulate, as violations', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    await expect(bot.graphql('mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraftt } } }', { id: 'PR_x' }))
      .rejects.toThrow('isDraftt');
    await expect(bot.graphql('query { organization(login: "octo-org") { id } }')).rejects.toThrow('not emulated');
    expect(gh.violations().map((v) => [v.path, v.problem])).toEqual([
      ['/api/graphql', expect.stringContaining('Cannot query field "isDraftt" on type "PullRequest"')],
      ['/api/graphql', 'not emulated: query organization'],
    ]);
    gh.resetLog();
  });
});

describe('check runs', () => {
  it('creates, updates and lists check runs for a commit; a PAT cannot create them', async () => {
    const sha = (await gh.git.resolveBranch(project.owner, project.name, 'main')) as string;
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const run = await bot.rest.checks.create({ ...repoArgs(), name: 'codex-cto/review', head_sha: sha, status: 'in_progress', output: { title: 'Reviewing', summary: 'Working' } });
    expect(run.status).toBe(201);
    const done = await bot.rest.checks.update({ ...repoArgs(), check_run_id: run.data.id, conclusion: 'action_required', output: { title: 'Changes requested', summary: 'See review' } });
    expect(done.data).toMatchObject({ status: 'completed', conclusion: 'action_required', app: { slug: 'github-actions' } });
    const listed = await bot.rest.checks.listForRef({ ...repoArgs(), ref: 'main' });
    expect(listed.data).toMatchObject({ total_count: 1, check_runs: [{ id: run.data.id, name: 'codex-cto/review' }] });
    await expect(plainOctokitFor(gh, project.tokens.maintainer).rest.checks.create({ ...repoArgs(), name: 'x', head_sha: sha }))
      .rejects.toMatchObject({ status: 403 });
    await expect(bot.rest.checks.create({ ...repoArgs(), name: 'x', head_sha: 'f'.repeat(40) })).rejects.toMatchObject({ status: 422 });
  });
});

describe('fault injection and hooks', () => {
  it('injected 502s are retried and a secondary rate limit waits for retry-after, as Octokit does on GitHub', async () => {
    const octokit = octokitFor(gh, project.tokens.workflow, { fast: true });
    const route = '/repos/{owner}/{repo}';
    gh.inject({ method: 'GET', route, times: 2, status: 502, body: { message: 'Server Error' } });
    expect((await octokit.rest.repos.get(repoArgs())).status).toBe(200);
    expect(gh.requests({ route, injected: true })).toHaveLength(2);

    gh.inject({ method: 'GET', route, status: 403, headers: { 'retry-after': '1' }, body: SECONDARY_RATE_LIMIT_BODY });
    expect((await octokit.rest.repos.get(repoArgs())).status).toBe(200);
    gh.inject({ method: 'GET', route: '/repos/{owner}/{repo}/issues/{issue_number}', status: 404, body: { message: 'Not Found' } });
    await expect(octokit.rest.issues.get({ ...repoArgs(), issue_number: 1 })).rejects.toMatchObject({ status: 404 });
    expect(gh.pendingFaults()).toEqual([]);
  });

  it('runs hooks that change the world between requests', async () => {
    const issue = gh.state.addIssue(project.repo, { title: 'Moving target', author: project.logins.maintainer, labels: ['codex-cto'] });
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    gh.on({ method: 'POST', route: '/repos/{owner}/{repo}/issues/{issue_number}/comments', when: 'after', times: 1, run: () => {
      gh.state.removeLabel(project.repo, issue, 'codex-cto');
      gh.state.lockIssue(issue);
    } });
    await bot.rest.issues.createComment({ ...repoArgs(), issue_number: issue.number, body: 'first' });
    const now = (await bot.rest.issues.get({ ...repoArgs(), issue_number: issue.number })).data;
    expect(now.labels).toEqual([]);
    expect(now.locked).toBe(true);
    await expect(bot.rest.issues.createComment({ ...repoArgs(), issue_number: issue.number, body: 'second' })).rejects.toMatchObject({ status: 403 });
  });
});

describe('validation', () => {
  it('records a malformed request, an unknown route and an unemulated operation as violations', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    await expect(bot.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repoArgs(), issue_number: 1, body: 42 as unknown as string, bogus: true }))
      .rejects.toMatchObject({ status: 422 });
    await expect(bot.request('GET /repos/{owner}/{repo}/not-a-thing', repoArgs())).rejects.toMatchObject({ status: 404 });
    await expect(bot.rest.repos.listBranches(repoArgs())).rejects.toMatchObject({ status: 404 });
    await expect(fetch(`${gh.serverUrl}/repos/${project.fullName}`)).resolves.toMatchObject({ status: 404 });
    expect(() => assertWebhookPayload('webhook-issues-labeled', { action: 'labeled', issue: {} })).toThrow('does not match webhook-issues-labeled');
    const problems = gh.violations().map((v) => v.problem);
    expect(problems).toEqual([
      'unknown body property "bogus"',
      'body/body must be string {"type":"string"}',
      expect.stringContaining('no operation GET /repos/octo-org/widgets/not-a-thing'),
      expect.stringContaining('repos/list-branches'),
      expect.stringContaining('neither an API path'),
    ]);
    gh.resetLog();
  });
});
