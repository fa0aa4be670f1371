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

Options:
  --max-iterations N            Review rounds at most (default ${DEFAULTS.maxIterations}, at most ${BOUNDS.iterations.max}).
  --escalate-after N            Pause after N consecutive "revise" verdicts (default ${defaultEscalateAfter(DEFAULTS.maxIterations)}).
  --max-turns N                 Claude Code turns per iteration (default ${DEFAULTS.maxTurns}).
  --max-budget-usd X            Claude spending cap for the whole run (default: none, as you watch the run
                                and Ctrl-C stops it; the GitHub Action's default is $${DEFAULTS.budgetUsd.unattended}).
  --allowed-tools LIST          Claude Code tools, comma separated (default ${DEFAULTS.allowedTools.join(',')}).
  --model M                     Codex model for plan and review.
  --plan-model M, --review-model M, --claude-model M   Models for each phase.
${CODEX_FLAGS}${LOCAL_USAGE}  --dry-run                     Print the commands that would run; call nothing.
`,
  runs: `Usage: codex-cto runs

Lists this repository's runs, newest first: id, state, iterations, cost and objective.
`,
  continue: `Usage: codex-cto continue <run-id> [feedback...] [options]

Resumes a run that paused (escalated, capped by its iterations, out of budget), was interrupted or
failed, in its worktree and (where it still exists) its Claude Code session. The feedback reaches
Claude and Codex as your answer and guidance. A capped run gets another round of its iterations.
The run's own settings apply; Codex's -c overrides are not saved, so pass them again.

Options:
  --max-budget-usd X            A new spending cap for the whole run (default: the run's own).
  -c, --codex-config KEY=VALUE  Extra Codex config override; repeatable.
`,
  status: `Usage: codex-cto status

Checks that both agent CLIs are installed and run, that their keys or logins are present, and that
Codex's read-only sandbox starts.
`,
};

/** The usage of `topic` (a command), or the overview when there is no such command. */
export function usageOf(topic: string | null): string {
  return (topic !== null && Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined) ?? USAGE;
}
