// People steering a pull request through reviews: a person's review with inline comments arrives as
// the webhook payloads GitHub sends (validated against the official schemas), the action reads the
// comments back over REST or GraphQL and replies in their threads, and comments follow later pushes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  plainOctokitFor, replyToReviewComment, seedProject, startGitHubEmulator, submitReview,
  type GitHubEmulator, type SeededProject,
} from '../support/github/index.js';

let gh: GitHubEmulator;
let project: SeededProject;

beforeAll(async () => {
  gh = await startGitHubEmulator();
  project = await seedProject(gh);
});

afterAll(async () => {
  await gh?.close();
});

afterEach(() => {
  expect(gh.violations()).toEqual([]);
});

const repoArgs = () => ({ owner: project.owner, repo: project.name });

/** src/widget.ts with lines 5 and 6 changed: the diff's RIGHT side shows lines 2-9. */
function widget(overrides: Record<number, string> = {}): string {
  return Array.from({ length: 20 }, (_, i) => overrides[i + 1] ?? `export const w${i + 1} = ${i + 1};`).join('\n') + '\n';
}
const EDITED = { 5: 'export const w5 = 50;', 6: 'export const w6 = 60;' };

/** A pull request by the bot from a branch whose one commit edits src/widget.ts. */
async function botPull(branch: string) {
  await gh.git.commitFiles(project.owner, project.name, { branch, from: 'main', files: { 'src/widget.ts': widget(EDITED) }, message: `Edit on ${branch}` });
  const bot = plainOctokitFor(gh, project.tokens.workflow);
  return (await bot.rest.pulls.create({ ...repoArgs(), head: branch, base: 'main', title: `Change ${branch}` })).data;
}

describe('review events', () => {
  it('a Request changes review with two inline comments arrives as pull_request_review.submitted plus one comment event each', async () => {
    const pr = await botPull('review-events');
    const submitted = await submitReview(gh, {
      repo: project.fullName, pull: pr.number, as: project.logins.maintainer, event: 'REQUEST_CHANGES', body: 'Two things.',
      comments: [
        { path: 'src/widget.ts', line: 5, body: 'Why 50?' },
        { path: 'src/widget.ts', startLine: 4, line: 6, body: 'Name these.' },
      ],
    });
    expect(submitted.payload).toMatchObject({
      action: 'submitted',
      review: { id: submitted.review.id, state: 'changes_requested', body: 'Two things.', commit_id: pr.head.sha, user: { login: project.logins.maintainer }, author_association: 'COLLABORATOR' },
      pull_request: { number: pr.number, head: { sha: pr.head.sha } },
      sender: { login: project.logins.maintainer },
      organization: { login: project.owner },
    });
    const [first, second] = submitted.review.comments;
    expect(submitted.commentPayloads).toMatchObject([
      { action: 'created', comment: { id: first?.id, pull_request_review_id: submitted.review.id, path: 'src/widget.ts', line: 5, original_line: 5, side: 'RIGHT', start_line: null, position: 6, commit_id: pr.head.sha, diff_hunk: expect.stringMatching(/^@@ .*\n(.*\n)*\+export const w5 = 50;$/) } },
      { action: 'created', comment: { id: second?.id, line: 6, start_line: 4, start_side: 'RIGHT', body: 'Name these.', html_url: `${gh.serverUrl}/${project.fullName}/pull/${pr.number}#discussion_r${second?.id}` } },
    ]);
    expect(submitted.commentPayloads[0]?.comment).not.toHaveProperty('in_reply_to_id');

    // The action reads the same comments back, with the same ids and places.
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const listed = (await bot.rest.pulls.listReviewComments({ ...repoArgs(), pull_number: pr.number })).data;
    expect(listed.map((c) => [c.id, c.line, c.original_line, c.side, c.commit_id, c.original_commit_id, c.pull_request_review_id]))
      .toEqual([[first?.id, 5, 5, 'RIGHT', pr.head.sha, pr.head.sha, submitted.review.id], [second?.id, 6, 6, 'RIGHT', pr.head.sha, pr.head.sha, submitted.review.id]]);
    const ofReview = (await bot.rest.pulls.listCommentsForReview({ ...repoArgs(), pull_number: pr.number, review_id: submitted.review.id })).data;
    expect(ofReview.map((c) => c.body)).toEqual(['Why 50?', 'Name these.']);
    expect((await bot.rest.pulls.getReview({ ...repoArgs(), pull_number: pr.number, review_id: submitted.review.id })).data.state).toBe('CHANGES_REQUESTED');
    const one = (await bot.rest.pulls.getReviewComment({ ...repoArgs(), comment_id: first?.id as number })).data;
    expect(one).toMatchObject({ body: 'Why 50?', position: 6, original_position: 6, diff_hunk: listed[0]?.diff_hunk, subject_type: 'line' });
    expect(one.in_reply_to_id).toBeUndefined();
  });

  it('a plain approval and a comment-only review come through with their states; GitHub refuses what it refuses', async () => {
    const pr = await botPull('review-plain');
    const approval = await submitReview(gh, { repo: project.fullName, pull: pr.number, as: project.logins.reviewer, event: 'APPROVE' });
    expect(approval.payload).toMatchObject({ review: { state: 'approved', body: null } });
    expect(approval.commentPayloads).toEqual([]);
    const reader = await submitReview(gh, { repo: project.fullName, pull: pr.number, as: project.logins.reader, event: 'COMMENT', body: '/cto revise please' });
    expect(reader.payload).toMatchObject({ review: { state: 'commented', user: { login: project.logins.reader } } });

    await expect(submitReview(gh, { repo: project.fullName, pull: pr.number, as: project.logins.reviewer, event: 'COMMENT', comments: [{ path: 'src/widget.ts', line: 15, body: 'outside the diff' }] }))
      .rejects.toMatchObject({ status: 422, message: expect.stringContaining('Line could not be resolved') });
    const own = await seedProject(gh, { name: 'own-pr' });
    await gh.git.commitFiles(own.owner, own.name, { branch: 'mine', from: 'main', files: { 'a.txt': 'a\n' }, message: 'a' });
    const mine = (await plainOctokitFor(gh, own.tokens.maintainer).rest.pulls.create({ owner: own.owner, repo: own.name, head: 'mine', base: 'main', title: 'Mine' })).data;
    await expect(submitReview(gh, { repo: own.fullName, pull: mine.number, as: own.logins.maintainer, event: 'APPROVE' }))
      .rejects.toMatchObject({ status: 422, message: expect.stringContaining('Can not approve your own pull request') });
  });
});

