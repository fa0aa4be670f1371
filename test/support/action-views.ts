// What a person would see on GitHub after an action run, read straight from the emulator's state:
// tracking comments, pull requests, reviews, check runs, labels, branches. Keeps scenario tests short.
import type { ActionWorld } from './action-world.js';
import type { CheckRun, Issue, IssueComment, Review } from './github/model.js';
import { MARKER_PREFIX, readMarker } from '../../src/action/tracking/state-marker.js';
import type { TrackingState } from '../../src/core/model/schema-types.js';

const BOT = { login: 'github-actions[bot]', type: 'Bot' };

/** Comments on `thread` that carry a state marker, oldest first. */
export function trackingComments(world: ActionWorld, thread: number): IssueComment[] {
  return [...world.project.repo.comments.values()]
    .filter((comment) => comment.issueNumber === thread && comment.body.includes(MARKER_PREFIX))
    .sort((a, b) => a.id - b.id);
}

/** The one tracking comment on `thread`; throws when there is none or more than one. */
export function theTrackingComment(world: ActionWorld, thread: number): IssueComment {
  const found = trackingComments(world, thread);
  if (found.length !== 1) throw new Error(`expected one tracking comment on #${thread}, found ${found.length}`);
  return found[0] as IssueComment;
}

/** The loop state the tracking comment's marker holds (as a later run would read it). */
export function markerState(comment: IssueComment): TrackingState {
  const read = readMarker(comment.body, { login: comment.author, type: 'Bot' }, BOT.login);
  if (!read.ok) throw new Error(`unreadable marker in comment ${comment.id}: ${read.reason}`);
  return read.state;
}

/** Every pull request in the project, by number. */
export function pullRequests(world: ActionWorld): Issue[] {
  return [...world.project.repo.issues.values()].filter((issue) => issue.pull !== null).sort((a, b) => a.number - b.number);
}

export function reviewsOn(world: ActionWorld, pr: number): Review[] {
  return world.project.repo.reviews.filter((review) => review.pullNumber === pr);
}

/** Check runs on a commit, oldest first. */
export function checkRunsOn(world: ActionWorld, sha: string): CheckRun[] {
  return [...world.project.repo.checkRuns.values()].filter((run) => run.headSha === sha).sort((a, b) => a.id - b.id);
}

/** The head commit of `branch` on the remote, or null when the branch does not exist. */
export function headOf(world: ActionWorld, branch: string): Promise<string | null> {
  return world.gh.git.resolveBranch(world.project.owner, world.project.name, branch);
}

/** Branch names on the remote. */
export async function branchNames(world: ActionWorld): Promise<string[]> {
  return Object.keys(await world.gh.git.branches(world.project.owner, world.project.name)).sort();
}

export function labelsOn(world: ActionWorld, number: number): string[] {
  return world.gh.state.requireIssue(world.project.repo, number).labels;
}

/** Every REST answer GitHub refused as unprocessable, as `METHOD path` lines (for a readable failure). */
export function unprocessable(world: ActionWorld): string[] {
  return world.gh.requests({ kind: 'rest' }).filter((r) => r.status === 422).map((r) => `${r.method} ${r.path}`);
}
