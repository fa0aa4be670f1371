// Whether a loop may start on an issue, decided before anything is spent: a locked or closed issue, or
// one with nothing to work from once hidden text is removed, gets no plan. Pure; the flows act on it.
import { sanitiseUntrusted, type Sanitised } from '../../safety/sanitise.js';
import type { NotStartedReason } from '../../render/not-started.js';

/** The issue as the trigger saw it (the label event's payload) or as the API reads it now (a dispatch). */
export interface IssueFacts {
  number: number;
  title: string;
  body: string;
  locked: boolean;
  /** `open` or `closed`. */
  state: string;
}

export type Admission =
  | { ok: true; objective: string; issueText: Sanitised }
  | {
      ok: false;
      /** For the log: `#4 is locked`. */
      reason: string;
      /** What to say on the issue; null for a locked one, which must not be commented on. */
      comment: NotStartedReason | null;
    };

/** `title` is the objective: the issue's title, or a dispatch's `objective` input. */
export function admitIssue(issue: IssueFacts): Admission {
  // A locked conversation takes comments only from collaborators: none from codex-cto, not even a refusal.
  if (issue.locked) return { ok: false, reason: `#${issue.number} is locked; unlock it to start a loop there`, comment: null };
  if (issue.state !== 'open') return { ok: false, reason: `#${issue.number} is ${issue.state === 'closed' ? 'closed' : `not open (${issue.state})`}`, comment: 'closed' };
  const objective = sanitiseUntrusted(issue.title, { maxChars: 500 }).text;
  const issueText = sanitiseUntrusted(issue.body);
  if (objective.trim() === '' && issueText.text.trim() === '') {
    return { ok: false, reason: `#${issue.number} has no title or description once hidden text is removed`, comment: 'empty' };
  }
  return { ok: true, objective, issueText };
}
