// Finds the agent CLIs, installing the pinned versions with npm into the tool cache when they are missing.
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { CtoError } from '../core/model/errors.js';
import { runProcess } from '../workspace/process.js';

export interface AgentBinaries {
  codex: string;
  claude: string;
}

export interface InstallOptions {
  path: string;
  toolCache: string;
  codexVersion: string;
  claudeVersion: string;
  env: Record<string, string>;
  log: (message: string) => void;
}

const PACKAGES = { codex: '@openai/codex', claude: '@anthropic-ai/claude-code' } as const;

/** The binary on PATH when its version is the wanted one; otherwise null. */
async function onPath(name: 'codex' | 'claude', version: string, path: string, env: Record<string, string>): Promise<string | null> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const run = await runProcess(candidate, ['--version'], { cwd: dir, env, timeoutMs: 30_000 });
    if (run.exitCode === 0 && run.stdout.includes(version)) return candidate;
  }
  return null;
}

export async function findOrInstallAgents(options: InstallOptions): Promise<AgentBinaries> {
  const found = {
    codex: await onPath('codex', options.codexVersion, options.path, options.env),
    claude: await onPath('claude', options.claudeVersion, options.path, options.env),
  };
  if (found.codex && found.claude) return { codex: found.codex, claude: found.claude };

  const prefix = join(options.toolCache, 'codex-cto-agents', `codex-${options.codexVersion}-claude-${options.claudeVersion}`);
  const bin = (name: 'codex' | 'claude') => join(prefix, 'node_modules', '.bin', name);
  const cached = {
    codex: found.codex ?? (await onPath('codex', options.codexVersion, join(prefix, 'node_modules', '.bin'), options.env)),
    claude: found.claude ?? (await onPath('claude', options.claudeVersion, join(prefix, 'node_modules', '.bin'), options.env)),
  };
  if (cached.codex && cached.claude) return { codex: cached.codex, claude: cached.claude };

  const wanted = [
    ...(cached.codex ? [] : [`${PACKAGES.codex}@${options.codexVersion}`]),
    ...(cached.claude ? [] : [`${PACKAGES.claude}@${options.claudeVersion}`]),
  ];
  options.log(`Installing ${wanted.join(' and ')} into the tool cache`);
  const run = await runProcess('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, ...wanted], {
    cwd: options.toolCache,
    env: options.env,
    timeoutMs: 10 * 60_000,
  });
  if (run.exitCode !== 0) {
    const detail = (run.spawnError ?? `${run.stderr}${run.stdout}`).trim().split('\n').slice(-6).join('\n');
    throw new CtoError(
      'agent-missing',
      `Could not install ${wanted.join(' and ')}: npm ${run.timedOut ? 'timed out' : `exited ${run.exitCode ?? 'abnormally'}`}.\n${detail}`,
      `Install them in an earlier step (\`npm install -g ${wanted.join(' ')}\`) or make the npm registry reachable from the runner.`,
    );
  }
  return { codex: cached.codex ?? bin('codex'), claude: cached.claude ?? bin('claude') };
}
