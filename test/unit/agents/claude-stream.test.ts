// The reader of Claude's stream-json output: the result it ends with, and the progress it shows on the way,
// from lines as the real claude 2.1.330 writes them and from hostile or broken ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClaudeStreamReader, MAX_PARSED_LINE_CHARS, MAX_TODO_CHARS, MAX_TODOS, parseLine } from '../../../src/agents/claude-stream.js';
import { hostileText } from '../../support/hostile-arbitraries.js';

const WORK = '/tmp/room/repo';
const line = (value: unknown): string => JSON.stringify(value);
const assistant = (id: string, content: unknown[], usage = { input_tokens: 100, output_tokens: 1 }): string =>
  line({ type: 'assistant', message: { id, role: 'assistant', content, usage }, session_id: 's' });
const toolUse = (id: string, name: string, input: unknown) => ({ type: 'tool_use', id, name, input });
const RESULT = { type: 'result', subtype: 'success', is_error: false, num_turns: 3, total_cost_usd: 0.0024, session_id: 's', result: 'done' };

function read(lines: readonly string[]): ClaudeStreamReader {
  const reader = new ClaudeStreamReader(WORK);
  for (const text of lines) reader.read(text);
  return reader;
}

describe('ClaudeStreamReader', () => {
  it('reads a run as claude writes it: init, assistant and tool-result lines, the result last', () => {
    const reader = read([
      line({ type: 'system', subtype: 'init', cwd: WORK, session_id: 'abc-123', tools: ['Write'] }),
      assistant('msg_1', [{ type: 'text', text: 'Planning.' }]),
      assistant('msg_1', [toolUse('t1', 'TaskCreate', { subject: 'Add the option', description: 'd' })]),
      assistant('msg_1', [toolUse('t2', 'TaskCreate', { subject: 'Test it', description: 'd' })]),
      line({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'Task #1 created' }] }, tool_use_result: { task: { id: '1', subject: 'Add the option' } } }),
      line({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't2', content: 'Task #2 created' }] }, tool_use_result: { task: { id: '2', subject: 'Test it' } } }),
      assistant('msg_2', [toolUse('t3', 'Write', { file_path: `${WORK}/src/greet.js`, content: 'x' })]),
      assistant('msg_3', [toolUse('t4', 'TaskUpdate', { taskId: '1', status: 'completed' }), toolUse('t5', 'TaskUpdate', { taskId: '2', status: 'in_progress' })]),
      line(RESULT),
    ]);
    expect(reader.result()).toEqual(RESULT);
    expect(reader.sessionId()).toBe('abc-123');
    expect(reader.progress()).toEqual({
      turns: 3,
      inputTokens: 300,
      outputTokens: 3,
      todos: [{ text: 'Add the option', status: 'completed' }, { text: 'Test it', status: 'in_progress' }],
      lastEdited: 'src/greet.js',
    });
    expect(reader.counts()).toEqual({ lines: 9, skipped: 0 });
  });

  it('takes a TodoWrite list as the whole list, and Edit, MultiEdit or NotebookEdit as the last edited file', () => {
    const reader = read([
      assistant('m1', [toolUse('a', 'TodoWrite', { todos: [{ content: 'One', status: 'completed', activeForm: 'x' }, { content: 'Two', status: 'weird' }, 'not a todo'] })]),
      assistant('m2', [toolUse('b', 'Edit', { file_path: '/elsewhere/notes.md', old_string: 'a', new_string: 'b' })]),
      assistant('m3', [toolUse('c', 'NotebookEdit', { notebook_path: `${WORK}/nb.ipynb` })]),
      assistant('m4', [toolUse('d', 'Read', { file_path: `${WORK}/README.md` })]),
    ]);
    expect(reader.progress().todos).toEqual([{ text: 'One', status: 'completed' }, { text: 'Two', status: 'pending' }]);
    // Outside the work tree a path is shown as given; a read is not an edit.
    expect(reader.progress().lastEdited).toBe('nb.ipynb');
    expect(reader.result()).toBeNull();
  });

  it('skips what is not a JSON event: blank, broken, truncated, arrays, strings, objects without a type, over-long lines', () => {
    const reader = read(['', '   ', 'not json', '{"type":"result"', '[1,2]', '"text"', '{"no":"type"}', `{"type":"result","pad":"${'x'.repeat(MAX_PARSED_LINE_CHARS)}"}`, 'null', '{"type":"result","is_error":false}']);
    expect(reader.counts()).toEqual({ lines: 10, skipped: 7 });
    expect(reader.result()).toEqual({ type: 'result', is_error: false });
    expect(parseLine('{"type":5}')).toBeNull();
  });

  it('ignores unknown events and fields of the wrong type without losing what it knew', () => {
    const reader = read([
      assistant('m1', [toolUse('a', 'TodoWrite', { todos: [{ content: 'Keep me', status: 'in_progress' }] })]),
      line({ type: 'stream_event', event: { type: 'content_block_delta' } }),
      line({ type: 'assistant', message: 'not an object' }),
      line({ type: 'assistant', message: { id: 'm2', content: 'not a list', usage: { input_tokens: 'many', output_tokens: -5 } } }),
      line({ type: 'assistant', message: { id: 'm3', content: [toolUse('b', 'TodoWrite', { todos: 'none' }), toolUse('c', 'Write', { file_path: 42 }), toolUse('d', 'TaskUpdate', { taskId: '99', status: 'completed' })] } }),
      line({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 'zz' }] }, tool_use_result: { task: { id: '7' } } }),
      line({ type: 'system', subtype: 'init', session_id: 12 }),
    ]);
    expect(reader.progress()).toEqual({ turns: 3, inputTokens: 100, outputTokens: 1, todos: [{ text: 'Keep me', status: 'in_progress' }], lastEdited: null });
    expect(reader.sessionId()).toBeNull();
  });

  it('bounds what it keeps: todos, their text, paths, and the ids of tasks it waits for', () => {
    const many = Array.from({ length: MAX_TODOS + 20 }, (_, i) => ({ content: `Todo ${i} ${'y'.repeat(500)}\n\n\tmore`, status: 'pending' }));
    const reader = read([
      assistant('m1', [toolUse('a', 'TodoWrite', { todos: many })]),
      assistant('m2', [toolUse('b', 'Write', { file_path: `${WORK}/${'d/'.repeat(1_000)}f.js` })]),
    ]);
    const { todos, lastEdited } = reader.progress();
    expect(todos).toHaveLength(MAX_TODOS);
    for (const todo of todos) {
      expect(Array.from(todo.text).length).toBeLessThanOrEqual(MAX_TODO_CHARS);
      expect(todo.text).not.toMatch(/\s\s|\n|\t/);
    }
    expect((lastEdited ?? '').length).toBeLessThanOrEqual(300);
  });

  it('never cuts a todo in half a surrogate pair', () => {
    const reader = read([assistant('m1', [toolUse('a', 'TodoWrite', { todos: [{ content: '😀'.repeat(MAX_TODO_CHARS * 2), status: 'pending' }] })])]);
    const text = reader.progress().todos[0]?.text ?? '';
    expect(text.endsWith('…')).toBe(true);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(text)).toBe(false);
  });

  it('a deleted task leaves the list, and later updates still find their task', () => {
    const created = (id: string, n: string) => [
      assistant(`m${n}`, [toolUse(`t${n}`, 'TaskCreate', { subject: `Task ${n}` })]),
      line({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: `t${n}` }] }, tool_use_result: { task: { id } } }),
    ];
    const reader = read([
      ...created('1', '1'), ...created('2', '2'), ...created('3', '3'),
      assistant('m4', [toolUse('u1', 'TaskUpdate', { taskId: '1', status: 'deleted' })]),
      assistant('m5', [toolUse('u2', 'TaskUpdate', { taskId: '3', status: 'completed', subject: 'Task three' })]),
    ]);
    expect(reader.progress().todos).toEqual([{ text: 'Task 2', status: 'pending' }, { text: 'Task three', status: 'completed' }]);
  });

  it('never throws on hostile lines, and whatever it keeps stays bounded', () => {
    const event = fc.oneof(
      hostileText(),
      hostileText().map((text) => assistant('m', [toolUse('a', 'TodoWrite', { todos: [{ content: text, status: 'in_progress' }] }), toolUse('b', 'Write', { file_path: text })])),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.jsonValue().map((value) => line({ type: 'assistant', message: { id: 'x', content: [value], usage: value } })),
      fc.jsonValue().map((value) => line({ type: 'user', message: { content: [value] }, tool_use_result: value })),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (lines) => {
        const reader = read(lines);
        const progress = reader.progress();
        expect(progress.todos.length).toBeLessThanOrEqual(MAX_TODOS);
        expect(Number.isFinite(progress.inputTokens + progress.outputTokens)).toBe(true);
        for (const todo of progress.todos) expect(Array.from(todo.text).length).toBeLessThanOrEqual(MAX_TODO_CHARS);
      }),
      { seed: 20_261_206, numRuns: 150 },
    );
  }, 60_000);
});
