// Trojan Source: the scanner finds bidirectional and tag characters in the lines a change adds, and the
// review prompt and the posted review say where.
import { describe, expect, it } from 'vitest';
import { describeCharacters, MAX_FINDINGS, NO_HIDDEN_CHARACTERS, scanAddedLines } from '../../../../src/core/model/trojan-source.js';
import { hiddenCharactersSection } from '../../../../src/render/hidden-characters.js';
import { reviewBody } from '../../../../src/render/review-body.js';
import { reviewPrompt } from '../../../../src/agents/prompts.js';
import { reviseReview, samplePlan } from '../../../support/render-fixtures.js';
import { validPlan } from '../../../support/codex-fixtures.js';

const RLO = '\u202E';
const LRI = '\u2066';
const PDI = '\u2069';
const RLM = '\u200F';
const TAG_A = '\u{E0041}';

// The classic Trojan Source "early return": the comment hides the closing of the condition.
const DIFF = [
  'diff --git a/src/access.js b/src/access.js',
  'index 1111111..2222222 100644',
  '--- a/src/access.js',
  '+++ b/src/access.js',
  '@@ -3,0 +4,2 @@ function check(user) {',
  `+  if (user.role != "admin${RLO} ${LRI}// Check if admin${PDI} ${LRI}") {`,
  '+    return false;',
  '@@ -10 +12 @@ export function plain() {',
  `-  const note = "a${RLO}b";`,
  '+  const note = "ab";',
  'diff --git a/notes.md b/notes.md',
  'new file mode 100644',
  'index 0000000..3333333',
  '--- /dev/null',
  '+++ b/notes.md',
  '@@ -0,0 +1,3 @@',
  '+Plain text.',
  `++++ a line that looks like a header ${TAG_A}`,
  `+Right-to-left${RLM} mark.`,
  'diff --git "a/d\\303\\251j\\303\\240.txt" "b/d\\303\\251j\\303\\240.txt"',
  '--- "a/d\\303\\251j\\303\\240.txt"',
  '+++ "b/d\\303\\251j\\303\\240.txt"',
  '@@ -1 +1 @@',
  '-old',
  `+new${RLO}`,
  'diff --git a/gone.txt b/gone.txt',
  'deleted file mode 100644',
  '--- a/gone.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  `-was here${RLO}`,
  '',
].join('\n');

