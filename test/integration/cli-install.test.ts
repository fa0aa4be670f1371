// codex-cto installed like a real CLI: `npm pack` makes a tarball of only what the CLI needs, and a global
// install of it into an empty prefix, offline (the bundle holds every dependency), gives a `codex-cto` that
// answers --help, --version and `plan --dry-run` in a fresh repository. So does a global install straight
// from a git URL (this checkout served over HTTP on loopback), latest or pinned to a commit, with an empty
// npm cache and a registry that answers nothing: npm prepares nothing and downloads nothing. An older Node
// gets one line.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { lstat, mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../src/workspace/process.js';
import { agentPath, gitEnv, makeTempDir, removeDir } from '../support/agent-home.js';
import { serveProject, type ServedProject } from '../support/git-http-server.js';

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
    await expectPlanDryRun(installed, dir, env, join(dir, 'prefix'));
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

describe('codex-cto installed from a git URL', () => {
  let dir: string;
  let env: Record<string, string>;
  let served: ServedProject;
  let registry: { url: string; requests: string[]; close: () => Promise<void> };
  let later: string;
  const install = (spec: string, prefix: string) =>
    runProcess('npm', ['install', '--global', spec, '--prefix', join(dir, prefix), '--no-audit', '--no-fund'], { cwd: dir, env, timeoutMs: 300_000 });
  /** An install into a project's node_modules: the way npm would install a git dependency's dev stack if it prepared the clone. */
  const installLocally = async (spec: string) => {
    await mkdir(join(dir, 'project'));
    await writeFile(join(dir, 'project', 'package.json'), '{ "name": "project", "private": true }\n');
    return runProcess('npm', ['install', spec, '--no-audit', '--no-fund'], { cwd: join(dir, 'project'), env, timeoutMs: 300_000 });
  };
  const bin = (prefix: string) => join(dir, prefix, 'bin', 'codex-cto');

  beforeAll(async () => {
    dir = await makeTempDir('cto-git-install');
    served = await serveProject(ROOT);
    // A commit on main after the served checkout: the unpinned install gets it, the pinned one does not.
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    later = await served.commitLater({ 'package.json': `${JSON.stringify({ ...manifest, version: `${VERSION}-later.1` }, null, 2)}\n` }, 'A later version');
    await served.tag(`v${VERSION}`, served.commit);
    registry = await startEmptyRegistry();
    // An empty npm cache and a registry that has nothing: a dev stack npm tried to install would be asked for there.
    env = { ...gitEnv(dir), PATH: agentPath(), npm_config_cache: join(dir, 'npm-cache'), npm_config_registry: registry.url, npm_config_update_notifier: 'false' };
    const specs = [[`git+${served.url}`, 'latest'], [`git+${served.url}#${served.commit}`, 'pinned'], [`git+${served.url}#v${VERSION}`, 'tagged']] as const;
    for (const [spec, prefix] of specs) {
      const run = await install(spec, prefix);
      expect(run.exitCode, `${spec}: ${run.stderr}`).toBe(0);
    }
    const local = await installLocally(`git+${served.url}#${served.commit}`);
    expect(local.exitCode, local.stderr).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await registry?.close();
    await served?.close();
    await removeDir(dir);
  });

  it('leaves a real package folder and a codex-cto that resolves into it (no link into npm\'s deleted clone)', async () => {
    for (const prefix of ['latest', 'pinned', 'tagged']) {
      const folder = join(dir, prefix, 'lib', 'node_modules', 'codex-cto');
      expect((await lstat(folder)).isDirectory(), `${folder} is a link`).toBe(true);
      expect(realpathSync(bin(prefix))).toBe(join(folder, 'bin', 'codex-cto.js'));
      expect(await readdir(join(dir, prefix, 'lib', 'node_modules'))).toEqual(['codex-cto']);
      expect(existsSync(join(folder, 'node_modules'))).toBe(false);
      expect(existsSync(join(folder, 'src'))).toBe(false);
    }
  });

  it('asks the registry for nothing: no dev stack is installed to prepare the clone, globally or in a project', async () => {
    expect(registry.requests).toEqual([]);
    const local = await runProcess(join(dir, 'project', 'node_modules', '.bin', 'codex-cto'), ['--version'], { cwd: dir, env, timeoutMs: 60_000 });
    expect(local.exitCode, local.stderr).toBe(0);
    expect(local.stdout.split('\n')[0]).toBe(`codex-cto ${VERSION}`);
  });

  it('installs the commit a #<commit> or #<tag> pins, and main without one', async () => {
    expect(later).not.toBe(served.commit);
    const versionOf = async (prefix: string): Promise<string> => {
      const run = await runProcess(bin(prefix), ['--version'], { cwd: dir, env, timeoutMs: 60_000 });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^codex: .*\(tested with \d+\.\d+\.\d+\)$/m);
      return run.stdout.split('\n')[0] ?? '';
    };
    expect(await versionOf('latest')).toBe(`codex-cto ${VERSION}-later.1`);
    expect(await versionOf('pinned')).toBe(`codex-cto ${VERSION}`);
    expect(await versionOf('tagged')).toBe(`codex-cto ${VERSION}`);
  });

  it('answers --help and prints the plan command with plan --dry-run in a fresh repository', async () => {
    const help = await runProcess(bin('pinned'), ['--help'], { cwd: dir, env, timeoutMs: 60_000 });
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: codex-cto <command>/);
    await expectPlanDryRun(bin('pinned'), dir, env, join(dir, 'pinned'));
  });
});

/** `plan --dry-run` in a new repository under `dir` prints Codex's command with the persona and the schema installed under `prefix`. */
async function expectPlanDryRun(installed: string, dir: string, env: Record<string, string>, prefix: string): Promise<void> {
  const repo = join(dir, `fresh-${prefix.split('/').pop()}`);
  for (const args of [['init', '-q', repo], ['-C', repo, 'commit', '-q', '--allow-empty', '-m', 'First']]) {
    expect((await runProcess('git', args, { cwd: dir, env, timeoutMs: 30_000 })).exitCode).toBe(0);
  }
  const plan = await runProcess(installed, ['plan', '--dry-run', 'Add a health check endpoint'], { cwd: repo, env, timeoutMs: 60_000 });
  expect(plan.exitCode, plan.stderr).toBe(0);
  expect(plan.stdout).toContain('--sandbox read-only');
  expect(plan.stdout).toContain(join(prefix, 'lib', 'node_modules', 'codex-cto', 'schemas', 'plan.schema.json'));
  expect(plan.stdout).toContain('You are the CTO of this repository');
  expect(existsSync(join(repo, '.codex-cto'))).toBe(false);
}

/** A registry with nothing in it that records every request (none is expected). */
async function startEmptyRegistry(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

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
