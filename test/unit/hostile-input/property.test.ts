// Property-based tests: thousands of generated hostile inputs for everything that reads untrusted
// text or untrusted JSON. Each parser must answer (handled or refused with a message), never throw.
// The seed is fixed so a failure reproduces; change it locally to explore further.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClaudeResult } from '../../../src/agents/claude.js';
import { parseCodexEvents } from '../../../src/agents/codex.js';
import { createRedactor, REDACTED } from '../../../src/safety/redact.js';
import { quoteAsData, sanitiseUntrusted } from '../../../src/safety/sanitise.js';
import type { Plan, Review, TrackingState } from '../../../src/core/model/schema-types.js';
import { checkPlan, checkReview, checkTrackingState, parseJsonReply, type Checked } from '../../../src/core/model/schemas.js';
import { readMarker, renderMarker } from '../../../src/action/tracking/state-marker.js';
import { parseTrigger } from '../../../src/action/event/trigger.js';
import { loadCorpus } from '../../support/corpus.js';
import { hostileText, mutated, separatorText, tokenShaped } from '../../support/hostile-arbitraries.js';

const SEED = 20_250_601;
const run = (property: fc.IRawProperty<unknown[]>, numRuns: number): void => {
  void fc.assert(property, { seed: SEED, numRuns });
};
const SLOW = 60_000;

/* eslint-disable no-control-regex, no-misleading-character-class -- these classes list control and invisible characters one by one on purpose */
const HIDDEN_CHARACTER =
  /[\p{Cf}\p{Cs}\u0000-\u0008\u000B-\u001F\u007F-\u009F\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/u;
/* eslint-enable no-control-regex, no-misleading-character-class */
const TOKEN_SHAPES = [/gh[pousr]_[A-Za-z0-9]{20,}/, /github_pat_\w{20,}/, /sk-[\w-]{20,}/, /sess-[A-Za-z0-9]{20,}/, /eyJ[\w-]{8,}\.[\w-]{8,}\./];
const BOT = 'github-actions[bot]';

describe('sanitiseUntrusted', () => {
  it('leaves nothing hidden, stays within the cap and is stable under a second pass (markup fragments)', () => {
    run(fc.property(hostileText(), (text) => {
      const { text: out, notes } = sanitiseUntrusted(text);
      expect(out).not.toMatch(HIDDEN_CHARACTER);
      expect(out).not.toContain('<!--');
      expect(out).not.toContain('\r');
      expect(notes.every((note) => typeof note === 'string' && note !== '')).toBe(true);
      expect(sanitiseUntrusted(out).text).toBe(out);
    }), 3_000);
  }, SLOW);

  it('handles arbitrary code points, lone surrogates included', () => {
    run(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      const out = sanitiseUntrusted(text).text;
      expect(out).not.toMatch(HIDDEN_CHARACTER);
      expect(sanitiseUntrusted(out).text).toBe(out);
    }), 2_000);
  }, SLOW);

  it('never exceeds a small cap, note included, and stays stable once truncated', () => {
    const long = fc.tuple(hostileText(40), fc.integer({ min: 1, max: 60 })).map(([text, times]) => text.repeat(times));
    run(fc.property(long, fc.integer({ min: 200, max: 2_000 }), (text, maxChars) => {
      const out = sanitiseUntrusted(text, { maxChars }).text;
      expect(out.length).toBeLessThanOrEqual(maxChars);
      expect(out).not.toMatch(HIDDEN_CHARACTER);
      expect(sanitiseUntrusted(out, { maxChars }).text).toBe(out);
    }), 400);
  }, SLOW);

  it('quotes any text between exactly one begin and one end marker', () => {
    run(fc.property(fc.string({ maxLength: 40 }), hostileText(), (label, text) => {
      const lines = quoteAsData(label, sanitiseUntrusted(text).text).split('\n');
      expect(lines.join('\n').match(/(?:BEGIN|END)[\s_-]*UNTRUSTED[\s_-]*DATA/gi)).toHaveLength(2);
      expect(lines[1]).toMatch(/^<<<BEGIN UNTRUSTED DATA [0-9a-f]{16}: [^\n]*>>>$/);
      expect(lines.at(-1)).toMatch(/^<<<END UNTRUSTED DATA [0-9a-f]{16}>>>$/);
    }), 1_000);
  }, SLOW);
});

