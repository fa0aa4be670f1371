// How the CLI's commands get their agents: the factory the action uses too (agents/factory.ts), over a
// worktree or the user's repository, with the keys behind the loopback key proxy and Codex's sandbox
// probed before its first turn.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentSettings, AgentSetup } from '../agents/factory.js';
import type { AgentBinaries } from '../agents/install.js';
import { DEFAULTS } from '../core/model/defaults.js';
import { CtoError } from '../core/model/errors.js';
import { agentEnv } from '../safety/env.js';
import type { Git } from '../workspace/git.js';
import { codexBubblewraps, probeSandbox, sandboxFix } from '../workspace/sandbox.js';
import { codexEnvFrom } from './agent-clis.js';
import type { Command, CliIo } from './io.js';
import { openModelAccess, type ModelAccess } from './model-access.js';

type AgentCommand = Command<'plan'> | Command<'review'> | Command<'run'>;

/** The model access of one command, with the temp folder its agents' scratch files go in (removed after). */
export type CliAccess = ModelAccess & { scratchDir: string };

/** Plan and review never run Claude Code: its binary is not looked for. */
export const NO_CLAUDE = 'claude';

/**
 * The agents' setup for `command` working in `workTree`; `access` routes them through the key proxy
 * (absent in --dry-run, which runs nothing). `passed`: the variables of yours a run passes to Claude Code,
 * the setup and the verification (never to Codex); they never replace what codex-cto sets.
 */
export function cliAgentSetup(io: CliIo, command: AgentCommand, where: { workTree: string; git: Git }, binaries: AgentBinaries, access?: CliAccess, passed: Record<string, string> = {}): AgentSetup {
  return {
    settings: agentSettings(command, access),
    binaries,
    env: {
      codex: access?.codexEnv ?? codexEnvFrom(io.env),
      claude: { ...passed, ...(access?.claudeEnv ?? {}) },
      verify: { ...passed, ...agentEnv(io.env, 'verify', {}) },
    },
    workTree: where.workTree,
    git: where.git,
    // Created by the adapter when Codex runs, so --dry-run leaves nothing behind; removed with the access.
    scratchDir: join(access?.scratchDir ?? tmpdir(), access ? 'codex' : `codex-cto-${randomBytes(6).toString('hex')}`),
    ...(access ? { shellDir: join(access.scratchDir, 'shell') } : {}),
    // The terminal shows the loop's progress lines only.
    log: () => undefined,
  };
}

function agentSettings(command: AgentCommand, access?: ModelAccess): AgentSettings {
  const common = {
    planReasoningEffort: command.planReasoningEffort,
    reviewReasoningEffort: command.reviewReasoningEffort,
    planInstructions: command.planInstructions,
    reviewInstructions: command.reviewInstructions,
    protectedPaths: command.protectedPaths,
    timeoutMinutes: command.timeoutMinutes,
    codexOverrides: access?.codexOverrides ?? command.codexConfig,
  };
  if (command.kind !== 'run') {
    // Plan and review run Codex only.
    return { ...common, planModel: command.model, reviewModel: command.model, claudeModel: null, maxTurns: DEFAULTS.maxTurns, allowedTools: DEFAULTS.allowedTools };
  }
  const { planModel, reviewModel, claudeModel, maxTurns, allowedTools, verifyCommands } = command;
  return { ...common, planModel, reviewModel, claudeModel, maxTurns, allowedTools, verifyCommands };
}

/** Codex never plans or reviews without its sandbox: probe it once before the first Codex turn. */
export async function requireSandbox(codex: string, cwd: string, env: Record<string, string>): Promise<void> {
  const probe = await probeSandbox({ codex, cwd, env });
  if (!probe.ok) {
    throw new CtoError('sandbox', `Codex's read-only sandbox could not start: ${probe.reason}. Codex does not plan or review without it.`,
      sandboxFix(await codexBubblewraps(codex, env.PATH ?? '')));
  }
}

/** Runs `work` with the key proxy open and a scratch folder made, closing and removing them afterwards. */
export async function withModelAccess<T>(io: CliIo, codexConfig: readonly string[], work: (access: CliAccess) => Promise<T>): Promise<T> {
  const scratchDir = await mkdtemp(join(tmpdir(), 'codex-cto-'));
  try {
    const access = await openModelAccess(io.env, codexConfig);
    try {
      return await work({ ...access, scratchDir });
    } finally {
      await access.close();
    }
  } finally {
    await rm(scratchDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** A run's id: the time it started and a few random characters. */
export function runId(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

/** A command line as a person would paste it into a shell. */
export function shellLine(binary: string, args: readonly string[]): string {
  const quote = (arg: string): string => (/^[A-Za-z0-9_./=:,@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return [binary, ...args].map(quote).join(' ');
}
