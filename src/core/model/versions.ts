// The agent CLI versions are pinned once, as exact devDependencies in package.json: tests run those
// binaries, and the action installs the same versions on a runner that lacks them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './assets.js';

export const AGENT_PACKAGES = { claude: '@anthropic-ai/claude-code', codex: '@openai/codex' } as const;

let pinned: { claude: string; codex: string } | null = null;

export function pinnedAgentVersions(): { claude: string; codex: string } {
  if (pinned) return pinned;
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const read = (name: string): string => {
    const version = manifest.devDependencies?.[name];
    if (!version || !/^\d+\.\d+\.\d+/.test(version)) throw new Error(`package.json must pin ${name} at an exact version`);
    return version;
  };
  pinned = { claude: read(AGENT_PACKAGES.claude), codex: read(AGENT_PACKAGES.codex) };
  return pinned;
}

/** codex-cto's own version, from its package.json. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

export function installCommand(agent: 'claude' | 'codex'): string {
  return `npm install -g ${AGENT_PACKAGES[agent]}@${pinnedAgentVersions()[agent]}`;
}
