// Claude Code runs its Bash tool through $SHELL and passes its own environment down, API key included.
// A small wrapper shell that drops the credential variables first keeps the key out of every command
// Claude runs (`env`, build scripts, tests), so it cannot land in a tool result, a log or a commit.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Variables Claude Code needs for itself and its commands must not see. */
export const CLAUDE_CREDENTIAL_VARS = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'] as const;

/** The wrapper's text: unset the credentials, then run the real bash with the same arguments. */
export function shellWrapper(realBash: string): string {
  return ['#!/bin/sh', `unset ${CLAUDE_CREDENTIAL_VARS.join(' ')}`, `exec ${shellQuote(realBash)} "$@"`, ''].join('\n');
}

/** Writes the wrapper (named `bash`, which Claude Code expects of a shell) into `dir`; returns its path. */
export async function installShellWrapper(dir: string, realBash = '/bin/bash'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'bash');
  await writeFile(path, shellWrapper(realBash), { mode: 0o755 });
  return path;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
