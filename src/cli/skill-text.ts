// The Claude Code skill `/codex-cto`, as the files `codex-cto skill install` writes: SKILL.md (the protocol
// Claude follows: plan -> implement -> verify -> review -> revise, bounded) and reference.md (the JSON it
// reads). Claude Code lists a skill by the `name` and `description` of SKILL.md's frontmatter and, when the
// skill runs, puts its body in the conversation with `$ARGUMENTS` replaced by what followed `/codex-cto`.
// Pure text.
import { DEFAULTS, defaultEscalateAfter } from '../core/model/defaults.js';

export interface SkillFile {
  /** Path inside the skill's folder. */
  path: string;
  text: string;
}

export const SKILL_NAME = 'codex-cto';

const MAX = DEFAULTS.maxIterations;
const ESCALATE = defaultEscalateAfter(MAX);

const SKILL_MD = `---
name: ${SKILL_NAME}
description: Codex as CTO directs you through a bounded plan, implement, verify, review loop. Codex plans and reviews in a read-only sandbox and answers in schema-checked JSON; you write the code with your own tools. Use when the user types /codex-cto <objective> or asks for Codex to plan and review a change.
argument-hint: "[--model M] [--max-iterations N] [--dry-run] <objective>"
allowed-tools: Bash(codex-cto *)
---

# codex-cto: Codex plans and reviews, you build

The request: $ARGUMENTS

Codex is the CTO of this repository: it plans the work and reviews it, in a read-only sandbox, and
cannot change a file. You are the engineering team: you implement with your own tools (Read, Edit,
Write, Bash, Glob, Grep). The \`codex-cto\` command asks Codex and prints its answer as JSON that has
already been checked against a strict schema. The fields are described in reference.md, beside this file.

## Options (read them off the request; what remains is the objective)
- \`--model M\`: pass \`--model M\` to every \`codex-cto plan\` and \`codex-cto review\`.
- \`--max-iterations N\`: at most N reviews (default ${MAX}, from 1 to 20).
- \`--dry-run\`: run \`codex-cto plan --dry-run "<objective>"\`, show the user the command it prints, and stop.
- \`-c KEY=VALUE\`: Codex configuration (a gateway, a provider): pass each one on to every call.

If no objective remains, ask the user for one and stop.

## 1. Plan
\`\`\`
codex-cto plan --json "<objective>"
\`\`\`
stdout is the plan JSON and nothing else. The first line on stderr is \`codex-cto: run <RUN>\`: keep RUN,
every later call names it. The plan is kept as \`.codex-cto/<RUN>/plan-001.json\`. Exit code 1 means no
plan: show the user stderr and stop (\`codex-cto status\` checks the CLIs, the keys and the sandbox).

If the plan has a \`blocking\` entry in \`open_questions\`, put it to the user and wait for the answer
before implementing; show the others. Work on a branch of your own: \`git switch -c codex-cto/<RUN>\`
(if the working tree has uncommitted changes, ask the user first).

## 2. Implement
Take the tasks in dependency order: a task only after every task in its \`dependencies\`. For each, read
its \`description\` and \`acceptance_criteria\`, do its \`action\` (create_file, modify_file, delete_file,
run_command, verify) on its \`target\`, and check every acceptance criterion before the next task. Do not
deviate from the plan without reason; if a task is blocked or wrong, note why, go on with the tasks that
do not depend on it, and report it in the review.

## 3. Verify
Run every command of the plan's \`verification\` from the repository root and note each exit code and the
end of its output. Fix what fails through your own mistake and run it again; report what still fails.

## 4. Review
The reviewer reads commits, not the working tree: commit the work first.
\`\`\`
git add -A && git commit -m "codex-cto: <objective> (iteration K)"
codex-cto review --json --run <RUN> --plan .codex-cto/<RUN>/plan-001.json --max-iterations N "<objective>. Results: <what you did for each task; each verification command and its exit code; blockers>"
\`\`\`
N is ${MAX} unless the request gave \`--max-iterations\`. stdout is the review JSON, kept as
\`.codex-cto/<RUN>/review-00K.json\`; the review judges every commit since the plan against the plan
with the revisions of the earlier reviews. The exit code is the verdict: 0 approve, 2 revise, 3 abort,
4 needs_human; 1 is an error (show the user stderr and stop).

## 5. Decide
- **approve**: tell the user it is done: the review's \`summary\`, the branch, the artifacts folder. Stop.
- **revise**: act on every \`task_reviews\` entry with status \`fail\` or \`partial\` (its \`feedback\`) and every
  \`findings\` entry (at \`path\`, lines \`start_line\`-\`end_line\`). Apply \`revised_tasks\`: a task with an id
  the plan has replaces that task, a new id is a new task. When \`revised_verification\` is not null it
  replaces the verification. Then go through 2, 3 and 4 again for what changed.
- **abort**: tell the user the CTO's \`reason\` and \`summary\`, and stop. Do not go on.
- **needs_human**: put the review's \`questions\` to the user and wait; give their answer in the next
  review's text.

## Limits
- At most N reviews (default ${MAX}); \`codex-cto review\` refuses one more. When the last one is not an
  approval, stop and tell the user what is still open.
- After ${ESCALATE} \`revise\` verdicts in a row (\`codex-cto\` says so on stderr) stop and ask the user whether to
  go on, with the open findings; go on only when they say so.
- Never edit \`.codex-cto/\`: it is the record of the run.
`;

