import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCommand } from '../../../../src/action/event/comment-command.js';

/** The command word and the rest of its line (the feedback text has tests of its own below). */
const find = (body: string, prefix = '/cto') => {
  const found = findCommand(body, prefix);
  return found === null ? null : { command: found.command, args: found.args };
};
const lines = (...rows: string[]) => rows.join('\n');

describe('findCommand: the feedback a command carries', () => {
  it('is the rest of the command line and every line after it, trimmed', () => {
    const body = lines('Thanks for the PR.', '/cto revise  make the greeting louder', '', '- keep the default quiet', '- add a test  ', '');
    expect(findCommand(body, '/cto')).toEqual({
      command: 'revise',
      args: 'make the greeting louder',
      text: 'make the greeting louder\n\n- keep the default quiet\n- add a test',
    });
  });

  it('is only the following lines when the command line has nothing after the word, and empty when nothing follows', () => {
    expect(findCommand(lines('/cto continue', 'Use en-GB.'), '/cto')?.text).toBe('Use en-GB.');
    expect(findCommand('/cto continue', '/cto')?.text).toBe('');
  });

  it('finds /cto revise as a command word', () => {
    expect(find('/cto revise add tests')).toEqual({ command: 'revise', args: 'add tests' });
  });
});

describe('findCommand: what counts as a command', () => {
  it.each([
    ['/cto review', 'review'],
    ['/cto continue', 'continue'],
    ['/cto stop', 'stop'],
    ['/cto approve', 'approve'],
  ] as const)('finds %j', (body, command) => {
    expect(find(body)).toEqual({ command, args: '' });
  });

  it('reads the rest of the line as trimmed arguments', () => {
    expect(find('/cto review   focus on the parser  ')).toEqual({ command: 'review', args: 'focus on the parser' });
  });

  it('takes the command word in any case but reports it in lower case', () => {
    expect(find('/cto REVIEW')).toEqual({ command: 'review', args: '' });
    expect(find('/cto Approve')).toEqual({ command: 'approve', args: '' });
  });

  it('keeps the prefix case-sensitive', () => {
    expect(find('/CTO review')).toBeNull();
    expect(find('/Cto review')).toBeNull();
  });

  it('accepts tabs and several spaces between prefix and word', () => {
    expect(find('/cto\treview')?.command).toBe('review');
    expect(find('/cto    stop')?.command).toBe('stop');
  });

  it('accepts up to three spaces of indentation, as markdown does for a paragraph', () => {
    expect(find('   /cto review')?.command).toBe('review');
  });

  it('finds a command on a later line of a longer comment', () => {
    expect(find(lines('Thanks, this looks close.', '', '/cto review please', 'More text.'))).toEqual({
      command: 'review',
      args: 'please',
    });
  });

  it('finds a command on the line right after a paragraph line', () => {
    expect(find(lines('Looks good to me', '/cto approve'))?.command).toBe('approve');
  });

  it('handles Windows line endings', () => {
    expect(find('hello\r\n/cto stop\r\n')).toEqual({ command: 'stop', args: '' });
  });

  it('lets the first valid command win', () => {
    expect(find(lines('/cto stop', '/cto review'))?.command).toBe('stop');
  });

  it('skips an unknown command word and goes on to a valid one', () => {
    expect(find(lines('/cto deploy now', '/cto continue'))).toEqual({ command: 'continue', args: '' });
  });

  it('works with another prefix, escaping its characters', () => {
    expect(find('!bot review', '!bot')?.command).toBe('review');
    expect(find('/cto review', '!bot')).toBeNull();
    expect(find('@codex-cto stop', '@codex-cto')?.command).toBe('stop');
    expect(find('/c.o review', '/c.o')?.command).toBe('review');
    expect(find('/cxo review', '/c.o')).toBeNull();
  });
});