describe('redactor', () => {
  const none = createRedactor([]);

  it('lets no credential-shaped string survive, wherever it sits', () => {
    run(fc.property(fc.array(fc.tuple(separatorText(), tokenShaped())), fc.string(), (pieces, tail) => {
      const text = pieces.map(([before, token]) => before + token).join('') + ` ${tail}`;
      const out = none(text);
      for (const [, token] of pieces) expect(out).not.toContain(token);
      for (const shape of TOKEN_SHAPES) expect(out).not.toMatch(shape);
      expect(none(out)).toBe(out);
    }), 1_500);
  }, SLOW);

  const secret = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF+/=:@%&?!"\\ é€'), minLength: 6, maxLength: 40 });

  it('removes configured secrets as they are, URL-encoded and JSON-escaped, idempotently', () => {
    run(fc.property(secret, fc.string(), fc.string(), (value, before, after) => {
      const redact = createRedactor([value]);
      for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
        const out = redact(before + form + after);
        expect(out).not.toContain(form);
        expect(redact(out)).toBe(out);
      }
    }), 1_000);
  }, SLOW);

  it('removes configured secrets from base64 text at any byte offset', () => {
    const bytes = fc.uint8Array({ maxLength: 8 });
    run(fc.property(secret, bytes, bytes, (value, before, after) => {
      const secretBytes = Buffer.from(value, 'utf8');
      const encoded = Buffer.concat([before, secretBytes, after]).toString('base64');
      const out = createRedactor([value])(encoded);
      expect(out).toContain(REDACTED);
      // Whatever is left around the replacement decodes, at any alignment, to something else.
      for (const piece of out.split(REDACTED)) {
        for (const pad of ['', 'A', 'AA', 'AAA']) expect(Buffer.from(pad + piece, 'base64').indexOf(secretBytes)).toBe(-1);
      }
    }), 1_000);
  }, SLOW);

  it('never throws, whatever the secrets and the text', () => {
    run(fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 200 }), (secrets, text) => {
      expect(typeof createRedactor(secrets)(text)).toBe('string');
    }), 1_000);
  }, SLOW);
});

describe('parseTrigger', () => {
  const require = createRequire(import.meta.url);
  const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, unknown>[] }[];
  const of = (name: string): Record<string, unknown>[] => examples.find((e) => e.name === name)?.examples ?? [];
  // Seeds close to the accepted paths, so mutations explore both sides of every check.
  const labeled = of('issues').filter((p) => p['action'] === 'labeled').map((p) => ({ ...p, label: { ...(p['label'] as object), name: 'codex-cto' } }));
  const commented = of('issue_comment').map((p) => ({ ...p, comment: { ...(p['comment'] as object), body: 'Thanks\n/cto approve' } }));
  const dispatched = of('workflow_dispatch').map((p) => ({ ...p, inputs: { objective: 'Add a flag', issue: '4', base: 'main' } }));
  const settings = { triggerLabel: 'codex-cto', commandPrefix: '/cto', allowedBots: ['renovate[bot]'], branchPrefix: 'codex-cto/' };
  const events = fc.oneof(
    fc.tuple(fc.constant('issues'), mutated([...labeled, ...of('issues')])),
    fc.tuple(fc.constant('issue_comment'), mutated([...commented, ...of('issue_comment')])),
    fc.tuple(fc.constant('workflow_dispatch'), mutated(dispatched)),
    fc.tuple(fc.oneof(fc.constantFrom('push', '', 'issues', 'pull_request'), fc.string({ unit: 'binary' })), fc.anything()),
  );

  it('turns every payload into one trigger or a one-line reason, and never lets a bot or itself in', () => {
    run(fc.property(events, ([name, payload]) => {
      const trigger = parseTrigger(name, payload, settings, { botLogin: BOT });
      if (trigger.kind === 'ignored') {
        expect(trigger.reason.trim()).not.toBe('');
        expect(trigger.reason).not.toContain('\n');
        return;
      }
      expect(['label', 'command', 'dispatch']).toContain(trigger.kind);
      expect(trigger.actor.login).not.toBe(BOT);
      if (trigger.actor.type === 'Bot') expect(settings.allowedBots).toContain(trigger.actor.login);
      if (trigger.kind === 'command') expect(trigger.comment.body).not.toMatch(/<!--\s*codex-cto:state/i);
      if (trigger.kind === 'dispatch') expect(trigger.objective.trim()).not.toBe('');
    }), 3_000);
  }, SLOW);
});