const REFERENCE_MD = `# codex-cto: the JSON you read

\`codex-cto plan --json\` and \`codex-cto review --json\` print exactly one JSON object on stdout; every
diagnostic goes to stderr. Both files are also kept in \`.codex-cto/<RUN>/\`, numbered in order:
\`plan-001.json\`, \`review-001.json\`, \`review-002.json\`, ... (\`--run <RUN>\` keeps numbering a run).

## The plan
| field | meaning |
| --- | --- |
| \`objective\` | what to accomplish |
| \`analysis\` | the CTO's reading of the codebase |
| \`strategy\` | the approach |
| \`assumptions\` | what the plan takes for granted |
| \`open_questions[]\` | \`question\`, \`blocking\`: what only a person can answer; a blocking one comes before any work |
| \`tasks[]\` | \`id\`, \`title\`, \`action\` (create_file, modify_file, delete_file, run_command, verify), \`target\` (a path in the repository, or the command), \`description\`, \`acceptance_criteria[]\`, \`dependencies[]\` (task ids) |
| \`verification[]\` | shell commands to run from the repository root once the tasks are done |

## The review
| field | meaning |
| --- | --- |
| \`verdict\` | \`approve\`, \`revise\`, \`abort\` or \`needs_human\` |
| \`summary\` | the verdict in a few sentences |
| \`reason\` | why, for \`abort\` and \`needs_human\`; otherwise null |
| \`task_reviews[]\` | \`task_id\`, \`status\` (pass, partial, fail), \`feedback\` |
| \`findings[]\` | \`title\`, \`body\`, \`priority\` (P0 and P1 block an approval), \`confidence\`, \`path\`, \`start_line\`, \`end_line\`, \`task_id\` |
| \`previous_findings[]\` | the earlier findings by id (\`F<review>.<n>\`), each \`resolved\` or \`unresolved\` |
| \`requirements[]\` | each requirement of the request: \`met\`, \`not_met\` or \`needs_human\`, with a note |
| \`questions[]\` | what the CTO asks the user (\`needs_human\`) |
| \`revised_tasks[]\` | tasks to do next: an existing id replaces that task, a new id adds one |
| \`revised_verification\` | null, or the commands that replace the verification |

## Exit codes
| code | plan | review |
| --- | --- | --- |
| 0 | the plan was printed | approve |
| 1 | error (stderr says what to do) | error |
| 2 | | revise |
| 3 | | abort |
| 4 | | needs_human |

## Checks
\`codex-cto status\` lists the CLIs found and their versions, whether their keys or logins are present (it
never prints a key), whether Codex's read-only sandbox starts, and where this skill is installed.
`;

/** The files of the skill, in the order they are written. */
export function skillFiles(): SkillFile[] {
  return [
    { path: 'SKILL.md', text: SKILL_MD },
    { path: 'reference.md', text: REFERENCE_MD },
  ];
}
