// Reading action inputs one kind at a time (a token, a whole number, a boolean, one of a list...), every
// problem collected with what was expected and how to fix the workflow, so that all of them are reported
// together. settings.ts says which input is read how. An input the workflow leaves empty takes the value
// of the repository's config file, else its default; each value remembers where it came from, and a bad
// value from the file is reported with the file, line and key.
import { BOUNDS } from '../../core/model/defaults.js';
import { CtoError } from '../../core/model/errors.js';
import { CONFIGURABLE_DEFAULTS, INPUT_DEFAULTS, NO_BUDGET_CAP, type InputName } from './inputs.js';
import { configEntryFor, configValueProblem, type Origin } from './config-inputs.js';
import type { LoadedConfig } from '../../core/model/repo-config.js';
import { shown, splitList, splitTools } from './input-parsers.js';
import { branchNameFrom, isValidBotLogin, isValidLogin } from './names.js';
import { passthroughRefusal } from '../../safety/env-passthrough.js';

const FIX = 'fix the `with:` block of the workflow step';
const YAML_TRUE = ['true', 'True', 'TRUE'];
const YAML_FALSE = ['false', 'False', 'FALSE'];
const MODEL = /^[A-Za-z0-9][A-Za-z0-9._:/@[\]-]{0,99}$/;
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const TOOL = /^[A-Za-z][A-Za-z0-9_]*(?:\([^()\p{Cc}]*\))?$/u;

/** After a problem, a reader returns a placeholder; `throwProblems` throws before anyone sees it. */
export class InputChecks {
  private readonly problems: string[] = [];
  private readonly configProblems: string[] = [];
  private readonly read: (name: string) => string;
  private readonly config: LoadedConfig | null;
  /** Where each value read came from. */
  readonly origins = new Map<InputName, Origin>();

  constructor(read: (name: string) => string, config: LoadedConfig | null = null) {
    this.read = read;
    this.config = config;
  }

  fail(name: InputName, expected: string, got: string): void {
    const origin = this.origins.get(name);
    if (origin?.kind === 'config') this.configProblems.push(configValueProblem(origin, expected, got));
    else this.problems.push(`input \`${name}\`: expected ${expected}, got ${got} — ${FIX}`);
  }

  /** Throws one CtoError that lists every problem found, if there is any: `config` when all are the file's. */
  throwProblems(): void {
    const all = [...this.problems, ...this.configProblems];
    if (all.length === 0) return;
    const heading = all.length === 1 ? 'one problem' : `${all.length} problems`;
    const inFile = this.configProblems.length > 0;
    const what = this.problems.length === 0 ? "the repository's config file" : inFile ? "the action inputs and the repository's config file" : 'the action inputs';
    const fixes = [
      ...(this.problems.length > 0 ? ['the `with:` block of the codex-cto step in your workflow file'] : []),
      ...(inFile ? [`\`${this.config?.source ?? 'the config file'}\` on the base branch`] : []),
    ];
    throw new CtoError(
      this.problems.length === 0 ? 'config' : 'settings',
      `codex-cto cannot start: ${heading} with ${what}:\n${all.map((p) => `- ${p}`).join('\n')}`,
      `Fix ${fixes.join(' and ')}.`,
    );
  }

  /**
   * The value: the input when the workflow sets it, else the config file's, else the default (an action.yml
   * default the runner already filled in; the CLI and tests may not have).
   */
  raw(name: InputName): string {
    const value = this.read(name).trim();
    if (value !== '') {
      this.origins.set(name, { kind: 'input', name });
      return value;
    }
    const entry = configEntryFor(this.config, name);
    if (entry !== null) {
      this.origins.set(name, entry.origin);
      return entry.text.trim();
    }
    this.origins.set(name, { kind: 'default' });
    const fallback = INPUT_DEFAULTS[name] ?? CONFIGURABLE_DEFAULTS[name];
    return fallback !== undefined && !fallback.startsWith('${{') ? fallback : '';
  }

  /** The value as it is, with `expected` reported when `valid` refuses it. */
  checked(name: InputName, valid: (value: string) => boolean, expected: string): string {
    const value = this.raw(name);
    if (!valid(value)) this.fail(name, expected, shown(value));
    return value;
  }

  secret(name: InputName, required: boolean): string | null {
    const value = this.raw(name);
    if (value === '') {
      if (required) this.fail(name, 'a token', 'an empty value');
      return null;
    }
    if (/[\s\p{Cc}]/u.test(value)) {
      this.fail(name, 'a token without spaces or line breaks', 'a value with whitespace (value hidden)');
      return null;
    }
    return value;
  }

  integer(name: InputName, range: { min: number; max: number }): number | null {
    const value = this.raw(name);
    const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (Number.isInteger(n) && n >= range.min && n <= range.max) return n;
    this.fail(name, `a whole number from ${range.min} to ${range.max}`, shown(value));
    return null;
  }

  boolean(name: InputName): boolean {
    const value = this.raw(name);
    if (YAML_TRUE.includes(value)) return true;
    if (YAML_FALSE.includes(value)) return false;
    this.fail(name, '`true` or `false`', shown(value));
    return false;
  }

