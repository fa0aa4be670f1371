// What a run's artifacts say about its next review: the numbering of its files, the plan as the earlier
// reviews revised it, the findings they left open (the next reviewer marks each resolved or not), and how
// many `revise` verdicts came in a row. Earlier reviews are checked again, in order, against the context
// they were made in: a file changed by hand is named, not trusted. Pure.
import { CtoError } from '../core/model/errors.js';
import { mergeRevision } from '../core/model/plan-rules.js';
import type { OpenFinding, Plan, Review } from '../core/model/schema-types.js';
import { checkReview } from '../core/model/schemas.js';
import { carryFindings } from '../core/model/verdict-rules.js';
import type { PreviousReview } from '../core/ports.js';

export type ArtifactKind = 'plan' | 'review';

/** The numbers of the `<kind>-NNN.json` files among `names`, ascending. */
export function artifactNumbers(names: readonly string[], kind: ArtifactKind): number[] {
  const pattern = new RegExp(`^${kind}-(\\d{3,})\\.json$`);
  return names
    .map((name) => pattern.exec(name)?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export function artifactFile(kind: ArtifactKind, number: number): string {
  return `${kind}-${String(number).padStart(3, '0')}.json`;
}

/** The name of the next `<kind>` file of a run: one past the highest number there. */
export function nextArtifact(names: readonly string[], kind: ArtifactKind): string {
  return artifactFile(kind, (artifactNumbers(names, kind).at(-1) ?? 0) + 1);
}

/** The highest-numbered `<kind>` file of a run, or null. */
export function latestArtifact(names: readonly string[], kind: ArtifactKind): string | null {
  const last = artifactNumbers(names, kind).at(-1);
  return last === undefined ? null : artifactFile(kind, last);
}

export interface ReviewHistory {
  /** The plan with every earlier review's revised tasks and verification merged in. */
  plan: Plan;
  /** The number the next review gets (1 for the first). */
  iteration: number;
  /** The last review as the next reviewer remembers it; null before the first. */
  previousReview: PreviousReview | null;
  /** `revise` verdicts at the end of the history, in a row. */
  consecutiveRevise: number;
}

/** Replays the run's earlier reviews (`{ name, value }` in order) over `plan`. */
export function replayReviews(plan: Plan, reviews: readonly { name: string; value: unknown }[]): ReviewHistory {
  let current = plan;
  let open: OpenFinding[] = [];
  let last: Review | null = null;
  let consecutiveRevise = 0;
  reviews.forEach(({ name, value }, i) => {
    const checked = checkReview(value, { plan: current, verificationFailed: false, openFindings: open });
    if (!checked.ok) throw new CtoError('settings', `${name} of this run is not a review codex-cto kept: ${checked.errors.slice(0, 3).join('; ')}`, 'Start a new run (leave out --run), or restore the file.');
    last = checked.value;
    open = carryFindings(last, open, i + 1);
    current = mergeRevision(current, last);
    consecutiveRevise = last.verdict === 'revise' ? consecutiveRevise + 1 : 0;
  });
  const previous = last as Review | null;
  return {
    plan: current,
    iteration: reviews.length + 1,
    previousReview: previous === null ? null : { iteration: reviews.length, verdict: previous.verdict, summary: previous.summary, findings: open, commit: null, questions: previous.questions },
    consecutiveRevise,
  };
}

/** The exit code of `codex-cto review` for a verdict (documented in --help, README and the skill). */
export function verdictExitCode(verdict: Review['verdict']): number {
  switch (verdict) {
    case 'approve':
      return 0;
    case 'revise':
      return 2;
    case 'abort':
      return 3;
    case 'needs_human':
      return 4;
  }
}
