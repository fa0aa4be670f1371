// What both stand-in agents share: the pinned versions they claim, the scripted story they replay,
// an option parser in the style of the real CLIs, and an optional log of what they were asked to do.
// Plain JavaScript without dependencies: CI runs them on a bare runner, before any install.
import { appendFileSync, readFileSync } from 'node:fs';

const PACKAGE_JSON = new URL('../../../package.json', import.meta.url);
const SCENARIO_JSON = new URL('./scenario.json', import.meta.url);

/** Set (by a wrapper, since the action passes agents an allow-listed environment) to log each run as a JSON line. */
export const LOG_VARIABLE = 'CODEX_CTO_STANDIN_LOG';

/** The versions of the real CLIs that package.json pins, so the action finds these and installs nothing. */
export function pinnedVersions() {
  const manifest = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'));
  const dev = manifest.devDependencies ?? {};
  return { codex: dev['@openai/codex'], claude: dev['@anthropic-ai/claude-code'] };
}

export function loadScenario() {
  return JSON.parse(readFileSync(SCENARIO_JSON, 'utf8'));
}

export class UsageError extends Error {}

/**
 * Parses argv against an option table: `valued` options take the next word (or `--name=value`),
 * `variadic` ones take every following word up to the next option, `flags` take none. Options may be
 * repeated; `--` ends the options. Unknown options are refused, as the real CLIs refuse them.
 * Returns { options: Map<name, string[]>, positionals: string[] } keyed by each option's first name.
 */
export function parseOptions(argv, table) {
  const canonical = new Map();
  for (const [kind, groups] of Object.entries(table)) {
    for (const names of groups) for (const name of names) canonical.set(name, { name: names[0], kind });
  }
  const options = new Map();
  const positionals = [];
  const add = (name, values) => options.set(name, [...(options.get(name) ?? []), ...values]);
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i];
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const key = equals > 0 ? word.slice(0, equals) : word;
    const spec = canonical.get(key);
    if (!spec) throw new UsageError(`unexpected argument '${key}' found`);
    if (spec.kind === 'flags') {
      if (equals > 0) throw new UsageError(`option '${key}' takes no value`);
      add(spec.name, ['']);
    } else if (equals > 0) {
      add(spec.name, [word.slice(equals + 1)]);
    } else if (spec.kind === 'valued') {
      const value = argv[i + 1];
      if (value === undefined) throw new UsageError(`option '${key}' needs a value`);
      add(spec.name, [value]);
      i += 1;
    } else {
      const values = [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) values.push(argv[(i += 1)]);
      if (values.length === 0) throw new UsageError(`option '${key}' needs at least one value`);
      add(spec.name, values);
    }
  }
  return { options, positionals };
}

/** The last value given for an option, or null. */
export function lastValue(parsed, name) {
  const values = parsed.options.get(name);
  return values && values.length > 0 ? values[values.length - 1] : null;
}

/**
 * A UUID-shaped id for threads and sessions. Not from node:crypto on purpose: loading it costs about
 * 100 ms on a small machine, more than everything else a stand-in does.
 */
export function randomId() {
  const hex = (digits) => Array.from({ length: digits }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

export function appendLog(env, record) {
  const file = env[LOG_VARIABLE];
  if (file) appendFileSync(file, `${JSON.stringify({ ...record, at: Date.now() })}\n`);
}
