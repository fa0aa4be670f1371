// Strict patterns for names that come from outside (inputs, payloads, user text) and end up in git
// refs, labels or permission lists. Stricter than git or GitHub on purpose: anything odd is refused.
import { CtoError } from '../../core/model/errors.js';
import { shown } from './input-parsers.js';

/**
 * A branch name that `git check-ref-format --branch` accepts, limited to `[A-Za-z0-9._/+-]`:
 * no `..`, no `@{`, no leading `-` or `/`, no trailing `/` or `.`, no `//`, no component that
 * starts with `.` or ends with `.lock`, at most 200 characters; not `HEAD`, nothing under `refs/`.
 */
export function isValidBranchName(name: string): boolean {
  if (name.length === 0 || name.length > 200) return false;
  // A full ref (`refs/tags/v1`) or `HEAD` is legal as a branch name for git, and never what was meant.
  if (name === 'HEAD' || name.startsWith('refs/')) return false;
  if (!/^[A-Za-z0-9._/+-]+$/.test(name)) return false;
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false;
  if (name.includes('..') || name.includes('//') || name === '@') return false;
  return name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}

/**
 * A branch name as events and inputs give it (`main` or `refs/heads/main`): the name, or null when what
 * is left once `refs/heads/` is dropped is not a valid branch name.
 */
export function branchNameFrom(value: string): string | null {
  const name = value.startsWith('refs/heads/') ? value.slice('refs/heads/'.length) : value;
  return isValidBranchName(name) ? name : null;
}

/** `branchNameFrom`, or a refusal that names where the value came from (`the base branch of pull request #4`). */
export function requireBranchName(value: string, source: string): string {
  const name = branchNameFrom(value);
  if (name !== null) return name;
  throw new CtoError(
    'refused',
    `${source} is ${shown(value)}, which codex-cto does not accept as a branch name.`,
    'codex-cto takes branch names of letters, digits and `._/+-` that git accepts (`refs/heads/` may lead); rename the branch or pick another.',
  );
}

/** A label of at most 50 characters (GitHub's limit) from `[A-Za-z0-9._:/-]`, no spaces, no `..`. */
export function isValidLabel(label: string): boolean {
  return label.length <= 50 && /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(label) && !label.includes('..');
}

/**
 * A GitHub user login: letters, digits and inner hyphens (underscores too, for enterprise-managed
 * accounts), not starting or ending with `-` or `_`, at most 50 characters.
 */
export function isValidLogin(login: string): boolean {
  return login.length <= 50 && /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/.test(login);
}

/** A bot login as GitHub shows it (`renovate[bot]`), or a plain login for machine users. */
export function isValidBotLogin(login: string): boolean {
  return isValidLogin(login.endsWith('[bot]') ? login.slice(0, -'[bot]'.length) : login);
}