describe('replies in review threads', () => {
  it('replies through both REST routes land in the thread, each in a COMMENTED review of its own', async () => {
    const pr = await botPull('review-replies');
    const { review } = await submitReview(gh, { repo: project.fullName, pull: pr.number, as: project.logins.maintainer, event: 'REQUEST_CHANGES', comments: [{ path: 'src/widget.ts', line: 5, body: 'Why 50?' }] });
    const root = review.comments[0]?.id as number;
    const bot = plainOctokitFor(gh, project.tokens.workflow);

    const reply = (await bot.rest.pulls.createReplyForReviewComment({ ...repoArgs(), pull_number: pr.number, comment_id: root, body: 'Because the spec says so.' }));
    expect(reply.status).toBe(201);
    expect(reply.data).toMatchObject({ in_reply_to_id: root, path: 'src/widget.ts', line: 5, original_line: 5, side: 'RIGHT', user: { login: 'github-actions[bot]' } });
    expect(reply.data.pull_request_review_id).not.toBe(review.id);
    const viaCreate = await bot.rest.pulls.createReviewComment({ ...repoArgs(), pull_number: pr.number, body: 'And tested.', in_reply_to: root, commit_id: pr.head.sha, path: 'src/widget.ts' });
    expect(viaCreate.data.in_reply_to_id).toBe(root);

    const reviews = (await bot.rest.pulls.listReviews({ ...repoArgs(), pull_number: pr.number })).data;
    expect(reviews.map((r) => [r.user?.login, r.state, r.body])).toEqual([
      [project.logins.maintainer, 'CHANGES_REQUESTED', ''], ['github-actions[bot]', 'COMMENTED', ''], ['github-actions[bot]', 'COMMENTED', ''],
    ]);
    expect((await bot.rest.pulls.listReviewComments({ ...repoArgs(), pull_number: pr.number })).data.map((c) => c.in_reply_to_id ?? null)).toEqual([null, root, root]);

    const person = await replyToReviewComment(gh, { repo: project.fullName, pull: pr.number, comment: root, as: project.logins.maintainer, body: 'OK, thanks.' });
    expect(person.payload).toMatchObject({ action: 'created', comment: { in_reply_to_id: root, body: 'OK, thanks.', user: { login: project.logins.maintainer } } });
  });

  it('refuses replies to replies, to comments of another pull request, and on a locked conversation', async () => {
    const pr = await botPull('review-refusals');
    const other = await botPull('review-refusals-other');
    const { review } = await submitReview(gh, { repo: project.fullName, pull: pr.number, as: project.logins.maintainer, event: 'COMMENT', comments: [{ path: 'src/widget.ts', line: 6, body: 'Hm.' }] });
    const root = review.comments[0]?.id as number;
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const reply = (await bot.rest.pulls.createReplyForReviewComment({ ...repoArgs(), pull_number: pr.number, comment_id: root, body: 'Fixed.' })).data;

    await expect(bot.rest.pulls.createReplyForReviewComment({ ...repoArgs(), pull_number: pr.number, comment_id: reply.id, body: 'to a reply' })).rejects.toMatchObject({ status: 404 });
    await expect(bot.rest.pulls.createReviewComment({ ...repoArgs(), pull_number: pr.number, body: 'to a reply', in_reply_to: reply.id, commit_id: pr.head.sha, path: 'src/widget.ts' }))
      .rejects.toMatchObject({ status: 422 });
    await expect(bot.rest.pulls.createReplyForReviewComment({ ...repoArgs(), pull_number: other.number, comment_id: root, body: 'wrong PR' })).rejects.toMatchObject({ status: 404 });
    await expect(bot.rest.pulls.createReplyForReviewComment({ ...repoArgs(), pull_number: pr.number, comment_id: 999_999, body: 'nothing' })).rejects.toMatchObject({ status: 404 });

    gh.state.lockIssue(gh.state.requireIssue(project.repo, pr.number));
    await expect(bot.rest.pulls.createReplyForReviewComment({ ...repoArgs(), pull_number: pr.number, comment_id: root, body: 'locked' }))
      .rejects.toMatchObject({ status: 403, response: { data: { message: 'Unable to create comment because issue is locked.' } } });
    expect((await plainOctokitFor(gh, project.tokens.maintainer).rest.pulls.createReplyForReviewComment({ ...repoArgs(), pull_number: pr.number, comment_id: root, body: 'maintainers may' })).status).toBe(201);
  });

  it('a lone review comment must sit on a line of the diff of its commit', async () => {
    const pr = await botPull('review-single');
    const reviewer = plainOctokitFor(gh, project.tokens.reviewer);
    const single = await reviewer.rest.pulls.createReviewComment({ ...repoArgs(), pull_number: pr.number, body: 'nit', commit_id: pr.head.sha, path: 'src/widget.ts', line: 4, side: 'RIGHT' });
    expect(single.data).toMatchObject({ line: 4, side: 'RIGHT', commit_id: pr.head.sha });
    expect(single.headers.location).toBe(single.data.url);
    await expect(reviewer.rest.pulls.createReviewComment({ ...repoArgs(), pull_number: pr.number, body: 'far', commit_id: pr.head.sha, path: 'src/widget.ts', line: 18 }))
      .rejects.toMatchObject({ status: 422 });
    await expect(reviewer.rest.pulls.createReviewComment({ ...repoArgs(), pull_number: pr.number, body: 'ghost', commit_id: 'f'.repeat(40), path: 'src/widget.ts', line: 5 }))
      .rejects.toMatchObject({ status: 422 });
    const edited = await reviewer.rest.pulls.updateReviewComment({ ...repoArgs(), comment_id: single.data.id, body: 'nit (optional)' });
    expect(edited.data.body).toBe('nit (optional)');
  });
});

