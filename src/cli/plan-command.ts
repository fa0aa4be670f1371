// `codex-cto plan "<objective>"`: Codex's plan for the repository the CLI runs in, validated and saved.
import { join } from 'node:path';
import { codexExecArgs } from '../agents/codex-args.js';
import { codexOptions, createAgents } from '../agents/factory.js';
import { planPrompt } from '../agents/prompts.js';
import { schemaFile } from '../core/model/assets.js';
import { agentEnv } from '../safety/env.js';
import { createArtifactStore } from '../workspace/artifacts.js';
import { Git } from '../workspace/git.js';
import { repositoryRoot } from '../workspace/local-worktree.js';
import { findBinary, requireBinary, requireKeys } from './agent-clis.js';
import { cliAgentSetup, NO_CLAUDE, requireSandbox, runId, shellLine, withModelAccess } from './agent-setup.js';
import type { Command, CliIo } from './io.js';

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
  const outcome = await withModelAccess(io, command.codexConfig, async (access) => {
    await requireSandbox(binaries.codex, root, access.codexEnv);
    return createAgents(cliAgentSetup(io, command, where, binaries, access)).planner().plan({ objective: command.objective, context: '' });
  });
  const file = await (await createArtifactStore(root, runId(), gitEnv)).write('plan-001.json', outcome.value);
  io.err(`plan saved to ${file}`);
  io.out(JSON.stringify(outcome.value, null, 2));
  return 0;
}
