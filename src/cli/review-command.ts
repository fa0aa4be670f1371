// `codex-cto review "<objective + results>"`: Codex reviews HEAD against --base (default HEAD's parent) in
// a checkout of its own, judged against a plan file when one is given.
import { readFile } from 'node:fs/promises';
import { codexExecArgs } from '../agents/codex-args.js';
import { codexOptions, createAgents } from '../agents/factory.js';
import { schemaFile } from '../core/model/assets.js';
import { CtoError } from '../core/model/errors.js';
import type { Plan } from '../core/model/schema-types.js';
import { checkPlan } from '../core/model/schemas.js';
import { agentEnv } from '../safety/env.js';
import { createArtifactStore } from '../workspace/artifacts.js';
import { hiddenCharactersAdded } from '../workspace/diff-scan.js';
import { Git } from '../workspace/git.js';
import { repositoryRoot } from '../workspace/local-worktree.js';
import { findBinary, requireBinary, requireKeys } from './agent-clis.js';
import { cliAgentSetup, NO_CLAUDE, requireSandbox, runId, shellLine, withModelAccess } from './agent-setup.js';
import type { Command, CliIo } from './io.js';

export async function review(io: CliIo, command: Command<'review'>): Promise<number> {
  const gitEnv = agentEnv(io.env, 'git', {});
  const root = await repositoryRoot(io.cwd, gitEnv);
  const git = new Git({ cwd: root, env: gitEnv });
  const where = { workTree: root, git };
  const base = command.base ?? ((await git.refExists('HEAD~1')) ? 'HEAD~1' : 'HEAD');
  const basePlan = await loadPlan(command.planFile, command.text);
  if (command.dryRun) {
    const binaries = { codex: (await findBinary('codex', io.env)) ?? 'codex', claude: NO_CLAUDE };
    const options = codexOptions(cliAgentSetup(io, command, where, binaries), '<review checkout>', command.model);
    io.out(shellLine('git', ['worktree', 'add', '--detach', '<review checkout>', 'HEAD']));
    io.out(shellLine(options.binary, codexExecArgs(options, { schema: schemaFile('review'), output: '<reply file>' }, '<review prompt>')));
    return 0;
  }
  requireKeys(io.env, command.codexConfig, ['codex']);
  const binaries = { codex: await requireBinary('codex', io.env), claude: NO_CLAUDE };
  if (await git.isDirty()) io.err('note: uncommitted changes are not reviewed; commit them first to include them');
  const headSha = await git.headSha();
  const hiddenCharacters = await hiddenCharactersAdded(git, base, headSha);
  const outcome = await withModelAccess(io, command.codexConfig, async (access) => {
    await requireSandbox(binaries.codex, root, access.codexEnv);
    return createAgents(cliAgentSetup(io, command, where, binaries, access)).reviewer(base, headSha).review({
      iteration: 1,
      objective: command.text,
      context: '',
      plan: basePlan,
      implementation: null,
      verification: [],
      diffStat: '',
      hiddenCharacters,
      baseRef: base,
      headRef: 'HEAD',
      previousReview: null,
      humanFeedback: null,
    });
  });
  const file = await (await createArtifactStore(root, runId(), gitEnv)).write('review-001.json', outcome.value);
  io.err(`review saved to ${file}`);
  io.out(JSON.stringify(outcome.value, null, 2));
  return outcome.value.verdict === 'approve' ? 0 : 2;
}

async function loadPlan(file: string | null, objective: string): Promise<Plan> {
  if (!file) return { objective, analysis: '', strategy: '', assumptions: [], open_questions: [], tasks: [], verification: [] };
  const checked = checkPlan(JSON.parse(await readFile(file, 'utf8')));
  if (!checked.ok) throw new CtoError('settings', `${file} is not a valid plan: ${checked.errors.slice(0, 3).join('; ')}`);
  return checked.value;
}