describe('comments after a push', () => {
  it('a comment on a changed line becomes outdated; one on an untouched line moves with it', async () => {
    const pr = await botPull('review-push');
    const { review } = await submitReview(gh, {
      repo: project.fullName, pull: pr.number, as: project.logins.maintainer, event: 'REQUEST_CHANGES',
      comments: [{ path: 'src/widget.ts', line: 5, body: 'Why 50?' }, { path: 'src/widget.ts', line: 8, body: 'And this?' }],
    });
    const [onChanged, onUntouched] = review.comments.map((c) => c.id);
    // The fix: line 5 changes again and a line is inserted above line 8.
    const fixed = widget({ ...EDITED, 5: 'export const w5 = 5; // as specified', 7: 'export const w7 = 7;\nexport const w7b = 7.5;' });
    const head = await gh.git.commitFiles(project.owner, project.name, { branch: 'review-push', files: { 'src/widget.ts': fixed }, message: 'Address review' });

    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const changed = (await bot.rest.pulls.getReviewComment({ ...repoArgs(), comment_id: onChanged as number })).data;
    expect(changed).toMatchObject({ original_line: 5, commit_id: pr.head.sha, original_commit_id: pr.head.sha });
    expect(changed.line).toBeUndefined();
    expect(changed.position).toBeUndefined();
    const untouched = (await bot.rest.pulls.getReviewComment({ ...repoArgs(), comment_id: onUntouched as number })).data;
    expect(untouched).toMatchObject({ line: 9, original_line: 8, commit_id: head, original_commit_id: pr.head.sha });

    const reply = await bot.rest.pulls.createReplyForReviewComment({ ...repoArgs(), pull_number: pr.number, comment_id: onChanged as number, body: `Changed in ${head.slice(0, 7)}.` });
    expect(reply.data).toMatchObject({ in_reply_to_id: onChanged, original_line: 5, original_commit_id: pr.head.sha });
    expect((await bot.rest.pulls.getReview({ ...repoArgs(), pull_number: pr.number, review_id: reply.data.pull_request_review_id as number })).data.commit_id).toBe(head);
  });
});

