// GitHub's rules that matter to this project, with GitHub's status codes and messages.
// Each rule is a function of state that returns the refusal, or null when the request may proceed.
import { displayPath, type DiffSide, type FileDiff } from './diff.js';
import { forbidden, methodNotAllowed, notFound, unprocessable, validationFailed, type ApiResponse } from './http.js';
import type { Account, Issue, Repo, TokenGrant } from './model.js';
import type { LocatedComment } from './review-threads.js';
import type { World } from './state.js';

/** The login GitHub gives the workflow's GITHUB_TOKEN. */
export const ACTIONS_BOT = 'github-actions[bot]';

/** Locked conversations take comments only from collaborators with write access; apps are refused too. */
export function lockedIssueRule(world: World, repo: Repo, issue: Issue, identity: Account, grant: TokenGrant): ApiResponse | null {
  if (!issue.locked) return null;
  if (grant.kind === 'user' && world.hasPermission(repo, identity.login, 'write')) return null;
  return forbidden('Unable to create comment because issue is locked.');
}

/** "Allow GitHub Actions to create and approve pull requests" governs the workflow token only. */
export function actionsMayCreatePullRule(repo: Repo, identity: Account, grant: TokenGrant): ApiResponse | null {
  if (grant.kind !== 'installation' || identity.login !== ACTIONS_BOT || repo.allowActionsToCreatePullRequests) return null;
  return forbidden('GitHub Actions is not permitted to create or approve pull requests.');
}

