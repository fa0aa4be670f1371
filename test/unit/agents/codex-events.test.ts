import { describe, expect, it } from 'vitest';
import { addUsage, createEventReader, emptyUsage, parseCodexEvents, sandboxFailureIn } from '../../../src/agents/codex-events.js';

const lines = (...events: unknown[]): string => events.map((event) => JSON.stringify(event)).join('\n');
const usage = { input_tokens: 100, cached_input_tokens: 10, cache_write_input_tokens: 0, output_tokens: 20, reasoning_output_tokens: 5 };

describe('parseCodexEvents', () => {
  it('reads the thread id and the usage of a completed turn', () => {
    const events = parseCodexEvents(
      lines(
        { type: 'thread.started', thread_id: '01a2-thread' },
        { type: 'turn.started' },
        { type: 'item.completed', item: { id: 'item_0', type: 'agent_message', text: '{}' } },
        { type: 'turn.completed', usage },
      ),
    );
    expect(events).toEqual({
      threadId: '01a2-thread',
      usage: { input_tokens: 100, cached_input_tokens: 10, output_tokens: 20, reasoning_output_tokens: 5 },
      errors: [],
      turnFailed: null,
      sandboxFailure: null,
    });
  });

  it('reports a failed turn with its message and collects error events and items', () => {
    const events = parseCodexEvents(
      lines(
        { type: 'thread.started', thread_id: 't' },
        { type: 'item.completed', item: { id: 'item_0', type: 'error', message: 'Falling back from WebSockets to HTTPS transport.' } },
        { type: 'error', message: 'unexpected status 500' },
        { type: 'turn.failed', error: { message: 'unexpected status 500' } },
      ),
    );
    expect(events.turnFailed).toBe('unexpected status 500');
    expect(events.errors).toEqual(['Falling back from WebSockets to HTTPS transport.', 'unexpected status 500']);
    expect(events.usage).toEqual(emptyUsage());
  });

  it('names a failed turn without a message', () => {
    expect(parseCodexEvents(lines({ type: 'turn.failed' })).turnFailed).toBe('the turn failed');
  });

  it('sums usage over turns and ignores junk lines and bad numbers', () => {
    const events = parseCodexEvents(
      [
        'WARNING: not an event',
        lines({ type: 'turn.completed', usage }),
        '{ broken json',
        '[1,2]',
        lines({ type: 'turn.completed', usage: { input_tokens: -5, output_tokens: 'many', cached_input_tokens: 1 } }),
        '',
      ].join('\n'),
    );
    expect(events.usage).toEqual({ input_tokens: 100, cached_input_tokens: 11, output_tokens: 20, reasoning_output_tokens: 5 });
    expect(events.threadId).toBeNull();
  });

  it('spots a sandbox that could not start in a failed command', () => {
    const events = parseCodexEvents(
      lines({
        type: 'item.completed',
        item: {
          type: 'command_execution',
          command: "/bin/bash -lc 'ls'",
          aggregated_output: 'bwrap: Creating new namespace failed: nesting depth or /proc/sys/user/max_*_namespaces exceeded (ENOSPC)\n',
          exit_code: 1,
          status: 'failed',
        },
      }),
    );
    expect(events.sandboxFailure).toBe('bwrap: Creating new namespace failed: nesting depth or /proc/sys/user/max_*_namespaces exceeded (ENOSPC)');
  });

  it('does not mistake a refused write or a successful command for a sandbox failure', () => {
    const events = parseCodexEvents(
      lines(
        { type: 'item.completed', item: { type: 'command_execution', aggregated_output: "touch: cannot touch 'x': Read-only file system\n", exit_code: 1 } },
        { type: 'item.completed', item: { type: 'command_execution', aggregated_output: 'bwrap: mentioned in docs\n', exit_code: 0 } },
      ),
    );
    expect(events.sandboxFailure).toBeNull();
  });

  it('keeps at most 20 errors', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ type: 'error', message: `retry ${i}` }));
    expect(parseCodexEvents(lines(...many)).errors).toHaveLength(20);
  });
});

describe('createEventReader', () => {
  it('gives the same result line by line as all at once', () => {
    const text = lines({ type: 'thread.started', thread_id: 'x' }, { type: 'turn.completed', usage });
    const reader = createEventReader();
    for (const line of text.split('\n')) reader.push(line);
    expect(reader.result()).toEqual(parseCodexEvents(text));
  });
});

describe('sandboxFailureIn', () => {
  it('finds bubblewrap and user-namespace errors', () => {
    expect(sandboxFailureIn('x\nbwrap: setting up uid map: Permission denied\ny')).toBe('bwrap: setting up uid map: Permission denied');
    expect(sandboxFailureIn('error: No permissions to create new namespace, likely because the kernel does not allow non-privileged user namespaces'))
      .toContain('non-privileged user namespaces');
    expect(sandboxFailureIn('unexpected status 500')).toBeNull();
  });
});

describe('addUsage', () => {
  it('adds field by field', () => {
    const one = { input_tokens: 1, cached_input_tokens: 2, output_tokens: 3, reasoning_output_tokens: 4 };
    expect(addUsage(one, one)).toEqual({ input_tokens: 2, cached_input_tokens: 4, output_tokens: 6, reasoning_output_tokens: 8 });
  });
});