describe('readMarker', () => {
  const state: TrackingState = {
    loop: {
      version: 2, objective: 'Add a flag', phase: 'implementing', plan: null, iterations: [], session_id: null,
      total_cost_usd: 0, codex_tokens: 0, consecutive_revises: 0, last_review: null, open_findings: [], reviewed_commit: null,
      failed_verification: [], stop_reason: null, max_iterations: null, human_feedback: null,
    },
    issue: 4, pr: null, branch: 'codex-cto/issue-4', base: 'main', requester: 'alice', run: null, transcripts: null,
  };
  const bot = { login: BOT, type: 'Bot' };
  const authors = fc.oneof(fc.constant(bot), fc.constant({ login: 'mallory', type: 'User' }), fc.record({ login: fc.string(), type: fc.string() }));
  const encoded = (value: unknown): string => `<!-- codex-cto:state ${Buffer.from(JSON.stringify(value) ?? '').toString('base64url')} -->`;
  const damaged = fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 4 })).map(([at, cut, insert]) => {
    const marker = renderMarker(state);
    const i = at % marker.length;
    return marker.slice(0, i) + insert + marker.slice(i + (cut % 4));
  });
  const bodies = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    hostileText(),
    damaged,
    mutated([state]).map(encoded),
    fc.jsonValue().map(encoded),
    fc.tuple(fc.string(), fc.constant(renderMarker(state)), fc.string()).map((parts) => parts.join('')),
    fc.constant(`${renderMarker(state)}\n${renderMarker(state)}`),
  );

  it('trusts only one valid marker from the bot, and refuses everything else with a reason', () => {
    run(fc.property(bodies, authors, (body, author) => {
      const read = readMarker(body, author, BOT);
      if (!read.ok) {
        expect(read.reason.trim()).not.toBe('');
        return;
      }
      expect(author.login).toBe(BOT);
      expect(checkTrackingState(read.state).ok).toBe(true);
    }), 2_000);
  }, SLOW);

  it('reads back what it wrote, for any objective text', () => {
    run(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (objective) => {
      const written = { ...state, loop: { ...state.loop, objective } };
      expect(readMarker(`Status\n${renderMarker(written)}`, bot, BOT)).toEqual({ ok: true, state: written });
    }), 500);
  }, SLOW);
});

