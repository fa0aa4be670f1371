import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FailedCommand, Finding, LoopState, OpenFinding, Plan, Review, TrackingState } from '../../../../src/core/model/schema-types.js';
import { checkTrackingState } from '../../../../src/core/model/schemas.js';
import { MARKER_PREFIX, MAX_MARKER_CHARS, readMarker, renderMarker } from '../../../../src/action/tracking/state-marker.js';

const BOT = 'github-actions[bot]';
const bot = { login: BOT, type: 'Bot' };

function plan(tasks = 2, text = 'short'): Plan {
  return {
    objective: 'Add a health endpoint',
    analysis: `The server lives in src/server.ts. ${text}`,
    strategy: `Add a route and a test. ${text}`,
    assumptions: [`JSON is enough. ${text}`],
    open_questions: [{ question: `Which port? ${text}`, blocking: false }],
    tasks: Array.from({ length: tasks }, (_, i) => ({
      id: `T${i + 1}`,
      title: `Task ${i + 1} ${text}`,
      action: 'modify_file' as const,
      target: 'src/server.ts',
      description: `Do part ${i + 1}. ${text}`,
      acceptance_criteria: [`part ${i + 1} works ${text}`],
      dependencies: i === 0 ? [] : [`T${i}`],
    })),
    verification: ['npm test', 'npm run lint -- --max-warnings=0'],
  };
}

function finding(i: number, text: string, priority: Finding['priority'] = 'P2'): Finding {
  return { title: `Finding ${i}`, body: `Here. ${text}`, priority, confidence: 0.5, path: 'src/server.ts', start_line: i + 1, end_line: i + 1, task_id: null };
}

function review(text = 'ok', findings = 1): Review {
  return {
    previous_findings: [],
    task_reviews: [
      { task_id: 'T1', status: 'pass', feedback: '' },
      { task_id: 'T2', status: 'fail', feedback: `Return JSON. ${text}` },
    ],
    requirements: [{ requirement: 'A health endpoint', feedback_id: null, status: 'not_met', note: `Missing. ${text}` }],
    findings: Array.from({ length: findings }, (_, i) => finding(i, text)),
    verdict: 'revise',
    summary: `Close, but T2 fails. ${text}`,
    reason: null,
    questions: [],
    revised_tasks: [],
    revised_verification: null,
  };
}

function state(overrides: { plan?: Plan | null; review?: Review | null; objective?: string; open?: OpenFinding[]; failed?: FailedCommand[] } = {}): TrackingState {
  return {
    loop: {
      version: 2,
      objective: overrides.objective ?? 'Add a health endpoint --> <script>alert(1)</script> @everyone',
      phase: 'revise',
      plan: overrides.plan === undefined ? plan() : overrides.plan,
      iterations: [
        {
          number: 1,
          verdict: 'revise',
          tasks_passed: 1,
          tasks_total: 2,
          claude_turns: 12,
          cost_usd: 0.42,
          duration_ms: 61_000,
          commit: 'a'.repeat(40),
          verification_passed: false,
          requested_by: null,
        },
      ],
      session_id: '9f1c2d3e-0000-4000-8000-000000000001',
      total_cost_usd: 0.42,
      codex_tokens: 12_345,
      consecutive_revises: 1,
      last_review: overrides.review === undefined ? review() : overrides.review,
      open_findings: overrides.open ?? [{ id: 'F1.1', raised_in: 1, ...finding(0, 'ok', 'P1') }],
      reviewed_commit: 'a'.repeat(40),
      failed_verification: overrides.failed ?? [{ command: 'npm test', exit_code: 1, timed_out: false, output: 'not ok 1 - health' }],
      stop_reason: null,
      max_iterations: 6,
      human_feedback: null,
    },
    issue: 7,
    pr: 8,
    branch: 'codex-cto/issue-7',
    base: 'main',
    requester: 'alice',
    run: { id: '123', attempt: '1', started_at: '2026-01-02T03:04:05Z' },
    transcripts: { run_id: '122', artifact_id: 1001, name: 'codex-cto-issue-7-iteration-1', digest: 'ab'.repeat(32) },
  };
}

