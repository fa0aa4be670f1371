// The webhook event, parsed once into a discriminated union. The payload is untrusted JSON: any
// field may be missing or of the wrong type, and every such case ends as `ignored` with a reason,
// never as an exception. Permission checks need the API and are the caller's job.
import { findCommand, type CommandWord } from './comment-command.js';
import { shown } from '../settings/input-parsers.js';
import { branchNameFrom } from '../settings/names.js';
import type { Settings } from '../settings/settings.js';
import { MARKER_PATTERN } from '../tracking/state-marker.js';

/** A user as the payload names them: `type` is `User`, `Bot`, `Organization`, `Mannequin`, ... */
export interface UserRef {
  login: string;
  type: string;
}

/** Who caused the event. */
export interface Actor extends UserRef {
  id: number;
}

/** The issue (or pull request, which GitHub also calls an issue) as it was when the event fired. */
export interface IssueRef {
  number: number;
  title: string;
  /** Empty when the issue has no body. Untrusted text. */
  body: string;
  author: UserRef;
  labels: string[];
  locked: boolean;
  /** `open` or `closed`. */
  state: string;
  /** Set when the issue is a pull request: what the payload says about it. */
  pullRequest: { url: string; htmlUrl: string | null; mergedAt: string | null } | null;
}

export type Trigger =
  | { kind: 'label'; issue: IssueRef; actor: Actor }
  | {
      kind: 'command';
      command: CommandWord;
      /** The rest of the command line; untrusted text. */
      args: string;
      /** The rest of the command line and the lines after it: a person's feedback; untrusted text. */
      text: string;
      target: IssueRef;
      onPullRequest: boolean;
      /** Where the command was written: an issue comment (which gets a reaction), or a pull request review's body. */
      via: 'comment' | 'review';
      comment: { id: number; body: string; createdAt: string };
      actor: Actor;
    }
  | {
      /** A pull request review that asks for changes or carries inline comments; its comments are read through the API. */
      kind: 'pull-review';
      pr: number;
      review: { id: number; state: string };
      actor: Actor;
    }
  | { kind: 'dispatch'; objective: string; issue: number | null; base: string | null; actor: Actor }
  | { kind: 'ignored'; reason: string };

export type TriggerSettings = Pick<Settings, 'triggerLabel' | 'commandPrefix' | 'allowedBots' | 'branchPrefix'>;

export interface TriggerIdentity {
  /** The login the action posts as, when known (`github-actions[bot]` for the workflow token). */
  botLogin?: string | null;
}

type Json = Record<string, unknown>;

/** Parses one event; anything not for codex-cto, or not readable, comes back as `ignored`. */
export function parseTrigger(
  eventName: string,
  payload: unknown,
  settings: TriggerSettings,
  identity: TriggerIdentity = {},
): Trigger {
  try {
    const event = record(payload);
    if (event === null) return ignored('the event payload is not a JSON object');
    switch (eventName) {
      case 'issues':
        return fromLabel(event, settings, identity);
      case 'issue_comment':
        return fromComment(event, settings, identity);
      case 'workflow_dispatch':
        return fromDispatch(event, settings, identity);
      case 'pull_request_review':
        return fromReview(event, settings, identity);
      default:
        if (typeof eventName !== 'string' || eventName === '') return ignored('no event name was given');
        return ignored(`event ${shown(eventName)} is not one codex-cto handles`);
    }
  } catch (error) {
    // Only exotic objects (throwing getters) get here; still an answer, not a crash.
    return ignored(`the event payload could not be read (${error instanceof Error ? error.name : 'unknown error'})`);
  }
}

function fromLabel(event: Json, settings: TriggerSettings, identity: TriggerIdentity): Trigger {
  if (event['action'] !== 'labeled') return ignored(`\`issues\` action ${describe(event['action'])} is not handled (only \`labeled\`)`);
  const label = text(record(event['label'])?.['name']);
  if (label === null) return ignored('`issues.labeled` payload has no label name');
  // Exact match, as the rest of codex-cto compares labels (removing the label stops the loop).
  if (label !== settings.triggerLabel) {
    return ignored(`label ${shown(label)} is not the trigger label ${shown(settings.triggerLabel)}`);
  }
  const issue = issueRef(event['issue']);
  if (issue === null) return ignored('`issues.labeled` payload has no readable issue');
  if (issue.pullRequest !== null) return ignored(`#${issue.number} is a pull request; the trigger label works on issues`);
  const actor = actorOf(event['sender']);
  if (actor === null) return ignored('`issues.labeled` payload has no readable sender');
  const refused = refuseActor(actor, settings, identity);
  return refused ?? { kind: 'label', issue, actor };
}

