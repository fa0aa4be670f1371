// The agent CLIs kept in the Actions cache between runs: the bundled action on a runner whose PATH has
// node, git and npm but neither CLI, installing them with the real npm from the registry stand-in (the
// packages this project has installed, packed as npm publishes them), saving and restoring them with the
// real @actions/cache against the emulated results service, then running the real codex from the
// restored tree as the agent user. Each run plans one issue and waits for `/cto approve`: the first
// model request is the proof that the CLIs work; one more fresh runner takes the approval through the
// whole loop on restored (pruned) CLIs, Claude implementing and Codex reviewing.
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logOf, useActionWorld } from '../support/action-world.js';
import { FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY } from '../support/agent-home.js';
import { labelledIssue, runForLabel } from '../support/failure-runs.js';
import type { Issue } from '../support/github/model.js';
import { issueCommentCreatedPayload } from '../support/payloads.js';
import { startNpmRegistry, type NpmRegistry } from '../support/npm-registry.js';
import { githubComLikeOrigin, type CacheEntry } from '../support/runner-services/index.js';
import type { ActionRun } from '../support/runner.js';
import { runProcess } from '../../src/workspace/process.js';

const KEYS = [/^codex-cto-agent-clis-linux-x64-claude-2\.1\.330-[0-9a-f]{16}$/, /^codex-cto-agent-clis-linux-x64-codex-0\.169\.0-[0-9a-f]{16}$/];
const CODEX_VENDOR = /\/codex-cto-agents\/codex-0\.169\.0\/node_modules\/@openai\/codex-linux-x64\/vendor\/x86_64-unknown-linux-musl\//;

