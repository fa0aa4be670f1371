// `codex-cto status`: are both CLIs installed and runnable, are their keys set, does Codex's sandbox start.
import { agentEnv } from '../safety/env.js';
import { installCommand } from '../core/model/versions.js';
import { probeSandbox } from '../workspace/sandbox.js';
import { binaryVersion, claudeKeyStatus, codexEnvFrom, codexKeyStatus, findBinary } from './agent-clis.js';
import type { CliIo } from './io.js';

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
  return ok ? 0 : 1;
}
