// What a run says when another run holds the loop it was asked to work on: who holds it (with a link to
// that run), since when, and what to repeat once it has finished, so a command is never dropped silently.
import { code, link } from './escape.js';

export interface LoopBusyView {
  /** The run holding the loop, when its lock names one; its id is digits only. */
  holder: { runId: string; attempt: string; url: string } | null;
  /** ISO 8601 time the holder took the loop. */
  since: string;
  /** The loop's work branch. */
  branch: string;
  /** What the person should do again once the holder has finished; null when nobody asked (a label, a dispatch). */
  retry: string | null;
}

function holderMarkdown(view: LoopBusyView): string {
  if (view.holder === null) return 'another run';
  const attempt = view.holder.attempt === '1' ? '' : ` (attempt ${view.holder.attempt})`;
  return `${link(`run ${view.holder.runId}`, view.holder.url)}${attempt}`;
}

/** The reply on the thread where the command or review was made. */
export function loopBusyReply(view: LoopBusyView): string {
  const again = view.retry === null ? '' : ` Once it has finished, ${view.retry}.`;
  return `**codex-cto did not act on this:** ${holderMarkdown(view)} is working on this loop (${code(view.branch)}, since ${view.since}), and one loop takes one run at a time.${again}`;
}

/** The job summary of the run that left the loop alone. */
export function loopBusySummary(view: LoopBusyView): string {
  return `## codex-cto: Busy\n\n${loopBusyReply(view)}`;
}

/** The log line. */
export function loopBusyLine(view: LoopBusyView): string {
  const holder = view.holder === null ? 'another run' : `run ${view.holder.runId} (attempt ${view.holder.attempt}, ${view.holder.url})`;
  const again = view.retry === null ? '' : `; once it has finished, ${view.retry}`;
  return `codex-cto: ${holder} is already working on the loop on ${view.branch} (since ${view.since}); leaving it alone${again}.`;
}
