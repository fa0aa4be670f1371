// Live progress while Claude works: the bundled action, the real claude and codex on scripted servers, the
// emulated GitHub. A slow model holds Claude's first implementation for a few intervals; the tracking comment shows
// its task list, the file it last edited and its turns, edited at most once per `progress-interval`, and
// Claude's stream is kept, redacted, as claude-001.jsonl. When the repository's API budget is low, progress
// is what gives way: the loop's own writes all go through.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf, type ActionWorld } from '../support/action-world.js';
import { trackingComments } from '../support/action-views.js';
import { issuesLabeledPayload } from '../support/payloads.js';
import { DEFAULT_RUN_ID, type ActionRun } from '../support/runner.js';
import type { ClaudeTurn } from '../support/anthropic-server.js';
import { codexApprovesFirst } from '../support/failure-runs.js';
import { GREET_WITH_SHOUT, OBJECTIVE, TESTS_FIRST, TESTS_FIXED } from '../support/scenario.js';
import { budgetOf } from '../support/github/rate-limits.js';
import type { RequestRecord } from '../support/github/server.js';

/** The shortest interval the input takes: the tests wait for it, so the shorter the better. */
const INTERVAL_S = 1;
/**
 * How long the scripted model takes over each of the first implementation's later turns: half an interval
 * more than one interval, so an edit falls inside each hold even when an edit itself is slow to answer.
 */
const HOLD_MS = 1_500;
const COMMENT = '/repos/{owner}/{repo}/issues/comments/{comment_id}';

/** Claude's turns: the first implementation makes a task list and ticks it off slowly; the resumed one is quick. */
const SLOW_CLAUDE: ClaudeTurn[] = [
  {
    text: 'Planning the work.',
    tools: [
      { name: 'TaskCreate', input: { subject: 'Add the shout option', description: 'src/greet.js' } },
      { name: 'TaskCreate', input: { subject: 'Test @someone <b>shouting</b>', description: 'test/greet.test.js' } },
    ],
  },
  { holdMs: HOLD_MS, tools: [{ name: 'Write', input: { file_path: '{{cwd}}/src/greet.js', content: GREET_WITH_SHOUT } }, { name: 'TaskUpdate', input: { taskId: '1', status: 'completed' } }] },
  { holdMs: HOLD_MS, tools: [{ name: 'Write', input: { file_path: '{{cwd}}/test/greet.test.js', content: TESTS_FIRST } }, { name: 'TaskUpdate', input: { taskId: '2', status: 'in_progress' } }] },
  { holdMs: HOLD_MS, text: 'T1 done: greet accepts { shout }. T2 done: added a test for shout: true.' },
  { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/test/greet.test.js', content: TESTS_FIXED } }] },
  { text: 'Added the shout: false test as the reviewer asked.' },
];

// No `allowed-tools`: the default lets Claude keep its task list, so the checklist works out of the box.
const INPUTS = { 'progress-interval': String(INTERVAL_S) };

interface Edit {
  record: RequestRecord;
  body: string;
}

/** Runs the loop on a new labelled issue, collecting every REST edit of a comment with its body. */
async function runLoop(world: ActionWorld, inputs: Record<string, string>): Promise<{ run: ActionRun; edits: Edit[]; workspace: string; from: number; finalComment: string }> {
  const bodies: string[] = [];
  const disarm = world.gh.on({ when: 'before', route: COMMENT, run: (event) => void (event.method === 'PATCH' && bodies.push(String((event.body as { body?: unknown }).body))) });
  const from = world.gh.requests().at(-1)?.seq ?? 0;
  const issue = world.issue(OBJECTIVE, 'Callers want a louder greeting. Keep the default unchanged.', { labels: ['codex-cto'] });
  const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
  const workspace = await world.checkout();
  try {
    const run = await world.run({ event: 'issues', payload, inputs, workspace });
    const patches = world.gh.requests({ method: 'PATCH', route: COMMENT }).filter((r) => r.seq > from && r.limited === null);
    // The last write of an approved loop is a GraphQL request (it marks the PR ready too): read what GitHub holds.
    const finalComment = trackingComments(world, issue.number).at(-1)?.body ?? '';
    return { run, edits: patches.map((record, i) => ({ record, body: bodies[i] ?? '' })), workspace, from, finalComment };
  } finally {
    disarm();
  }
}

const isProgress = (edit: Edit): boolean => edit.body.includes('#### Claude is working');

describe('progress edits while Claude implements (progress-interval 1 s)', () => {
  const world = useActionWorld({ claude: SLOW_CLAUDE });
  let run: ActionRun;
  let edits: Edit[];
  let workspace: string;
  let finalComment: string;

  beforeAll(async () => {
    ({ run, edits, workspace, finalComment } = await runLoop(world, INPUTS));
  }, 300_000);

  it('ends approved, as without progress', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
  });

  it('edits the comment several times while Claude works, at least the interval apart, and no more often than the interval allows', () => {
    const progress = edits.filter(isProgress);
    expect(progress.length, logOf(run)).toBeGreaterThanOrEqual(2);
    const times = progress.map((edit) => edit.record.at);
    for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(INTERVAL_S * 1000);
    // Every progress edit falls between the announcement of iteration 1 and the next write of the loop.
    const span = (times.at(-1) as number) - (times[0] as number);
    expect(progress.length).toBeLessThanOrEqual(Math.floor(span / (INTERVAL_S * 1000)) + 1);
  });

  it('shows the task list with ticks, the file last edited and the turns, everything Claude wrote escaped', () => {
    // The last edit of iteration 1 (the comment has no iteration table yet); the resumed run makes no task list.
    const last = edits.filter(isProgress).filter((edit) => !edit.body.includes('#### Iterations')).at(-1)?.body ?? '';
    expect(last).toContain('- [x] Add the shout option');
    expect(last).toMatch(/- \[ \] \*\*Test .*shouting.*\*\* \(in progress\)/);
    expect(last).not.toContain('@someone');
    expect(last).not.toContain('<b>');
    expect(last).toContain('Last edited: `test/greet.test.js`');
    expect(last).toMatch(/\d+ turns so far/);
    expect(last).toMatch(/implementing/i);
  });

  it('drops the live section once Claude is done: the final comment has none', () => {
    expect(finalComment).toMatch(/approved/i);
    expect(finalComment).not.toContain('Claude is working');
  });

  it("keeps Claude's stream as claude-001.jsonl in the run's artifacts: every line JSON, the result last", async () => {
    const text = await readFile(join(workspace, '.codex-cto', `${run.env.GITHUB_RUN_ID ?? DEFAULT_RUN_ID}-${run.env.GITHUB_RUN_ATTEMPT ?? '1'}`, 'claude-001.jsonl'), 'utf8');
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(lines[0]?.type).toBe('system');
    expect(lines.at(-1)?.type).toBe('result');
    expect(lines.filter((line) => line.type === 'assistant').length).toBeGreaterThanOrEqual(4);
    expect(text).not.toContain(world.inputs['anthropic-api-key']);
  });
});

