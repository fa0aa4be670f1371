// The defaults and bounds of a loop and its agents, in one place: the action's inputs (action.yml declares
// the same values, a test keeps them equal), a repository's config file and the CLI's flags read them here.
// Settings only one front has (the trigger label, the command prefix) keep their defaults with that front.

/** What each setting is when nobody sets it. */
export const DEFAULTS = Object.freeze({
  maxIterations: 5,
  /** Claude Code turns per iteration. */
  maxTurns: 50,
  /** Minutes each agent run (and the verification commands) may take. */
  timeoutMinutes: 30,
  /** Minutes each setup command may take. */
  setupTimeoutMinutes: 15,
  /** Seconds between two progress edits of the tracking comment while Claude works; 0 for none. */
  progressIntervalSeconds: 60,
  /**
   * Claude Code's tools: reading, editing and the shell, and its task list (bookkeeping only: the pinned
   * Claude Code keeps its todo list with TaskCreate/TaskUpdate/TaskList/TaskGet, which the tracking comment's
   * progress checklist shows; without them Claude has no list to show).
   */
  allowedTools: Object.freeze(['Read', 'Edit', 'Write', 'Glob', 'Grep', 'Bash', 'TaskCreate', 'TaskUpdate', 'TaskList', 'TaskGet']) as readonly string[],
  /**
   * The spending cap in USD: a run nobody watches (a workflow) has one; a run someone watches at a
   * terminal, with Ctrl-C at hand, has none unless asked.
   */
  budgetUsd: Object.freeze({ unattended: 10, attended: null }),
  /** Work branches are named `<prefix>issue-<N>`. */
  branchPrefix: 'codex-cto/',
  /** The pull request stays a draft until the verdict is `approve`. */
  draftPr: true,
  requirePlanApproval: false,
  autoMerge: false,
  mergeMethod: 'squash' as 'merge' | 'squash' | 'rebase',
});

/** The ranges a setting must fall in, wherever it is set. */
export const BOUNDS = Object.freeze({
  iterations: Object.freeze({ min: 1, max: 20 }),
  turns: Object.freeze({ min: 1, max: 1000 }),
  timeoutMinutes: Object.freeze({ min: 1, max: 360 }),
  /** Setup and always-run verification commands: how many, and how long each line may be. */
  commands: Object.freeze({ max: 20, length: 2_000 }),
  /** Names of variables passed to the agents. */
  envNames: Object.freeze({ max: 50 }),
  progressIntervalSeconds: Object.freeze({ min: 0, max: 3600 }),
  budgetUsd: Object.freeze({ max: 10_000 }),
});

/** The revise streak that pauses a loop, unless set: 3, or every iteration when fewer are allowed. */
export function defaultEscalateAfter(maxIterations: number): number {
  return Math.min(3, maxIterations);
}
