// The agents' room on this machine, for real: the test world runs as root, so the room creates a real agent
// user, and what a process of that user can and cannot do is tried directly (the action-level attack with
// the real CLIs is in secrets.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lstat, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess, type RunResult } from '../../src/workspace/process.js';
import { openAgentRoom, type AgentRoom } from '../../src/workspace/agent-room.js';
import { findPrivilege } from '../../src/workspace/privilege.js';
import { processesOf } from '../../src/workspace/agent-user.js';
import { gitEnv, makeTempDir, removeDir } from '../support/agent-home.js';

const SECRET = 'room-test-secret-0123456789';

async function sampleRepository(dir: string, env: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'README.md'), 'hello\n');
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', 'first']]) {
    const run = await runProcess('git', args, { cwd: dir, env, timeoutMs: 30_000 });
    expect(run.exitCode, run.stderr).toBe(0);
  }
}

describe('the agents\' room with isolation: user', () => {
  let home: string;
  let room: AgentRoom;
  let env: Record<string, string>;
  let log: string[];

  const asAgent = (script: string): Promise<RunResult> =>
    room.session(
      () => runProcess('/bin/sh', ['-c', script], { cwd: room.repo.workTree, env: { PATH: '/usr/bin:/bin', HOME: room.home }, timeoutMs: 30_000, runAs: room.runAs }),
      { writes: true },
    );

  beforeAll(async () => {
    process.env.CODEX_CTO_ROOM_TEST_SECRET = SECRET;
    home = await makeTempDir('cto-room');
    env = gitEnv(home);
    await sampleRepository(join(home, 'checkout'), env);
    log = [];
    room = await openAgentRoom({ mode: 'user', priv: await findPrivilege(), baseDir: tmpdir(), source: join(home, 'checkout'), gitEnv: env, log: (m) => log.push(m) });
    await room.git.run(['checkout', '--quiet', '--force', '-B', 'work', 'refs/heads/main']);
  });

  afterAll(async () => {
    delete process.env.CODEX_CTO_ROOM_TEST_SECRET;
    await room?.dispose();
    await removeDir(home);
  });

  it('runs agent processes as a user of their own, in no group but its own', async () => {
    const run = await asAgent('id -u; id -G; id -un');
    const [uid, groups, name] = run.stdout.trim().split('\n');
    expect(Number(uid)).toBe(room.user!.uid);
    expect(groups).toBe(String(room.user!.gid));
    expect(name).toBe(room.user!.name);
  });

  it('lets the agent write the work tree, and takes it back afterwards', async () => {
    const run = await asAgent('echo changed > README.md && mkdir -p src && echo new > src/new.txt && echo ok');
    expect(run.stdout.trim(), run.stderr).toBe('ok');
    expect((await stat(join(room.repo.workTree, 'src/new.txt'))).uid).toBe(room.user!.uid);
    // The action's git takes the tree back before it runs.
    expect(await room.git.isDirty()).toBe(true);
    for (const path of ['README.md', 'src/new.txt', 'src']) expect((await stat(join(room.repo.workTree, path))).uid).toBe(process.getuid!());
  });

  it('keeps the git directory read-only to the agent: no config, hook or attributes can be planted', async () => {
    const gitDir = room.repo.gitDir;
    const run = await asAgent([
      `echo '[core]\n\tfsmonitor = touch /tmp/pwned' >> ${gitDir}/config && echo config-written`,
      `mkdir -p ${gitDir}/hooks && echo '#!/bin/sh' > ${gitDir}/hooks/post-commit && echo hook-written`,
      `echo '* filter=evil' > ${gitDir}/info/attributes && echo attributes-written`,
      'git status --short >/dev/null && echo agent-git-reads',
      'true',
    ].join('; '));
    expect(run.stdout).not.toMatch(/config-written|hook-written|attributes-written/);
    expect(run.stdout).toContain('agent-git-reads');
    expect(await readFile(join(gitDir, 'config'), 'utf8')).not.toContain('fsmonitor');
  });

  it("cannot read the action's environment, memory or files, and has no sudo", async () => {
    const pid = process.pid;
    const run = await asAgent([
      `cat /proc/${pid}/environ > /dev/null 2>&1 && echo environ-read`,
      `head -c 1 /proc/${pid}/mem > /dev/null 2>&1 && echo mem-read`,
      `ls ${home} > /dev/null 2>&1 && echo home-listed`,
      'sudo -n true > /dev/null 2>&1 && echo sudo-worked',
      `cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c ${SECRET} || true`,
    ].join('; '));
    expect(run.stdout).not.toMatch(/environ-read|mem-read|home-listed|sudo-worked/);
    expect(run.stdout.trim()).toBe('0');
  });

  it('stops every process the agent left behind, even one that left its session', async () => {
    await asAgent('setsid sleep 600 > /dev/null 2>&1 < /dev/null & nohup sleep 600 > /dev/null 2>&1 & echo started');
    expect(await processesOf(room.user!.uid)).toEqual([]);
  });

  it('puts back anything changed in the git directory while an agent ran (the tripwire)', async () => {
    // With isolation the agent cannot write there; a step of the action's own stands in for a mistake.
    await room.session(async () => writeFile(join(room.repo.gitDir, 'config'), '[core]\n\tfsmonitor = touch /tmp/pwned\n', { flag: 'a' }), { writes: false });
    expect(await readFile(join(room.repo.gitDir, 'config'), 'utf8')).not.toContain('fsmonitor');
    expect(log.join('\n')).toContain('an agent changed config in the git directory; put back as it was');
  });

  it('removes the room and the agent user when disposed', async () => {
    const { name } = room.user!;
    const root = room.root;
    await room.dispose();
    expect((await runProcess('id', [name], { cwd: '/', env: { PATH: '/usr/bin:/bin' }, timeoutMs: 10_000 })).exitCode).not.toBe(0);
    expect(await lstat(root).catch(() => null)).toBeNull();
  });
});

describe('where isolation is impossible', () => {
  it('refuses to open a room without root or sudo, saying how to go on', async () => {
    const error = await openAgentRoom({ mode: 'user', priv: null, baseDir: tmpdir(), source: null, gitEnv: { PATH: '/usr/bin:/bin' }, log: () => undefined }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('Agent isolation needs root or passwordless sudo');
    expect((error as { hint: string }).hint).toContain('isolation: none');
  });

  it('works without isolation in the same layout, as the runner user', async () => {
    const home = await makeTempDir('cto-room-none');
    const room = await openAgentRoom({ mode: 'none', priv: null, baseDir: tmpdir(), source: null, gitEnv: gitEnv(home), log: () => undefined });
    try {
      expect(room.user).toBeNull();
      expect(room.runAs).toBeUndefined();
      const run = await room.session(() => runProcess('id', ['-u'], { cwd: room.repo.workTree, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 10_000 }), { writes: true });
      expect(Number(run.stdout.trim())).toBe(process.getuid!());
    } finally {
      await room.dispose();
      await removeDir(home);
    }
  });
});