function fromComment(event: Json, settings: TriggerSettings, identity: TriggerIdentity): Trigger {
  if (event['action'] !== 'created') {
    return ignored(`\`issue_comment\` action ${describe(event['action'])} is not handled (only new comments count)`);
  }
  const comment = record(event['comment']);
  const id = positiveInteger(comment?.['id']);
  const body = text(comment?.['body']);
  const createdAt = text(comment?.['created_at']);
  const actor = actorOf(comment?.['user']);
  if (id === null || body === null || createdAt === null || actor === null) {
    return ignored('`issue_comment.created` payload has no readable comment (id, body, created_at, user)');
  }
  if (isOwn(actor, identity)) return ignored(`comment ${id} was written by codex-cto itself (${shown(actor.login)})`);
  if (MARKER_PATTERN.test(body)) return ignored(`comment ${id} carries a codex-cto state marker; such comments never trigger work`);
  const found = findCommand(body, settings.commandPrefix);
  if (found === null) return ignored(`comment ${id} has no ${shown(settings.commandPrefix)} command line`);
  const refused = refuseActor(actor, settings, identity);
  if (refused !== null) return refused;
  const target = issueRef(event['issue']);
  if (target === null) return ignored('`issue_comment.created` payload has no readable issue');
  const onPullRequest = target.pullRequest !== null;
  if (found.command === 'review' && !onPullRequest) {
    return ignored(`\`${settings.commandPrefix} review\` on #${target.number}, which is an issue; it works on pull requests`);
  }
  return {
    kind: 'command',
    command: found.command,
    args: found.args,
    target,
    text: found.text,
    onPullRequest,
    via: 'comment',
    comment: { id, body, createdAt },
    actor,
  };
}

/**
 * A submitted review on a codex-cto pull request: a command in its body counts like a comment's; without
 * one, only a review that requests changes or may carry inline comments (`commented`) can ask for work,
 * which the flow confirms through the API. An approval without a command changes nothing.
 */
function fromReview(event: Json, settings: TriggerSettings, identity: TriggerIdentity): Trigger {
  if (event['action'] !== 'submitted') return ignored(`\`pull_request_review\` action ${describe(event['action'])} is not handled (only \`submitted\`)`);
  const review = record(event['review']);
  const id = positiveInteger(review?.['id']);
  const state = text(review?.['state'])?.toLowerCase() ?? null;
  const body = review?.['body'] === null ? '' : text(review?.['body']);
  const createdAt = text(review?.['submitted_at']) ?? '';
  const actor = actorOf(review?.['user']);
  const pull = record(event['pull_request']);
  const pr = positiveInteger(pull?.['number']);
  const headRef = text(record(pull?.['head'])?.['ref']);
  if (id === null || state === null || body === null || actor === null || pr === null || headRef === null) {
    return ignored('`pull_request_review.submitted` payload has no readable review (id, state, body, user) or pull request');
  }
  const refused = refuseActor(actor, settings, identity);
  if (refused !== null) return refused;
  if (!headRef.startsWith(settings.branchPrefix)) return ignored(`review ${id} is on #${pr}, whose branch is not a codex-cto branch`);
  const found = findCommand(body, settings.commandPrefix);
  if (found !== null) {
    const target = issueRef({ ...pull, labels: [], pull_request: { url: text(pull?.['url']) ?? '', html_url: text(pull?.['html_url']) } });
    if (target === null) return ignored('`pull_request_review.submitted` payload has no readable pull request');
    return { kind: 'command', command: found.command, args: found.args, text: found.text, target, onPullRequest: true, via: 'review', comment: { id, body, createdAt }, actor };
  }
  if (state !== 'changes_requested' && state !== 'commented') return ignored(`review ${id} on #${pr} is ${shown(state)} without a command; it asks for nothing`);
  return { kind: 'pull-review', pr, review: { id, state }, actor };
}

