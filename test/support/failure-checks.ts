// What every failure test of the action checks: the tracking comment ended in a final state with the
// error block and a hint, the error reached the log and the job summary, the exit code says failure,
// GitHub saw no invalid request, and no token or key appears in anything posted or logged.
import { expect } from 'vitest';
import { logOf, type ActionWorld } from './action-world.js';
import { FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY } from './agent-home.js';
import { issuesLabeledPayload } from './payloads.js';
import type { ActionRun, RunActionOptions } from './runner.js';
import { OBJECTIVE } from './scenario.js';

export interface FailureRun {
  run: ActionRun;
  issue: number;
  branch: string;
}

/** Labels a fresh issue (by the maintainer) and runs the bundled action on that event. */
export async function runLabelled(
  world: ActionWorld,
  options: { body?: string; title?: string; inputs?: Record<string, string>; env?: Record<string, string>; home?: string; timeoutMs?: number } = {},
): Promise<FailureRun> {
  const issue = world.issue(options.title ?? OBJECTIVE, options.body ?? 'Callers want a louder greeting. Keep the default unchanged.', { labels: ['codex-cto'] });
  const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
  const extra: Partial<RunActionOptions> = {
    ...(options.inputs ? { inputs: options.inputs } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.home ? { home: options.home } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const run = await world.run({ event: 'issues', payload, ...extra });
  return { run, issue: issue.number, branch: `codex-cto/issue-${issue.number}` };
}

/** The bot's tracking comments on a thread (the ones carrying the state marker). */
export function trackingComments(world: ActionWorld, issue: number): string[] {
  return [...world.project.repo.comments.values()]
    .filter((c) => c.issueNumber === issue && c.body.includes('codex-cto:state'))
    .map((c) => c.body);
}

/** The one tracking comment of a thread; fails the test when there is not exactly one. */
export function trackingComment(world: ActionWorld, issue: number): string {
  const found = trackingComments(world, issue);
  expect(found, 'exactly one tracking comment').toHaveLength(1);
  return found[0] as string;
}

export interface VisibleFailure {
  /** The headline the comment ends with, e.g. /Failed/ or /Budget exhausted/. */
  headline: RegExp;
  /** Text the error block (comment and summary) must contain: the title and what happened. */
  error: RegExp[];
  /** Text of the hint ("What to do: ..."); omitted: any hint. */
  hint?: RegExp;
  /** Whether the run is a failure (exit code non-zero, `::error::` in the log); default true. */
  failed?: boolean;
}

/**
 * The common promise of issue 4 for one failed run: the comment ended (not "working"), names what
 * happened and what to do; the error is in the log and the summary; the exit code says failure.
 */
export function expectVisibleFailure(world: ActionWorld, failure: FailureRun, expected: VisibleFailure): string {
  const { run } = failure;
  const comment = trackingComment(world, failure.issue);
  const headline = /^### codex-cto: (.*)$/m.exec(comment)?.[1] ?? '';
  expect(headline, `headline of the tracking comment\n${comment}`).toMatch(expected.headline);
  expect(comment).not.toMatch(/^### codex-cto: (Planning|Implementing|Verifying|Reviewing)/m);
  expect(comment, 'the error block').toContain('**Error: ');
  expect(comment, 'the hint').toMatch(expected.hint ?? /\*\*What to do:\*\* \S/);
  for (const pattern of expected.error) {
    expect(comment, `comment mentions ${pattern}`).toMatch(pattern);
    expect(run.summary, `job summary mentions ${pattern}`).toMatch(pattern);
    expect(run.errors.join('\n'), `log error mentions ${pattern}\n${logOf(run)}`).toMatch(pattern);
  }
  expect(run.summary).toContain('**Error: ');
  if (expected.failed ?? true) {
    expect(run.exitCode, logOf(run)).not.toBe(0);
    expect(run.exitCode, logOf(run)).not.toBeNull();
  }
  expect(run.timedOut, 'the action itself must not hang').toBe(false);
  expect(world.gh.violations()).toEqual([]);
  expectNoSecrets(world, run);
  return comment;
}

/** Every token and key the world hands out: none may appear in a comment, review, summary or log. */
export function secretsOf(world: ActionWorld): string[] {
  return [...new Set([...Object.values(world.project.tokens), world.gh.workflowToken, FAKE_OPENAI_KEY, FAKE_ANTHROPIC_KEY])];
}

export function expectNoSecrets(world: ActionWorld, run: ActionRun): void {
  const repo = world.project.repo;
  const posted = [
    ...[...repo.comments.values()].map((c) => c.body),
    ...[...repo.issues.values()].map((i) => `${i.title}\n${i.body ?? ''}`),
    ...repo.reviews.map((r) => `${r.body ?? ''}\n${r.comments.map((c) => c.body).join('\n')}`),
    ...[...repo.checkRuns.values()].map((c) => JSON.stringify(c)),
  ].join('\n');
  // `::add-mask::` lines are how the runner learns what to mask; they are expected to hold secrets.
  const log = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
  for (const secret of secretsOf(world)) {
    expect(posted.includes(secret), 'a secret in a comment, review or check run').toBe(false);
    expect(run.summary.includes(secret), 'a secret in the job summary').toBe(false);
    expect(log.includes(secret), 'a secret in the log').toBe(false);
    expect(JSON.stringify(run.outputs).includes(secret), 'a secret in the outputs').toBe(false);
  }
}

/** Files on the work branch on the remote, or null when the branch was never pushed. */
export async function pushedFile(world: ActionWorld, branch: string, file: string): Promise<string | null> {
  const head = await world.gh.git.resolveBranch(world.project.owner, world.project.name, branch);
  if (head === null) return null;
  return world.gh.git.readFile(world.project.owner, world.project.name, branch, file);
}
