// `codex-cto skill install|uninstall [--project | --user]`: the Claude Code skill `/codex-cto` in
// `.claude/skills/codex-cto/` of the repository, or of the user's Claude Code folder (CLAUDE_CONFIG_DIR,
// else ~/.claude), the two places Claude Code reads skills from.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { agentEnv } from '../safety/env.js';
import { repositoryRoot } from '../workspace/local-worktree.js';
import type { SkillScope } from './args.js';
import type { Command, CliIo } from './io.js';
import { installSkill, MANIFEST, uninstallSkill } from './skill-install.js';
import { SKILL_NAME, skillFiles } from './skill-text.js';

const SKILL_PATH = `skills/${SKILL_NAME}`;

export async function skill(io: CliIo, command: Command<'skill'>): Promise<number> {
  const home = await skillsHome(io, command.scope);
  if (command.action === 'install') {
    const result = await installSkill(home, SKILL_PATH, skillFiles());
    io.out(`${result.updated ? 'updated' : 'installed'} the skill /${SKILL_NAME} in ${result.dir} (${result.written.join(', ')})`);
    io.out(`In Claude Code: /${SKILL_NAME} <objective>. Remove it with: codex-cto skill uninstall${command.scope === 'user' ? ' --user' : ''}`);
    return 0;
  }
  const result = await uninstallSkill(home, SKILL_PATH);
  if (result === null) {
    io.out(`the skill /${SKILL_NAME} is not installed in ${join(home, SKILL_PATH)}; nothing to remove`);
    return 0;
  }
  io.out(`removed the skill /${SKILL_NAME} from ${result.dir} (${result.removed.join(', ') || 'its files were already gone'})`);
  for (const folder of result.kept) io.out(`kept ${folder}: it holds files codex-cto did not write`);
  return 0;
}

/** The `.claude` folder a scope installs into. */
async function skillsHome(io: CliIo, scope: SkillScope): Promise<string> {
  if (scope === 'user') return userClaudeDir(io.env);
  return join(await repositoryRoot(io.cwd, agentEnv(io.env, 'git', {})), '.claude');
}

function userClaudeDir(env: Record<string, string | undefined>): string {
  return env.CLAUDE_CONFIG_DIR || join(env.HOME || homedir(), '.claude');
}

/** Where the skill is installed by codex-cto, for `status`: the repository's (when `root` is one) and the user's. */
export function installedSkills(env: Record<string, string | undefined>, root: string | null): { scope: SkillScope; dir: string }[] {
  const places: { scope: SkillScope; dir: string }[] = [
    ...(root === null ? [] : [{ scope: 'project' as const, dir: join(root, '.claude', SKILL_PATH) }]),
    { scope: 'user', dir: join(userClaudeDir(env), SKILL_PATH) },
  ];
  return places.filter((place) => existsSync(join(place.dir, MANIFEST)));
}
