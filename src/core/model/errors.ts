// Typed errors. Helpers throw these; one place (the front's reporter) turns them into the log,
// the tracking comment, the job summary and setFailed, after redaction.

export type ErrorKind =
  | 'settings' // the workflow file or CLI flags are wrong
  | 'config' // the repository's config file (.github/codex-cto.yml) is wrong
  | 'agent-missing' // a CLI is not installed and could not be installed
  | 'agent-output' // Codex replied with something that is not a valid plan/review, even after repair
  | 'agent-failed' // Codex turn.failed, empty output, crash
  | 'sandbox' // Codex's read-only sandbox could not start
  | 'model-unreachable' // a model endpoint or gateway could not be reached
  | 'timeout' // a child process exceeded its time limit
  | 'setup' // a setup command of the repository failed
  | 'git' // a git command failed
  | 'github' // the GitHub API refused or failed
  | 'permission' // the workflow token lacks a permission
  | 'refused' // an event or the repository names something codex-cto will not work with (a branch name)
  | 'internal';

export class CtoError extends Error {
  override readonly name = 'CtoError';
  readonly kind: ErrorKind;
  /** What the user should do about it, in one sentence; shown under the message. */
  readonly hint: string | null;
  constructor(kind: ErrorKind, message: string, hint: string | null = null, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.hint = hint;
  }
}

/** Characters of an invalid answer kept with its error (the rest is cut, the cut marked). */
export const INVALID_REPLY_CHARS = 256 * 1024;

/**
 * A model's answer that stayed invalid after its repair turn. Its text travels with the error, cut to a
 * bound, so the run's artifact can keep it for whoever looks into the failure.
 */
export class InvalidAnswerError extends CtoError {
  /** Which answer: `plan` or `review`. */
  readonly phase: string;
  readonly reply: string;
  constructor(phase: string, reply: string, message: string, hint: string | null = null) {
    super('agent-output', message, hint);
    this.phase = phase;
    this.reply = reply.length > INVALID_REPLY_CHARS ? `${reply.slice(0, INVALID_REPLY_CHARS)}\n[cut at ${INVALID_REPLY_CHARS} characters]\n` : reply;
  }
}

export function isCtoError(error: unknown): error is CtoError {
  return error instanceof CtoError;
}

/** A message for any thrown value, without stack noise. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
