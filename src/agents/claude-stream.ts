// Reads `claude -p --output-format stream-json --verbose` one line at a time: the final result object
// (what claude-result.ts turns into the implement outcome) and, while Claude works, its progress: the
// todo list with ticks, the file it last edited, turns and tokens so far. Every line is hostile input:
// unknown or malformed lines are skipped, long ones are not parsed, and everything kept is bounded.
import type { ImplementProgress, ProgressTodo } from '../core/ports.js';

/** Lines longer than this are not parsed (a result or an assistant message is far shorter). */
export const MAX_PARSED_LINE_CHARS = 1_000_000;
/** Todos kept; more are left out (and counted). */
export const MAX_TODOS = 30;
/** Characters kept of a todo's text and of a file path. */
export const MAX_TODO_CHARS = 160;
export const MAX_PATH_CHARS = 300;
/** Task ids remembered between TaskCreate and its result. */
const MAX_PENDING_TASKS = 100;

type Json = Record<string, unknown>;

const EDIT_TOOLS: ReadonlySet<string> = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);
const TODO_STATUSES: ReadonlySet<string> = new Set(['pending', 'in_progress', 'completed']);

export class ClaudeStreamReader {
  private resultObject: Json | null = null;
  private session: string | null = null;
  /** Assistant messages seen, by id, with the latest usage each reported (a message spans several lines). */
  private readonly messages = new Map<string, { input: number; output: number }>();
  private todos: ProgressTodo[] = [];
  /** TaskCreate's tool_use id -> the task's text, until its result says the task's id. */
  private readonly creating = new Map<string, string>();
  /** Task id -> index in `todos` (Task tools address tasks by id; TodoWrite replaces the whole list). */
  private readonly taskIndex = new Map<string, number>();
  private edited: string | null = null;
  private lines = 0;
  private skipped = 0;
  private readonly workdir: string | null;

  /** `workdir`: Claude's working directory; edited paths inside it are shown relative to it. */
  constructor(workdir: string | null = null) {
    this.workdir = workdir === null ? null : workdir.replace(/\/+$/, '');
  }

  /** Takes one line of the stream; never throws. */
  read(line: string): void {
    this.lines += 1;
    const event = parseLine(line);
    if (event === null) {
      if (line.trim() !== '') this.skipped += 1;
      return;
    }
    if (event.type === 'result') this.resultObject = event;
    else if (event.type === 'system' && event.subtype === 'init' && typeof event.session_id === 'string') this.session = clipText(event.session_id, 100);
    else if (event.type === 'assistant') this.assistant(event.message);
    else if (event.type === 'user') this.toolResult(event);
  }

  /** The final `{"type":"result"}` object, or null when none arrived. */
  result(): Json | null {
    return this.resultObject;
  }

  /** The session the init line named, or null. */
  sessionId(): string | null {
    return this.session;
  }

  /** Lines read, and lines that were not JSON objects (or too long to read). */
  counts(): { lines: number; skipped: number } {
    return { lines: this.lines, skipped: this.skipped };
  }

  progress(): ImplementProgress {
    let input = 0;
    let output = 0;
    for (const usage of this.messages.values()) {
      input += usage.input;
      output += usage.output;
    }
    return { turns: this.messages.size, inputTokens: input, outputTokens: output, todos: this.todos.map((todo) => ({ ...todo })), lastEdited: this.edited };
  }

  private assistant(message: unknown): void {
    if (!isObject(message)) return;
    const id = typeof message.id === 'string' ? message.id.slice(0, 200) : `#${this.messages.size}`;
    if (this.messages.has(id) || this.messages.size < 100_000) this.messages.set(id, usageOf(message.usage));
    if (!Array.isArray(message.content)) return;
    for (const block of message.content.slice(0, 100)) {
      if (isObject(block) && block.type === 'tool_use' && typeof block.name === 'string') this.toolUse(block.name, block.input, block.id);
    }
  }

