// What people copy must paste as it reads: the hints codex-cto gives with a failure (install and fix
// commands, settings to change), the commands its comments suggest, and the README's code. None may
// carry an invisible character (format characters, unusual spaces, bidi marks), whether written into
// the source or added while rendering (a zero-width space that defuses a mention, say).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ACTION_ADVICE } from '../../../src/action/report/action-advice.js';
import { CLI_ADVICE } from '../../../src/cli/cli-advice.js';
import { CtoError } from '../../../src/core/model/errors.js';
import { requireKeys } from '../../../src/action/settings/required-keys.js';
import { errorSection } from '../../../src/render/parts.js';
import { trackingComment } from '../../../src/render/tracking-comment.js';
import { installCommand } from '../../../src/core/model/versions.js';
import type { LoopState } from '../../../src/core/model/schema-types.js';
import { trackingState, trackingView } from '../../support/render-fixtures.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Invisible or look-alike characters: format characters, every space but U+0020, line separators, fillers. */
// eslint-disable-next-line no-misleading-character-class -- the class lists invisible characters one by one on purpose
const INVISIBLE = /[\p{Cf}\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\u00AD\u034F\u115F\u1160\u180E\u3164\uFFA0]/u;

/** Where an invisible character sits in `text`, or null. */
function invisibleIn(text: string): string | null {
  const match = INVISIBLE.exec(text);
  if (match === null) return null;
  const at = match.index;
  return `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} in ${JSON.stringify(text.slice(Math.max(0, at - 30), at + 30))}`;
}

/** What a reader sees and copies: numeric character references decoded (`&#8203;` is a zero-width space). */
function decoded(markdown: string): string {
  return markdown
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Functions whose result hints quote, with a value they return. */
const KNOWN_CALLS: Readonly<Record<string, () => string>> = { installCommand: () => installCommand('codex') };

/** A `${...}` of a hint: a known call gives its value, anything else `X`. */
function substitution(node: ts.Expression): string {
  const callee = ts.isCallExpression(node) && ts.isIdentifier(node.expression) ? KNOWN_CALLS[node.expression.text] : undefined;
  return callee ? callee() : 'X';
}

/**
 * The text of a hint expression as far as the source says it: literals and templates (each `${...}`
 * becomes `X`, or the value of a known call), `+` joins, `a ? b : c` (both), and constants of the same
 * file. Other expressions become `X`; hints built by functions are listed by hand below.
 */
function textsOf(node: ts.Expression, constants: ReadonlyMap<string, ts.Expression>, seen = new Set<string>()): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text + node.templateSpans.map((span) => `${substitution(span.expression)}${span.literal.text}`).join('')];
  if (ts.isParenthesizedExpression(node)) return textsOf(node.expression, constants, seen);
  if (ts.isConditionalExpression(node)) return [...textsOf(node.whenTrue, constants, seen), ...textsOf(node.whenFalse, constants, seen)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = textsOf(node.left, constants, seen);
    const right = textsOf(node.right, constants, seen);
    return left.flatMap((l) => right.map((r) => l + r));
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
    return [...textsOf(node.left, constants, seen), ...textsOf(node.right, constants, seen)];
  }
  if (ts.isIdentifier(node) && constants.has(node.text) && !seen.has(node.text)) {
    return textsOf(constants.get(node.text) as ts.Expression, constants, new Set([...seen, node.text]));
  }
  return ['X'];
}

/** Every hint the sources write: the third argument of `new CtoError(...)`, `hint:` properties, `*_HINT` constants. */
function hintsInSources(): { where: string; text: string }[] {
  const found: { where: string; text: string }[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const constants = new Map<string, ts.Expression>();
    const hints: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        constants.set(node.name.text, node.initializer);
        if (/HINT/.test(node.name.text)) hints.push(node.initializer);
      }
      if (ts.isNewExpression(node) && node.expression.getText(source) === 'CtoError' && node.arguments?.[2]) hints.push(node.arguments[2]);
      if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'hint') hints.push(node.initializer);
      ts.forEachChild(node, visit);
    };
    visit(source);
    for (const hint of hints) {
      const line = source.getLineAndCharacterOfPosition(hint.getStart(source)).line + 1;
      for (const text of textsOf(hint, constants)) if (text !== 'X' && text !== 'null') found.push({ where: `${path.relative(root, file)}:${line}`, text });
    }
  }
  return found;
}