function fromDispatch(event: Json, settings: TriggerSettings, identity: TriggerIdentity): Trigger {
  const inputs = event['inputs'] === undefined || event['inputs'] === null ? {} : record(event['inputs']);
  if (inputs === null) return ignored('`workflow_dispatch` payload has unreadable inputs');
  const objective = text(inputs['objective'])?.trim() ?? '';
  if (objective === '') return ignored('`workflow_dispatch` without an `objective` input');

  const rawIssue = inputs['issue'];
  let issue: number | null = null;
  if (rawIssue !== undefined && rawIssue !== null && rawIssue !== '') {
    issue = typeof rawIssue === 'string' && /^\d{1,10}$/.test(rawIssue.trim()) ? positiveInteger(Number(rawIssue)) : positiveInteger(rawIssue);
    if (issue === null) return ignored(`\`workflow_dispatch\` input \`issue\` must be a positive whole number or empty, got ${describe(rawIssue)}`);
  }

  const rawBase = inputs['base'];
  let base: string | null = null;
  if (rawBase !== undefined && rawBase !== null && rawBase !== '') {
    base = branchNameFrom(typeof rawBase === 'string' ? rawBase.trim() : '');
    if (base === null) return ignored(`\`workflow_dispatch\` input \`base\` must be a valid branch name (\`refs/heads/\` may lead) or empty, got ${describe(rawBase)}`);
  }

  const actor = actorOf(event['sender']);
  if (actor === null) return ignored('`workflow_dispatch` payload has no readable sender');
  const refused = refuseActor(actor, settings, identity);
  return refused ?? { kind: 'dispatch', objective, issue, base, actor };
}

/** Bots (unless listed exactly in allowed-bots) and codex-cto's own identity never start work. */
function refuseActor(actor: Actor, settings: TriggerSettings, identity: TriggerIdentity): Trigger | null {
  if (isOwn(actor, identity)) return ignored(`the event was caused by codex-cto itself (${shown(actor.login)})`);
  if (actor.type === 'Bot' && !settings.allowedBots.includes(actor.login)) {
    return ignored(`${shown(actor.login)} is a bot that is not listed in \`allowed-bots\``);
  }
  return null;
}

function isOwn(actor: Actor, identity: TriggerIdentity): boolean {
  return typeof identity.botLogin === 'string' && identity.botLogin !== '' && actor.login === identity.botLogin;
}

function issueRef(value: unknown): IssueRef | null {
  const issue = record(value);
  if (issue === null) return null;
  const number = positiveInteger(issue['number']);
  const title = text(issue['title']);
  const body = issue['body'] === null || issue['body'] === undefined ? '' : text(issue['body']);
  const author = actorOf(issue['user']);
  const state = text(issue['state']);
  const labels = issue['labels'] === undefined ? [] : labelNames(issue['labels']);
  const locked = issue['locked'] === undefined ? false : issue['locked'];
  if (number === null || title === null || body === null || author === null || state === null || labels === null) return null;
  if (typeof locked !== 'boolean') return null;
  let pullRequest: IssueRef['pullRequest'] = null;
  if (issue['pull_request'] !== undefined && issue['pull_request'] !== null) {
    const pr = record(issue['pull_request']);
    const url = text(pr?.['url']);
    if (pr === null || url === null) return null;
    pullRequest = { url, htmlUrl: text(pr['html_url']), mergedAt: text(pr['merged_at']) };
  }
  return { number, title, body, author: { login: author.login, type: author.type }, labels, locked, state, pullRequest };
}

function labelNames(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const names: string[] = [];
  for (const item of value) {
    const name = typeof item === 'string' ? item : text(record(item)?.['name']);
    if (name === null) return null;
    names.push(name);
  }
  return names;
}

function actorOf(value: unknown): Actor | null {
  const user = record(value);
  const login = text(user?.['login']);
  const type = text(user?.['type']);
  const id = positiveInteger(user?.['id']);
  if (login === null || login === '' || type === null || type === '' || id === null) return null;
  return { login, type, id };
}

function record(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return shown(value);
  if (value === undefined) return 'nothing';
  return `a ${value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value}`;
}

function ignored(reason: string): Trigger {
  return { kind: 'ignored', reason };
}
