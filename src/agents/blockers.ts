// The one fixed format in which the implementer reports a blocked task (the seeds' rule: note the
// blocker, go on with the tasks it does not block, report it), and its reader. The reviewer gets the
// blockers listed as such, and checks each one instead of failing the task again.

/** How the implementer writes a blocker, one line per blocked task, in its final report. */
export const BLOCKER_FORMAT = 'BLOCKED <task id>: <what blocks it>';

export interface ReportedBlocker {
  taskId: string;
  reason: string;
}

/** At most this many blockers are read from one report. */
const MAX_BLOCKERS = 20;

const BLOCKER_LINE = /^[ \t]*(?:[-*][ \t]+)?(?:\*\*)?BLOCKED(?:\*\*)?[ \t]+`?([A-Za-z0-9][\w.-]{0,39})`?[ \t]*:[ \t]*(\S.*?)[ \t]*$/;

/** The blockers a report names, in order, one per task (the first line for a task wins). */
export function reportedBlockers(report: string): ReportedBlocker[] {
  const found = new Map<string, string>();
  for (const line of report.split(/\r?\n/)) {
    const match = BLOCKER_LINE.exec(line);
    if (match === null || found.has(match[1] as string)) continue;
    found.set(match[1] as string, (match[2] as string).slice(0, 500));
    if (found.size >= MAX_BLOCKERS) break;
  }
  return [...found].map(([taskId, reason]) => ({ taskId, reason }));
}
