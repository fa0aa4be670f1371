// Builds the agent ports from the settings: Codex (plan, review) and Claude Code (implement), each with
// its own allow-listed environment holding only its own key.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Implementer, Planner, Reviewer } from '../engine/ports.js';
import type { Settings } from '../settings.js';
import { createCodexPlanner, createCodexReviewer, type CodexOptions } from '../agents/codex.js';
import { createClaudeImplementer } from '../agents/claude.js';
import { readPersona } from '../assets.js';
import { agentEnv } from '../safety/env.js';
import type { AgentBinaries } from './install.js';

export interface AgentFactory {
  planner(workdir: string): Planner;
  reviewer(workdir: string): Reviewer;
  implementer(workdir: string): Implementer;
}

export interface AgentFactoryInput {
  settings: Pick<
    Settings,
    'openaiApiKey' | 'anthropicApiKey' | 'anthropicBaseUrl' | 'codexConfig' | 'planModel' | 'reviewModel' | 'claudeModel' | 'reasoningEffort' | 'maxTurns' | 'allowedTools' | 'timeoutMinutes'
  >;
  binaries: AgentBinaries;
  env: Record<string, string | undefined>;
  /** Outside the repository: schema files, Codex's last-message files, the agents' homes. */
  scratchDir: string;
}

export function createAgentFactory(input: AgentFactoryInput): AgentFactory {
  const { settings, binaries, env, scratchDir } = input;
  const timeoutMs = settings.timeoutMinutes * 60_000;
  const codexHome = join(scratchDir, 'codex-cto', 'codex-home');
  // Codex refuses to start when CODEX_HOME does not exist; a fresh one also keeps the runner's own config out.
  mkdirSync(codexHome, { recursive: true });
  const codexEnv = agentEnv(env, 'codex', {
    ...(settings.openaiApiKey ? { OPENAI_API_KEY: settings.openaiApiKey, CODEX_API_KEY: settings.openaiApiKey } : {}),
    CODEX_HOME: codexHome,
  });
  const claudeEnv = agentEnv(env, 'claude', {
    ...(settings.anthropicApiKey ? { ANTHROPIC_API_KEY: settings.anthropicApiKey } : {}),
    ...(settings.anthropicBaseUrl ? { ANTHROPIC_BASE_URL: settings.anthropicBaseUrl } : {}),
    CLAUDE_CONFIG_DIR: join(scratchDir, 'codex-cto', 'claude-config'),
    // Claude's own retry count, when the workflow sets it (as the local CLI allows): its default
    // retries an API error for minutes before the run can fail.
    ...(env.CLAUDE_CODE_MAX_RETRIES ? { CLAUDE_CODE_MAX_RETRIES: env.CLAUDE_CODE_MAX_RETRIES } : {}),
  });
  const codex = (workdir: string, model: string | null): CodexOptions => ({
    binary: binaries.codex,
    workdir,
    scratchDir: join(scratchDir, 'codex-cto', 'codex-files'),
    env: codexEnv,
    model,
    reasoningEffort: settings.reasoningEffort,
    configOverrides: settings.codexConfig.map((o) => `${o.key}=${o.value}`),
    timeoutMs,
    persona: readPersona(),
  });
  return {
    planner: (workdir) => createCodexPlanner(codex(workdir, settings.planModel)),
    reviewer: (workdir) => createCodexReviewer(codex(workdir, settings.reviewModel)),
    implementer: (workdir) =>
      createClaudeImplementer({
        binary: binaries.claude,
        workdir,
        env: claudeEnv,
        model: settings.claudeModel,
        maxTurns: settings.maxTurns,
        allowedTools: [...settings.allowedTools],
        timeoutMs,
      }),
  };
}