describe('review threads over GraphQL', () => {
  const threadsQuery = `query($owner: String!, $repo: String!, $pr: Int!) { repository(owner: $owner, name: $repo) { pullRequest(number: $pr) {
    reviewThreads(first: 50) { totalCount nodes { id isResolved isOutdated path line originalLine diffSide
      comments(first: 20) { nodes { databaseId body author { login } replyTo { databaseId } pullRequestReview { databaseId state } } } } } } } }`;
  type Threads = { repository: { pullRequest: { reviewThreads: { totalCount: number; nodes: { id: string; isResolved: boolean; isOutdated: boolean; line: number | null; comments: { nodes: { databaseId: number; body: string; replyTo: { databaseId: number } | null }[] } }[] } } } };

  it('lists threads with their comments, replies with addPullRequestReviewThreadReply and resolves them', async () => {
    const pr = await botPull('review-graphql');
    const { review } = await submitReview(gh, {
      repo: project.fullName, pull: pr.number, as: project.logins.maintainer, event: 'REQUEST_CHANGES',
      comments: [{ path: 'src/widget.ts', line: 5, body: 'Why 50?' }, { path: 'src/widget.ts', line: 6, side: 'LEFT', body: 'Old 6?' }],
    });
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const vars = { ...repoArgs(), pr: pr.number };
    const before = await bot.graphql<Threads>(threadsQuery, vars);
    const threads = before.repository.pullRequest.reviewThreads;
    expect(threads.totalCount).toBe(2);
    expect(threads.nodes.map((t) => [t.isResolved, t.isOutdated, t.line, t.comments.nodes.map((c) => c.body)])).toEqual([
      [false, false, 5, ['Why 50?']], [false, false, 6, ['Old 6?']],
    ]);

    const replied = await bot.graphql<{ addPullRequestReviewThreadReply: { comment: { databaseId: number; replyTo: { databaseId: number }; pullRequestReview: { state: string } } } }>(
      'mutation($thread: ID!, $body: String!) { addPullRequestReviewThreadReply(input: { pullRequestReviewThreadId: $thread, body: $body }) { comment { databaseId replyTo { databaseId } pullRequestReview { state } } } }',
      { thread: threads.nodes[0]?.id, body: 'Fixed.' },
    );
    expect(replied.addPullRequestReviewThreadReply.comment).toMatchObject({ replyTo: { databaseId: review.comments[0]?.id }, pullRequestReview: { state: 'COMMENTED' } });
    const rest = (await bot.rest.pulls.getReviewComment({ ...repoArgs(), comment_id: replied.addPullRequestReviewThreadReply.comment.databaseId })).data;
    expect(rest.in_reply_to_id).toBe(review.comments[0]?.id);

    const resolved = await bot.graphql<{ resolveReviewThread: { thread: { isResolved: boolean; resolvedBy: { login: string } } } }>(
      'mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { isResolved resolvedBy { login } } } }', { id: threads.nodes[0]?.id },
    );
    expect(resolved.resolveReviewThread.thread).toEqual({ isResolved: true, resolvedBy: { login: 'github-actions[bot]' } });
    await expect(plainOctokitFor(gh, project.tokens.reader).graphql('mutation($id: ID!) { unresolveReviewThread(input: { threadId: $id }) { thread { isResolved } } }', { id: threads.nodes[0]?.id }))
      .rejects.toThrow('does not have the correct permissions');

    const after = await bot.graphql<Threads>(threadsQuery, vars);
    expect(after.repository.pullRequest.reviewThreads.nodes.map((t) => [t.isResolved, t.comments.nodes.map((c) => c.replyTo?.databaseId ?? null)]))
      .toEqual([[true, [null, review.comments[0]?.id]], [false, [null]]]);
  });

  it('records a reviewThreads query without first or last as a violation, as GitHub refuses it', async () => {
    const bot = plainOctokitFor(gh, project.tokens.workflow);
    const pr = await botPull('review-graphql-unbounded');
    await expect(bot.graphql('query($owner: String!, $repo: String!, $pr: Int!) { repository(owner: $owner, name: $repo) { pullRequest(number: $pr) { reviewThreads { nodes { id } } } } }', { ...repoArgs(), pr: pr.number }))
      .rejects.toThrow('You must provide a `first` or `last` value');
    expect(gh.violations().map((v) => v.problem)).toEqual([expect.stringContaining('to properly paginate the `reviewThreads` connection')]);
    gh.resetLog();
  });
});
