// Used by the post step: when this run's job ended (cancelled, killed, timed out) while its tracking
// comment still showed a working phase, the comment is moved to `failed` with what to do next. Returns
// what the comment now shows (for the job summary), or null when it was left alone.
import { phaseWords, rescued } from '../../core/lifecycle.js';
import type { Issues } from '../github/issues.js';
import type { Settings } from '../settings/settings.js';
import { readMarker } from './state-marker.js';
import type { LoopView } from '../../render/view.js';
import { Tracker } from './tracker.js';

export async function rescueTrackingComment(
  issues: Issues,
  thread: number,
  commentId: number,
  runId: string,
  settings: Pick<Settings, 'maxIterations' | 'maxBudgetUsd' | 'commandPrefix'>,
  runUrl: string,
): Promise<LoopView | null> {
  const comment = await issues.getComment(commentId);
  // The comment id came from this job's own saved state, so its author is the bot identity.
  const read = readMarker(comment.body, comment.author, comment.author.login);
  if (!read.ok) return null;
  const state = read.state;
  const loop = rescued(state.loop, state.run, runId);
  if (loop === null) return null;
  const tracker = new Tracker({
    issues,
    thread,
    commentId,
    state: { ...state, run: null, loop },
    links: { runUrl, branchUrl: null, prUrl: null },
    settings,
  });
  tracker.setError({
    title: 'The job ended before the loop did',
    message: `The workflow job stopped while the loop was ${phaseWords(state.loop.phase)}. Work pushed so far is on the branch.`,
    hint: `Comment \`${settings.commandPrefix} continue\` to resume the loop.`,
  });
  await tracker.save();
  return tracker.view();
}