describe('findCommand: what does not count', () => {
  it.each([
    ['/ctoreview', 'no space after the prefix'],
    ['/cto', 'the prefix alone'],
    ['/cto ', 'the prefix and a space'],
    ['x /cto review', 'text before the prefix'],
    ['please run /cto review', 'the prefix in the middle of a line'],
    ['/cto reviewed', 'a longer word'],
    ['/cto review!', 'punctuation glued to the word'],
    ['/cto deploy', 'an unknown word'],
    ['- /cto review', 'a list item'],
    ['# /cto review', 'a heading'],
    ['"/cto review"', 'a quoted string'],
    ['\u200b/cto review', 'a zero-width space before the prefix'],
    ['', 'an empty body'],
  ])('%j (%s)', (body) => {
    expect(find(body)).toBeNull();
  });

  it('ignores a command inside a backtick fence', () => {
    expect(find(lines('```', '/cto review', '```'))).toBeNull();
  });

  it('ignores a command inside a tilde fence with an info string', () => {
    expect(find(lines('~~~text', '/cto review', '~~~'))).toBeNull();
  });

  it('ignores a command inside an indented fence', () => {
    expect(find(lines('   ```sh', '/cto review', '   ```'))).toBeNull();
  });

  it('treats an unclosed fence as running to the end of the comment', () => {
    expect(find(lines('```', 'code', '/cto review'))).toBeNull();
  });

  it('does not close a backtick fence with a tilde fence or a shorter fence', () => {
    expect(find(lines('````', '~~~', '```', '/cto review', '````'))).toBeNull();
  });

  it('does not close a fence with a line that has text after the fence', () => {
    expect(find(lines('```', '``` not a close', '/cto review', '```'))).toBeNull();
  });

  it('finds a command after a fence is closed', () => {
    expect(find(lines('```', '/cto stop', '```', '/cto review'))?.command).toBe('review');
  });

  it('ignores a command in an indented code block', () => {
    expect(find(lines('Example:', '', '    /cto review'))).toBeNull();
    expect(find('\t/cto review')).toBeNull();
  });

  it('ignores a four-space indented command even as a paragraph continuation', () => {
    expect(find(lines('text', '    /cto review'))).toBeNull();
  });

  it('ignores a command in inline code', () => {
    expect(find('`/cto review`')).toBeNull();
    expect(find('Use `/cto review` to ask for a review')).toBeNull();
  });

  it('ignores a command on a line that an inline code span spans into', () => {
    expect(find(lines('Try ``this', '/cto review', 'one`` later'))).toBeNull();
  });

  it('treats a lone backtick as literal, so the next line still counts', () => {
    expect(find(lines('a stray ` backtick', '/cto review'))?.command).toBe('review');
  });

  it('ends an inline code span search at a blank line', () => {
    expect(find(lines('open ` here', '', '/cto review', 'close ` there'))?.command).toBe('review');
  });

  it('does not open a code span on an escaped backtick', () => {
    expect(find(lines('an escaped \\` tick', '/cto review', 'and ` another'))?.command).toBe('review');
  });

  it('ignores a command in a blockquote', () => {
    expect(find('> /cto review')).toBeNull();
    expect(find('   > /cto review')).toBeNull();
    expect(find('>/cto review')).toBeNull();
  });

  it('ignores a command on a lazy continuation line of a blockquote', () => {
    expect(find(lines('> someone said', '/cto review'))).toBeNull();
  });

  it('finds a command after a blockquote ended with a blank line', () => {
    expect(find(lines('> someone said', '> /cto stop', '', '/cto review'))?.command).toBe('review');
  });

  it('ignores a command inside an HTML comment on one line or across lines', () => {
    expect(find('<!-- /cto review -->')).toBeNull();
    expect(find(lines('<!--', '/cto review', '-->'))).toBeNull();
    expect(find(lines('text <!-- hidden', '', '/cto review', 'still hidden -->'))).toBeNull();
  });

  it('treats an unclosed HTML comment as hiding the rest', () => {
    expect(find(lines('<!-- never closed', '/cto review'))).toBeNull();
  });

  it('finds a command after an HTML comment closes', () => {
    expect(find(lines('<!-- /cto stop -->', '/cto review'))?.command).toBe('review');
    expect(find(lines('<!--', 'hidden', '--> visible', '/cto approve'))?.command).toBe('approve');
  });

  it('does not open an HTML comment inside inline code', () => {
    expect(find(lines('`<!--` is how comments start', '/cto review'))?.command).toBe('review');
  });

  it('does not open a code span inside an HTML comment', () => {
    expect(find(lines('<!-- ` -->', '/cto review', 'a ` later'))?.command).toBe('review');
  });

  it('ignores a fence that sits inside an HTML comment', () => {
    expect(find(lines('<!--', '```', '-->', '/cto review'))?.command).toBe('review');
  });

  it('ignores a command inside a raw <pre> block', () => {
    expect(find(lines('<pre>', '/cto review', '</pre>'))).toBeNull();
    expect(find(lines('<pre>', '/cto stop', '</pre>', '/cto review'))?.command).toBe('review');
  });

  it('never throws on odd input', () => {
    expect(findCommand(undefined as unknown as string, '/cto')).toBeNull();
    expect(findCommand('/cto review', '')).toBeNull();
    expect(find('`'.repeat(10_000))).toBeNull();
    expect(find('<!--'.repeat(1_000))).toBeNull();
  });
});

describe('findCommand: generated bodies', () => {
  const piece = fc.constantFrom('/cto review', '/cto stop', '```', '~~~', '`', '``', '> ', '<!--', '-->', '    ', '\t', '\n', '\n\n', 'text', '<pre>', '</pre>', '\\');

  it('never throws and only ever returns a known command with one-line args', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 40 }), (parts) => {
        const found = find(parts.join(''));
        if (found !== null) {
          expect(['review', 'continue', 'stop', 'approve']).toContain(found.command);
          expect(found.args).not.toContain('\n');
        }
      }),
      { numRuns: 2_000, seed: 20261122 },
    );
  }, 30_000);

  it('never finds a command inside a closed fence, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('x', '/cto review', '> q', '`a`', ''), { maxLength: 5 }), (inside) => {
        expect(find(['```', ...inside, '```'].join('\n'))).toBeNull();
      }),
      { numRuns: 1_000, seed: 20261122 },
    );
  });
});
