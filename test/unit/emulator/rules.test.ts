// GitHub's rules as the emulator enforces them, with GitHub's status codes and messages.
import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../support/github/diff.js';
import type { ApiResponse } from '../../support/github/http.js';
import {
  actionsMayCreatePullRule, duplicatePullRule, lockedIssueRule, mergeRule, resolveInlineComments, reviewVerdictRule,
  type ResolvedInlineComment,
} from '../../support/github/rules.js';
import { World } from '../../support/github/state.js';

function world() {
  const w = new World();
  w.addAccount({ login: 'octo', type: 'Organization' });
  const bot = w.addAccount({ login: 'github-actions[bot]', type: 'Bot' });
  const mona = w.addAccount({ login: 'mona' });
  const eve = w.addAccount({ login: 'eve' });
  const botGrant = w.addToken('ghs', { login: bot.login, kind: 'installation' });
  const monaGrant = w.addToken('ghp_m', { login: 'mona', kind: 'user' });
  const eveGrant = w.addToken('ghp_e', { login: 'eve', kind: 'user' });
  const repo = w.addRepo({ owner: 'octo', name: 'r', collaborators: { mona: 'maintain' } });
  return { w, repo, bot, mona, eve, botGrant, monaGrant, eveGrant };
}

const DIFF = [
  'diff --git a/src/a.ts b/src/a.ts',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,3 +1,3 @@',
  ' one',
  '-two',
  '+TWO',
  ' three',
  '@@ -10,2 +10,3 @@',
  ' ten',
  '+ten and a half',
  ' eleven',
  '',
].join('\n');
const files = parseUnifiedDiff(DIFF);

function resolved(result: ResolvedInlineComment[] | ApiResponse): ResolvedInlineComment[] {
  if (!Array.isArray(result)) throw new Error(`refused: ${JSON.stringify(result.body)}`);
  return result;
}

describe('inline review comments', () => {
  it('accepts RIGHT lines shown in a hunk, LEFT deleted lines, and legacy positions', () => {
    const ok = resolved(resolveInlineComments(files, [
      { path: 'src/a.ts', line: 2, body: 'added line' },
      { path: 'src/a.ts', line: 3, side: 'RIGHT', body: 'context line' },
      { path: 'src/a.ts', line: 2, side: 'LEFT', body: 'deleted line' },
      { path: 'src/a.ts', position: 7, body: 'by position' },
    ]));
    expect(ok.map((c) => [c.side, c.line])).toEqual([['RIGHT', 2], ['RIGHT', 3], ['LEFT', 2], ['RIGHT', 11]]);
    expect(ok[0]?.diffHunk).toBe('@@ -1,3 +1,3 @@\n one\n-two\n+TWO');
  });

  it('refuses lines outside every hunk, unknown paths and ranges that span hunks (422)', () => {
    expect(resolveInlineComments(files, [{ path: 'src/a.ts', line: 6, body: 'gap' }])).toMatchObject({ status: 422, body: { errors: ['Line could not be resolved'] } });
    expect(resolveInlineComments(files, [{ path: 'src/b.ts', line: 1, body: 'x' }])).toMatchObject({ status: 422, body: { errors: ['Path could not be resolved'] } });
    expect(resolveInlineComments(files, [{ path: 'src/a.ts', start_line: 2, line: 11, body: 'span' }])).toMatchObject({ status: 422 });
    expect(resolveInlineComments(files, [{ path: 'src/a.ts', position: 99, body: 'far' }])).toMatchObject({ status: 422 });
    expect(resolveInlineComments(files, [{ path: 'src/a.ts', body: 'nowhere' }])).toMatchObject({ status: 422 });
  });
});

describe('review verdicts', () => {
  it('refuses APPROVE and REQUEST_CHANGES by the pull request author, allows COMMENT', () => {
    const { repo, mona, monaGrant } = world();
    expect(reviewVerdictRule(repo, 'mona', mona, monaGrant, 'APPROVE')).toMatchObject({ status: 422, body: { errors: ['Can not approve your own pull request'] } });
    expect(reviewVerdictRule(repo, 'MONA', mona, monaGrant, 'REQUEST_CHANGES')).toMatchObject({ status: 422, body: { errors: ['Can not request changes on your own pull request'] } });
    expect(reviewVerdictRule(repo, 'mona', mona, monaGrant, 'COMMENT')).toBeNull();
  });

  it('lets the workflow token approve only when the repository allows it', () => {
    const { repo, bot, botGrant } = world();
    expect(reviewVerdictRule(repo, 'mona', bot, botGrant, 'APPROVE')).toMatchObject({ status: 422 });
    repo.allowActionsToCreatePullRequests = true;
    expect(reviewVerdictRule(repo, 'mona', bot, botGrant, 'APPROVE')).toBeNull();
  });
});

describe('pull request creation', () => {
  it('refuses the workflow token when Actions may not create pull requests; PATs are unaffected', () => {
    const { repo, bot, botGrant, mona, monaGrant } = world();
    expect(actionsMayCreatePullRule(repo, bot, botGrant)).toMatchObject({ status: 403, body: { message: 'GitHub Actions is not permitted to create or approve pull requests.' } });
    expect(actionsMayCreatePullRule(repo, mona, monaGrant)).toBeNull();
  });

  it('refuses a second open pull request for the same head and base', () => {
    const { w, repo } = world();
    const pr = w.addPull(repo, { title: 't', author: 'mona', head: 'topic', base: 'main', headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40) });
    expect(duplicatePullRule(repo, 'topic', 'main')).toMatchObject({ status: 422, body: { errors: [{ message: 'A pull request already exists for octo:topic.' }] } });
    expect(duplicatePullRule(repo, 'topic', 'release')).toBeNull();
    w.close(pr);
    expect(duplicatePullRule(repo, 'topic', 'main')).toBeNull();
  });
});

describe('locked issues and merges', () => {
  it('takes comments on a locked issue only from users with write access', () => {
    const { w, repo, bot, botGrant, mona, monaGrant, eve, eveGrant } = world();
    const issue = w.addIssue(repo, { title: 'i', author: 'eve' });
    expect(lockedIssueRule(w, repo, issue, eve, eveGrant)).toBeNull();
    w.lockIssue(issue);
    expect(lockedIssueRule(w, repo, issue, eve, eveGrant)).toMatchObject({ status: 403, body: { message: 'Unable to create comment because issue is locked.' } });
    expect(lockedIssueRule(w, repo, issue, bot, botGrant)).toMatchObject({ status: 403 });
    expect(lockedIssueRule(w, repo, issue, mona, monaGrant)).toBeNull();
  });

  it('refuses to merge drafts, closed and merged pull requests (405)', () => {
    const { w, repo } = world();
    const pr = w.addPull(repo, { title: 't', author: 'mona', head: 'topic', base: 'main', headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), draft: true });
    expect(mergeRule(pr)).toMatchObject({ status: 405, body: { message: 'Pull Request is still a draft' } });
    (pr.pull as NonNullable<typeof pr.pull>).draft = false;
    expect(mergeRule(pr)).toBeNull();
    w.close(pr);
    expect(mergeRule(pr)).toMatchObject({ status: 405 });
  });
});