/** Hints built by functions, with the values they are built from. */
function builtHints(): { where: string; text: string }[] {
  const hintOf = (run: () => void): string => {
    try {
      run();
    } catch (error) {
      return (error as CtoError).hint ?? '';
    }
    return '';
  };
  const none = { openaiApiKey: null, anthropicApiKey: null, anthropicBaseUrl: null, codexConfig: [] };
  return [
    ...(['timeout', 'turn-limit', 'api-error', 'other'] as const).flatMap((stop) => [
      { where: `ACTION_ADVICE(${stop})`, text: ACTION_ADVICE.implementationStopped(stop) },
      { where: `CLI_ADVICE(${stop})`, text: CLI_ADVICE.implementationStopped(stop) },
    ]),
    { where: 'requireKeys(loop)', text: hintOf(() => requireKeys(none, 'loop')) },
    { where: 'requireKeys(review)', text: hintOf(() => requireKeys(none, 'review')) },
  ];
}

describe('hints people copy from', () => {
  const hints = [...hintsInSources(), ...builtHints()];

  it('finds the hints the sources write, so the checks below check something', () => {
    expect(hints.length).toBeGreaterThan(25);
    expect(hints.some((hint) => hint.text.includes('npm install -g @openai/codex'))).toBe(true);
    expect(hints.some((hint) => hint.text.includes(installCommand('codex')))).toBe(true);
    expect(hints.some((hint) => hint.where.startsWith('requireKeys') && hint.text.includes('${{ secrets.'))).toBe(true);
  });

  it.each(hints.map((hint) => [hint.where, hint.text]))('%s: the hint holds no invisible character', (_where, text) => {
    expect(invisibleIn(text)).toBeNull();
  });

  it.each(hints.map((hint) => [hint.where, hint.text]))('%s: rendered in a comment or summary, it still holds none', (_where, text) => {
    const rendered = decoded(errorSection({ title: 'Failed', message: 'm', hint: text }));
    expect(invisibleIn(rendered)).toBeNull();
  });

  it('keeps an install command and a workflow line code spans when rendered', () => {
    const rendered = errorSection({ title: 'x', message: 'm', hint: 'Install the Codex CLI (`npm install -g @openai/codex`).' });
    expect(rendered).toContain('`npm install -g @openai/codex`');
    const keys = errorSection({ title: 'x', message: 'm', hint: hints.find((hint) => hint.where === 'requireKeys(review)')?.text ?? '' });
    expect(keys).toContain('`openai-api-key: ${{ secrets.OPENAI_API_KEY }}`');
  });
});

describe('commands the tracking comment suggests', () => {
  it.each(['escalated', 'capped', 'budget_exhausted', 'stopped', 'failed', 'awaiting_plan_approval'] satisfies LoopState['phase'][])(
    'stay copyable in phase %s with a command prefix that starts with @',
    (phase) => {
      const view = trackingView(trackingState({ phase, stop_reason: 'why' }), { commandPrefix: '@cto' });
      const rendered = decoded(trackingComment(view));
      for (const span of rendered.match(/`[^`\n]+`/g) ?? []) expect(invisibleIn(span)).toBeNull();
      if (phase !== 'stopped' && phase !== 'failed') expect(rendered).toMatch(/`@cto (?:continue|approve)`/);
    },
  );
});

describe('README.md', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const fenced = [...readme.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
  const inline = [...readme.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');

  it('has code to check', () => {
    expect(fenced.length).toBeGreaterThan(3);
    expect(inline.length).toBeGreaterThan(50);
  });

  it('has no invisible character in its code blocks or code spans', () => {
    expect([...fenced, ...inline].map(invisibleIn).filter((found) => found !== null)).toEqual([]);
  });
});