describe('scanAddedLines', () => {
  it('finds bidi controls, bidi marks and tag characters in added lines only, with file, line and kind', () => {
    expect(scanAddedLines(DIFF)).toEqual({
      findings: [
        { path: 'src/access.js', line: 4, kinds: ['bidi-control'], codePoints: ['U+202E', 'U+2066', 'U+2069'] },
        { path: 'notes.md', line: 2, kinds: ['tag'], codePoints: ['U+E0041'] },
        { path: 'notes.md', line: 3, kinds: ['bidi-mark'], codePoints: ['U+200F'] },
        { path: 'déjà.txt', line: 1, kinds: ['bidi-control'], codePoints: ['U+202E'] },
      ],
      more: 0,
      complete: true,
    });
  });

  it('finds every kind: embeddings, overrides, isolates, the three marks, the whole tag block', () => {
    const chars = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u{E0000}', '\u{E007F}'];
    const diff = `+++ b/x\n@@ -0,0 +1,${chars.length} @@\n${chars.map((c) => `+a${c}b`).join('\n')}\n`;
    expect(scanAddedLines(diff).findings.map((f) => f.codePoints[0])).toEqual(chars.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`));
  });

  it('leaves alone what only looks similar: zero-width joiners, Arabic and Hebrew text, emoji', () => {
    const diff = '+++ b/x\n@@ -0,0 +1,3 @@\n+family 👨\u200D👩\n+שלום עולם\n+مرحبا\n';
    expect(scanAddedLines(diff)).toEqual(NO_HIDDEN_CHARACTERS);
  });

  it('lists a bounded number of lines and counts the rest; says when the diff was cut', () => {
    const count = MAX_FINDINGS + 7;
    const diff = `+++ b/x\n@@ -0,0 +1,${count} @@\n${Array.from({ length: count }, () => `+${RLO}`).join('\n')}\n`;
    const scan = scanAddedLines(diff, { complete: false });
    expect(scan.findings).toHaveLength(MAX_FINDINGS);
    expect(scan.more).toBe(7);
    expect(scan.complete).toBe(false);
  });
});

describe('describeCharacters', () => {
  it('names the bidi characters and summarises a run of tag characters', () => {
    expect(describeCharacters({ path: 'x', line: 1, kinds: ['bidi-control'], codePoints: ['U+202E', 'U+2066'] })).toBe(
      'U+202E (right-to-left override), U+2066 (left-to-right isolate)',
    );
    const tags = ['U+E0041', 'U+E0042', 'U+E0043', 'U+E0044', 'U+E0045', 'U+E0046'];
    expect(describeCharacters({ path: 'x', line: 1, kinds: ['tag'], codePoints: tags })).toBe(
      'U+E0041 (tag character), U+E0042 (tag character), U+E0043 (tag character), U+E0044 (tag character) and 2 more',
    );
  });
});

describe('the warning on the posted review', () => {
  const scan = scanAddedLines(DIFF);

  it('lists each line with the file as code, like GitHub warns on bidirectional text', () => {
    expect(hiddenCharactersSection(scan, 'full').join('\n\n')).toBe(
      [
        '#### Warning: hidden or bidirectional Unicode text',
        'This change adds 4 lines with characters that can make code read differently from how it runs: bidirectional controls reorder text ' +
          'on screen, tag characters are invisible. Open these lines in an editor that reveals hidden Unicode characters before trusting what the diff shows.',
        [
          '- `src/access.js` line 4: U+202E (right-to-left override), U+2066 (left-to-right isolate), U+2069 (pop directional isolate)',
          '- `notes.md` line 2: U+E0041 (tag character)',
          '- `notes.md` line 3: U+200F (right-to-left mark)',
          '- <code>déjà.txt</code> line 1: U+202E (right-to-left override)',
        ].join('\n'),
      ].join('\n\n'),
    );
  });

  it('names only the files when space is short, and says when the diff was not read whole', () => {
    expect(hiddenCharactersSection({ ...scan, complete: false }, 'minimal').slice(2)).toEqual([
      '- in `src/access.js`, `notes.md`, <code>déjà.txt</code>',
      '_The diff was too large to check completely: lines past the size limit were not checked._',
    ]);
    expect(hiddenCharactersSection(NO_HIDDEN_CHARACTERS, 'full')).toEqual([]);
  });

  it('stands in the review body after the summary, and only when there is something to say', () => {
    const base = { review: reviseReview(), plan: samplePlan(), iteration: 1, maxIterations: 5, inlineCount: 0, foldedFindings: [] };
    const body = reviewBody({ ...base, hiddenCharacters: scan });
    expect(body).toContain('#### Warning: hidden or bidirectional Unicode text');
    expect(body.indexOf('Warning: hidden')).toBeLessThan(body.indexOf('#### Tasks'));
    expect(body).not.toContain(RLO);
    expect(reviewBody({ ...base, hiddenCharacters: NO_HIDDEN_CHARACTERS })).toBe(reviewBody(base));
    expect(reviewBody(base)).not.toContain('Unicode');
  });
});

describe('the review prompt', () => {
  const request = {
    iteration: 1,
    objective: 'Check access.',
    plan: validPlan(),
    implementation: null,
    verification: [],
    diffStat: ' src/access.js | 2 ++',
    baseRef: 'main',
    headRef: 'HEAD',
    context: '',
    previousReview: null,
    humanFeedback: null,
  };

  it('tells the reviewer where the change adds hidden characters, as quoted facts', () => {
    const prompt = reviewPrompt({ persona: 'CTO', request: { ...request, hiddenCharacters: scanAddedLines(DIFF) } });
    expect(prompt).toContain('## Hidden Unicode characters (found by the system in the lines this change adds; these are facts)');
    expect(prompt).toContain('- src/access.js line 4: U+202E (right-to-left override), U+2066 (left-to-right isolate), U+2069 (pop directional isolate)\n');
    expect(prompt).toMatch(/<<<BEGIN HIDDEN CHARACTERS \(quoted data [0-9a-f]{12}\)>>>/);
    expect(prompt.endsWith('Answer with only the JSON review object that the output schema describes.')).toBe(true);
  });

  it('says nothing about them when there are none', () => {
    expect(reviewPrompt({ persona: 'CTO', request: { ...request, hiddenCharacters: NO_HIDDEN_CHARACTERS } })).not.toContain('Hidden Unicode');
  });
});
