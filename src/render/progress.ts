// One line per engine event for the CLI and the action log, e.g. `[iteration 2/5] reviewing...`.
// Plain printable ASCII on one line: no markdown, nothing a terminal or the runner could read as
// a control sequence, and (being one line that starts with our own text) never a `::command::`.
import type { LoopEvent } from '../core/ports.js';
import type { LoopState } from '../core/model/schema-types.js';
import { formatDuration, formatUsd, plural } from './format.js';
import { findingsCount } from './findings.js';

type Phase = LoopState['phase'];

const MAX_REASON = 300;

/** The progress line for an event, or null when the event adds nothing a person needs to see. */
export function progressLine(event: LoopEvent, maxIterations: number | null = null): string | null {
  const at = (iteration: number): string => `[iteration ${maxIterations === null ? iteration : `${iteration}/${maxIterations}`}]`;
  switch (event.type) {
    case 'phase':
      return phaseLine(event.phase, at(event.iteration));
    case 'plan': {
      const { tasks, verification } = event.plan;
      return `plan ready: ${plural(tasks.length, 'task')}, ${plural(verification.length, 'verification command')}`;
    }
    case 'implemented': {
      const { outcome } = event;
      const figures = `${plural(outcome.turns, 'turn')}, ${formatUsd(outcome.costUsd)}, ${formatDuration(outcome.durationMs)}`;
      return outcome.ok
        ? `${at(event.iteration)} implemented: ${figures}`
        : `${at(event.iteration)} implementation stopped (${ascii(outcome.stopReason, 60)}): ${figures}`;
    }
    case 'verified': {
      if (event.results.length === 0) return `${at(event.iteration)} no verification commands`;
      const passed = event.results.filter((result) => result.exitCode === 0 && !result.timedOut).length;
      return `${at(event.iteration)} verification: ${passed}/${event.results.length} commands passed`;
    }
    case 'saved':
      return event.commit === null ? `${at(event.iteration)} no changes to commit` : `${at(event.iteration)} committed ${ascii(event.commit.slice(0, 12), 12)}`;
    case 'reviewed': {
      const { review } = event;
      const passed = review.task_reviews.filter((entry) => entry.status === 'pass').length;
      const found = findingsCount(review.findings);
      const line = `${at(event.iteration)} verdict: ${review.verdict} (${passed}/${review.task_reviews.length} tasks pass${found === null ? '' : `, ${found}`})`;
      // A question for a person is what the person at the terminal must read: it goes on the line.
      const asked = review.verdict === 'needs_human' ? review.questions.filter((question) => question.trim() !== '') : [];
      return asked.length === 0 ? line : `${line}; asks: ${ascii(asked.join(' | '), MAX_REASON)}`;
    }
    case 'finished':
      return finishedLine(event.state);
  }
}

function phaseLine(phase: Phase, at: string): string | null {
  switch (phase) {
    case 'planning':
      return 'planning...';
    case 'awaiting_plan_approval':
      return 'plan waiting for approval';
    case 'implementing':
      return `${at} implementing...`;
    case 'verifying':
      return `${at} verifying...`;
    case 'reviewing':
      return `${at} reviewing...`;
    default:
      // Verdicts and final states are reported by the `reviewed` and `finished` events.
      return null;
  }
}

const FINAL_WORDS: Readonly<Record<Phase, string>> = {
  planning: 'planning',
  awaiting_plan_approval: 'waiting for plan approval',
  implementing: 'implementing',
  verifying: 'verifying',
  reviewing: 'reviewing',
  approved: 'approved',
  revise: 'changes requested',
  escalated: 'escalated to a human',
  aborted: 'aborted',
  capped: 'iteration limit reached',
  budget_exhausted: 'budget exhausted',
  stopped: 'stopped',
  failed: 'failed',
};

function finishedLine(state: LoopState): string {
  const figures = `${plural(state.iterations.length, 'iteration')}, ${formatUsd(state.total_cost_usd)}`;
  const reason = state.stop_reason === null || state.stop_reason.trim() === '' ? '' : `: ${ascii(state.stop_reason, MAX_REASON)}`;
  return `finished: ${FINAL_WORDS[state.phase]} after ${figures}${reason}`;
}

/** Printable ASCII on one line: whitespace collapses, anything else becomes `?`, long text is cut with `...`. */
export function ascii(text: string, max: number): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7E]/g, '?')
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 3))}...`;
}
