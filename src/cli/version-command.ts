// `codex-cto --version`: codex-cto's own version, then each agent CLI as found here (its version, or how to
// install the pinned one).
import { packageVersion, pinnedAgentVersions } from '../core/model/versions.js';
import { agentEnv } from '../safety/env.js';
import { binaryVersion, findBinary } from './agent-clis.js';
import type { CliIo } from './io.js';

export async function version(io: CliIo): Promise<number> {
  const pinned = pinnedAgentVersions();
  io.out(`codex-cto ${packageVersion()}`);
  for (const [name, tested] of [['codex', pinned.codex], ['claude', pinned.claude]] as const) {
    const binary = await findBinary(name, io.env);
    const found = binary ? await binaryVersion(binary, agentEnv(io.env, 'git', {})) : null;
    io.out(`${name}: ${found ?? (binary ? `${binary} does not run` : 'not found')} (tested with ${tested})`);
  }
  return 0;
}
