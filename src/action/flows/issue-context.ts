// The issue text as the agents receive it: sanitised, then quoted as data. The planner plans from it and
// the reviewer checks the change against it, so a run that resumes a loop (continue, approve, a review of
// the loop's pull request) reads the issue again: the requirement stands as the issue says it now.
import { quoteAsData, sanitiseUntrusted } from '../../safety/sanitise.js';

/** The text of issue `number`, already sanitised, quoted as data. */
export function quoteIssue(number: number, sanitised: string): string {
  return quoteAsData(`issue #${number}`, sanitised);
}

/** The quoted text of the loop's issue, read now; '' for a loop without an issue (a dispatch). */
export async function readIssueContext(issues: { get(number: number): Promise<{ body: string }> }, issue: number | null): Promise<string> {
  if (issue === null) return '';
  return quoteIssue(issue, sanitiseUntrusted((await issues.get(issue)).body).text);
}
