import { describe, expect, it } from 'vitest';
import type { ImplementRequest } from '../../../src/core/ports.js';
import { claudeArgs, formatUsd, preApproved, toolNames, type ClaudeOptions } from '../../../src/agents/claude-args.js';
import { implementPrompt, workerSystemPrompt } from '../../../src/agents/implement-prompt.js';

const OPTIONS: ClaudeOptions = {
  binary: 'claude',
  workdir: '/repo',
  env: {},
  model: null,
  maxTurns: 40,
  allowedTools: ['Read', 'Edit', 'Write', 'Glob', 'Grep', 'Bash'],
  timeoutMs: 60_000,
};

const REQUEST: ImplementRequest = {
  iteration: 1,
  objective: 'Add greet',
  plan: { objective: 'Add greet', analysis: '', strategy: '', assumptions: [], open_questions: [], tasks: [], verification: [] },
  feedback: null,
  diffStat: '',
  humanFeedback: null,
  sessionId: null,
  budgetUsd: null,
};

/** The value following a flag, or undefined when the flag is absent. */
function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

describe('claudeArgs', () => {
  it('builds a headless streaming run with turn cap, tool lists, acceptEdits and the worker rules', () => {
    const args = claudeArgs(REQUEST, OPTIONS);
    expect(args.slice(0, -2)).toEqual([
      '-p',
      '--output-format', 'stream-json', '--verbose',
      '--max-turns', '40',
      '--tools', 'Read,Edit,Write,Glob,Grep,Bash',
      '--allowedTools', 'Read,Glob,Grep,Bash',
      '--permission-mode', 'acceptEdits',
      '--append-system-prompt', workerSystemPrompt(),
    ]);
  });

  it('passes the prompt last, after --, so variadic list flags cannot swallow it', () => {
    const args = claudeArgs(REQUEST, OPTIONS);
    expect(args.at(-2)).toBe('--');
    expect(args.at(-1)).toBe(implementPrompt(REQUEST));
  });

  it('adds model, budget and resume only when set', () => {
    const plain = claudeArgs(REQUEST, OPTIONS);
    for (const name of ['--model', '--max-budget-usd', '--resume']) expect(plain).not.toContain(name);
    const args = claudeArgs({ ...REQUEST, sessionId: '5a1e', budgetUsd: 1.23456 }, { ...OPTIONS, model: 'sonnet' });
    expect(flag(args, '--model')).toBe('sonnet');
    expect(flag(args, '--max-budget-usd')).toBe('1.2345');
    expect(flag(args, '--resume')).toBe('5a1e');
    expect(args.indexOf('--resume')).toBeLessThan(args.indexOf('--'));
  });

  it('falls back to the default tools when the list is empty (its task list among them) and keeps turns a positive integer', () => {
    const args = claudeArgs(REQUEST, { ...OPTIONS, allowedTools: [], maxTurns: 0 });
    expect(flag(args, '--tools')).toBe('Read,Edit,Write,Glob,Grep,Bash,TaskCreate,TaskUpdate,TaskList,TaskGet');
    expect(flag(args, '--allowedTools')).toBe('Read,Glob,Grep,Bash,TaskCreate,TaskUpdate,TaskList,TaskGet');
    expect(flag(args, '--max-turns')).toBe('1');
  });

  it('omits --allowedTools when only file-edit tools are configured', () => {
    const args = claudeArgs(REQUEST, { ...OPTIONS, allowedTools: ['Edit', 'Write'] });
    expect(args).not.toContain('--allowedTools');
    expect(flag(args, '--tools')).toBe('Edit,Write');
  });
});

describe('tool lists', () => {
  it('offers the base tool of every rule once', () => {
    expect(toolNames(['Read', 'Bash(npm test:*)', 'Bash(git diff:*)', ' Grep '])).toEqual(['Read', 'Bash', 'Grep']);
  });

  it('pre-approves rules but leaves bare file edits to acceptEdits (inside the working directory only)', () => {
    expect(preApproved(['Read', 'Edit', 'Write', 'MultiEdit', 'Write(docs/**)', 'Bash(npm test:*)', 'Read']))
      .toEqual(['Read', 'Write(docs/**)', 'Bash(npm test:*)']);
  });
});

describe('formatUsd', () => {
  it('rounds down to four decimals without exponent notation', () => {
    expect(formatUsd(2)).toBe('2');
    expect(formatUsd(0.5)).toBe('0.5');
    expect(formatUsd(1e-7)).toBe('0');
    expect(formatUsd(-3)).toBe('0');
    expect(formatUsd(10.99999)).toBe('10.9999');
  });
});
