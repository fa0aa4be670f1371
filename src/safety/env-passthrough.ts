// Variables a workflow passes to the agents on purpose (`env-passthrough`, `secret-env`): a database URL,
// `JAVA_HOME`, a test database's password. They reach Claude, the setup and the verification commands, never
// Codex. A name that looks like a credential passes only when listed as a secret, and nothing ever carries
// the GitHub token, the runner's tokens or the model keys, under their own name or any other.
import { CtoError } from '../core/model/errors.js';
import { ALL_VENDOR_PREFIXES, FORBIDDEN_NAME, looksLikeCredential } from './env.js';

/** The names a workflow asked for: plain ones, and ones it declared as secrets. */
export interface PassedNames {
  plain: readonly string[];
  secret: readonly string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Set by codex-cto for each agent: a value from the workflow would break the agents' room. */
const SET_BY_CODEX_CTO = new Set(['HOME', 'PATH', 'TMPDIR', 'USER', 'LOGNAME', 'SHELL', 'GIT_TERMINAL_PROMPT', 'NO_PROXY', 'no_proxy']);
/** Variables that point git at another repository, program or config. */
const GIT_CONTROL = /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|CONFIG.*|EXEC_PATH|SSH.*|ASKPASS|EXTERNAL_DIFF|TEMPLATE_DIR)$/i;

/** Why `name` may not be passed to the agents, or null when it may. `secret`: listed in `secret-env`. */
export function passthroughRefusal(name: string, secret: boolean): string | null {
  if (!NAME.test(name)) return 'not a variable name (letters, digits and `_`, not starting with a digit)';
  if (FORBIDDEN_NAME.test(name) || /^(GITHUB_TOKEN|.*_GITHUB_TOKEN)$/i.test(name)) {
    return 'GitHub and runner credentials never reach an agent';
  }
  const upper = name.toUpperCase();
  if (ALL_VENDOR_PREFIXES.some((prefix) => upper.startsWith(prefix))) return 'the model keys and the agents\' own settings are set by codex-cto';
  if (SET_BY_CODEX_CTO.has(name) || GIT_CONTROL.test(name)) return 'codex-cto sets it for the agents itself';
  if (!secret && looksLikeCredential(name)) return 'it looks like a credential: list it in `secret-env` if the agents must have it';
  return null;
}

/** What the agents get: the values of the names that are set, and the names that are not. */
export interface PassedEnvironment {
  env: Record<string, string>;
  /** Names asked for that the step's environment does not set. */
  unset: string[];
  /** The values of the names listed as secrets, for masking and redaction. */
  secretValues: string[];
}

/**
 * The passed variables, read from `source`. Throws a `settings` error when a name is refused (parsing the
 * settings already refused those) or when a value is one of `guarded` (the GitHub token, the model keys):
 * a workflow that put `${{ github.token }}` into `DB_PASSWORD` must not hand it to the agents either.
 */
export function passedEnvironment(source: Record<string, string | undefined>, names: PassedNames, guarded: readonly string[]): PassedEnvironment {
  const out: PassedEnvironment = { env: {}, unset: [], secretValues: [] };
  const entries = [...names.plain.map((name) => ({ name, secret: false })), ...names.secret.map((name) => ({ name, secret: true }))];
  const guard = new Set(guarded.filter((value) => value !== ''));
  for (const { name, secret } of entries) {
    const refusal = passthroughRefusal(name, secret || names.secret.includes(name));
    if (refusal) throw new CtoError('settings', `The variable ${name} cannot be passed to the agents: ${refusal}.`, 'Fix `env-passthrough` or `secret-env` in the workflow file.');
    const value = source[name];
    if (value === undefined) {
      if (!out.unset.includes(name)) out.unset.push(name);
      continue;
    }
    if (guard.has(value) || [...guard].some((token) => value.includes(token))) {
      throw new CtoError(
        'settings',
        `The variable ${name} holds the GitHub token or a model key, which never reaches an agent.`,
        `Take that value out of ${name} in the step's \`env:\`; the agents reach the models through codex-cto and never push.`,
      );
    }
    out.env[name] = value;
    if (secret && value !== '' && !out.secretValues.includes(value)) out.secretValues.push(value);
  }
  return out;
}