/** A marker holding any JSON value, as a forger would write it. */
function forged(value: unknown): string {
  return `${MARKER_PREFIX}${Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')} -->`;
}

function reasonOf(result: ReturnType<typeof readMarker>): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.reason;
}

describe('renderMarker', () => {
  it('writes one HTML comment of base64url JSON', () => {
    const marker = renderMarker(state());
    expect(marker).toMatch(/^<!-- codex-cto:state [A-Za-z0-9_-]+ -->$/);
  });

  it('keeps text that could close the comment or render from showing through', () => {
    const marker = renderMarker(state());
    expect(marker.slice(4, -4)).not.toContain('-->');
    expect(marker).not.toContain('<script>');
    expect(marker).not.toContain('@everyone');
  });

  it('round-trips through readMarker', () => {
    const original = state();
    expect(checkTrackingState(original).ok).toBe(true);
    expect(readMarker(`### codex-cto: revise\n\nbody\n\n${renderMarker(original)}`, bot, BOT)).toEqual({ ok: true, state: original });
  });

  it('round-trips non-ASCII text', () => {
    const original = state({ objective: 'Ünïcödé 🚀 — 日本語' });
    const read = readMarker(renderMarker(original), bot, BOT);
    expect(read.ok && read.state.loop.objective).toBe('Ünïcödé 🚀 — 日本語');
  });

  it('leaves a state that fits untouched', () => {
    const original = state();
    const copy = structuredClone(original);
    renderMarker(original);
    expect(original).toEqual(copy);
  });

  it('drops the last review findings first when the state is too big: the open findings keep what the next iteration needs', () => {
    const big = state({ review: review('ok', 400) });
    for (const each of big.loop.last_review?.findings ?? []) each.body = 'Please handle the error here. '.repeat(5);
    const marker = renderMarker(big);
    expect(marker.length).toBeLessThanOrEqual(MAX_MARKER_CHARS);
    const read = readMarker(marker, bot, BOT);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.state.loop.last_review?.findings).toEqual([]);
    expect(read.state.loop.last_review?.requirements).toEqual([]);
    expect(read.state.loop.last_review?.summary).toBe(big.loop.last_review?.summary);
    expect(read.state.loop.plan).toEqual(big.loop.plan);
    expect(read.state.loop.open_findings).toEqual(big.loop.open_findings);
    expect(big.loop.last_review?.findings).toHaveLength(400);
  });

  it('keeps the tail of a failed command\'s output, then drops open suggestions before open blocking findings', () => {
    const output = `${'.'.repeat(30_000)}FAILED (failures=2)`;
    const read = readMarker(renderMarker(state({ failed: [{ command: 'pytest', exit_code: 1, timed_out: false, output }] })), bot, BOT);
    expect(read.ok && read.state.loop.failed_verification[0]?.output.endsWith('FAILED (failures=2)')).toBe(true);
    expect(read.ok && Array.from(read.state.loop.failed_verification[0]?.output ?? '')).toHaveLength(1000);

    const open = Array.from({ length: 120 }, (_, i) => ({ id: `F1.${i + 1}`, raised_in: 1, ...finding(i, 'v'.repeat(1_500), i < 3 ? 'P1' : 'P3') }));
    const shrunk = readMarker(renderMarker(state({ open, plan: plan(40, 'u'.repeat(1_000)) })), bot, BOT);
    expect(shrunk.ok).toBe(true);
    if (!shrunk.ok) return;
    expect(shrunk.state.loop.open_findings.map((f) => [f.id, f.priority])).toEqual([['F1.1', 'P1'], ['F1.2', 'P1'], ['F1.3', 'P1']]);
  });

  it('shortens plan analysis and strategy next', () => {
    const long = 'x'.repeat(40_000);
    const read = readMarker(renderMarker(state({ plan: { ...plan(), analysis: long, strategy: long } })), bot, BOT);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(Array.from(read.state.loop.plan?.analysis ?? '')).toHaveLength(500);
    expect(read.state.loop.plan?.analysis.endsWith('…')).toBe(true);
    expect(read.state.loop.plan?.tasks).toEqual(plan().tasks);
    expect(read.state.loop.last_review).toEqual({ ...review(), findings: [], requirements: [], previous_findings: [] });
  });

  it('shortens the last review texts before it would drop the review', () => {
    const long = 'w'.repeat(30_000);
    const read = readMarker(renderMarker(state({ review: { ...review(), summary: long } })), bot, BOT);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(Array.from(read.state.loop.last_review?.summary ?? '')).toHaveLength(1000);
    expect(read.state.loop.last_review?.task_reviews).toEqual(review().task_reviews);
  });

  it('shortens review and task texts, then drops the last review, but keeps every task id and verification command', () => {
    const huge = 'y'.repeat(3_000);
    const original = state({ plan: plan(40, huge), review: review(huge, 50) });
    const marker = renderMarker(original);
    expect(marker.length).toBeLessThanOrEqual(MAX_MARKER_CHARS);
    const read = readMarker(marker, bot, BOT);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const tasks = read.state.loop.plan?.tasks ?? [];
    expect(tasks.map((t) => [t.id, t.dependencies, t.action])).toEqual(original.loop.plan?.tasks.map((t) => [t.id, t.dependencies, t.action]));
    expect(read.state.loop.plan?.verification).toEqual(original.loop.plan?.verification);
    expect(read.state.loop.iterations).toEqual(original.loop.iterations);
    expect(read.state.loop.session_id).toBe(original.loop.session_id);
  });

  it('reduces a very large plan to its task skeleton', () => {
    const original = state({ plan: plan(150, 'z'.repeat(300)) });
    const read = readMarker(renderMarker(original), bot, BOT);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.state.loop.last_review).toBeNull();
    expect(read.state.loop.plan?.tasks.map((t) => t.id)).toEqual(original.loop.plan?.tasks.map((t) => t.id));
  });

  it('refuses a plan that cannot fit even as a skeleton', () => {
    const tooMany = state({ plan: { ...plan(0), tasks: plan(3000).tasks.map((t) => ({ ...t, id: `${t.id}-${'i'.repeat(20)}` })) } });
    expect(() => renderMarker(tooMany)).toThrow(/too large|needs \d+ characters/);
  });
});