describe('result parsers', () => {
  const corpus = loadCorpus<{ parser: string; input: unknown }>('model-outputs');
  const plan = corpus.plans?.['basic'] as Plan;
  const review: Review = {
    previous_findings: [], requirements: [{ requirement: 'A --verbose flag', feedback_id: null, status: 'met', note: '' }],
    verdict: 'revise', summary: 'T2 needs a test.', reason: null, questions: [], revised_verification: null,
    task_reviews: [{ task_id: 'T1', status: 'pass', feedback: '' }, { task_id: 'T2', status: 'fail', feedback: 'Add a test.' }],
    revised_tasks: [plan.tasks[1] as Plan['tasks'][number]],
    findings: [{ title: 'Name this', body: 'Name this.', priority: 'P2', confidence: 0.5, path: 'src/app.ts', start_line: 3, end_line: 4, task_id: 'T1' }],
  };
  const refusedWithMessages = <T>(checked: Checked<T>): void => {
    if (checked.ok) return;
    expect(checked.errors.length).toBeGreaterThan(0);
    expect(checked.errors.length).toBeLessThanOrEqual(21);
    for (const error of checked.errors) expect(error.trim()).not.toBe('');
  };

  it('checkPlan accepts only plans whose task graph is sound', () => {
    run(fc.property(fc.oneof(mutated([plan]), fc.jsonValue()), (value) => {
      const checked = checkPlan(value);
      refusedWithMessages(checked);
      if (!checked.ok) return;
      const ids = checked.value.tasks.map((task) => task.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const task of checked.value.tasks) for (const dependency of task.dependencies) {
        expect(ids).toContain(dependency);
        expect(dependency).not.toBe(task.id);
      }
    }), 2_000);
  }, SLOW);

  it('checkReview accepts only reviews of known tasks with plain paths and lines, whose verdict follows from them', () => {
    run(fc.property(fc.oneof(mutated([review]), fc.jsonValue()), (value) => {
      const checked = checkReview(value, { plan, verificationFailed: false, openFindings: [] });
      refusedWithMessages(checked);
      if (!checked.ok) return;
      for (const taskReview of checked.value.task_reviews) expect(plan.tasks.map((t) => t.id)).toContain(taskReview.task_id);
      for (const finding of checked.value.findings) {
        expect(finding.start_line).toBeGreaterThanOrEqual(1);
        expect(finding.end_line).toBeGreaterThanOrEqual(finding.start_line);
        expect(finding.path.split(/[/\\]/)).not.toContain('..');
      }
      if (checked.value.verdict === 'abort') expect(checked.value.reason?.trim()).toBeTruthy();
      // An accepted approval passes every task of the plan, beside no blocking finding or unmet requirement.
      if (checked.value.verdict === 'approve') {
        const passed = new Set(checked.value.task_reviews.filter((r) => r.status === 'pass').map((r) => r.task_id));
        for (const task of plan.tasks) expect(passed).toContain(task.id);
        for (const finding of checked.value.findings) expect(['P2', 'P3']).toContain(finding.priority);
        for (const requirement of checked.value.requirements) expect(requirement.status).not.toBe('not_met');
      }
    }), 2_000);
  }, SLOW);

  it('parseJsonReply reads JSON with whitespace or one fence, refuses the rest with a message', () => {
    const wrapped = fc.tuple(fc.jsonValue(), fc.constantFrom('', ' \n', '\n\n'), fc.boolean()).map(([value, space, fence]) => {
      const json = JSON.stringify(value);
      return { text: fence ? `${space}\`\`\`json\n${json}\n\`\`\`${space}` : `${space}${json}${space}`, value: JSON.parse(json) as unknown };
    });
    run(fc.property(wrapped, ({ text, value }) => {
      expect(parseJsonReply(text)).toEqual({ ok: true, value });
    }), 1_000);
    run(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      const parsed = parseJsonReply(text);
      if (!parsed.ok) expect(parsed.error.trim()).not.toBe('');
    }), 1_000);
  }, SLOW);

  it('parseClaudeResult reports success only for an is_error:false result with exit 0, and explains every failure', () => {
    const success = { type: 'result', subtype: 'success', is_error: false, result: 'Done.', session_id: 's', num_turns: 2, total_cost_usd: 0.1, permission_denials: [] };
    const stdout = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      mutated([success]).map((value) => JSON.stringify(value) ?? ''),
      fc.tuple(fc.array(fc.string()), mutated([success])).map(([lines, value]) => [...lines, JSON.stringify(value)].join('\n')),
    );
    const exitCode = fc.oneof(fc.constantFrom(null, 0, 1, 137), fc.integer());
    run(fc.property(stdout, fc.string(), exitCode, fc.boolean(), (out, stderr, code, timedOut) => {
      const outcome = parseClaudeResult({ stdout: out, stderr, exitCode: code, timedOut, durationMs: 5 });
      expect(Number.isFinite(outcome.turns) && Number.isFinite(outcome.costUsd)).toBe(true);
      expect(outcome.stopReason.trim()).not.toBe('');
      if (outcome.ok) {
        expect(code).toBe(0);
        expect(outcome.stopReason).toBe('success');
      } else expect(outcome.resultText.trim()).not.toBe('');
    }), 2_000);
  }, SLOW);

  it('parseClaudeResult explains a non-zero exit after a success object without text', () => {
    const stdout = JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: null, session_id: 's' });
    expect(parseClaudeResult({ stdout, stderr: '', exitCode: 1, timedOut: false, durationMs: 5 }).resultText.trim()).not.toBe('');
  });

  it('parseCodexEvents reads any stream into bounded, well-typed facts', () => {
    const event = mutated([
      { type: 'thread.started', thread_id: 't-1' },
      { type: 'turn.completed', usage: { input_tokens: 5, cached_input_tokens: 1, output_tokens: 2, reasoning_output_tokens: 0 } },
      { type: 'turn.failed', error: { message: 'boom' } },
      { type: 'error', message: 'retrying' },
      { type: 'item.completed', item: { type: 'command_execution', exit_code: 1, aggregated_output: 'bwrap: no namespace' } },
      { type: 'item.completed', item: { type: 'error', message: 'Model metadata not found' } },
    ]).map((value) => JSON.stringify(value) ?? 'undefined');
    const line = fc.oneof(event, fc.string({ unit: 'binary', maxLength: 40 }), fc.jsonValue().map((v) => JSON.stringify(v)));
    run(fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
      const events = parseCodexEvents(lines.join('\n'));
      for (const count of Object.values(events.usage)) expect(Number.isFinite(count) && count >= 0).toBe(true);
      expect(events.errors.length).toBeLessThanOrEqual(20);
      for (const error of events.errors) expect(typeof error === 'string' && error !== '').toBe(true);
      expect(events.threadId === null || typeof events.threadId === 'string').toBe(true);
      expect(events.turnFailed === null || typeof events.turnFailed === 'string').toBe(true);
    }), 2_000);
  }, SLOW);
});
