// fast-check arbitraries for hostile input: markup fragments that hide text, credential shapes,
// and structured values (webhook payloads, model outputs) mutated at random paths.
import fc from 'fast-check';

/** Pieces that open, close or hide things in markdown and HTML, plus invisible and control characters. */
export const MARKUP_FRAGMENTS: readonly string[] = [
  '<!--', '-->', '<!-->', '--!>', '<!', '--', '-', '<span hidden>', '</span>', '<div style="display:none">', '</div>',
  '<details>', '</details>', '<script>', '</script>', '<img alt="x" src="y">', '<a title="t" href="h">', '<p', '<div title="',
  '![', '](', ')', '(', '[', ']', ']: ', '[//]: # (', '"', "'", '`', '```', '\\', '<', '>', '=', ' hidden', 'word', ' ',
  '\n', '\n\n\n', '   ', '\t', '\r', '\r\n', '\u2028', '\u0085', '\u200B', '\u200D', '\u202E', '\u2066', '\u00AD', '\uFEFF',
  '\uFE0F', '\u{E0041}', '\u{E0100}', '\u0000', '\u001B', '\u009B', '\u007F', '\uD800', '\uDC00', 'e\u0301', '\u{1F600}',
  '&#8203;', '&#x202E;', '&zwj;', '&#65;', '/cto approve', 'BEGIN UNTRUSTED DATA', 'END UNTRUSTED DATA', '<<<', '>>>',
  '<!-- codex-cto:state AAAA -->', 'x'.repeat(70), ' '.repeat(70),
];

/** Text assembled from markup fragments and random code points (lone surrogates included). */
export function hostileText(maxParts = 60): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom(...MARKUP_FRAGMENTS), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: maxParts })
    .map((parts) => parts.join(''));
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const chars = (alphabet: string, min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });

/** Credentials in every shape the redactor knows, as they appear in the wild. */
export function tokenShaped(): fc.Arbitrary<string> {
  const b64url = `${ALNUM}_-`;
  return fc.oneof(
    fc.tuple(fc.constantFrom('ghp', 'gho', 'ghu', 'ghs', 'ghr'), chars(ALNUM, 36, 40)).map(([p, t]) => `${p}_${t}`),
    fc.tuple(chars(ALNUM, 22, 22), chars(ALNUM, 59, 59)).map(([a, b]) => `github_pat_${a}_${b}`),
    fc.tuple(fc.constantFrom('', 'proj-', 'svcacct-', 'ant-api03-'), chars(`${ALNUM}_-`, 24, 60)).map(([p, t]) => `sk-${p}${t}`),
    chars(ALNUM, 24, 40).map((t) => `sess-${t}`),
    fc.tuple(chars(b64url, 10, 40), chars(b64url, 10, 60), chars(b64url, 0, 43)).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`),
  );
}

/** Text that can sit right before a credential: ends with something that is not part of a word. */
export function separatorText(): fc.Arbitrary<string> {
  return fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom(' ', '\n', '"', "'", '=', ':', '(', ',', '<', '/', '[')).map(([a, b]) => a + b);
}

const DELETE = Symbol('delete');

/** A value that breaks expectations: wrong types, huge and odd numbers, markers, commands. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(
      null, undefined, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Infinity, '', ' ', 'Bot', 'User',
      'codex-cto', '/cto approve', '/cto review', 'labeled', 'created', '<!-- codex-cto:state AAAA -->', '__proto__', [], {},
      'github-actions[bot]', 'T1', 'T99', '../etc/passwd',
    ),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.integer(),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constant(DELETE),
  );
}

/** `seed` with a few values at random paths replaced by hostile ones, or removed. */
export function mutated<T>(seeds: readonly T[], maxEdits = 6): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), hostileValue()), { maxLength: maxEdits }))
    .map(([seed, edits]) => {
      const root: { value: unknown } = { value: structuredClone(seed) };
      for (const [pick, value] of edits) {
        const slots = slotsOf(root);
        const [parent, key] = slots[pick % slots.length] as [Record<string | number, unknown>, string | number];
        if (value === DELETE) {
          if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
          else delete parent[key];
        } else if (Array.isArray(parent)) parent[key as number] = value;
        // Defined, not assigned: assigning a `__proto__` key would change the prototype instead.
        else Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
      }
      return root.value;
    });
}

/** Every (container, key) pair in a JSON-like value, the root included. */
function slotsOf(root: { value: unknown }): [object, string | number][] {
  const slots: [object, string | number][] = [[root, 'value']];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach((item, i) => (slots.push([value, i]), visit(item)));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        slots.push([value, key]);
        visit(item);
      }
    }
  };
  visit(root.value);
  return slots;
}