describe('readMarker', () => {
  const good = renderMarker(state());

  it('refuses a marker in a comment by anyone but the bot identity', () => {
    expect(reasonOf(readMarker(good, { login: 'mallory', type: 'User' }, BOT))).toBe(
      'the comment was written by `mallory`, not by the bot identity `github-actions[bot]`: a copied or forged marker',
    );
    expect(readMarker(good, { login: 'GitHub-Actions[bot]', type: 'Bot' }, BOT).ok).toBe(false);
  });

  it('refuses when the bot identity is unknown', () => {
    expect(readMarker(good, bot, '').ok).toBe(false);
  });

  it('refuses a comment without a marker', () => {
    expect(reasonOf(readMarker('Just a comment', bot, BOT))).toBe('the comment has no state marker');
  });

  it('refuses two markers, even two valid ones', () => {
    expect(reasonOf(readMarker(`${good}\n${good}`, bot, BOT))).toContain('2 state markers');
  });

  it('counts a damaged second marker too', () => {
    expect(reasonOf(readMarker(`${good}\n<!--codex-cto:STATE abc -->`, bot, BOT))).toContain('2 state markers');
  });

  it.each([
    ['a bad character', `${MARKER_PREFIX}abc+def -->`, 'malformed'],
    ['no closing', `${MARKER_PREFIX}abcdef`, 'malformed'],
    ['no space before the closing', `${MARKER_PREFIX}abcdef-->`, 'malformed'],
    ['an impossible base64 length', `${MARKER_PREFIX}abcde -->`, 'not valid base64url'],
    ['base64 that is not JSON', `${MARKER_PREFIX}${Buffer.from('not json').toString('base64url')} -->`, 'does not decode to JSON'],
    ['a truncated payload', good.slice(0, good.length / 2) + ' -->', ''],
  ])('refuses a marker with %s', (_what, body, reason) => {
    expect(reasonOf(readMarker(body, bot, BOT))).toContain(reason);
  });

  it('refuses another state version, naming it', () => {
    const next = { ...state(), loop: { ...state().loop, version: 3 } };
    expect(reasonOf(readMarker(forged(next), bot, BOT))).toBe('the state marker has version 3; this codex-cto reads versions 1 to 2');
    expect(reasonOf(readMarker(forged({ hello: 'world' }), bot, BOT))).toContain('version none');
  });

  it('reads a marker written before findings had priorities (version 1), in the current shape', () => {
    // What codex-cto wrote before: a plan without assumptions or open questions, a review with line comments.
    const v1 = {
      loop: {
        version: 1,
        objective: 'Add a health endpoint',
        phase: 'escalated',
        plan: { objective: 'Add a health endpoint', analysis: 'a', strategy: 's', tasks: plan().tasks, verification: ['npm test'] },
        iterations: [{ number: 1, verdict: 'revise', tasks_passed: 1, tasks_total: 2, claude_turns: 3, cost_usd: 0.1, duration_ms: 1000, commit: 'b'.repeat(40), verification_passed: false, requested_by: null }],
        session_id: 's-1',
        total_cost_usd: 0.1,
        codex_tokens: 120,
        consecutive_revises: 3,
        last_review: {
          verdict: 'revise', summary: 'Close.', reason: null,
          task_reviews: [{ task_id: 'T1', status: 'pass', feedback: '' }, { task_id: 'T2', status: 'fail', feedback: 'Return JSON.' }],
          revised_tasks: [], comments: [{ path: 'src/server.ts', line: 3, body: 'Here.' }],
        },
        stop_reason: '3 revise verdicts in a row: a person should look before the loop goes on.',
      },
      issue: 7, pr: 8, branch: 'codex-cto/issue-7', base: 'main', requester: 'alice', run: null,
    };
    const read = readMarker(forged(v1), bot, BOT);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.state.loop).toMatchObject({ version: 2, phase: 'escalated', open_findings: [], reviewed_commit: null, failed_verification: [], consecutive_revises: 3 });
    // Written before runs uploaded transcripts: no earlier artifact to resume from.
    expect(read.state.transcripts).toBeNull();
    expect(read.state.loop.plan).toMatchObject({ assumptions: [], open_questions: [], verification: ['npm test'] });
    expect(read.state.loop.last_review).toEqual({
      verdict: 'revise', summary: 'Close.', reason: null, task_reviews: v1.loop.last_review.task_reviews, revised_tasks: [],
      previous_findings: [], requirements: [], findings: [], questions: [], revised_verification: null,
    });
    // A damaged version 1 marker is still refused by the schema.
    const damaged = { ...v1, loop: { ...v1.loop, phase: 'dreaming' } };
    expect(reasonOf(readMarker(forged(damaged), bot, BOT))).toContain('loop.phase');
  });

  it('refuses a state that fails the schema, quoting the problem', () => {
    const tampered = { ...state(), pr: 'eight' };
    expect(reasonOf(readMarker(forged(tampered), bot, BOT))).toMatch(/^the state marker does not match the state schema: pr/);
    const extra = { ...state(), admin: true };
    expect(reasonOf(readMarker(forged(extra), bot, BOT))).toContain('unexpected property "admin"');
  });

  it('reads a marker written before the iteration cap was saved: the configured cap is in force', () => {
    const older: Partial<LoopState> = { ...state().loop };
    delete older.max_iterations;
    const read = readMarker(forged({ ...state(), loop: older }), bot, BOT);
    expect(read.ok && read.state.loop.max_iterations).toBe(null);
    expect(read.ok && read.state.loop.iterations).toEqual(state().loop.iterations);
  });

  it("reads a marker written before people's feedback was kept: none waiting, no iteration asked for, no requirement tied to feedback", () => {
    const loop = state().loop;
    const older = {
      ...loop,
      iterations: loop.iterations.map((record) => without(record, 'requested_by')),
      last_review: loop.last_review === null ? null : { ...loop.last_review, requirements: loop.last_review.requirements.map((check) => without(check, 'feedback_id')) },
    } as Partial<LoopState>;
    delete older.human_feedback;
    const read = readMarker(forged({ ...state(), loop: older }), bot, BOT);
    expect(read.ok, read.ok ? '' : read.reason).toBe(true);
    expect(read.ok && read.state.loop).toEqual({ ...loop, human_feedback: null });
  });

  it('keeps feedback waiting for its iteration, and refuses feedback of the wrong shape', () => {
    const feedback = { from: 'mona', items: [{ id: 'H1', text: 'Trim the name.', path: 'src/a.ts', line: 3, thread: 41 }] };
    const read = readMarker(forged({ ...state(), loop: { ...state().loop, human_feedback: feedback } }), bot, BOT);
    expect(read.ok && read.state.loop.human_feedback).toEqual(feedback);
    const bad = { ...state(), loop: { ...state().loop, human_feedback: { from: 'mona', items: [{ id: 'H1', text: 'x' }] } } };
    expect(reasonOf(readMarker(forged(bad), bot, BOT))).toMatch(/human_feedback/);
  });

  it('keeps the saved iteration cap, and refuses one that is not a whole number', () => {
    const read = readMarker(good, bot, BOT);
    expect(read.ok && read.state.loop.max_iterations).toBe(6);
    const bad = { ...state(), loop: { ...state().loop, max_iterations: 'six' } };
    expect(reasonOf(readMarker(forged(bad), bot, BOT))).toMatch(/loop\.max_iterations: must be integer or null/);
  });

  it('refuses an oversized marker before decoding it', () => {
    expect(reasonOf(readMarker(`${MARKER_PREFIX}${'A'.repeat(MAX_MARKER_CHARS * 2 + 4)} -->`, bot, BOT))).toContain('more than codex-cto ever writes');
  });

  it.each([
    ['null body', null],
    ['number body', 42],
    ['undefined author', 'author'],
  ])('never throws on a %s', (what, value) => {
    const body = what === 'undefined author' ? good : (value as unknown as string);
    const author = what === 'undefined author' ? (undefined as unknown as { login: string; type: string }) : bot;
    expect(() => readMarker(body, author, BOT)).not.toThrow();
    expect(readMarker(body, author, BOT).ok).toBe(false);
  });
});

describe('readMarker: generated input', () => {
  it('answers every generated body without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.string({ unit: fc.constantFrom('<', '!', '-', '>', ' ', 'A', '=', '\u0000') })), fc.boolean(), (text, withPrefix) => {
        const result = readMarker(withPrefix ? `${MARKER_PREFIX}${text} -->` : text, bot, BOT);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2_000, seed: 20261122 },
    );
  }, 30_000);

  it('refuses every generated JSON value that is not a valid state', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = readMarker(forged(value), bot, BOT);
        expect(result.ok).toBe(checkTrackingState(value).ok);
      }),
      { numRuns: 1_000, seed: 20261122 },
    );
  }, 30_000);

  it('accepts only the bot identity for any generated author', () => {
    const good = renderMarker(state());
    fc.assert(
      fc.property(fc.string(), fc.string(), (login, type) => {
        expect(readMarker(good, { login, type }, BOT).ok).toBe(login === BOT);
      }),
      { numRuns: 1_000, seed: 20261122 },
    );
  });
});

/** `value` without `key`, as an earlier version wrote it. */
function without<T extends object>(value: T, key: keyof T): Partial<T> {
  const copy: Partial<T> = { ...value };
  delete copy[key];
  return copy;
}
