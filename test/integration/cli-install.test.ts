// codex-cto installed like a real CLI: `npm pack` makes a tarball of only what the CLI needs, and a global
// install of it into an empty prefix, offline (the bundle holds every dependency), gives a `codex-cto` that
// answers --help, --version and `plan --dry-run` in a fresh repository. An older Node gets one line.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../src/workspace/process.js';
import { agentPath, gitEnv, makeTempDir, removeDir } from '../support/agent-home.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** What the tarball may hold: the command, its bundle, the persona and the schemas. */
const SHIPPED = [/^package\.json$/, /^README\.md$/, /^bin\/codex-cto\.js$/, /^dist\/package\.json$/, /^dist\/cli\/[^/]+$/, /^agents\/cto\.md$/, /^schemas\/[a-z]+\.schema\.json$/];

describe('codex-cto installed from its packed tarball', () => {
  let dir: string;
  let env: Record<string, string>;
  let installed: string;

  const npm = (args: string[], cwd: string) => runProcess('npm', args, { cwd, env, timeoutMs: 180_000 });

  beforeAll(async () => {
    dir = await makeTempDir('cto-install');
    // An empty npm cache and --offline: anything the install needed from a registry would fail it.
    env = { ...gitEnv(dir), PATH: agentPath(), npm_config_cache: join(dir, 'npm-cache'), npm_config_update_notifier: 'false' };
    const packed = await npm(['pack', '--pack-destination', dir, '--silent'], ROOT);
    expect(packed.exitCode, packed.stderr).toBe(0);
    const tarball = join(dir, `codex-cto-${VERSION}.tgz`);
    const install = await npm(['install', '--global', tarball, '--prefix', join(dir, 'prefix'), '--offline', '--no-audit', '--no-fund'], dir);
    expect(install.exitCode, install.stderr).toBe(0);
    installed = join(dir, 'prefix', 'bin', 'codex-cto');
  }, 300_000);

  afterAll(async () => {
    await removeDir(dir);
  });

  it('packs only what the CLI needs', async () => {
    const listed = await npm(['pack', '--dry-run', '--json'], ROOT);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const files = (JSON.parse(listed.stdout) as { files: { path: string }[] }[])[0]?.files.map((file) => file.path) ?? [];
    expect(files.filter((path) => !SHIPPED.some((pattern) => pattern.test(path)))).toEqual([]);
    for (const needed of ['bin/codex-cto.js', 'dist/cli/index.js', 'dist/package.json', 'agents/cto.md', 'schemas/plan.schema.json', 'schemas/review.schema.json']) {
      expect(files).toContain(needed);
    }
  });

  it('installs offline into an empty prefix, with nothing but codex-cto itself', async () => {
    expect(existsSync(installed)).toBe(true);
    expect(await readdir(join(dir, 'prefix', 'lib', 'node_modules'))).toEqual(['codex-cto']);
    expect(existsSync(join(dir, 'prefix', 'lib', 'node_modules', 'codex-cto', 'node_modules'))).toBe(false);
  });

  it('answers --help, help <command> and --version', async () => {
    const help = await runProcess(installed, ['--help'], { cwd: dir, env, timeoutMs: 60_000 });
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: codex-cto <command>/);
    const runHelp = await runProcess(installed, ['help', 'run'], { cwd: dir, env, timeoutMs: 60_000 });
    expect(runHelp.stdout).toMatch(/^Usage: codex-cto run "<objective>"/);
    expect(runHelp.stdout).toContain('--dirty-main P');
    const version = await runProcess(installed, ['--version'], { cwd: dir, env, timeoutMs: 60_000 });
    expect(version.exitCode, version.stderr).toBe(0);
    expect(version.stdout.split('\n')[0]).toBe(`codex-cto ${VERSION}`);
    expect(version.stdout).toMatch(/^codex: .*\(tested with \d+\.\d+\.\d+\)$/m);
    expect(version.stdout).toMatch(/^claude: .*\(tested with \d+\.\d+\.\d+\)$/m);
  });

  it('prints the plan command with plan --dry-run in a fresh repository, from the installed persona and schema', async () => {
    const repo = join(dir, 'fresh');
    for (const args of [['init', '-q', repo], ['-C', repo, 'commit', '-q', '--allow-empty', '-m', 'First']]) {
      expect((await runProcess('git', args, { cwd: dir, env, timeoutMs: 30_000 })).exitCode).toBe(0);
    }
    const plan = await runProcess(installed, ['plan', '--dry-run', 'Add a health check endpoint'], { cwd: repo, env, timeoutMs: 60_000 });
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('--sandbox read-only');
    expect(plan.stdout).toContain(join(dir, 'prefix', 'lib', 'node_modules', 'codex-cto', 'schemas', 'plan.schema.json'));
    expect(plan.stdout).toContain('You are the CTO of this repository');
    expect(existsSync(join(repo, '.codex-cto'))).toBe(false);
  });

  const oldNode = olderNode();
  it.runIf(oldNode !== null)('tells an older Node in one line that it needs a newer one', async () => {
    const node = oldNode as string;
    const run = await runProcess(node, [installed, '--help'], { cwd: dir, env, timeoutMs: 60_000 });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^codex-cto needs Node\.js 22 or newer; this is Node\.js \d+\./);
  });
});

/** A Node older than the supported one among those on the tests' PATH (a system Node), or null. */
function olderNode(): string | null {
  for (const dir of agentPath().split(':')) {
    const node = join(dir, 'node');
    if (!existsSync(node)) continue;
    try {
      const major = Number(/^v(\d+)\./.exec(execFileSync(node, ['--version'], { encoding: 'utf8', timeout: 30_000 }))?.[1]);
      if (major < 22) return node;
    } catch {
      // not a Node that runs
    }
  }
  return null;
}
