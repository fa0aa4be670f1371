// A repository's config file (`.github/codex-cto.yml`): YAML text parsed with its source positions and
// validated against schemas/config.schema.json, so that every problem names the file, the line and the key.
// Pure: the fronts fetch the text (the action from the base branch through the API, the CLI from disk).
// Values are only shaped here; the fronts check them with the same rules as the inputs and flags they stand for.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { readSchema } from './assets.js';
import type { RepoConfig } from './schema-types.js';
import { configProblem, MAX_CONFIG_BYTES } from './config-file.js';

export type { RepoConfig } from './schema-types.js';
export { CONFIG_FILE, MAX_CONFIG_BYTES, configProblem } from './config-file.js';
const MAX_ALIASES = 50;
const MAX_PROBLEMS = 20;

export interface LoadedConfig {
  /** How messages name the file, e.g. `.github/codex-cto.yml` or `.github/codex-cto.yml at main`. */
  readonly source: string;
  readonly config: RepoConfig;
  /** The line of each key the file sets, by dotted path (`loop.max-iterations`). */
  readonly lines: Readonly<Record<string, number>>;
}

export type ConfigLoad = { ok: true; loaded: LoadedConfig } | { ok: false; problems: string[] };

/** An empty file (or one of comments only) is a config that sets nothing. */
export function parseRepoConfig(text: string, source: string): ConfigLoad {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) {
    return { ok: false, problems: [`\`${source}\`: the file is larger than ${MAX_CONFIG_BYTES / 1024} KB`] };
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: cap(doc.errors.map((error) => {
        const line = error.linePos?.[0].line;
        return `\`${source}\`${line === undefined ? '' : ` line ${line}`}: not valid YAML (${firstLine(error.message)})`;
      })),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES }) ?? {};
  } catch (error) {
    return { ok: false, problems: [`\`${source}\`: not usable YAML (${firstLine((error as Error).message)})`] };
  }
  const lines = keyLines(doc, counter);
  const validate = validator();
  if (!validate(value)) {
    return { ok: false, problems: cap(schemaProblems(validate.errors ?? [], source, lines)) };
  }
  return { ok: true, loaded: { source, config: value as RepoConfig, lines } };
}

/** The dotted key of a JSON pointer: `/loop/max-iterations` -> `loop.max-iterations`, `/setup/0` -> `setup[0]`. */
export function dottedKey(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(readSchema('config') as object);
  return compiled;
}

/** One problem per error; the branches of an `anyOf` (a number or `none`) become one problem naming both. */
function schemaProblems(errors: readonly ErrorObject[], source: string, lines: Readonly<Record<string, number>>): string[] {
  const alternatives = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const problems: string[] = [];
  for (const path of alternatives) {
    const branches = errors.filter((e) => e.instancePath === path && e.keyword !== 'anyOf');
    const expected = branches.map((e) => (e.keyword === 'enum' ? (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => `\`${String(v)}\``).join(' or ') : article(String((e.params as { type?: unknown }).type))));
    const key = dottedKey(path);
    problems.push(configProblem(source, lineOf(lines, key), key, `expected ${expected.join(' or ')}, got ${shownValue(branches[0]?.data)}`));
  }
  const rest = errors.filter((e) => e.keyword !== 'anyOf' && !alternatives.has(e.instancePath));
  // In the order of the file, as a person fixes them.
  const lineIn = (problem: string): number => Number(/^`[^`]*` line (\d+)/.exec(problem)?.[1] ?? 0);
  return [...rest.map((e) => describe(e, source, lines)), ...problems].sort((a, b) => lineIn(a) - lineIn(b));
}

function describe(error: ErrorObject, source: string, lines: Readonly<Record<string, number>>): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const key = dottedKey(`${error.instancePath}/${String(params['additionalProperty'])}`);
    const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
    return configProblem(source, lineOf(lines, key), key, `unknown key (known here: ${known.map((k) => `\`${k}\``).join(', ')})`);
  }
  const key = dottedKey(error.instancePath);
  const got = `got ${shownValue(error.data)}`;
  if (key === '') return `\`${source}\`: expected ${article(String(params['type'] ?? 'object'))} at the top, ${got}`;
  const where = key;
  switch (error.keyword) {
    case 'type':
      return configProblem(source, lineOf(lines, key), where, `expected ${article(String(params['type']))}, ${got}`);
    case 'enum':
      return configProblem(source, lineOf(lines, key), where, `expected one of ${(params['allowedValues'] as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}, ${got}`);
    case 'pattern':
      return configProblem(source, lineOf(lines, key), where, `expected an environment variable name (letters, digits and \`_\`, not starting with a digit), ${got}`);
    default:
      return configProblem(source, lineOf(lines, key), where, `${error.message ?? `fails ${error.keyword}`}`);
  }
}

/** The line of a key, else of the nearest enclosing key the file sets. */
function lineOf(lines: Readonly<Record<string, number>>, key: string): number | null {
  for (let at = key; at !== ''; at = at.replace(/(?:\.[^.[\]]*|\[\d+\])$/, '')) {
    const line = lines[at];
    if (line !== undefined) return line;
    if (!/[.[]/.test(at)) break;
  }
  return null;
}

/** Every key and list item of the document with its line, by dotted path. */
function keyLines(doc: Document, counter: LineCounter): Record<string, number> {
  const lines: Record<string, number> = {};
  const walk = (node: unknown, path: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const at = path === '' ? name : `${path}.${name}`;
        const offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0];
        if (offset !== undefined) lines[at] = counter.linePos(offset).line;
        walk(pair.value, at);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const offset = (item as { range?: [number, number, number] } | null)?.range?.[0];
        if (offset !== undefined) lines[`${path}[${i}]`] = counter.linePos(offset).line;
        walk(item, `${path}[${i}]`);
      });
    }
  };
  walk(doc.contents, '');
  return lines;
}

function article(type: string): string {
  const words: Record<string, string> = { object: 'a mapping of keys', array: 'a list', string: 'a string', integer: 'a whole number', number: 'a number', boolean: '`true` or `false`' };
  return type.split(',').map((t) => words[t] ?? t).join(' or ');
}

/** A value quoted for a message: as YAML would show it, control characters escaped, long values shortened. */
function shownValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const escaped = text.replace(/[\p{Cc}\p{Cf}`]/gu, (c) => (c === '`' ? "'" : `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`));
  const kind = Array.isArray(value) ? 'a list ' : value !== null && typeof value === 'object' ? 'a mapping ' : '';
  return `${kind}\`${escaped.length > 60 ? `${escaped.slice(0, 57)}...` : escaped}\``;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim().slice(0, 200);
}

function cap(problems: string[]): string[] {
  return problems.length <= MAX_PROBLEMS ? problems : [...problems.slice(0, MAX_PROBLEMS), `... and ${problems.length - MAX_PROBLEMS} more`];
}
