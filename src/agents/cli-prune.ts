// The parts of the agent CLIs' packages that codex-cto never runs, removed from its own prefix after npm
// installs it and before it is sealed and saved, so that a warm run downloads and unpacks less. Only whole
// helper programs a feature of the interactive CLI starts are listed: Codex's voice host (with its audio
// libraries) and its code-mode host (an opt-in feature, `features.code_mode_host`). What `codex exec`, the
// sandbox probe (`codex sandbox`), its bundled bubblewrap and ripgrep need stays, and the integration tests
// run the real CLIs from a pruned prefix. Nothing is ever added: the prefix holds what npm wrote, less these.
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Inside each of Codex's platform packages, `vendor/<target triple>/` holds these, unused by codex-cto. */
const CODEX_UNUSED = ['codex-resources/voice', 'bin/codex-code-mode-host', 'bin/codex-code-mode-host.exe'] as const;

/** Removes the unused parts from a prefix holding `@openai/codex`; returns the paths removed (relative to the prefix). */
export async function pruneUnusedParts(prefix: string, agent: 'codex' | 'claude'): Promise<string[]> {
  if (agent !== 'codex') return [];
  const removed: string[] = [];
  const scope = join('node_modules', '@openai');
  for (const pkg of await entries(join(prefix, scope))) {
    if (!pkg.startsWith('codex-')) continue;
    const vendor = join(scope, pkg, 'vendor');
    for (const target of await entries(join(prefix, vendor))) {
      for (const part of CODEX_UNUSED) {
        const relative = join(vendor, target, part);
        if (await exists(join(prefix, relative))) {
          await rm(join(prefix, relative), { recursive: true, force: true });
          removed.push(relative);
        }
      }
    }
  }
  return removed;
}

/** The names in a real folder (never through a link); none when it is missing or not a folder. */
async function entries(dir: string): Promise<string[]> {
  const stats = await lstat(dir).catch(() => null);
  return stats?.isDirectory() ? readdir(dir) : [];
}

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null)) !== null;
}
