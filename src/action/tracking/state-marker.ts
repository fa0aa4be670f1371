// The hidden state marker at the end of the tracking comment: `<!-- codex-cto:state <base64url JSON> -->`.
// Base64url keeps anything in the state (`-->`, markdown, mentions) from closing the comment or
// rendering. A marker is trusted only in a comment written by the bot identity, and only when it
// decodes and validates; anything else is refused with a reason to log, never an exception.
import { CtoError } from '../../core/model/errors.js';
import type { TrackingState } from '../../core/model/schema-types.js';
import { checkTrackingState } from '../../core/model/schemas.js';
import { CURRENT_MARKER_VERSION, upgradeTrackingState } from './state-upgrade.js';

/** The start of every marker, for finding candidate comments. */
export const MARKER_PREFIX = '<!-- codex-cto:state ';
const MARKER_SUFFIX = ' -->';
/** Loose detection: also catches hand-made or damaged markers (`<!--codex-cto:STATE`). */
export const MARKER_PATTERN = /<!--\s*codex-cto:state/i;
const MARKER_EXACT = /<!-- codex-cto:state ([A-Za-z0-9_-]*) -->/;

/**
 * Longest marker we write. GitHub comments hold 65,536 characters; the visible part of the
 * tracking comment keeps the other 25,000 or so.
 */
export const MAX_MARKER_CHARS = 40_000;
/** Anything bigger than this was not written by renderMarker; refused before decoding. */
const MAX_READ_CHARS = 2 * MAX_MARKER_CHARS;

export type MarkerRead = { ok: true; state: TrackingState } | { ok: false; reason: string };

/**
 * The marker for `state`, at most MAX_MARKER_CHARS long. When the state is too big, these parts
 * are shortened or dropped, in this order, until it fits (task ids, dependencies, verification
 * commands and all numbers are always kept whole):
 * 1. the last review's findings and its notes on earlier findings and requirements (already posted on
 *    the pull request; the open findings keep what the next iteration needs);
 * 2. the plan's analysis and strategy, to 500 characters (shown in the comment's details), and the
 *    output of failed verification commands, to 1,000 characters (its tail: the end says most);
 * 3. texts in the last review (summary, reason, feedback, revised tasks) and the open findings, to 1,000
 *    characters each;
 * 4. texts in the plan's tasks and the objectives, to 500 characters each;
 * 5. the last review itself (a later run continues without its feedback), the open P2 and P3 findings
 *    (suggestions) and the failed commands' output;
 * 6. the remaining free text (objectives, stop reason, plan texts, open findings), to 200 characters;
 * 7. the plan's tasks down to their ids, actions, dependencies and 40-character titles and targets.
 * Throws CtoError('internal') only if even that does not fit (thousands of tasks).
 */
export function renderMarker(state: TrackingState): string {
  let marker = encode(state);
  if (marker.length <= MAX_MARKER_CHARS) return marker;
  const copy = structuredClone(state);
  for (const shrink of SHRINK_STEPS) {
    shrink(copy);
    marker = encode(copy);
    if (marker.length <= MAX_MARKER_CHARS) return marker;
  }
  throw new CtoError(
    'internal',
    `The loop state needs ${marker.length} characters even shortened; the tracking comment allows ${MAX_MARKER_CHARS}.`,
    'Ask for a smaller plan (fewer tasks) and run again.',
  );
}

/** The state in `body`, when it is trustworthy; otherwise why not, in one line. Never throws. */
export function readMarker(body: string, author: { login: string; type: string }, botLogin: string): MarkerRead {
  try {
    return read(body, author, botLogin);
  } catch (error) {
    return { ok: false, reason: `the marker could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

function read(body: string, author: { login: string; type: string }, botLogin: string): MarkerRead {
  if (typeof body !== 'string') return { ok: false, reason: 'the comment has no body' };
  const count = body.split(MARKER_PATTERN).length - 1;
  if (count === 0) return { ok: false, reason: 'the comment has no state marker' };
  const login = typeof author?.login === 'string' ? author.login : '';
  if (typeof botLogin !== 'string' || botLogin === '' || login !== botLogin) {
    return { ok: false, reason: `the comment was written by \`${login || 'unknown'}\`, not by the bot identity \`${botLogin}\`: a copied or forged marker` };
  }
  if (count > 1) return { ok: false, reason: `the comment holds ${count} state markers; exactly one is expected (edited by hand?)` };
  const match = MARKER_EXACT.exec(body);
  const payload = match?.[1];
  if (payload === undefined) return { ok: false, reason: 'the state marker is malformed (tampered or damaged)' };
  if (payload.length > MAX_READ_CHARS) return { ok: false, reason: `the state marker is ${payload.length} characters long, more than codex-cto ever writes` };
  if (payload.length % 4 === 1) return { ok: false, reason: 'the state marker is not valid base64url (tampered or truncated)' };

  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'the state marker does not decode to JSON (tampered or truncated)' };
  }
  // A marker an earlier codex-cto wrote is brought to the current shape first; anything else is checked as it is.
  value = upgradeTrackingState(value);
  const version = versionOf(value);
  if (version !== CURRENT_MARKER_VERSION) {
    return { ok: false, reason: `the state marker has version ${JSON.stringify(version) ?? 'none'}; this codex-cto reads versions 1 to ${CURRENT_MARKER_VERSION}` };
  }
  const checked = checkTrackingState(value);
  if (!checked.ok) return { ok: false, reason: `the state marker does not match the state schema: ${checked.errors.slice(0, 3).join('; ')}` };
  return { ok: true, state: checked.value };
}

function versionOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const loop = (value as { loop?: unknown }).loop;
  if (typeof loop !== 'object' || loop === null) return undefined;
  return (loop as { version?: unknown }).version;
}

function encode(state: TrackingState): string {
  return `${MARKER_PREFIX}${Buffer.from(JSON.stringify(state), 'utf8').toString('base64url')}${MARKER_SUFFIX}`;
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const SHRINK_STEPS: readonly ((state: TrackingState) => void)[] = [
  ({ loop }) => {
    if (!loop.last_review) return;
    loop.last_review.findings = [];
    loop.last_review.previous_findings = [];
    loop.last_review.requirements = [];
  },
  ({ loop }) => {
    for (const failed of loop.failed_verification) failed.output = cutTail(failed.output, 1000);
    if (!loop.plan) return;
    loop.plan.analysis = cut(loop.plan.analysis, 500);
    loop.plan.strategy = cut(loop.plan.strategy, 500);
  },
  ({ loop }) => {
    for (const finding of loop.open_findings) shortenFinding(finding, 1000);
    const review = loop.last_review;
    if (!review) return;
    review.summary = cut(review.summary, 1000);
    review.questions = review.questions.map((question) => cut(question, 1000));
    if (review.reason !== null) review.reason = cut(review.reason, 1000);
    for (const each of review.task_reviews) each.feedback = cut(each.feedback, 1000);
    for (const task of review.revised_tasks) shortenTask(task, 1000);
  },
  ({ loop }) => {
    loop.objective = cut(loop.objective, 500);
    if (!loop.plan) return;
    loop.plan.objective = cut(loop.plan.objective, 500);
    shortenPlanNotes(loop.plan, 500);
    for (const task of loop.plan.tasks) shortenTask(task, 500);
  },
  ({ loop }) => {
    loop.last_review = null;
    loop.open_findings = loop.open_findings.filter((finding) => finding.priority === 'P0' || finding.priority === 'P1');
    for (const failed of loop.failed_verification) failed.output = '';
  },
  (state) => {
    const { loop } = state;
    for (const finding of loop.open_findings) shortenFinding(finding, 200);
    loop.objective = cut(loop.objective, 200);
    if (loop.stop_reason !== null) loop.stop_reason = cut(loop.stop_reason, 200);
    if (!loop.plan) return;
    loop.plan.objective = cut(loop.plan.objective, 200);
    loop.plan.analysis = cut(loop.plan.analysis, 200);
    loop.plan.strategy = cut(loop.plan.strategy, 200);
    shortenPlanNotes(loop.plan, 200);
    for (const task of loop.plan.tasks) shortenTask(task, 200);
  },
  ({ loop }) => {
    if (!loop.plan) return;
    for (const task of loop.plan.tasks) {
      task.title = cut(task.title, 40);
      task.target = cut(task.target, 40);
      task.description = '';
      task.acceptance_criteria = [];
    }
  },
];

/** Keeps the end of the text: a command's output says most at its end. */
function cutTail(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `…${chars.slice(chars.length - max + 1).join('')}`;
}

/** Shortens a finding's free text; its id, priority and place stay whole. */
function shortenFinding(finding: { title: string; body: string; path: string }, max: number): void {
  finding.title = cut(finding.title, max);
  finding.body = cut(finding.body, max);
  finding.path = cut(finding.path, max);
}

/** Shortens the plan's assumptions and open questions; whether a question blocks stays. */
function shortenPlanNotes(plan: { assumptions: string[]; open_questions: { question: string }[] }, max: number): void {
  plan.assumptions = plan.assumptions.map((assumption) => cut(assumption, max));
  for (const open of plan.open_questions) open.question = cut(open.question, max);
}

/** Shortens a task's free text; its id and dependencies stay whole. */
function shortenTask(task: { title: string; target: string; description: string; acceptance_criteria: string[] }, max: number): void {
  task.title = cut(task.title, max);
  task.target = cut(task.target, max);
  task.description = cut(task.description, max);
  task.acceptance_criteria = task.acceptance_criteria.map((criterion) => cut(criterion, max));
}

/**
 * Applies `redact` to the text of the state inside every marker in `body`, keeping the marker valid
 * (redaction only replaces token-shaped text inside JSON strings), and to the rest of the body as is.
 * Redacting the encoded form instead would corrupt it: base64 text can look like a token by chance.
 */
export function redactAroundMarkers(body: string, redact: (text: string) => string): string {
  const pattern = new RegExp(MARKER_EXACT.source, 'g');
  let out = '';
  let last = 0;
  for (const match of body.matchAll(pattern)) {
    const at = match.index ?? 0;
    out += redact(body.slice(last, at));
    const json = Buffer.from(match[1] ?? '', 'base64url').toString('utf8');
    const cleaned = redact(json);
    out += cleaned === json ? match[0] : `${MARKER_PREFIX}${Buffer.from(cleaned, 'utf8').toString('base64url')}${MARKER_SUFFIX}`;
    last = at + match[0].length;
  }
  return out + redact(body.slice(last));
}

