// The rule that a verdict follows from the review's own findings, in one place. What blocks a change: a
// task that does not pass, a red verification, a P0 or P1 finding (new, or an earlier one still open) and a
// requirement of the request that is not met. An `approve` may not stand beside any of them; a `revise`
// must rest on at least one. P2 and P3 findings never block: they are posted as suggestions.
//
// A review that breaks the rule contradicts itself. schemas.ts quotes the contradictions to Codex in the
// repair turn; when the repair does not resolve them, `settleReview` gives the review its safe reading
// (an approval becomes revise, never the other way round), and the engine applies it again whoever answered.
import type { Finding, OpenFinding, Plan, Review } from './schema-types.js';
import { mergeRevisedTasks } from './plan-rules.js';

export type Priority = Finding['priority'];

/** Priorities that block a change; the others are suggestions. */
export const BLOCKING_PRIORITIES: ReadonlySet<Priority> = new Set(['P0', 'P1']);

export function isBlocking(finding: Pick<Finding, 'priority'>): boolean {
  return BLOCKING_PRIORITIES.has(finding.priority);
}

/** What a review is judged against besides itself. */
export interface ReviewContext {
  /** The plan the work followed; null for a review without one (`/cto review` on a person's pull request). */
  plan: Plan | null;
  /** Whether a verification command of the iteration failed, timed out or did not run. */
  verificationFailed: boolean;
  /** The findings earlier reviews left open; this review marks each one in `previous_findings`. */
  openFindings: readonly OpenFinding[];
  /** The ids of a person's feedback items (H1, ...) this review must judge, each as a requirement; none when absent. */
  feedbackIds?: readonly string[];
}

/** The context of a review request (the engine's or the Codex adapter's; structural, so both fit). */
export function reviewContextOf(request: {
  plan: Plan | null;
  verification: readonly { exitCode: number | null; timedOut: boolean }[];
  previousReview: { findings: readonly OpenFinding[] } | null;
  humanFeedback?: { items: readonly { id: string }[] } | null;
}): ReviewContext {
  return {
    plan: request.plan,
    verificationFailed: request.verification.some((result) => result.timedOut || result.exitCode !== 0),
    openFindings: request.previousReview?.findings ?? [],
    feedbackIds: (request.humanFeedback?.items ?? []).map((item) => item.id),
  };
}

/** One way a review contradicts itself or the facts it was given. */
export interface Contradiction {
  /** For the repair turn: where, what, and how to answer instead. */
  error: string;
  /** For people, in the reason of the settled review: `task T2 is partial`. */
  said: string;
}

/** Everything that blocks the change according to the review and its context, each said in a few words. */
export function blockers(review: Review, context: ReviewContext): { at: string; said: string }[] {
  const found: { at: string; said: string }[] = [];
  review.task_reviews.forEach((taskReview, i) => {
    if (taskReview.status !== 'pass') found.push({ at: `task_reviews[${i}]`, said: `task ${taskReview.task_id} is ${taskReview.status}` });
  });
  if (context.verificationFailed) found.push({ at: 'the verification results', said: 'a verification command failed' });
  review.findings.forEach((finding, i) => {
    if (isBlocking(finding)) found.push({ at: `findings[${i}]`, said: `finding "${clipped(finding.title)}" is ${finding.priority}` });
  });
  for (const earlier of stillOpen(review, context.openFindings)) {
    if (isBlocking(earlier)) found.push({ at: `previous_findings (${earlier.id})`, said: `earlier ${earlier.priority} finding ${earlier.id} is not resolved` });
  }
  review.requirements.forEach((requirement, i) => {
    if (requirement.status === 'not_met') found.push({ at: `requirements[${i}]`, said: `requirement "${clipped(requirement.requirement)}" is not met` });
  });
  return found;
}

/**
 * The contradictions of a review: an approval beside anything that blocks (or beside a task it leaves
 * unreviewed, or carrying revisions), a revise that rests on nothing that blocks, and earlier findings it
 * does not mark (or marks that name no earlier finding).
 */
export function reviewContradictions(review: Review, context: ReviewContext): Contradiction[] {
  const found = approvalContradictions(review, context);
  if (review.verdict === 'revise' && blockers(review, context).length === 0) {
    found.push({
      error:
        'verdict: "revise" rests on nothing that blocks: every task passes, the verification passed, no finding is P0 or P1 and no requirement is ' +
        'unmet; answer "approve" (P2 and P3 findings are posted as suggestions), or raise what blocks as a failing task or a P0/P1 finding',
      said: 'nothing that blocks was named',
    });
  }
  const open = new Set(context.openFindings.map((finding) => finding.id));
  const marked = new Set<string>();
  review.previous_findings.forEach((mark, i) => {
    if (!open.has(mark.id)) found.push({ error: `previous_findings[${i}].id: no earlier finding has id "${mark.id}"`, said: `earlier finding ${mark.id} is unknown` });
    else if (marked.has(mark.id)) found.push({ error: `previous_findings[${i}].id: "${mark.id}" is already marked`, said: `earlier finding ${mark.id} is marked twice` });
    marked.add(mark.id);
  });
  for (const earlier of context.openFindings) {
    if (!marked.has(earlier.id)) {
      found.push({
        error: `previous_findings: earlier finding ${earlier.id} ("${clipped(earlier.title)}") is not marked; mark every earlier finding resolved or unresolved`,
        said: `earlier finding ${earlier.id} was not marked`,
      });
    }
  }
  return [...found, ...feedbackMarkContradictions(review, context)];
}

