// Markers written by earlier versions of codex-cto, brought to the current state shape before they are
// validated, so a loop paused before an upgrade continues after it. Works on the decoded JSON as it is
// (untrusted, unvalidated): whatever it cannot upgrade it leaves alone, and validation refuses that.
//
// Version 1 -> 2: the plan gained `assumptions` and `open_questions`; the review's line `comments`
// became prioritised `findings`, and it gained `previous_findings`, `requirements`, `questions` and
// `revised_verification`; the loop gained `open_findings`, `reviewed_commit` and `failed_verification`.
// Version 1 comments carry no priority, so they are not carried as findings: they were posted on the pull
// request already, and a marker too large to keep them dropped them first anyway.
//
// Any version: a marker written before runs uploaded their transcripts has no `transcripts`; it gets null
// (no earlier artifact to resume Claude's session from).

/** The marker version this codex-cto writes. */
export const CURRENT_MARKER_VERSION = 2;

/** The tracking state in the current shape when `value` is an older one it knows; `value` itself otherwise. */
export function upgradeTrackingState(value: unknown): unknown {
  return withTranscripts(withLaterLoopFieldsOf(fromVersion1(value)));
}

function withLaterLoopFieldsOf(value: unknown): unknown {
  const loop = objectAt(value, 'loop');
  if (loop === null || loop['version'] !== 2) return value;
  return { ...(value as Record<string, unknown>), loop: withLaterLoopFields(loop) };
}

/**
 * Version 2 as first written had neither the cap in force nor people's feedback: the loop gained
 * `max_iterations` (null: the configured cap is in force) and `human_feedback`, each iteration
 * `requested_by`, each requirement check `feedback_id`. A field already there is left as it is.
 */
function withLaterLoopFields(loop: Record<string, unknown>): Record<string, unknown> {
  const iterations = Array.isArray(loop['iterations'])
    ? loop['iterations'].map((record: unknown) => (isObject(record) && !('requested_by' in record) ? { ...record, requested_by: null } : record))
    : loop['iterations'];
  const review = loop['last_review'];
  const lastReview = isObject(review) && Array.isArray(review['requirements'])
    ? { ...review, requirements: review['requirements'].map((check: unknown) => (isObject(check) && !('feedback_id' in check) ? { ...check, feedback_id: null } : check)) }
    : review;
  return {
    ...loop,
    max_iterations: 'max_iterations' in loop ? loop['max_iterations'] : null,
    human_feedback: 'human_feedback' in loop ? loop['human_feedback'] : null,
    iterations,
    last_review: lastReview,
  };
}

function withTranscripts(value: unknown): unknown {
  if (!isObject(value) || 'transcripts' in value) return value;
  return { ...value, transcripts: null };
}

function fromVersion1(value: unknown): unknown {
  const loop = objectAt(value, 'loop');
  if (loop === null || loop['version'] !== 1) return value;
  const upgraded = {
    ...loop,
    version: 2,
    plan: upgradePlan(loop['plan']),
    last_review: upgradeReview(loop['last_review']),
    open_findings: [],
    reviewed_commit: null,
    failed_verification: [],
  };
  return { ...(value as Record<string, unknown>), loop: upgraded };
}

function upgradePlan(plan: unknown): unknown {
  if (!isObject(plan)) return plan;
  return { ...plan, assumptions: [], open_questions: [] };
}

function upgradeReview(review: unknown): unknown {
  if (!isObject(review)) return review;
  const rest = { ...review };
  delete rest['comments'];
  return { ...rest, previous_findings: [], requirements: [], findings: [], questions: [], revised_verification: null };
}

function objectAt(value: unknown, key: string): Record<string, unknown> | null {
  if (!isObject(value)) return null;
  const inner = value[key];
  return isObject(inner) ? inner : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
