// Review threads and the rules for replying in them.
import { describe, expect, it } from 'vitest';
import { buildRouteIndex, matchRoute } from '../../support/github/operation-index.js';
import type { Review, ReviewComment } from '../../support/github/model.js';
import { addThreadReply, findReviewComment, resolveThread, threadOf, threadsOn } from '../../support/github/review-threads.js';
import { threadReplyRule } from '../../support/github/rules.js';
import { World } from '../../support/github/state.js';

function comment(id: number, line: number): ReviewComment {
  return {
    id, path: 'src/a.ts', line, side: 'RIGHT', startLine: null, startSide: null, position: line, commitId: 'c1',
    body: `on ${line}`, diffHunk: '@@ -1 +1 @@', inReplyTo: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
  };
}

function setting() {
  const world = new World();
  world.addAccount({ login: 'octo', type: 'Organization' });
  for (const login of ['mona', 'hubot', 'github-actions[bot]']) world.addAccount({ login });
  const repo = world.addRepo({ owner: 'octo', name: 'r' });
  const review: Review = {
    id: 10, pullNumber: 1, author: 'mona', body: 'Please fix', state: 'CHANGES_REQUESTED', commitId: 'c1',
    submittedAt: '2026-01-01T00:00:00Z', comments: [comment(11, 3), comment(12, 8)],
  };
  const pending: Review = { ...review, id: 20, author: 'hubot', state: 'PENDING', submittedAt: null, comments: [comment(21, 4)] };
  repo.reviews.push(review, pending);
  return { repo, review };
}

describe('review threads', () => {
  it('groups replies under the first comment, each reply in a COMMENTED review of its own', () => {
    const { repo } = setting();
    const root = findReviewComment(repo, 11);
    expect(root).not.toBeNull();
    const reply = addThreadReply(repo, root as NonNullable<typeof root>, {
      id: 30, reviewId: 31, author: 'github-actions[bot]', body: 'Fixed in abc', headSha: 'c2', at: '2026-01-02T00:00:00Z',
    });
    expect(reply.review).toMatchObject({ id: 31, state: 'COMMENTED', body: '', commitId: 'c2', pullNumber: 1 });
    expect(reply.comment).toMatchObject({ inReplyTo: 11, line: 3, path: 'src/a.ts', commitId: 'c1', diffHunk: '@@ -1 +1 @@' });
    const threads = threadsOn(repo, 1, 'github-actions[bot]');
    expect(threads.map((t) => [t.root.comment.id, t.replies.map((r) => r.comment.id)])).toEqual([[11, [30]], [12, []]]);
    expect(threadOf(repo, 30, 'mona')?.root.comment.id).toBe(11);
    resolveThread(repo, 30, 'mona');
    expect(threadOf(repo, 11, 'mona')?.resolvedBy).toBe('mona');
  });

  it("shows a pending review's comments to their author only", () => {
    const { repo } = setting();
    expect(threadsOn(repo, 1, 'mona').map((t) => t.root.comment.id)).toEqual([11, 12]);
    expect(threadsOn(repo, 1, 'hubot').map((t) => t.root.comment.id)).toEqual([11, 12, 21]);
  });

  it('lets replies join only a submitted top-level comment of the same pull request', () => {
    const { repo } = setting();
    const root = findReviewComment(repo, 11);
    expect(threadReplyRule(root, 1, 'replies')).toBeNull();
    expect(threadReplyRule(root, 2, 'replies')).toMatchObject({ status: 404 });
    expect(threadReplyRule(findReviewComment(repo, 21), 1, 'replies')).toMatchObject({ status: 404 });
    const reply = addThreadReply(repo, root as NonNullable<typeof root>, { id: 30, reviewId: 31, author: 'hubot', body: 'why?', headSha: 'c1', at: 'x' });
    expect(threadReplyRule(reply, 1, 'replies')).toMatchObject({ status: 404 });
    expect(threadReplyRule(reply, 1, 'in_reply_to')).toMatchObject({ status: 422, body: { errors: [{ field: 'in_reply_to', code: 'invalid' }] } });
    expect(threadReplyRule(null, 1, 'in_reply_to')).toMatchObject({ status: 422 });
  });
});

describe('multi-segment path parameters', () => {
  it('lets a git ref span slashes, escaped or not, without stealing exact matches', () => {
    const index = buildRouteIndex({
      '/repos/{owner}/{repo}/git/ref/{ref}': { get: {} },
      '/repos/{owner}/{repo}/git/refs/{ref}': { patch: {} },
      '/repos/{owner}/{repo}/issues/{issue_number}': { get: {} },
    }, (_template, _method, name) => name === 'ref');
    expect(matchRoute(index, 'GET', '/repos/o/r/git/ref/heads%2Fa%2Fb')?.params.ref).toBe('heads/a/b');
    expect(matchRoute(index, 'GET', '/repos/o/r/git/ref/heads/a/b')?.params.ref).toBe('heads/a/b');
    expect(matchRoute(index, 'PATCH', '/repos/o/r/git/refs/codex-cto/locks/issue-7')?.params).toEqual({ owner: 'o', repo: 'r', ref: 'codex-cto/locks/issue-7' });
    expect(matchRoute(index, 'GET', '/repos/o/r/issues/1/extra')).toBeNull();
  });
});
