// The bot's answer in a review thread once the iteration that addressed the comment is pushed: what the
// reviewer found of it (the requirement it judged by the comment's id), with the commit, or why it is not
// done. Pure: the text comes from the review's structured check, never from reading Claude's prose.
import type { FeedbackOutcome } from '../core/human-feedback.js';
import { clip, code, escapeInline, link } from './escape.js';
import { FIELD_LIMITS } from './parts.js';

export interface ReplyContext {
  iteration: number;
  /** The commit the iteration pushed (its first 7 characters are shown); null when it changed nothing. */
  commit: string | null;
  commitUrl: string | null;
  /** The review's verdict on the iteration. */
  verdict: string;
  commandPrefix: string;
}

export function feedbackReply(outcome: FeedbackOutcome, at: ReplyContext): string {
  const commit = at.commit === null ? 'no new commit' : link(code(at.commit.slice(0, 7)), at.commitUrl);
  const where = `iteration ${at.iteration} (${commit})`;
  const check = outcome.check;
  const note = check === null ? '' : escapeInline(clip(check.note.trim(), FIELD_LIMITS.prose));
  const said = note === '' ? '' : ` ${note}`;
  const lead = (() => {
    if (check === null) return `**Not judged:** ${where} was made with this comment as a requirement, but the reviewer did not say whether it is met.`;
    switch (check.status) {
      case 'met':
        return `**Done** in ${where}.${said}`;
      case 'not_met':
        return `**Not done** in ${where}.${said}`;
      case 'needs_human':
        return `**Needs your decision** after ${where}.${said} Answer with ${code(`${at.commandPrefix} continue`)} followed by your guidance on this pull request.`;
    }
  })();
  return `${lead}\n\n<sub>codex-cto (${outcome.item.id}); the reviewer's verdict on the iteration: ${code(at.verdict)}.</sub>`;
}
