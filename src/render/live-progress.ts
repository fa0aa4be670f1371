// What Claude is doing right now, for the tracking comment while it implements: its todo list with
// ticks, the file it last edited, turns, tokens and the cost known so far. Everything Claude wrote is
// escaped; the list is bounded (the stream reader bounds it too).
import type { ImplementProgress } from '../core/ports.js';
import { clip, code, escapeInline } from './escape.js';
import { formatCount, formatUsd, plural } from './format.js';

/** What the comment shows of a running implementation. */
export interface LiveProgressView {
  progress: ImplementProgress;
  /** The loop's cost before this implementation (Claude Code reports a run's cost only when it ends). */
  costSoFarUsd: number;
}

export const MAX_SHOWN_TODOS = 20;
const TODO_TEXT_CHARS = 160;
const PATH_CHARS = 200;

/** The section, or null when Claude has shown nothing yet. */
export function liveProgressSection(view: LiveProgressView): string | null {
  const { progress } = view;
  if (progress.turns === 0 && progress.todos.length === 0 && progress.lastEdited === null) return null;
  const lines = ['#### Claude is working'];
  const todos = todoList(progress);
  if (todos !== null) lines.push(todos);
  lines.push(figuresLine(view));
  return lines.join('\n\n');
}

function todoList(progress: ImplementProgress): string | null {
  if (progress.todos.length === 0) return null;
  const shown = progress.todos.slice(0, MAX_SHOWN_TODOS).map((todo) => {
    const text = escapeInline(clip(todo.text, TODO_TEXT_CHARS)) || '(no text)';
    if (todo.status === 'completed') return `- [x] ${text}`;
    return todo.status === 'in_progress' ? `- [ ] **${text}** (in progress)` : `- [ ] ${text}`;
  });
  const more = progress.todos.length - shown.length;
  if (more > 0) shown.push(`- … and ${plural(more, 'more item')}`);
  return shown.join('\n');
}

function figuresLine(view: LiveProgressView): string {
  const { progress } = view;
  const parts: string[] = [];
  if (progress.lastEdited !== null) parts.push(`Last edited: ${code(clip(progress.lastEdited, PATH_CHARS)) || '(unnamed)'}`);
  parts.push(`${plural(progress.turns, 'turn')} so far`);
  parts.push(`${formatCount(progress.inputTokens + progress.outputTokens)} tokens`);
  parts.push(`cost so far ${formatUsd(view.costSoFarUsd)} (this run's is added when Claude finishes)`);
  return parts.join(' · ');
}
