// The runner's formats: action.yml inputs, file commands and workflow commands.
import { describe, expect, it } from 'vitest';
import { inputEnvName, parseActionManifest, parseFileCommands, parseWorkflowCommands } from '../../support/runner-files.js';
import { inputEnv } from '../../support/runner.js';

const MANIFEST = `
name: x
inputs:
  github-token:
    default: \${{ github.token }}
  max-iterations:
    default: 5
  free text:
    description: no default
runs:
  using: node24
  main: dist/index.js
  post: dist/post/index.js
`;

describe('action.yml', () => {
  const manifest = parseActionManifest(MANIFEST);

  it('reads inputs with string defaults and the entry points', () => {
    expect(manifest.inputs).toEqual({
      'github-token': { default: '${{ github.token }}' },
      'max-iterations': { default: '5' },
      'free text': { description: 'no default' },
    });
    expect(manifest.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js' });
  });

  it('sets INPUT_ variables like the runner: hyphens kept, spaces to underscores, defaults expanded', () => {
    expect(inputEnvName('github-token')).toBe('INPUT_GITHUB-TOKEN');
    expect(inputEnvName('free text')).toBe('INPUT_FREE_TEXT');
    expect(inputEnv(manifest, { 'max-iterations': '2' }, 'ghs_t')).toEqual({ 'INPUT_GITHUB-TOKEN': 'ghs_t', 'INPUT_MAX-ITERATIONS': '2' });
  });

  it('refuses undeclared inputs and expressions it cannot evaluate', () => {
    expect(() => inputEnv(manifest, { 'no-such-input': 'x' }, 't')).toThrow('not declared');
    const odd = parseActionManifest('inputs:\n  a:\n    default: ${{ github.actor }}\nruns:\n  using: node24\n  main: x.js\n');
    expect(() => inputEnv(odd, {}, 't')).toThrow('github.actor');
  });
});

describe('parseFileCommands', () => {
  it('reads heredoc blocks and plain lines; later values win', () => {
    const text = 'a<<ghadelimiter_1\nline 1\nline 2\nghadelimiter_1\nb=plain=value\na<<EOF\nlast\nEOF\n';
    expect(parseFileCommands(text)).toEqual({ a: 'last', b: 'plain=value' });
  });

  it('keeps empty values and fails on an unterminated block', () => {
    expect(parseFileCommands('empty<<D\nD\n')).toEqual({ empty: '' });
    expect(() => parseFileCommands('x<<D\nnever closed\n')).toThrow('closing delimiter');
  });
});

describe('parseWorkflowCommands', () => {
  it('parses commands with properties and undoes the escapes', () => {
    const stdout = [
      'plain log line',
      '::add-mask::s3cr%25t',
      '::error file=src/a.ts,line=3,title=Bad%3A thing%2C really::first%0Asecond',
      '  ::warning::indented',
      '::endgroup::',
      ':: not a command',
    ].join('\n');
    expect(parseWorkflowCommands(stdout)).toEqual([
      { command: 'add-mask', properties: {}, message: 's3cr%t' },
      { command: 'error', properties: { file: 'src/a.ts', line: '3', title: 'Bad: thing, really' }, message: 'first\nsecond' },
      { command: 'warning', properties: {}, message: 'indented' },
      { command: 'endgroup', properties: {}, message: '' },
    ]);
  });
});