/** Spends the workflow token's REST budget of the repository as other jobs would, leaving `left` requests. */
function leave(world: ActionWorld, left: number, limit: number): void {
  world.gh.rateLimits.configure({ enforce: true, workflowTokenPerHour: limit });
  world.gh.rateLimits.reset();
  const budget = budgetOf({ kind: 'installation', login: 'github-actions[bot]' }, world.project.fullName);
  for (let i = 0; i < limit - left; i++) world.gh.rateLimits.admit({ resource: 'core', budget, contentBudget: 'others', workflowToken: true, contentGenerating: false });
}

// Only the first implementation is slow enough for progress: these loops are approved at its review.
describe('progress when the repository has little API budget left', () => {
  const world = useActionWorld({ claude: SLOW_CLAUDE, codex: codexApprovesFirst() });

  it('makes no progress edit below a quarter of the budget, while every write of the loop goes through', async () => {
    // 1,000 an hour with 240 left: the loop's own REST requests fit easily; progress holds back.
    leave(world, 240, 1_000);
    const { run, edits } = await runLoop(world, INPUTS);
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(edits.filter(isProgress)).toEqual([]);
    expect(world.gh.requests({ limited: 'primary' })).toEqual([]);
    expect(run.stdout).toMatch(/progress edits: 0 made, [1-9]\d* held back for the rate budget/);
  }, 300_000);

  it('slows progress to a quarter of its pace below half of the budget', async () => {
    leave(world, 450, 1_000);
    const { run, edits } = await runLoop(world, INPUTS);
    expect(run.exitCode, logOf(run)).toBe(0);
    const times = edits.filter(isProgress).map((edit) => edit.record.at);
    expect(times.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(4 * INTERVAL_S * 1000);
  }, 300_000);
});

// Two iterations, so that after a refusal there is still an implementation in which progress must hold off.
describe('progress when GitHub answers with a secondary rate limit', () => {
  const world = useActionWorld({ claude: SLOW_CLAUDE });

  it('stops progress at the first secondary-limit answer, and the loop waits it out and finishes', async () => {
    leave(world, 1_000, 1_000);
    // Every content write counts; a burst of them trips the secondary limit (per second here: timeScale 60).
    world.gh.rateLimits.configure({ enforce: true, timeScale: 60, contentPerMinute: 2 });
    const from = world.gh.requests().at(-1)?.seq ?? 0;
    const { run, edits } = await runLoop(world, INPUTS);
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    const refused = world.gh.requests({ limited: 'secondary' }).filter((r) => r.seq > from);
    expect(refused.length, logOf(run)).toBeGreaterThan(0);
    // After the first refusal, whoever it hit, no progress edit was even tried.
    const firstRefusal = refused[0] as RequestRecord;
    expect(edits.filter(isProgress).filter((edit) => edit.record.seq > firstRefusal.seq)).toEqual([]);
  }, 300_000);
});
