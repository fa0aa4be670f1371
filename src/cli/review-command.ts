// `codex-cto review "<objective + results>"`: Codex reviews HEAD in a checkout of its own, judged against a
// plan. Each review is the next `review-NNN.json` of a run (a new one, or the one `--run` names); in a run
// it diffs against the commit the run's plan was made at, judges against the plan as the earlier reviews
// revised it, and remembers their open findings. The exit code is the verdict (run-history.ts).
import { resolve } from 'node:path';
import { codexExecArgs } from '../agents/codex-args.js';
import { codexOptions, createAgents } from '../agents/factory.js';
import { schemaFile } from '../core/model/assets.js';
import { CtoError } from '../core/model/errors.js';
import type { Plan, Review } from '../core/model/schema-types.js';
import { checkPlan } from '../core/model/schemas.js';
import { reviewText } from '../render/cli-answer.js';
import { plural } from '../render/format.js';
import { agentEnv } from '../safety/env.js';
import { hiddenCharactersAdded } from '../workspace/diff-scan.js';
import { Git } from '../workspace/git.js';
import { repositoryRoot } from '../workspace/local-worktree.js';
import { findBinary, requireBinary, requireKeys } from './agent-clis.js';
import { cliAgentSetup, NO_CLAUDE, requireSandbox, shellLine, withModelAccess } from './agent-setup.js';
import type { Command, CliIo } from './io.js';
import { readPlanFile } from './plan-file.js';
import { openRunFolder, type RunFolder } from './run-folder.js';
import { artifactFile, artifactNumbers, latestArtifact, nextArtifact, replayReviews, verdictExitCode, type ReviewHistory } from './run-history.js';

export async function review(io: CliIo, command: Command<'review'>): Promise<number> {
  const gitEnv = agentEnv(io.env, 'git', {});
  const root = await repositoryRoot(io.cwd, gitEnv);
  const git = new Git({ cwd: root, env: gitEnv });
  const where = { workTree: root, git };
  const run = await openRunFolder(root, command.runId, gitEnv);
  const history = replayReviews(await loadPlan(io.cwd, command, run), await earlierReviews(run));
  if (history.iteration > command.maxIterations) {
    throw new CtoError('refused', `Run ${run.id} has had ${plural(history.iteration - 1, 'review')}, the most --max-iterations ${command.maxIterations} allows.`,
      'Stop here and tell the user what the last review left open; a new run starts without --run.');
  }
  const base = command.base ?? (await run.baseCommit()) ?? ((await git.refExists('HEAD~1')) ? 'HEAD~1' : 'HEAD');
  if (command.dryRun) {
    const binaries = { codex: (await findBinary('codex', io.env)) ?? 'codex', claude: NO_CLAUDE };
    const options = codexOptions(cliAgentSetup(io, command, where, binaries), '<review checkout>', 'review');
    io.out(shellLine('git', ['worktree', 'add', '--detach', '<review checkout>', 'HEAD']));
    io.out(shellLine(options.binary, codexExecArgs(options, { schema: schemaFile('review'), output: '<reply file>' }, '<review prompt>')));
    return 0;
  }
  requireKeys(io.env, command.codexConfig, ['codex']);
  const binaries = { codex: await requireBinary('codex', io.env), claude: NO_CLAUDE };
  io.err(`codex-cto: run ${run.id}, review ${history.iteration} of at most ${command.maxIterations}, against ${base.slice(0, 12)}`);
  if (await git.isDirty()) io.err('note: uncommitted changes are not reviewed; commit them first to include them');
  const headSha = await git.headSha();
  const hiddenCharacters = await hiddenCharactersAdded(git, base, headSha);
  const outcome = await withModelAccess(io, command.codexConfig, async (access) => {
    await requireSandbox(binaries.codex, root, access.codexEnv);
    return createAgents(cliAgentSetup(io, command, where, binaries, access)).reviewer(base, headSha).review({
      iteration: history.iteration,
      objective: command.text,
      context: '',
      plan: history.plan,
      implementation: null,
      verification: [],
      diffStat: '',
      hiddenCharacters,
      baseRef: base,
      headRef: 'HEAD',
      previousReview: history.previousReview,
      humanFeedback: null,
    });
  });
  const file = await run.write(nextArtifact(run.names, 'review'), outcome.value);
  io.err(`review saved to ${file}`);
  for (const line of limitNotes(outcome.value, history, command)) io.err(line);
  if (command.json) io.out(JSON.stringify(outcome.value, null, 2));
  else for (const line of reviewText(outcome.value)) io.out(line);
  return verdictExitCode(outcome.value.verdict);
}

/** What the protocol asks of the caller after this review: escalate after consecutive revisions, stop at the cap. */
export function limitNotes(review: Review, history: ReviewHistory, limits: { maxIterations: number; escalateAfter: number }): string[] {
  if (review.verdict !== 'revise') return [];
  const inARow = history.consecutiveRevise + 1;
  const notes: string[] = [];
  if (inARow >= limits.escalateAfter) notes.push(`codex-cto: ${inARow} revise verdicts in a row: ask the user whether to go on before another iteration`);
  if (history.iteration >= limits.maxIterations) notes.push(`codex-cto: that was the last review --max-iterations ${limits.maxIterations} allows: stop and tell the user what is still open`);
  return notes;
}

/** The plan the review judges against: --plan, else the run's latest plan, else an empty plan of the objective. */
async function loadPlan(cwd: string, command: Command<'review'>, run: RunFolder): Promise<Plan> {
  const latest = latestArtifact(run.names, 'plan');
  let value: unknown;
  let source: string;
  if (command.planFile !== null) {
    source = resolve(cwd, command.planFile);
    value = await readPlanFile(source);
  } else if (latest !== null) {
    source = `${run.dir}/${latest}`;
    value = await run.readJson(latest);
  } else {
    return { objective: command.text, analysis: '', strategy: '', assumptions: [], open_questions: [], tasks: [], verification: [] };
  }
  const checked = checkPlan(value);
  if (!checked.ok) throw new CtoError('settings', `${source} is not a valid plan: ${checked.errors.slice(0, 3).join('; ')}`);
  return checked.value;
}

async function earlierReviews(run: RunFolder): Promise<{ name: string; value: unknown }[]> {
  const names = artifactNumbers(run.names, 'review').map((n) => artifactFile('review', n));
  return Promise.all(names.map(async (name) => ({ name, value: await run.readJson(name) })));
}
