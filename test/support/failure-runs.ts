// Shared pieces of the GitHub failure tests of the bundled action: short scripts (one iteration,
// approved), a labelled issue created before its run (so a test can arm faults and hooks on it first),
// the work branch's history, and a poll for a moment in a run. What a person sees afterwards is read
// with action-views.ts; the common checks of a failed run live in failure-checks.ts.
import type { ActionWorld } from './action-world.js';
import type { ClaudeTurn } from './anthropic-server.js';
import type { FailureRun } from './failure-checks.js';
import type { Issue } from './github/model.js';
import type { CodexTurn } from './openai-server.js';
import { issuesLabeledPayload } from './payloads.js';
import type { ActionRun } from './runner.js';
import { APPROVE, CLAUDE_SCRIPT, codexScript, OBJECTIVE } from './scenario.js';
import { listRefs } from './github/git-refs.js';

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

/** A finished run for failure-checks.ts's `expectVisibleFailure`. */
export function failureRun(run: ActionRun, issue: Issue): FailureRun {
  return { run, issue: issue.number, branch: workBranch(issue.number) };
}

/** Commit ids, subjects and authors on a branch of the remote, newest first. */
export async function branchHistory(world: ActionWorld, branch: string): Promise<{ sha: string; subject: string; author: string }[]> {
  const log = await world.gh.git.log(world.project.owner, world.project.name, branch, 20);
  return log.map((c) => ({ sha: c.sha, subject: c.subject, author: c.authorName }));
}

/** Resolves once `check` is true, polling; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The loop locks on the remote (`refs/codex-cto/locks/...`), as `ref sha` lines. */
export async function loopLocks(world: ActionWorld): Promise<string[]> {
  const { owner, name } = world.project;
  const refs = await listRefs(world.gh.git.git, world.gh.git.gitDir(owner, name), 'codex-cto/locks/');
  return refs.map((stored) => `${stored.ref} ${stored.sha}`);
}
