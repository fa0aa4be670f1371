// Codex-side failures of the bundled action, with the real codex and claude binaries against scripted
// model servers and the emulated GitHub: a plan that stays malformed after the repair turn, a failed
// turn, and a read-only sandbox that cannot start. Each ends visibly and loses no work.
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, type ActionWorld } from '../support/action-world.js';
import { agentPath, CODEX_BIN, CLAUDE_BIN, removeDir } from '../support/agent-home.js';
import { expectVisibleFailure, pushedFile, runLabelled, trackingComment, type FailureRun } from '../support/failure-checks.js';
import type { CodexTurn } from '../support/openai-server.js';
import { codexScript, PLAN, requestText } from '../support/scenario.js';

const json = (value: unknown): CodexTurn => ({ message: JSON.stringify(value) });

/** Plan requests that reached the scripted OpenAI server (the first turn and any repair turn). */
function planRequests(world: ActionWorld): unknown[] {
  return world.openai.requests.filter((r) => !requestText(r.body).includes('review iteration')).map((r) => r.body);
}

describe.each([
  {
    name: 'a reply that is not JSON, twice',
    replies: [{ message: 'Here is my plan: add a shout option.' }, { message: 'Sure! I will add the option and a test.' }],
    problem: /still invalid after one repair turn: the reply is not valid JSON/,
  },
  {
    name: 'truncated JSON, twice',
    replies: [{ message: JSON.stringify(PLAN).slice(0, 180) }, { message: JSON.stringify(PLAN).slice(0, 240) }],
    problem: /still invalid after one repair turn: the reply is not valid JSON/,
  },
  {
    name: 'a schema-valid plan with duplicate task ids, then one with an unknown dependency',
    replies: [
      json({ ...PLAN, tasks: [PLAN.tasks[0], { ...PLAN.tasks[1], id: 'T1' }] }),
      json({ ...PLAN, tasks: [PLAN.tasks[0], { ...PLAN.tasks[1], dependencies: ['T9'] }] }),
    ],
    problem: /still invalid after one repair turn: .*T9/,
  },
] as { name: string; replies: CodexTurn[]; problem: RegExp }[])('a malformed plan after the repair turn: $name', ({ replies, problem }) => {
  const world = useActionWorld({ codex: codexScript({ plan: replies }) });
  let failure: FailureRun;

  beforeAll(async () => {
    failure = await runLabelled(world);
  }, 180_000);

  it('fails visibly: the comment and the summary name the invalid plan and what to do; exit code 1', () => {
    const comment = expectVisibleFailure(world, failure, {
      headline: /^Failed$/,
      error: [/Codex did not return a valid answer/, problem],
      hint: /\*\*What to do:\*\* .*(clearer objective|model)/,
    });
    expect(comment).not.toContain('#### Plan');
    // Nothing was committed, so the comment must not say so; it says how to resume instead.
    expect(comment).not.toContain('committed');
    expect(comment).toMatch(/comment `\/cto continue` on issue #\d+ to resume the loop/);
  });

  it('tried exactly one repair turn, and Claude never ran', () => {
    expect(planRequests(world)).toHaveLength(2);
    expect(world.anthropic.requests).toHaveLength(0);
  });

  it('creates no branch and no pull request: there was no work to keep', async () => {
    expect(await world.gh.git.resolveBranch(world.project.owner, world.project.name, failure.branch)).toBeNull();
    expect([...world.project.repo.issues.values()].filter((i) => i.pull !== null)).toEqual([]);
  });
});

describe('a malformed review after the repair turn, once Claude has worked', () => {
  const review = {
    previous_findings: [], task_reviews: [{ task_id: 'T7', status: 'pass', feedback: '' }], requirements: [], findings: [],
    verdict: 'approve', summary: 'Looks fine.', reason: null, questions: [], revised_tasks: [], revised_verification: null,
  };
  const world = useActionWorld({ codex: codexScript({ review1: [{ message: 'LGTM, ship it!' }, json(review)] }) });
  let failure: FailureRun;

  beforeAll(async () => {
    failure = await runLabelled(world);
  }, 180_000);

  it('fails visibly naming the invalid review, and posts no verdict', () => {
    expectVisibleFailure(world, failure, {
      headline: /^Failed$/,
      error: [/Codex did not return a valid answer/, /Codex's review is still invalid after one repair turn: .*T7/],
    });
    expect(world.project.repo.reviews).toEqual([]);
  });

  it("keeps Claude's work: committed, pushed and in a pull request", async () => {
    expect(await pushedFile(world, failure.branch, 'test/greet.test.js')).toContain('shouts when asked');
    expect(trackingComment(world, failure.issue)).toContain('Work already done is committed on the branch.');
  });
});

describe('Codex turn.failed while planning (the provider answers 500, retries off)', () => {
  const world = useActionWorld({ codex: codexScript({ plan: [{ status: 500, error: 'The scripted model is on fire.' }] }) });
  let failure: FailureRun;

  beforeAll(async () => {
    failure = await runLabelled(world);
  }, 180_000);

  it('fails visibly with the failed turn quoted, and Claude never ran', () => {
    expectVisibleFailure(world, failure, { headline: /^Failed$/, error: [/An agent run failed/, /Codex's plan turn failed/] });
    expect(planRequests(world)).toHaveLength(1);
    expect(world.anthropic.requests).toHaveLength(0);
  });
});

describe('Codex turn.failed while reviewing, after Claude has worked', () => {
  const world = useActionWorld({ codex: codexScript({ review1: [{ status: 500, error: 'The scripted reviewer is on fire.' }] }) });
  let failure: FailureRun;

  beforeAll(async () => {
    failure = await runLabelled(world);
  }, 180_000);

  it('fails visibly naming the review turn', () => {
    const comment = expectVisibleFailure(world, failure, { headline: /^Failed$/, error: [/An agent run failed/, /Codex's review turn failed/] });
    expect(comment).toContain('#### Plan');
  });

  it("keeps Claude's work: committed, pushed and in a pull request", async () => {
    expect(await pushedFile(world, failure.branch, 'src/greet.js')).toContain('shout');
    const pulls = [...world.project.repo.issues.values()].filter((i) => i.pull !== null);
    expect(pulls.map((p) => p.pull?.headRef)).toEqual([failure.branch]);
    expect(failure.run.outputs['pr-number']).toBe(String(pulls[0]?.number));
  });

  it('posts no verdict: a failed review is not a review', () => {
    expect(world.project.repo.reviews).toEqual([]);
    expect([...world.project.repo.checkRuns.values()].filter((c) => c.conclusion === 'success')).toEqual([]);
  });
});

/** What bubblewrap prints on ubuntu-24.04, where AppArmor forbids the user namespaces it needs. */
const BWRAP_FAILURE = 'bwrap: loopback: Failed RTM_NEWADDR: Operation not permitted';

describe("Codex's read-only sandbox cannot start (Ubuntu 24.04's user-namespace restriction)", () => {
  const world = useActionWorld({ codex: codexScript({ plan: [{ exec: { cmd: 'ls' } }, json(PLAN)] }) });
  let failure: FailureRun;
  let bin: string;

  beforeAll(async () => {
    // A `codex` first on PATH that is the real one in everything but its sandbox, which fails as bubblewrap
    // does on ubuntu-24.04 (this kernel has no AppArmor to restrict it for real).
    bin = await mkdtemp(path.join(os.tmpdir(), 'cto-no-userns-'));
    // The agent user runs it: like every folder on a real PATH, this one is open to other users.
    await chmod(bin, 0o755);
    await writeFile(
      path.join(bin, 'codex'),
      `#!/bin/sh\nif [ "$1" = sandbox ]; then echo '${BWRAP_FAILURE}' >&2; exit 1; fi\nexec ${JSON.stringify(CODEX_BIN)} "$@"\n`,
      { mode: 0o755 },
    );
    failure = await runLabelled(world, { env: { PATH: `${bin}:${agentPath()}:${path.dirname(CLAUDE_BIN)}` } });
  }, 180_000);

  afterAll(async () => {
    if (bin) await removeDir(bin);
  });

  it('stops before any model call, and says why and what to run on the comment, in the summary and the log', () => {
    expectVisibleFailure(world, failure, {
      headline: /^Failed$/,
      error: [/read-only sandbox could not start/, /Failed RTM_NEWADDR/, /does not plan or review without it/],
      hint: /unprivileged user namespaces.*sudo sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0.*prepare-sandbox: always/s,
    });
    expect(world.openai.requests).toHaveLength(0);
    expect(world.anthropic.requests).toHaveLength(0);
    expect(world.project.repo.reviews).toEqual([]);
  });

  it('logs the probe that failed', () => {
    expect(failure.run.stdout).toContain(`Codex's read-only sandbox could not start: ${BWRAP_FAILURE}`);
  });
});
