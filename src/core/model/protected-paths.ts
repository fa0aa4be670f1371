// The paths a team protects (config `protected-paths`): glob patterns matched against the files a change
// touches, and the review the system gives, without asking Codex, when a change touches one: `revise`, with
// one blocking finding per path that names the path and the pattern, so the engineer reverts exactly those.
// Pure.
import type { Review } from './schema-types.js';

/** Paths listed in one review at most; the summary counts the rest. */
const MAX_LISTED = 20;

/**
 * A glob as a regular expression over repository-relative paths: `**` crosses folders, `*` and `?` do not; a
 * pattern without wildcards protects that path and everything under it (`migrations` is `migrations/**` too).
 */
export function globPattern(glob: string): RegExp {
  const trimmed = glob.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i] as string;
    if (c === '*' && trimmed[i + 1] === '*') {
      // `**/` matches no folder as well as any number of them.
      const slash = trimmed[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const wild = /[*?]/.test(trimmed);
  return new RegExp(`^${source}${wild ? '' : '(?:/.*)?'}$`);
}

export interface ProtectedChange {
  path: string;
  /** The pattern that protects it. */
  pattern: string;
}

/** The changed paths that a pattern protects, each with the first pattern that matches it. */
export function protectedChanges(changed: readonly string[], patterns: readonly string[]): ProtectedChange[] {
  const compiled = patterns.map((pattern) => ({ pattern, regex: globPattern(pattern) }));
  const found: ProtectedChange[] = [];
  for (const path of changed) {
    const hit = compiled.find((each) => each.regex.test(path));
    if (hit) found.push({ path, pattern: hit.pattern });
  }
  return found;
}

/** The system's review of a change that touches protected paths; earlier open findings stay open, unreviewed. */
export function protectedPathsReview(changes: readonly ProtectedChange[], openFindingIds: readonly string[]): Review {
  const listed = changes.slice(0, MAX_LISTED);
  const more = changes.length - listed.length;
  const names = listed.map((change) => `\`${change.path}\``).join(', ');
  return {
    previous_findings: openFindingIds.map((id) => ({ id, status: 'unresolved', note: 'Not reviewed: the change touches protected paths.' })),
    task_reviews: [],
    requirements: [],
    findings: listed.map((change) => ({
      title: `Protected path changed: ${change.path}`,
      body: `The team protects \`${change.pattern}\` (\`protected-paths\` in the repository's config file): the loop may not change it. ` +
        `Revert every change to \`${change.path}\` so that it is exactly as on the base branch.`,
      priority: 'P0',
      confidence: 1,
      path: change.path,
      start_line: 1,
      end_line: 1,
      task_id: null,
    })),
    verdict: 'revise',
    summary: `The change touches ${changes.length === 1 ? 'a protected path' : `${changes.length} protected paths`}: ${names}${more > 0 ? ` and ${more} more` : ''}. ` +
      'The system refused it before review; revert those changes.',
    reason: null,
    questions: [],
    revised_tasks: [],
    revised_verification: null,
  };
}
