// `codex-cto status`: are both CLIs installed and runnable, are their keys set, does Codex's sandbox start,
// and where the Claude Code skill is installed (not a failure when it is not).
import { agentEnv } from '../safety/env.js';
import { installCommand } from '../core/model/versions.js';
import { Git } from '../workspace/git.js';
import { probeSandbox } from '../workspace/sandbox.js';
import { binaryVersion, claudeKeyStatus, codexEnvFrom, codexKeyStatus, findBinary } from './agent-clis.js';
import type { CliIo } from './io.js';
import { installedSkills } from './skill-command.js';

export async function status(io: CliIo): Promise<number> {
  let ok = true;
  for (const name of ['codex', 'claude'] as const) {
    const binary = await findBinary(name, io.env);
    const version = binary ? await binaryVersion(binary, agentEnv(io.env, 'git', {})) : null;
    if (!binary || !version) ok = false;
    io.out(`${name}: ${binary ? `${binary} (${version ?? 'does not run'})` : `not found; install: ${installCommand(name)}`}`);
  }
  const keys = [
    ['codex key', codexKeyStatus(io.env, [])],
    ['claude key', claudeKeyStatus(io.env)],
  ] as const;
  for (const [label, key] of keys) {
    if (!key.ok) ok = false;
    io.out(`${label}: ${key.ok ? 'ok' : 'missing'} (${key.how})`);
  }
  const codex = await findBinary('codex', io.env);
  if (codex) {
    const probe = await probeSandbox({ codex, cwd: io.cwd, env: codexEnvFrom(io.env) });
    if (!probe.ok) ok = false;
    io.out(`codex sandbox: ${probe.ok ? 'ok (read-only sandbox starts)' : `does not start (${probe.reason})`}`);
  }
  io.out(await skillLine(io));
  return ok ? 0 : 1;
}

async function skillLine(io: CliIo): Promise<string> {
  const top = await new Git({ cwd: io.cwd, env: agentEnv(io.env, 'git', {}) }).exec(['rev-parse', '--show-toplevel']);
  const places = installedSkills(io.env, top.exitCode === 0 ? top.stdout.trim() : null);
  if (places.length === 0) return 'skill: not installed (codex-cto skill install --project or --user)';
  return `skill: ${places.map((place) => `${place.scope} ${place.dir}`).join('; ')}`;
}