  private toolUse(name: string, input: unknown, id: unknown): void {
    if (!isObject(input)) return;
    if (EDIT_TOOLS.has(name)) {
      const path = typeof input.file_path === 'string' ? input.file_path : typeof input.notebook_path === 'string' ? input.notebook_path : null;
      if (path !== null && path.trim() !== '') this.edited = clipText(this.inWorkTree(path), MAX_PATH_CHARS);
    } else if (name === 'TodoWrite' && Array.isArray(input.todos)) {
      this.todos = input.todos.filter(isObject).slice(0, MAX_TODOS).map((todo) => ({ text: clipText(stringField(todo, 'content'), MAX_TODO_CHARS), status: statusOf(todo.status) }));
      this.taskIndex.clear();
    } else if (name === 'TaskCreate' && typeof id === 'string' && this.creating.size < MAX_PENDING_TASKS) {
      this.creating.set(id, clipText(stringField(input, 'subject'), MAX_TODO_CHARS));
    } else if (name === 'TaskUpdate' && typeof input.taskId === 'string') {
      this.updateTask(input.taskId, input);
    }
  }

  /** A path as the repository names it when it lies in the work tree; any other path as given. */
  private inWorkTree(path: string): string {
    if (this.workdir === null || !path.startsWith(`${this.workdir}/`)) return path;
    return path.slice(this.workdir.length + 1);
  }

  /** A TaskCreate's result names the new task's id: the task joins the list then. */
  private toolResult(event: Json): void {
    const message = event.message;
    const result = event.tool_use_result;
    if (!isObject(message) || !Array.isArray(message.content) || !isObject(result) || !isObject(result.task)) return;
    const block = message.content.find((entry) => isObject(entry) && entry.type === 'tool_result');
    const text = isObject(block) && typeof block.tool_use_id === 'string' ? this.creating.get(block.tool_use_id) : undefined;
    if (text === undefined || !isObject(block)) return;
    this.creating.delete(block.tool_use_id as string);
    const taskId = typeof result.task.id === 'string' ? result.task.id.slice(0, 50) : null;
    if (taskId === null || this.todos.length >= MAX_TODOS) return;
    this.taskIndex.set(taskId, this.todos.length);
    this.todos.push({ text, status: 'pending' });
  }

  private updateTask(taskId: string, input: Json): void {
    const index = this.taskIndex.get(taskId.slice(0, 50));
    const todo = index === undefined ? undefined : this.todos[index];
    if (todo === undefined || index === undefined) return;
    if (input.status === 'deleted') {
      this.todos.splice(index, 1);
      this.taskIndex.delete(taskId);
      for (const [id, at] of this.taskIndex) if (at > index) this.taskIndex.set(id, at - 1);
      return;
    }
    if (typeof input.status === 'string' && TODO_STATUSES.has(input.status)) todo.status = statusOf(input.status);
    if (typeof input.subject === 'string' && input.subject.trim() !== '') todo.text = clipText(input.subject, MAX_TODO_CHARS);
  }
}

/** A JSON object with a string `type`, or null (not JSON, not an object, too long to read). */
export function parseLine(line: string): Json | null {
  if (line.length > MAX_PARSED_LINE_CHARS) return null;
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isObject(value) && typeof value.type === 'string' ? value : null;
  } catch {
    return null;
  }
}

function usageOf(usage: unknown): { input: number; output: number } {
  if (!isObject(usage)) return { input: 0, output: 0 };
  const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(value, 1e9) : 0);
  return { input: count(usage.input_tokens) + count(usage.cache_read_input_tokens) + count(usage.cache_creation_input_tokens), output: count(usage.output_tokens) };
}

function statusOf(value: unknown): ProgressTodo['status'] {
  return value === 'completed' || value === 'in_progress' ? value : 'pending';
}

function stringField(object: Json, key: string): string {
  const value = object[key];
  return typeof value === 'string' ? value : '';
}

/** One line of at most `max` characters: whitespace collapsed, the rest cut with an ellipsis. */
function clipText(text: string, max: number): string {
  // By code point, so a cut never leaves half a surrogate pair.
  const flat = Array.from(text.slice(0, max * 4).replace(/\s+/g, ' ').trim());
  return flat.length <= max ? flat.join('') : `${flat.slice(0, max - 1).join('')}…`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
