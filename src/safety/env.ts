// Child environments are built from an allow-list, never by copying and deleting: a variable we
// have not heard of (a new token, a cloud credential) stays out unless it is named here.
import { CtoError } from '../core/model/errors.js';

export type AgentKind = 'claude' | 'codex' | 'verify' | 'git';

/** Names copied from the parent when present: locale, shell basics, CI markers, network settings. */
const PASSED_NAMES: ReadonlySet<string> = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TERM',
  // The runner's own paths (workspace, temp, tool cache) stay out: agents work in their own room.
  'CI', 'GITHUB_ACTIONS', 'RUNNER_OS', 'RUNNER_ARCH',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
  'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR',
  // Who commits and which git config applies: identity and configuration, never credentials.
  'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL',
]);
const PASSED_PREFIXES: readonly string[] = ['LC_'];

/**
 * A name that looks like it holds a credential; such a name never comes from the parent. `AUTH` is any
 * authorisation (`NPM_AUTH`, `AUTHORIZATION`) but not an author (`GIT_AUTHOR_NAME` is who commits).
 */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|KEY|CREDENTIAL|AUTH(?!OR_|OR$)|COOKIE|PRIVATE/i;

/** Whether a name looks like it holds a credential (the rule `env-passthrough` and `secret-env` document). */
export function looksLikeCredential(name: string): boolean {
  return SECRET_NAME.test(name) || /(^|_)PASS($|_)/i.test(name);
}

/** Names no child may receive, not even when a caller passes them on purpose. */
export const FORBIDDEN_NAME = /^(GITHUB_TOKEN|GH_TOKEN|GH_ENTERPRISE_TOKEN|GITHUB_ENTERPRISE_TOKEN|INPUT_.*|ACTIONS_.*)$/i;

/** The vendor prefixes each agent owns; an agent's own key may arrive through `extra`, nobody else's. */
const VENDOR_PREFIXES: Record<AgentKind, readonly string[]> = {
  claude: ['ANTHROPIC_', 'CLAUDE_'],
  codex: ['OPENAI_', 'CODEX_'],
  verify: [],
  git: [],
};
export const ALL_VENDOR_PREFIXES = [...VENDOR_PREFIXES.claude, ...VENDOR_PREFIXES.codex];

/**
 * Settings every child of a kind gets. For Claude: no traffic but the model API (no telemetry,
 * error reports or update checks), which also keeps offline runs from waiting on the network.
 */
const DEFAULTS: Record<AgentKind, Record<string, string>> = {
  claude: {
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
  },
  codex: {},
  verify: {},
  git: {},
};

/** Builds a child environment from an allow-list; nothing secret passes unless named. */
export function agentEnv(
  source: Record<string, string | undefined>,
  agent: AgentKind,
  extra: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || !passesFromParent(name)) continue;
    env[name] = value;
  }
  // Never wait for a credential prompt: a child without a terminal would hang until its timeout.
  env.GIT_TERMINAL_PROMPT = '0';
  Object.assign(env, DEFAULTS[agent]);
  // The agents reach their models through the key proxy on loopback, never through the runner's proxy.
  if (agent === 'claude' || agent === 'codex') {
    for (const name of ['NO_PROXY', 'no_proxy']) env[name] = withLoopback(env[name]);
  }
  for (const [name, value] of Object.entries(extra)) {
    const refusal = extraRefusal(name, agent);
    if (refusal) throw new CtoError('internal', `Refusing to pass ${name} to the ${agent} environment: ${refusal}.`);
    env[name] = value;
  }
  return env;
}

function withLoopback(list: string | undefined): string {
  const entries = (list ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  for (const host of ['127.0.0.1', 'localhost', '::1']) if (!entries.includes(host)) entries.push(host);
  return entries.join(',');
}

/** Whether a variable may be copied from the parent environment. */
export function passesFromParent(name: string): boolean {
  const allowed = PASSED_NAMES.has(name) || PASSED_PREFIXES.some((prefix) => name.startsWith(prefix));
  return allowed && !SECRET_NAME.test(name) && !FORBIDDEN_NAME.test(name);
}

/**
 * npm's own settings from the parent (`npm_config_registry` of a mirror, a proxy), for the child that
 * installs the agent CLIs: a runner configured for a mirror must not be sent to the public registry.
 * Names that look like credentials (`_authToken`, `_auth`, `_password`) stay out.
 */
export function npmSettingsFrom(source: Record<string, string | undefined>): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && /^npm_config_/i.test(name) && !SECRET_NAME.test(name)) settings[name] = value;
  }
  return settings;
}

/** Why a name may not be set explicitly for this kind of child, or null when it may. */
function extraRefusal(name: string, agent: AgentKind): string | null {
  if (FORBIDDEN_NAME.test(name)) return 'GitHub and runner credentials never reach a child process';
  const upper = name.toUpperCase();
  const own = VENDOR_PREFIXES[agent];
  if (ALL_VENDOR_PREFIXES.some((prefix) => upper.startsWith(prefix)) && !own.some((prefix) => upper.startsWith(prefix))) {
    return agent === 'verify' || agent === 'git' ? 'no vendor key or setting reaches this child' : "it belongs to the other agent's vendor";
  }
  if (SECRET_NAME.test(name) && !own.some((prefix) => upper.startsWith(prefix)) && !isGitConfigKeyName(agent, upper)) {
    return 'it looks like a credential and is not the agent\'s own key';
  }
  return null;
}

/** `GIT_CONFIG_KEY_<n>` names a git setting (its value is in `GIT_CONFIG_VALUE_<n>`), not a key. */
function isGitConfigKeyName(agent: AgentKind, upper: string): boolean {
  return agent === 'git' && /^GIT_CONFIG_KEY_\d+$/.test(upper);
}
