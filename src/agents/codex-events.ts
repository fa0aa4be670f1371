// Reads the JSONL event stream of `codex exec --json`: the thread to resume, token usage, error
// messages, a failed turn, and signs that the sandbox itself could not start. Events are read
// line by line as they arrive, so a long stream never has to be held in memory.
import type { TokenUsage } from '../core/ports.js';

export interface CodexEvents {
  threadId: string | null;
  usage: TokenUsage;
  /** Messages of `error` events and error items (some are only retries and fallbacks). */
  errors: string[];
  /** The message of `turn.failed`, or null when no turn failed. */
  turnFailed: string | null;
  /** What a command printed when the sandbox could not start (bubblewrap, namespaces), or null. */
  sandboxFailure: string | null;
}

/** Errors kept: enough to explain a failure, bounded against a chatty stream. */
const MAX_ERRORS = 20;

/** Lines bubblewrap prints when it cannot set up the sandbox (no unprivileged user namespaces and the like). */
const SANDBOX_FAILURE =
  /^bwrap: .*|^.*(?:(?:un|non-)privileged user namespaces?|create new namespace|creating new namespace failed|setting up uid map).*$/im;

export function emptyUsage(): TokenUsage {
  return { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0 };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
  };
}

/** The sandbox failure named in some text (a message, stderr), or null. */
export function sandboxFailureIn(text: string): string | null {
  return SANDBOX_FAILURE.exec(text)?.[0].trim() ?? null;
}

/** An accumulator fed one stdout line at a time; lines that are not JSON events are skipped. */
export function createEventReader(): { push(line: string): void; result(): CodexEvents } {
  const events: CodexEvents = { threadId: null, usage: emptyUsage(), errors: [], turnFailed: null, sandboxFailure: null };
  const addError = (message: unknown): void => {
    if (typeof message === 'string' && message !== '' && events.errors.length < MAX_ERRORS) events.errors.push(message);
  };
  return {
    push(line: string): void {
      const event = parseLine(line);
      if (!event) return;
      switch (event['type']) {
        case 'thread.started':
          if (typeof event['thread_id'] === 'string') events.threadId = event['thread_id'];
          break;
        case 'turn.completed':
          events.usage = addUsage(events.usage, usageOf(event['usage']));
          break;
        case 'turn.failed': {
          const error = record(event['error']);
          events.turnFailed = typeof error?.['message'] === 'string' ? error['message'] : 'the turn failed';
          break;
        }
        case 'error':
          addError(event['message']);
          break;
        case 'item.completed': {
          const item = record(event['item']);
          if (item?.['type'] === 'error') addError(item['message']);
          if (item?.['type'] === 'command_execution' && item['exit_code'] !== 0 && events.sandboxFailure === null) {
            const output = typeof item['aggregated_output'] === 'string' ? item['aggregated_output'] : '';
            events.sandboxFailure = sandboxFailureIn(output);
          }
          break;
        }
      }
    },
    result(): CodexEvents {
      return { ...events, errors: [...events.errors] };
    },
  };
}

export function parseCodexEvents(jsonl: string): CodexEvents {
  const reader = createEventReader();
  for (const line of jsonl.split('\n')) reader.push(line);
  return reader.result();
}

function parseLine(line: string): Record<string, unknown> | null {
  const text = line.trim();
  if (!text.startsWith('{')) return null;
  try {
    return record(JSON.parse(text));
  } catch {
    return null;
  }
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function usageOf(value: unknown): TokenUsage {
  const usage = record(value) ?? {};
  const count = (key: keyof TokenUsage): number => {
    const n = usage[key];
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : 0;
  };
  return {
    input_tokens: count('input_tokens'),
    cached_input_tokens: count('cached_input_tokens'),
    output_tokens: count('output_tokens'),
    reasoning_output_tokens: count('reasoning_output_tokens'),
  };
}
