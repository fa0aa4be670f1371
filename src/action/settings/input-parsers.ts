// Small parsers for action input text: lists, Claude tool lists, Codex `-c` overrides, and a safe
// way to quote a bad value back to the user.

/** A value quoted for an error message: control characters escaped, long values shortened. */
export function shown(value: string): string {
  if (value === '') return 'an empty value';
  const escaped = value.replace(/[\p{Cc}\p{Cf}`]/gu, (c) =>
    c === '`' ? "'" : `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
  return `\`${escaped.length > 60 ? `${escaped.slice(0, 57)}...` : escaped}\``;
}

/** Splits on commas and line breaks, trims, drops empty entries and repeats. */
export function splitList(value: string): string[] {
  const items = value.split(/[,\r\n]/).map((s) => s.trim()).filter((s) => s !== '');
  return [...new Set(items)];
}

/**
 * Splits a Claude Code tool list on commas and line breaks outside parentheses, so that
 * `Bash(git diff, git log)` stays one entry. Null when the parentheses do not balance.
 */
export function splitTools(value: string): string[] | null {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of value) {
    if (c === '(') depth += 1;
    if (c === ')') depth -= 1;
    if (depth < 0) return null;
    if (depth === 0 && (c === ',' || c === '\n' || c === '\r')) {
      items.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (depth !== 0) return null;
  items.push(current);
  return [...new Set(items.map((s) => s.trim()).filter((s) => s !== ''))];
}

export interface CodexOverride {
  readonly key: string;
  /** A TOML value, passed to Codex as written. */
  readonly value: string;
}

// Keys that would loosen the reviewer's read-only sandbox, run programs outside it, or hand
// secrets to the commands it runs. codex-cto sets the sandbox itself; these stay out of reach.
const GUARDED_WORDS: readonly [RegExp, string][] = [
  [/sandbox|approval|permission|trust/, 'it would change the read-only sandbox or approval policy that codex-cto sets itself'],
];
const GUARDED_ROOTS: Readonly<Record<string, string>> = {
  profile: 'a profile can change the sandbox or approval policy',
  profiles: 'a profile can change the sandbox or approval policy',
  projects: 'project settings can mark a checkout as trusted',
  mcp_servers: 'MCP servers run outside the sandbox',
  notify: 'it runs a program outside the sandbox',
  hooks: 'hooks run programs outside the sandbox',
  shell_environment_policy: 'it decides which environment variables, secrets included, commands can see',
};

/** Why a Codex config key may not be overridden, or null when it may. */
export function problemWithCodexKey(key: string): string | null {
  const parts = key.toLowerCase().split('.');
  const root = parts[0] ?? '';
  if (Object.hasOwn(GUARDED_ROOTS, root)) return GUARDED_ROOTS[root] ?? null;
  for (const [pattern, why] of GUARDED_WORDS) {
    if (parts.some((part) => pattern.test(part))) return why;
  }
  return null;
}

/**
 * Parses `codex-config`: one `key=value` per line, blank lines and `#` comments skipped. Each
 * refused line becomes a problem `{ expected, line }` for the caller to report.
 */
export function parseCodexConfig(value: string): { overrides: CodexOverride[]; problems: { expected: string; got: string }[] } {
  const overrides: CodexOverride[] = [];
  const problems: { expected: string; got: string }[] = [];
  for (const line of value.split(/\r?\n/)) {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    const eq = text.indexOf('=');
    const key = eq > 0 ? text.slice(0, eq).trim() : '';
    const val = eq > 0 ? text.slice(eq + 1).trim() : '';
    // Only the key is quoted back: the value may hold a header with a secret in it.
    if (!/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/.test(key) || val === '' || /\p{Cc}/u.test(val)) {
      const got = eq > 0 ? `${shown(text.slice(0, eq))} followed by an empty or unreadable value` : shown(text);
      problems.push({ expected: 'one `key=value` per line (a dotted TOML key and a TOML value)', got });
      continue;
    }
    const why = problemWithCodexKey(key);
    if (why !== null) {
      problems.push({ expected: `no override of \`${key}\` (${why})`, got: shown(key) });
      continue;
    }
    overrides.push({ key, value: val });
  }
  return { overrides, problems };
}
