// The diff parser decides which lines an inline review comment may target.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayPath, parseUnifiedDiff, unquote } from '../../support/github/diff.js';
import { parseRawBlobs } from '../../support/github/git-queries.js';

/** `git diff -M main...f` of a branch that edits, adds, deletes, renames, changes a binary and two odd paths. */
const SAMPLE_DIFF = [
  'diff --git a/a.txt b/a.txt',
  'index 0ff3bbb..5051ca8 100644',
  '--- a/a.txt',
  '+++ b/a.txt',
  '@@ -2,7 +2,7 @@',
  ' 2',
  ' 3',
  ' 4',
  '-5',
  '+five',
  ' 6',
  ' 7',
  ' 8',
  '@@ -15,6 +15,6 @@',
  ' 15',
  ' 16',
  ' 17',
  '-18',
  '+eighteen',
  ' 19',
  ' 20',
  'diff --git a/added.txt b/added.txt',
  'new file mode 100644',
  'index 0000000..07f33c4',
  '--- /dev/null',
  '+++ b/added.txt',
  '@@ -0,0 +1,2 @@',
  '+new',
  '+file',
  'diff --git a/b.bin b/b.bin',
  'index 88768ef..3e3315e 100644',
  'Binary files a/b.bin and b/b.bin differ',
  'diff --git a/gone.txt b/gone.txt',
  'deleted file mode 100644',
  'index 3367afd..0000000',
  '--- a/gone.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-old',
  'diff --git a/moved.txt b/renamed.txt',
  'similarity index 100%',
  'rename from moved.txt',
  'rename to renamed.txt',
  'diff --git a/sp ace.txt b/sp ace.txt',
  'index c1b0730..e25f181 100644',
  '--- a/sp ace.txt\t',
  '+++ b/sp ace.txt\t',
  '@@ -1 +1 @@',
  '-x',
  '\\ No newline at end of file',
  '+y',
  '\\ No newline at end of file',
  'diff --git "a/tab\\"q.txt" "b/tab\\"q.txt"',
  'index ea0c8a8..1d2f014 100644',
  '--- "a/tab\\"q.txt"',
  '+++ "b/tab\\"q.txt"',
  '@@ -1 +1 @@',
  '-q',
  '\\ No newline at end of file',
  '+r',
  '\\ No newline at end of file',
].join('\n') + '\n';

describe('parseUnifiedDiff', () => {
  const files = parseUnifiedDiff(SAMPLE_DIFF);
  const byPath = (path: string) => {
    const file = files.find((f) => displayPath(f) === path);
    if (!file) throw new Error(`no ${path}`);
    return file;
  };

  it('finds every file with its status', () => {
    expect(files.map((f) => [displayPath(f), f.status, f.binary])).toEqual([
      ['a.txt', 'modified', false],
      ['added.txt', 'added', false],
      ['b.bin', 'modified', true],
      ['gone.txt', 'removed', false],
      ['renamed.txt', 'renamed', false],
      ['sp ace.txt', 'modified', false],
      ['tab"q.txt', 'modified', false],
    ]);
    expect(byPath('renamed.txt').oldPath).toBe('moved.txt');
    expect(byPath('gone.txt').newPath).toBeNull();
    expect(byPath('added.txt').oldPath).toBeNull();
  });

  it('lists the RIGHT-side lines shown in each hunk (context and added), and the LEFT-side ones', () => {
    const file = byPath('a.txt');
    expect([...file.right.keys()]).toEqual([2, 3, 4, 5, 6, 7, 8, 15, 16, 17, 18, 19, 20]);
    expect([...file.left.keys()]).toEqual([2, 3, 4, 5, 6, 7, 8, 15, 16, 17, 18, 19, 20]);
    expect(file.right.has(1)).toBe(false);
    expect(file.right.has(10)).toBe(false);
    expect(file.right.get(5)).toBe(0);
    expect(file.right.get(18)).toBe(1);
    expect([file.additions, file.deletions]).toEqual([2, 2]);
    expect([...byPath('added.txt').right.keys()]).toEqual([1, 2]);
    expect(byPath('gone.txt').right.size).toBe(0);
    expect([...byPath('gone.txt').left.keys()]).toEqual([1]);
    expect(byPath('renamed.txt').right.size).toBe(0);
  });

  it('counts legacy positions from the line under the first hunk header, hunk headers included', () => {
    const file = byPath('a.txt');
    expect(file.positions.get(1)).toEqual({ side: 'RIGHT', line: 2 });
    expect(file.positions.get(4)).toEqual({ side: 'LEFT', line: 5 });
    expect(file.positions.get(5)).toEqual({ side: 'RIGHT', line: 5 });
    // Position 9 is the second hunk header; position 10 is line 15.
    expect(file.positions.has(9)).toBe(false);
    expect(file.positions.get(10)).toEqual({ side: 'RIGHT', line: 15 });
    const noNewline = byPath('sp ace.txt');
    expect(noNewline.positions.get(1)).toEqual({ side: 'LEFT', line: 1 });
    expect(noNewline.positions.get(3)).toEqual({ side: 'RIGHT', line: 1 });
  });

  it('keeps the patch from the first hunk header on, and none for binaries', () => {
    expect(byPath('added.txt').patch).toBe('@@ -0,0 +1,2 @@\n+new\n+file');
    expect(byPath('b.bin').patch).toBe('');
  });

  it('never throws and only reports positive line numbers, whatever the input', () => {
    fc.assert(fc.property(fc.array(fc.oneof(
      fc.string(),
      fc.constantFrom('diff --git a/x b/x', '@@ -1,2 +1,3 @@', '@@ -0,0 +1 @@', '+added', '-removed', ' context', '\\ No newline at end of file', '--- a/x', '+++ b/x', 'rename to y'),
    )), (lines) => {
      for (const file of parseUnifiedDiff(lines.join('\n'))) {
        for (const line of [...file.right.keys(), ...file.left.keys()]) expect(line).toBeGreaterThanOrEqual(0);
      }
    }));
  });
});

describe('unquote', () => {
  it('undoes git path quoting, octal UTF-8 bytes included', () => {
    expect(unquote('"a/tab\\"q.txt"')).toBe('a/tab"q.txt');
    expect(unquote('"caf\\303\\251.txt"')).toBe('café.txt');
    expect(unquote('plain.txt')).toBe('plain.txt');
  });
});

describe('parseRawBlobs', () => {
  it('maps paths to new blob ids, old ids for deletions, new names for renames', () => {
    const raw = [
      ':100644 100644 aaa bbb M', 'a.txt',
      ':100644 000000 ccc 000 D', 'gone.txt',
      ':100644 100644 ddd ddd R100', 'moved.txt', 'renamed.txt',
      '',
    ].join('\0');
    expect(Object.fromEntries(parseRawBlobs(raw))).toEqual({ 'a.txt': 'bbb', 'gone.txt': 'ccc', 'renamed.txt': 'ddd' });
  });
});
