// The machine a bench ran on, for the record beside its figures.
import { arch, cpus, loadavg, totalmem, type } from 'node:os';
import { runProcess } from '../../src/workspace/process.js';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  commit: string;
  /** One-minute load average when the bench started and when it ended: timings move with it, counts do not. */
  load: { start: number; end: number | null };
}

export function loadNow(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

export async function describeMachine(repoRoot: string): Promise<Machine> {
  const list = cpus();
  const head = await runProcess('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeoutMs: 10_000 });
  const dirty = await runProcess('git', ['status', '--porcelain', '--', 'src', 'dist'], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeoutMs: 10_000 });
  const commit = head.exitCode === 0 ? head.stdout.trim() : 'unknown';
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${arch()}`,
    node: process.version,
    commit: dirty.stdout.trim() === '' ? commit : `${commit} with uncommitted changes in src/ or dist/`,
    load: { start: loadNow(), end: null },
  };
}
