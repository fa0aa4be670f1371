// The one short comment codex-cto leaves on an issue it will not start on (closed, or nothing to work
// from), so the person who added the label knows why nothing happens. A locked issue gets none.
import { code } from './escape.js';

export type NotStartedReason = 'closed' | 'empty';

export interface NotStartedInput {
  reason: NotStartedReason;
  /** How the loop was asked for: the trigger label, or a workflow dispatch. */
  via: { label: string } | 'dispatch';
}

export function notStartedComment(input: NotStartedInput): string {
  const why =
    input.reason === 'closed'
      ? 'this issue is closed.'
      : 'this issue has no title or description left to work from once hidden text is removed.';
  const fix = input.reason === 'closed' ? 'Reopen it' : 'Describe the change in the title or the description';
  const again = input.via === 'dispatch' ? 'run the workflow again' : `add the ${code(input.via.label)} label again`;
  return `**codex-cto did not start:** ${why} ${fix}, then ${again}.`;
}
