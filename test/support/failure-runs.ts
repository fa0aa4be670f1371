// Shared pieces of the failure tests of the bundled action: short scripts (one iteration, approved), a
// labelled issue and its run, and readers for what a person sees afterwards (the tracking comment, the
// work branch, the requests one run made).
import type { ActionWorld } from './action-world.js';
import type { ClaudeTurn } from './anthropic-server.js';
import { plainOctokitFor } from './github/fixtures.js';
import type { Issue } from './github/model.js';
import type { RequestRecord } from './github/server.js';
import type { CodexTurn } from './openai-server.js';
import { issuesLabeledPayload } from './payloads.js';
import type { ActionRun } from './runner.js';
import { APPROVE, CLAUDE_SCRIPT, codexScript, OBJECTIVE } from './scenario.js';

export const STATE_MARKER = 'codex-cto:state';

/** Claude's first iteration only (two files written, final text): enough for a loop approved at once. */
export const CLAUDE_ONE_ITERATION: ClaudeTurn[] = CLAUDE_SCRIPT.slice(0, 3);

/** Codex plans, then approves the first iteration. */
export function codexApprovesFirst(): ReturnType<typeof codexScript> {
  const approve: CodexTurn = { message: JSON.stringify(APPROVE) };
  return codexScript({ review1: [approve] });
}

export function workBranch(issue: number): string {
  return `codex-cto/issue-${issue}`;
}

/** A new issue carrying the trigger label, opened by the maintainer. */
export function labelledIssue(world: ActionWorld): Issue {
  return world.issue(OBJECTIVE, 'Callers want a louder greeting. Keep the default unchanged.', { labels: ['codex-cto'] });
}

/** Runs the action for `issues.labeled` on `issue`, as the maintainer. */
export function runForLabel(
  world: ActionWorld,
  issue: Issue,
  options: Omit<Parameters<ActionWorld['run']>[0], 'event' | 'payload'> = {},
): Promise<ActionRun> {
  const payload = issuesLabeledPayload(world.gh, {
    repo: world.project.fullName,
    issue: issue.number,
    label: 'codex-cto',
    sender: world.project.logins.maintainer,
  });
  return world.run({ event: 'issues', payload, ...options });
}

export interface SeenComment {
  id: number;
  body: string;
  author: string;
}

/** The comments on a thread carrying the state marker, read through the API as the maintainer sees them. */
export async function trackingComments(world: ActionWorld, thread: number): Promise<SeenComment[]> {
  const api = plainOctokitFor(world.gh, world.project.tokens.maintainer);
  const { data } = await api.rest.issues.listComments({ owner: world.project.owner, repo: world.project.name, issue_number: thread });
  return data
    .filter((c) => c.body?.includes(STATE_MARKER))
    .map((c) => ({ id: c.id, body: c.body ?? '', author: c.user?.login ?? '' }));
}

/** The one tracking comment of a thread; fails the test when there is none or more than one. */
export async function trackingComment(world: ActionWorld, thread: number): Promise<SeenComment> {
  const found = await trackingComments(world, thread);
  if (found.length !== 1) throw new Error(`expected one tracking comment on #${thread}, found ${found.length}`);
  return found[0] as SeenComment;
}

/** Commit subjects and authors on a branch of the remote, newest first. */
export async function branchHistory(world: ActionWorld, branch: string): Promise<{ sha: string; subject: string; author: string }[]> {
  const log = await world.gh.git.log(world.project.owner, world.project.name, branch, 20);
  return log.map((c) => ({ sha: c.sha, subject: c.subject, author: c.authorName }));
}

/** True for requests that change something on GitHub: REST writes and git pushes (GraphQL is checked by body). */
export function isRestOrGitWrite(request: RequestRecord): boolean {
  if (request.kind === 'git') return /git-receive-pack/.test(request.path + request.query);
  if (request.kind === 'rest') return request.method !== 'GET' && request.method !== 'HEAD';
  return false;
}

/** Resolves once `check` is true, polling; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
