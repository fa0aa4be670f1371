// Cold start: the bundled action on an event it ignores (a push), against `node -e 0`, both started
// the same way (the project's process funnel, the runner's environment) and timed from spawn to exit.
// The two are interleaved so that a noisy moment on the machine hits both.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../../src/workspace/process.js';
import { startActionWorld, logOf } from '../../test/support/action-world.js';
import { pushPayload } from '../../test/support/payloads.js';

const ACTION_MAIN = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

export interface ColdStartSample {
  actionMs: number;
  nodeMs: number;
}

export async function measureColdStart(runs: number): Promise<ColdStartSample[]> {
  const world = await startActionWorld();
  const dir = await mkdtemp(join(tmpdir(), 'cto-bench-cold-'));
  try {
    const commits = await world.gh.git.log(world.project.owner, world.project.name, 'main', 1);
    const payload = pushPayload(world.gh, { repo: world.project.fullName, sender: world.project.logins.maintainer, ref: 'refs/heads/main', before: '0'.repeat(40), commits });
    // One run through the runner harness proves the event is ignored and gives the runner's environment.
    const first = await world.run({ event: 'push', payload });
    await rm(first.dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    if (first.exitCode !== 0 || !/ignoring this event/.test(first.stdout)) throw new Error(`the push event was not ignored:\n${logOf(first)}`);
    const files = { GITHUB_OUTPUT: 'output', GITHUB_ENV: 'env', GITHUB_STATE: 'state', GITHUB_STEP_SUMMARY: 'summary.md', GITHUB_PATH: 'path' };
    const eventPath = join(dir, 'event.json');
    await writeFile(eventPath, JSON.stringify(payload));
    const env: Record<string, string> = { ...first.env, GITHUB_EVENT_PATH: eventPath, RUNNER_TEMP: dir, HOME: dir };
    for (const [name, file] of Object.entries(files)) {
      env[name] = join(dir, file);
      await writeFile(env[name] as string, '');
    }
    const cwd = env.GITHUB_WORKSPACE as string;
    const time = async (args: string[]): Promise<number> => {
      const result = await runProcess(process.execPath, args, { cwd, env, timeoutMs: 60_000 });
      if (result.exitCode !== 0) throw new Error(`node ${args.join(' ')} exited ${result.exitCode}: ${result.stderr.slice(-2000)}`);
      return result.durationMs;
    };
    const samples: ColdStartSample[] = [];
    for (let i = 0; i < runs; i++) {
      const nodeMs = await time(['-e', '0']);
      const actionMs = await time([ACTION_MAIN]);
      samples.push({ actionMs, nodeMs });
    }
    return samples;
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    await world.close();
  }
}