  oneOf<T extends string>(name: InputName, allowed: readonly T[], optional: boolean): T | null {
    const value = this.raw(name);
    if (optional && value === '') return null;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.fail(name, `one of ${allowed.map((a) => `\`${a}\``).join(', ')}${optional ? ' or empty' : ''}`, shown(value));
    return null;
  }

  model(name: InputName): string | null {
    const value = this.raw(name);
    if (value === '') return null;
    if (MODEL.test(value)) return value;
    this.fail(name, 'a model name (letters, digits and `._:/@[]-`) or empty', shown(value));
    return null;
  }

  version(name: InputName, pinned: string): string {
    const value = this.raw(name);
    if (value === '') return pinned;
    if (VERSION.test(value)) return value;
    this.fail(name, 'an exact npm version such as `1.2.3`, or empty for the pinned version', shown(value));
    return pinned;
  }

  logins(name: InputName, bots: boolean): string[] {
    const out: string[] = [];
    for (const login of splitList(this.raw(name))) {
      if (/[*?]/.test(login)) this.fail(name, 'exact logins (wildcards are not allowed)', shown(login));
      else if (!bots && login.endsWith('[bot]')) this.fail(name, 'user logins (put bots in `allowed-bots`)', shown(login));
      else if (bots ? isValidBotLogin(login) : isValidLogin(login)) out.push(login);
      else this.fail(name, bots ? 'GitHub bot logins such as `renovate[bot]`' : 'GitHub logins', shown(login));
    }
    return out;
  }

  /** USD greater than 0, or `none` for no cap (null). */
  budget(name: InputName): number | null {
    const value = this.raw(name);
    if (value === NO_BUDGET_CAP) return null;
    const n = /^\d{1,6}(?:\.\d{1,4})?$/.test(value) ? Number(value) : NaN;
    if (n > 0 && n <= BOUNDS.budgetUsd.max) return n;
    this.fail(name, `an amount in USD greater than 0 and at most ${BOUNDS.budgetUsd.max} (such as \`10\` or \`2.5\`), or \`${NO_BUDGET_CAP}\` for no cap`, shown(value));
    return null;
  }

  /** An http(s) URL without credentials, or empty (null). */
  baseUrl(name: InputName): string | null {
    const value = this.raw(name);
    if (value === '') return null;
    let url: URL | null;
    try {
      url = new URL(value);
    } catch {
      url = null;
    }
    if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      this.fail(name, 'an http(s) URL or empty', shown(value));
      return null;
    }
    if (url.username !== '' || url.password !== '') {
      // Credentials in the URL would end up in logs; the key has its own input.
      this.fail(name, 'a URL without credentials (pass the key in `anthropic-api-key`)', 'a URL with a user or password (value hidden)');
      return null;
    }
    return value;
  }

  /** The branch (`refs/heads/` may lead), else the default branch the event names; each refused by its own name. */
  branch(name: InputName, defaultBranch: string | undefined): string | null {
    const value = this.raw(name);
    if (value !== '') {
      const branch = branchNameFrom(value);
      if (branch === null) this.fail(name, 'a valid branch name (`refs/heads/` may lead) or empty for the default branch', shown(value));
      return branch;
    }
    if (defaultBranch === undefined || defaultBranch === '') return null;
    const branch = branchNameFrom(defaultBranch);
    if (branch === null) this.fail(name, 'a valid branch name, since it is empty and the repository\'s default branch in the event is not one', `the default branch ${shown(defaultBranch)}`);
    return branch;
  }

  /** Claude Code tool names or rules, split on commas and lines outside parentheses. */
  tools(name: InputName): string[] {
    const value = this.raw(name);
    const parsed = splitTools(value);
    if (parsed === null) {
      this.fail(name, 'tool names separated by commas or lines, with balanced parentheses', shown(value));
      return [];
    }
    const out: string[] = [];
    for (const tool of parsed) {
      if (TOOL.test(tool)) out.push(tool);
      else this.fail(name, 'Claude Code tool names such as `Read` or `Bash(npm test:*)`', shown(tool));
    }
    return out;
  }

  /** Shell commands, one per line (blank lines and `#` comments skipped), each bounded. */
  commands(name: InputName): string[] {
    const lines = this.raw(name).split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    const out: string[] = [];
    for (const line of lines) {
      if (/\p{Cc}/u.test(line.replace(/\t/g, ' '))) this.fail(name, 'commands without control characters', shown(line));
      else if (line.length > BOUNDS.commands.length) this.fail(name, `commands of at most ${BOUNDS.commands.length} characters`, shown(line));
      else out.push(line);
    }
    if (out.length > BOUNDS.commands.max) this.fail(name, `at most ${BOUNDS.commands.max} commands, one per line`, `${out.length} commands`);
    return out.slice(0, BOUNDS.commands.max);
  }

  /** Environment variable names for the agents; `secret` for `secret-env`, where credential-looking names belong. */
  envNames(name: InputName, secret: boolean): string[] {
    const names = splitList(this.raw(name));
    const out: string[] = [];
    for (const variable of names) {
      const refusal = passthroughRefusal(variable, secret);
      if (refusal) this.fail(name, `variable names the agents may have (${shown(variable)}: ${refusal})`, shown(variable));
      else out.push(variable);
    }
    if (out.length > BOUNDS.envNames.max) this.fail(name, `at most ${BOUNDS.envNames.max} names`, `${out.length} names`);
    return out;
  }
}