describe('the agent CLIs in the Actions cache', () => {
  const world = useActionWorld({ runnerServices: true });
  let registry: NpmRegistry;
  let toolCache: string;
  let scratch: string;
  let runs = 0;
  let lastIssue: Issue | undefined;
  /** The issue the warm run planned: the loop on restored CLIs approves it. */
  let warmIssue: Issue | undefined;

  beforeAll(async () => {
    registry = await startNpmRegistry();
    scratch = await mkdtemp(path.join(tmpdir(), 'cto-cli-cache-'));
    // One tool cache path for every run (the cache entry's version names it), readable by the agent user.
    toolCache = path.join(scratch, 'tool-cache');
    await chmod(scratch, 0o755);
  }, 300_000);

  afterAll(async () => {
    await registry?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /**
   * A run on a fresh hosted runner: an empty tool cache, a PATH without the CLIs, npm pointed at the stand-in.
   * It plans a new labelled issue, or with `approve` runs the maintainer's `/cto approve` on that issue.
   */
  async function freshRunner(inputs: Record<string, string> = {}, approve?: Issue): Promise<ActionRun> {
    await rm(toolCache, { recursive: true, force: true });
    await runProcess('mkdir', ['-m', '755', toolCache], { cwd: scratch, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 10_000 });
    const home = path.join(scratch, `home-${++runs}`);
    await runProcess('mkdir', ['-p', path.join(home, '.npm')], { cwd: scratch, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 10_000 });
    // Should the variables not reach npm, it must still not fall back to the public registry.
    await writeFile(path.join(home, '.npmrc'), 'registry=http://127.0.0.1:9/\n');
    const options = {
      runId: String(4100 + runs),
      // A github.com-like host, so that @actions/cache speaks the cache service v2; git still reaches the remote.
      serverUrl: githubComLikeOrigin(world.gh.serverUrl),
      home,
      inputs: { 'require-plan-approval': 'true', ...inputs },
      env: {
        PATH: [path.dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
        RUNNER_TOOL_CACHE: toolCache,
        npm_config_registry: registry.url,
        npm_config_fetch_retries: '0',
        npm_config_update_notifier: 'false',
      },
      timeoutMs: 600_000,
    };
    if (!approve) {
      lastIssue = labelledIssue(world);
      return runForLabel(world, lastIssue, options);
    }
    const comment = world.comment(approve, '/cto approve', world.project.logins.maintainer);
    return world.run({ event: 'issue_comment', payload: issueCommentCreatedPayload(world.gh, { repo: world.project.fullName, comment }), ...options });
  }

  function planned(run: ActionRun, before: number): void {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.summary).toMatch(/Waiting for plan approval/);
    expect(world.openai.requests.length, 'the plan request reached the model server').toBeGreaterThan(before);
  }

  function entries(): CacheEntry[] {
    return world.services!.state.cacheEntries.filter((e) => e.finalized);
  }

  /** The tar listing (`tar -tv` lines and member names) and bytes of one saved entry. */
  async function unpackEntry(entry: CacheEntry): Promise<{ members: string[]; names: string[]; bytes: Buffer }> {
    const tarFile = path.join(scratch, 'cache.tar');
    await writeFile(`${tarFile}.zst`, world.services!.state.blobs.get(entry.blobPath)!.content);
    const unpacked = await runProcess('zstd', ['-d', '-q', '-f', '-o', tarFile, `${tarFile}.zst`], { cwd: scratch, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 300_000 });
    expect(unpacked.exitCode, unpacked.stderr).toBe(0);
    const listing = await runProcess('tar', ['-tvf', tarFile], { cwd: scratch, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 120_000, maxOutputBytes: 20_000_000 });
    const members = listing.stdout.trim().split('\n');
    return { members, names: members.map((line) => line.split(/\s+/).slice(5).join(' ')), bytes: await readFile(tarFile) };
  }

  describe('a cold run, then a warm one', () => {
    let cold: ActionRun;
    let warm: ActionRun;
    let tarballsCold: number;
    let requestsCold: number;
    let plansBefore: number[];

    beforeAll(async () => {
      plansBefore = [world.openai.requests.length];
      cold = await freshRunner();
      tarballsCold = registry.tarballRequests().length;
      requestsCold = registry.requests.length;
      plansBefore.push(world.openai.requests.length);
      warm = await freshRunner();
      warmIssue = lastIssue!;
    }, 900_000);

    it('installs each CLI from the registry on a miss, then saves one entry per CLI under the key of its version', () => {
      planned(cold, plansBefore[0]!);
      expect(tarballsCold, 'the two CLIs and their linux-x64 packages').toBe(4);
      expect(cold.stdout).toMatch(/@openai\/codex@0\.169\.0 not restored from the Actions cache \(codex-cto-agent-clis-/);
      expect(cold.stdout).toMatch(/@anthropic-ai\/claude-code@2\.1\.330 not restored from the Actions cache \(codex-cto-agent-clis-/);
      expect(cold.stdout).toMatch(/Installing @openai\/codex@0\.169\.0 into the tool cache/);
      expect(cold.stdout).toMatch(/Installing @anthropic-ai\/claude-code@2\.1\.330 into the tool cache/);
      expect(cold.stdout.match(/saved the agent CLIs to the Actions cache \(codex-cto-agent-clis-/g)).toHaveLength(2);
      expect(cold.warnings).toEqual([]);
      expect(entries().map((e) => e.key).sort()).toEqual(KEYS.map((key) => expect.stringMatching(key)));
    });

    it('restores both on the next fresh runner, where the real codex plans from the pruned tree: no request reaches the registry', () => {
      planned(warm, plansBefore[1]!);
      expect(registry.requests.length).toBe(requestsCold);
      expect(warm.stdout).toMatch(/restored @openai\/codex@0\.169\.0 from the Actions cache/);
      expect(warm.stdout).toMatch(/restored @anthropic-ai\/claude-code@2\.1\.330 from the Actions cache/);
      expect(warm.stdout).not.toMatch(/Installing /);
      expect(warm.warnings).toEqual([]);
      expect(entries()).toHaveLength(2);
    });

    it('saved trees that hold one package each less the unused helpers, writable by no other user, and no secret of the job', async () => {
      const runtimeToken = warm.env.ACTIONS_RUNTIME_TOKEN!;
      for (const [agent, version] of [['codex', '0.169.0'], ['claude', '2.1.330']] as const) {
        const { members, names, bytes } = await unpackEntry(entries().find((e) => e.key.includes(`-${agent}-`))!);
        const prefix = `/tool-cache/codex-cto-agents/${agent}-${version}/`;
        expect(names.every((name) => `${name}/`.includes(prefix)), names.slice(0, 5).join('\n')).toBe(true);
        const tops = new Set(names.map((name) => `${name}/`.split(prefix)[1]!.split('/')[0]));
        expect([...tops].filter(Boolean).sort()).toEqual(['node_modules']);
        expect(names.some((name) => /\/\.(npmrc|npm|claude|codex|config|gitconfig)(\/|$)/.test(name))).toBe(false);
        // Modes as tar lists them (drwxr-xr-x): the group and others write bits are never set (a link's own mode means nothing).
        expect(members.filter((line) => line[0] !== 'l' && (line[5] === 'w' || line[8] === 'w'))).toEqual([]);
        expect(members.filter((line) => line[0] !== 'l').length).toBeGreaterThan(5);
        for (const secret of [FAKE_OPENAI_KEY, FAKE_ANTHROPIC_KEY, world.gh.workflowToken, runtimeToken]) {
          expect(bytes.includes(secret), `a secret of the job is in the cache archive`).toBe(false);
        }
        if (agent === 'claude') continue;
        const vendor = names.filter((name) => CODEX_VENDOR.test(name)).map((name) => name.replace(/^.*\/x86_64-unknown-linux-musl\//, ''));
        expect(vendor).toEqual(expect.arrayContaining(['bin/codex', 'codex-resources/bwrap', 'codex-path/rg']));
        expect(vendor.filter((name) => /voice|code-mode-host/.test(name))).toEqual([]);
      }
    }, 300_000);
  });

  describe('the loop on restored CLIs', () => {
    it('runs to approval on `/cto approve`: Claude implements and the pruned Codex reviews, running a command in its sandbox', async () => {
      const before = { claude: world.anthropic.requests.length, codex: world.openai.requests.length, registry: registry.requests.length };
      expect(warmIssue, 'the warm run planned an issue').toBeDefined();
      const run = await freshRunner({}, warmIssue);
      expect(run.exitCode, logOf(run)).toBe(0);
      expect(run.stdout).toMatch(/restored @openai\/codex@0\.169\.0 from the Actions cache/);
      expect(run.stdout).toMatch(/restored @anthropic-ai\/claude-code@2\.1\.330 from the Actions cache/);
      expect(registry.requests.length).toBe(before.registry);
      // The default script: the first review runs `git diff --stat HEAD~1`, asks for a revision; the second approves.
      expect(run.outputs.verdict).toBe('approve');
      expect(run.outputs.iterations).toBe('2');
      expect(world.anthropic.requests.length).toBeGreaterThan(before.claude);
      expect(world.openai.requests.length - before.codex, 'two reviews, the first with a command').toBeGreaterThanOrEqual(3);
      expect(world.gh.violations()).toEqual([]);
    }, 900_000);
  });

  describe('a cache that cannot be used', () => {
    it('falls back to installing the CLI whose archive is corrupt, with a warning, and restores the other', async () => {
      const entry = entries().find((e) => e.key.includes('-codex-'));
      expect(entry, 'the cold run saved an entry for codex').toBeDefined();
      world.services!.state.blobs.get(entry!.blobPath)!.content = Buffer.from('this is not a zstd archive of the CLIs\n');
      const before = { tarballs: registry.tarballRequests().length, plans: world.openai.requests.length };
      const run = await freshRunner();
      planned(run, before.plans);
      expect(run.warnings.join('\n')).toMatch(/Failed to restore/);
      expect(run.stdout).toMatch(/@openai\/codex@0\.169\.0 not restored from the Actions cache/);
      expect(run.stdout).toMatch(/restored @anthropic-ai\/claude-code@2\.1\.330 from the Actions cache/);
      expect(registry.tarballRequests().length - before.tarballs, 'codex and its linux-x64 package').toBe(2);
    }, 600_000);

    it('with cache-agent-clis: false neither restores nor saves', async () => {
      const before = { tarballs: registry.tarballRequests().length, plans: world.openai.requests.length, entries: world.services!.state.cacheEntries.length };
      const run = await freshRunner({ 'cache-agent-clis': 'false' });
      planned(run, before.plans);
      expect(registry.tarballRequests().length - before.tarballs).toBe(4);
      expect(run.stdout).not.toMatch(/Actions cache/);
      expect(world.services!.state.cacheEntries).toHaveLength(before.entries);
      expect(await readdir(toolCache)).toEqual(['codex-cto-agents']);
    }, 600_000);
  });
});