/** Feedback ids a review's requirements name that were not given, or name twice. */
function feedbackMarkContradictions(review: Review, context: ReviewContext): Contradiction[] {
  const given = new Set(context.feedbackIds ?? []);
  const judged = new Set<string>();
  const found: Contradiction[] = [];
  review.requirements.forEach((requirement, i) => {
    const id = requirement.feedback_id;
    if (id === null) return;
    if (!given.has(id)) found.push({ error: `requirements[${i}].feedback_id: no feedback item has id "${id}"; use null for a requirement of the request`, said: `feedback item ${id} is unknown` });
    else if (judged.has(id)) found.push({ error: `requirements[${i}].feedback_id: "${id}" is already judged`, said: `feedback item ${id} is judged twice` });
    judged.add(id);
  });
  // An approval's unjudged items are among its own contradictions.
  if (review.verdict !== 'approve') {
    for (const id of unjudgedFeedback(review, context)) {
      found.push({ error: `requirements: the person's feedback item ${id} is not judged; list it as a requirement with feedback_id "${id}"`, said: `feedback item ${id} was not judged` });
    }
  }
  return found;
}

/** A person's feedback items the review does not judge in its requirements. */
export function unjudgedFeedback(review: Review, context: ReviewContext): string[] {
  const judged = new Set(review.requirements.map((requirement) => requirement.feedback_id));
  return (context.feedbackIds ?? []).filter((id) => !judged.has(id));
}

/** What an `approve` contradicts: anything that blocks, a task it leaves unreviewed, revisions it carries. Empty for other verdicts. */
export function approvalContradictions(review: Review, context: ReviewContext): Contradiction[] {
  if (review.verdict !== 'approve') return [];
  const found: Contradiction[] = blockers(review, context).map((blocker) => ({
    error: `verdict: "approve" contradicts ${blocker.at}: ${blocker.said}; approve only when nothing blocks, otherwise answer "revise"`,
    said: blocker.said,
  }));
  for (const id of unjudgedFeedback(review, context)) {
    found.push({
      error: `verdict: "approve" contradicts requirements: the person's feedback item ${id} is not judged; list it as a requirement with feedback_id "${id}", and approve only when it is met`,
      said: `feedback item ${id} was not judged`,
    });
  }
  for (const taskId of unreviewedTasks(review, context.plan)) {
    found.push({
      error: `verdict: "approve" contradicts task_reviews: task "${taskId}" of the plan has no review; review every task, and approve only when all pass`,
      said: `task ${taskId} was not reviewed`,
    });
  }
  if (review.revised_tasks.length > 0 || review.revised_verification !== null) {
    found.push({
      error: 'verdict: "approve" carries revised_tasks or revised_verification; an approval changes nothing: answer "revise" to have them carried out',
      said: 'the review revises the plan',
    });
  }
  return found;
}

/**
 * The review as codex-cto acts on it when its contradictions remain: an approval beside anything that
 * blocks becomes `revise`, with the reason stated; a revise that names nothing keeps its verdict, the
 * reason stated. Earlier findings left unmarked stay open (see `carryFindings`). Never an approval.
 */
export function settleReview(review: Review, context: ReviewContext): Review {
  const contradictions = approvalContradictions(review, context);
  if (contradictions.length > 0) {
    const said = contradictions.map((c) => c.said);
    return { ...review, verdict: 'revise', reason: `The reviewer answered approve, but ${listed(said)}; codex-cto counts the verdict as revise.` };
  }
  if (review.verdict === 'revise' && blockers(review, context).length === 0) {
    return {
      ...review,
      reason: 'The reviewer asked for changes without naming anything that blocks (a failing task, a red verification, a P0/P1 finding or an unmet requirement); codex-cto acts on it as revise.',
    };
  }
  return review;
}

/**
 * The findings the loop remembers after a review: earlier ones the review did not mark resolved, then
 * the review's own, with stable ids (`F<iteration>.<n>`). A second review of the same iteration (`/cto
 * review` on the loop's pull request) numbers its findings after the first one's, so no id repeats.
 */
export function carryFindings(review: Review, openFindings: readonly OpenFinding[], iteration: number): OpenFinding[] {
  const prefix = `F${iteration}.`;
  const taken = openFindings.filter((finding) => finding.id.startsWith(prefix)).map((finding) => Number(finding.id.slice(prefix.length)) || 0);
  const first = Math.max(0, ...taken) + 1;
  const fresh = review.findings.map((finding, i) => ({ id: `${prefix}${first + i}`, raised_in: iteration, ...finding }));
  return [...stillOpen(review, openFindings), ...fresh];
}

/** Earlier findings the review did not mark resolved. */
function stillOpen(review: Review, openFindings: readonly OpenFinding[]): OpenFinding[] {
  const resolved = new Set(review.previous_findings.filter((mark) => mark.status === 'resolved').map((mark) => mark.id));
  return openFindings.filter((finding) => !resolved.has(finding.id));
}

/** Tasks of the plan (with the review's revised tasks merged in) the review has no result for. */
function unreviewedTasks(review: Review, plan: Plan | null): string[] {
  if (plan === null) return [];
  const reviewed = new Set(review.task_reviews.map((taskReview) => taskReview.task_id));
  return mergeRevisedTasks(plan, review.revised_tasks).tasks.filter((task) => !reviewed.has(task.id)).map((task) => task.id);
}

function listed(said: readonly string[]): string {
  const unique = [...new Set(said)];
  if (unique.length > 3) return `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
  if (unique.length <= 1) return unique[0] ?? '';
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

function clipped(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
