// Each command's usage, for `codex-cto help <command>` and `codex-cto <command> --help`. Pure.
import { BOUNDS, DEFAULTS, defaultEscalateAfter } from '../core/model/defaults.js';
import { CONFIG_FILE } from '../core/model/repo-config.js';
import { USAGE } from './args.js';
import { LOCAL_USAGE } from './local-options.js';

const CODEX_FLAGS = `  --reasoning-effort E          Codex reasoning effort (low, medium, high, ...).
  -c, --codex-config KEY=VALUE  Extra Codex config override; repeatable (gateways, providers).
  --timeout-minutes N           Time limit of each agent run (default ${DEFAULTS.timeoutMinutes}).
  --config PATH                 The config file (default: ${CONFIG_FILE}); a flag wins over it.
`;

const REPOSITORY_FLAGS = `  --env LIST                    Variables of your shell passed to Claude Code, setup and verification,
                                comma separated (config \`env\`; a flag replaces the file's list). A name that
                                looks like a credential (TOKEN, KEY, PASSWORD, ...) is refused here.
  --secret-env LIST             Credential-looking variables to pass all the same (e.g. DB_PASSWORD).
  --setup-timeout-minutes N     Time limit of each setup command (default ${DEFAULTS.setupTimeoutMinutes}).
`;

const ENVIRONMENT = `The repository's config file drives the run: \`setup\` commands run in the worktree before any model
call (each within its time limit, output shown; the first that fails stops the run with its command,
exit code and last lines), and \`verify\` commands run after every implementation besides the plan's
verification, each within --timeout-minutes, their results going to the reviewer.

What reaches the agents: they run as you (no agent user, unlike the GitHub Action), so Claude Code and
its tools can read whatever you can. Their environment is built from an allow-list, not copied from
yours: PATH, HOME, USER, SHELL, LANG, LC_*, TZ, TMPDIR, TERM, CI, the proxy and certificate settings
and git's author and committer names. With ANTHROPIC_API_KEY / OPENAI_API_KEY set, each agent gets a
placeholder key and the address of codex-cto's loopback key proxy, which holds the real key (a CLI's
own login is its own). The variables named by \`env\`, --env and --secret-env reach Claude Code, setup
and verification, never Codex; GitHub tokens and the model keys are never passed, under any name.
`;

const COMMANDS: Record<string, string> = {
  plan: `Usage: codex-cto plan "<objective>" [options]

Codex plans the objective in a read-only sandbox and prints the validated plan JSON; the plan is kept
in .codex-cto/<run-id>/plan-001.json.

Options:
  --model M                     Codex model.
${CODEX_FLAGS}  --dry-run                     Print the codex command that would run; call nothing.
`,
  review: `Usage: codex-cto review "<objective + results>" [options]

Codex reviews HEAD against --base in a checkout of its own and prints the verdict JSON (exit 0 on
approve, 2 otherwise); the review is kept in .codex-cto/<run-id>/review-001.json.

Options:
  --base REF                    What the review diffs against (default: HEAD's parent).
  --plan FILE                   Plan JSON the review judges against.
  --model M                     Codex model.
${CODEX_FLAGS}  --dry-run                     Print the commands that would run; call nothing.
`,
  run: `Usage: codex-cto run "<objective>" [options]

The whole loop (plan, implement, verify, review, revise) in a new git worktree and branch; your
checkout is not touched unless you ask for a merge. Ctrl-C stops after the current step (twice: at
once) and keeps the worktree; every run is saved in .codex-cto/<run-id>/run.json for
\`codex-cto runs\` and \`codex-cto continue\`. Exit 0 when approved, 2 when the run ended otherwise.

${ENVIRONMENT}
Options:
  --max-iterations N            Review rounds at most (default ${DEFAULTS.maxIterations}, at most ${BOUNDS.iterations.max}).
  --escalate-after N            Pause after N consecutive "revise" verdicts (default ${defaultEscalateAfter(DEFAULTS.maxIterations)}).
  --max-turns N                 Claude Code turns per iteration (default ${DEFAULTS.maxTurns}).
  --max-budget-usd X            Claude spending cap for the whole run (default: none, as you watch the run
                                and Ctrl-C stops it; the GitHub Action's default is $${DEFAULTS.budgetUsd.unattended}).
  --allowed-tools LIST          Claude Code tools, comma separated (default ${DEFAULTS.allowedTools.join(',')}).
  --model M                     Codex model for plan and review.
  --plan-model M, --review-model M, --claude-model M   Models for each phase.
${CODEX_FLAGS}${REPOSITORY_FLAGS}${LOCAL_USAGE}  --dry-run                     Print the commands that would run; call nothing.
`,
  runs: `Usage: codex-cto runs

Lists this repository's runs, newest first: id, state, iterations, cost and objective.
`,
  continue: `Usage: codex-cto continue <run-id> [feedback...] [options]

Resumes a run that paused (escalated, capped by its iterations, out of budget), was interrupted or
failed, in its worktree and (where it still exists) its Claude Code session. The feedback reaches
Claude and Codex as your answer and guidance. A capped run gets another round of its iterations.
The run's own settings apply; Codex's -c overrides are not saved, so pass them again. The
repository's setup, variables and verification are read from the config file again (and --env,
--secret-env): the setup runs again in the worktree before any model call, so a fixed setup applies.

Options:
  --max-budget-usd X            A new spending cap for the whole run (default: the run's own).
  -c, --codex-config KEY=VALUE  Extra Codex config override; repeatable.
${REPOSITORY_FLAGS}`,
  status: `Usage: codex-cto status

Checks that both agent CLIs are installed and run, that their keys or logins are present, and that
Codex's read-only sandbox starts.
`,
};

/** The usage of `topic` (a command), or the overview when there is no such command. */
export function usageOf(topic: string | null): string {
  return (topic !== null && Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined) ?? USAGE;
}