export function duplicatePullRule(repo: Repo, head: string, base: string): ApiResponse | null {
  const existing = [...repo.issues.values()].find((i) => i.pull && i.state === 'open' && i.pull.headRef === head && i.pull.baseRef === base);
  if (!existing) return null;
  return validationFailed([{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` }]);
}

export function missingHeadRule(headSha: string | null): ApiResponse | null {
  return headSha ? null : validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
}

export function missingBaseRule(baseSha: string | null): ApiResponse | null {
  return baseSha ? null : validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
}

export function noCommitsRule(commits: number, base: string, head: string): ApiResponse | null {
  return commits > 0 ? null : validationFailed([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }]);
}

export type ReviewEvent = 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT' | undefined;

/** Authors cannot approve or request changes on their own pull request; the workflow token may approve only when allowed. */
export function reviewVerdictRule(repo: Repo, pullAuthor: string, reviewer: Account, grant: TokenGrant, event: ReviewEvent): ApiResponse | null {
  if (event !== 'APPROVE' && event !== 'REQUEST_CHANGES') return null;
  if (pullAuthor.toLowerCase() === reviewer.login.toLowerCase()) {
    return unprocessable([event === 'APPROVE' ? 'Can not approve your own pull request' : 'Can not request changes on your own pull request']);
  }
  if (event === 'APPROVE' && grant.kind === 'installation' && reviewer.login === ACTIONS_BOT && !repo.allowActionsToCreatePullRequests) {
    return unprocessable(['GitHub Actions is not permitted to approve pull requests.']);
  }
  return null;
}

export interface InlineCommentRequest {
  path: string;
  body: string;
  line?: number;
  side?: string;
  start_line?: number;
  start_side?: string;
  position?: number;
}

/** Where an accepted inline comment sits, resolved against the diff. */
export interface ResolvedInlineComment {
  path: string;
  line: number | null;
  side: DiffSide;
  startLine: number | null;
  startSide: DiffSide | null;
  position: number | null;
  body: string;
  diffHunk: string;
}

/**
 * Every inline comment must name a file of the diff and a line (or position) shown in it; a
 * multi-line comment must start in the same hunk. GitHub rejects the whole review otherwise.
 */
export function resolveInlineComments(files: readonly FileDiff[], comments: readonly InlineCommentRequest[]): ResolvedInlineComment[] | ApiResponse {
  const resolved: ResolvedInlineComment[] = [];
  for (const comment of comments) {
    const file = files.find((f) => displayPath(f) === comment.path);
    if (!file) return unprocessable(['Path could not be resolved']);
    if (comment.line === undefined && comment.position === undefined) {
      return unprocessable(['A line or a position is required']);
    }
    if (comment.line === undefined) {
      const target = file.positions.get(comment.position as number);
      if (!target) return unprocessable(['Pull request review thread position is invalid']);
      resolved.push({
        path: comment.path, line: target.line, side: target.side, startLine: null, startSide: null,
        position: comment.position as number, body: comment.body, diffHunk: hunkUpTo(file, comment.position as number),
      });
      continue;
    }
    const side = comment.side === 'LEFT' ? 'LEFT' : 'RIGHT';
    const lines = side === 'LEFT' ? file.left : file.right;
    const hunk = lines.get(comment.line);
    if (hunk === undefined) return unprocessable(['Line could not be resolved']);
    const startSide: DiffSide = comment.start_side === 'LEFT' || comment.start_side === 'RIGHT' ? comment.start_side : side;
    if (comment.start_line !== undefined) {
      const startLines = startSide === 'LEFT' ? file.left : file.right;
      if (comment.start_line > comment.line && side === startSide) return unprocessable(['Start line must precede the end line']);
      if (startLines.get(comment.start_line) !== hunk) return unprocessable(['Pull request review thread start line must be part of the same hunk as the line.']);
    }
    const position = file.positionOf[side].get(comment.line) ?? null;
    resolved.push({
      path: comment.path, line: comment.line, side, startLine: comment.start_line ?? null,
      startSide: comment.start_line === undefined ? null : startSide, position, body: comment.body,
      diffHunk: position ? hunkUpTo(file, position) : '',
    });
  }
  return resolved;
}

/**
 * A reply joins the thread of a submitted top-level comment of the same pull request: GitHub's
 * description says replies to replies are not supported. The replies endpoint documents only 404 as
 * its refusal; `in_reply_to` on the create endpoint answers with a validation error.
 */
export function threadReplyRule(target: LocatedComment | null, pullNumber: number, via: 'replies' | 'in_reply_to'): ApiResponse | null {
  const joinable = target !== null && target.review.pullNumber === pullNumber && target.comment.inReplyTo === null && target.review.state !== 'PENDING';
  if (joinable) return null;
  return via === 'replies' ? notFound() : validationFailed([{ resource: 'PullRequestReviewComment', code: 'invalid', field: 'in_reply_to' }]);
}

/** The patch from the enclosing hunk header to the commented line, as GitHub stores `diff_hunk`. */
function hunkUpTo(file: FileDiff, position: number): string {
  const lines = file.patch.split('\n').slice(0, position + 1);
  let start = 0;
  lines.forEach((line, index) => { if (line.startsWith('@@')) start = index; });
  return lines.slice(start).join('\n');
}

/** Branch protection: a merge waits for every required check to succeed on the head commit. */
export function requiredChecksRule(repo: Repo, headSha: string): ApiResponse | null {
  for (const name of repo.requiredChecks) {
    const latest = [...repo.checkRuns.values()].filter((r) => r.headSha === headSha && r.name === name).sort((a, b) => b.id - a.id)[0];
    if (!latest || latest.status !== 'completed') return methodNotAllowed(`Required status check "${name}" is expected.`);
    if (latest.conclusion !== 'success') return methodNotAllowed(`Required status check "${name}" is failing.`);
  }
  return null;
}

export function mergeRule(issue: Issue): ApiResponse | null {
  const pull = issue.pull;
  if (!pull) return null;
  if (pull.merged) return methodNotAllowed('Pull Request is not mergeable');
  if (issue.state === 'closed') return methodNotAllowed('Pull Request is not mergeable');
  if (pull.draft) return methodNotAllowed('Pull Request is still a draft');
  return null;
}
