// Codex reaches its model through the key proxy: the provider Codex uses gets the proxy as its base URL and
// reads a placeholder key, while the proxy forwards to the provider's real base URL with the real key.
// A user's gateway (`model_provider` plus `model_providers.<name>` in the Codex config overrides) keeps all
// its settings but the base URL and the key variable; without one, a provider of our own stands in for
// Codex's built-in OpenAI provider.
import { parse } from 'smol-toml';
import { CtoError } from '../core/model/errors.js';

/** The provider codex-cto defines when the user names none. */
export const PROXY_PROVIDER = 'codex-cto';
export const OPENAI_API_BASE = 'https://api.openai.com/v1';
/** The variable Codex reads the (placeholder) key from. */
export const CODEX_KEY_VARIABLE = 'CODEX_API_KEY';

export interface ProxiedCodexConfig {
  /** The `key=value` overrides to give Codex. */
  overrides: string[];
  /** Where the proxy forwards Codex's requests. */
  upstream: string;
}

/** Rewrites the overrides so that Codex's provider points at `proxyBaseUrl`; see the file comment. */
export function codexThroughProxy(overrides: readonly string[], proxyBaseUrl: string): ProxiedCodexConfig {
  const entries = overrides.map(split);
  const chosen = entries.findLast((e) => e.key === 'model_provider');
  const name = chosen ? tomlString(chosen.value, 'model_provider') : null;
  if (name === null || name === 'openai') {
    const own = `{ name = "codex-cto", base_url = ${JSON.stringify(proxyBaseUrl)}, wire_api = "responses", env_key = "${CODEX_KEY_VARIABLE}" }`;
    return {
      overrides: [...entries.filter((e) => e.key !== 'model_provider').map(join), `model_provider="${PROXY_PROVIDER}"`, `model_providers.${PROXY_PROVIDER}=${own}`],
      upstream: OPENAI_API_BASE,
    };
  }
  const tableKey = `model_providers.${name}`;
  let upstream: string | null = null;
  const rewritten = entries.map((entry) => {
    if (entry.key === tableKey) {
      const table = tomlTable(entry.value, tableKey);
      if (typeof table.base_url === 'string') upstream = table.base_url;
      return join({ key: entry.key, value: inlineTable({ ...table, base_url: proxyBaseUrl, env_key: CODEX_KEY_VARIABLE }) });
    }
    if (entry.key === `${tableKey}.base_url`) {
      upstream = tomlString(entry.value, entry.key);
      return `${entry.key}=${JSON.stringify(proxyBaseUrl)}`;
    }
    if (entry.key === `${tableKey}.env_key`) return `${entry.key}="${CODEX_KEY_VARIABLE}"`;
    return join(entry);
  });
  if (upstream === null) {
    throw new CtoError('settings', `The Codex provider "${name}" has no base_url in the Codex config overrides.`,
      `Define it in \`codex-config\`: model_providers.${name}={name="${name}", base_url="https://...", wire_api="responses"}.`);
  }
  if (!/^https?:\/\/[^\s]+$/.test(upstream)) {
    throw new CtoError('settings', `The base_url of the Codex provider "${name}" is not an http(s) URL.`);
  }
  if (!entries.some((e) => e.key === tableKey) && !entries.some((e) => e.key === `${tableKey}.env_key`)) {
    rewritten.push(`${tableKey}.env_key="${CODEX_KEY_VARIABLE}"`);
  }
  return { overrides: rewritten, upstream };
}

/** Where Codex's requests go once they leave the proxy (the provider's real base URL). */
export function codexUpstream(overrides: readonly string[]): string {
  return codexThroughProxy(overrides, 'http://127.0.0.1').upstream;
}

interface Entry {
  key: string;
  value: string;
}

function split(override: string): Entry {
  const eq = override.indexOf('=');
  return { key: override.slice(0, eq).trim(), value: override.slice(eq + 1).trim() };
}

function join(entry: Entry): string {
  return `${entry.key}=${entry.value}`;
}

function tomlValue(text: string, key: string): unknown {
  try {
    return parse(`v = ${text}`).v;
  } catch {
    throw new CtoError('settings', `The Codex config override \`${key}\` does not hold a TOML value.`);
  }
}

function tomlString(text: string, key: string): string {
  const value = tomlValue(text, key);
  if (typeof value !== 'string') throw new CtoError('settings', `The Codex config override \`${key}\` must be a string.`);
  return value;
}

function tomlTable(text: string, key: string): Record<string, unknown> {
  const value = tomlValue(text, key);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CtoError('settings', `The Codex config override \`${key}\` must be a table such as {name="...", base_url="..."}.`);
  }
  return value as Record<string, unknown>;
}

/** A TOML inline table of plain values (strings, numbers, booleans, arrays, nested tables). */
export function inlineTable(table: Record<string, unknown>): string {
  const key = (name: string): string => (/^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name));
  const value = (v: unknown): string => {
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
    if (v && typeof v === 'object') return inlineTable(v as Record<string, unknown>);
    throw new CtoError('settings', 'A Codex provider setting holds a value codex-cto cannot pass on.');
  };
  return `{ ${Object.entries(table).map(([k, v]) => `${key(k)} = ${value(v)}`).join(', ')} }`;
}
