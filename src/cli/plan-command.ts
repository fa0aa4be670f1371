// `codex-cto plan "<objective>"`: Codex's plan for the repository the CLI runs in, validated and kept as the
// next `plan-NNN.json` of a run (a new one, or the one `--run` names). stderr names the run first; stdout is
// the plan for a person, or with --json exactly the validated plan JSON.
import { join } from 'node:path';
import { codexExecArgs } from '../agents/codex-args.js';
import { codexOptions, createAgents } from '../agents/factory.js';
import { planPrompt } from '../agents/prompts.js';
import { schemaFile } from '../core/model/assets.js';
import { planText } from '../render/cli-answer.js';
import { agentEnv } from '../safety/env.js';
import { Git } from '../workspace/git.js';
import { repositoryRoot } from '../workspace/local-worktree.js';
import { findBinary, requireBinary, requireKeys } from './agent-clis.js';
import { cliAgentSetup, NO_CLAUDE, requireSandbox, shellLine, withModelAccess } from './agent-setup.js';
import type { Command, CliIo } from './io.js';
import { openRunFolder } from './run-folder.js';
import { nextArtifact } from './run-history.js';

export async function plan(io: CliIo, command: Command<'plan'>): Promise<number> {
  const gitEnv = agentEnv(io.env, 'git', {});
  const root = await repositoryRoot(io.cwd, gitEnv);
  const where = { workTree: root, git: new Git({ cwd: root, env: gitEnv }) };
  if (command.dryRun) {
    const binaries = { codex: (await findBinary('codex', io.env)) ?? 'codex', claude: NO_CLAUDE };
    const options = codexOptions(cliAgentSetup(io, command, where, binaries), root, 'plan');
    const prompt = planPrompt({ persona: options.persona, objective: command.objective, context: '' });
    io.out(shellLine(options.binary, codexExecArgs(options, { schema: schemaFile('plan'), output: join(options.scratchDir, 'reply-1.txt') }, prompt)));
    return 0;
  }
  requireKeys(io.env, command.codexConfig, ['codex']);
  const binaries = { codex: await requireBinary('codex', io.env), claude: NO_CLAUDE };
  const run = await openRunFolder(root, command.runId, gitEnv);
  io.err(`codex-cto: run ${run.id}`);
  const base = await where.git.headSha();
  const outcome = await withModelAccess(io, command.codexConfig, async (access) => {
    await requireSandbox(binaries.codex, root, access.codexEnv);
    return createAgents(cliAgentSetup(io, command, where, binaries, access)).planner().plan({ objective: command.objective, context: '' });
  });
  const file = await run.write(nextArtifact(run.names, 'plan'), outcome.value);
  await run.recordBase(base);
  io.err(`plan saved to ${file}`);
  if (command.json) io.out(JSON.stringify(outcome.value, null, 2));
  else for (const line of planText(outcome.value)) io.out(line);
  return 0;
}
