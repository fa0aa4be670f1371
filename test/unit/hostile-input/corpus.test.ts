// Runs the hostile-input corpus: every injection sample through the sanitiser, the data quoting,
// the command finder, the trigger parser and the state-marker reader; every malformed model
// output through the parser it targets.
import { describe, expect, it } from 'vitest';
import { parseClaudeResult } from '../../../src/agents/claude.js';
import { parseCodexEvents } from '../../../src/agents/codex.js';
import { findCommand } from '../../../src/action/event/comment-command.js';
import { escapeTableCell } from '../../../src/render/escape.js';
import { quoteAsData, sanitiseUntrusted, DEFAULT_MAX_CHARS } from '../../../src/safety/sanitise.js';
import { checkPlan, checkReview, parseJsonReply } from '../../../src/core/model/schemas.js';
import type { Plan } from '../../../src/core/model/schema-types.js';
import { MARKER_PATTERN, readMarker } from '../../../src/action/tracking/state-marker.js';
import { parseTrigger } from '../../../src/action/event/trigger.js';
import { buildInput, loadCorpus, type InjectionSample, type ModelOutputSample } from '../../support/corpus.js';

const injections = loadCorpus<InjectionSample>('injections').samples;
const modelOutputs = loadCorpus<ModelOutputSample>('model-outputs');

// What must never reach a prompt: invisible, bidi, tag and control characters (tab and newline aside).
/* eslint-disable no-control-regex, no-misleading-character-class -- these classes list control and invisible characters one by one on purpose */
const HIDDEN_CHARACTER =
  /[\p{Cf}\p{Cs}\u0000-\u0008\u000B-\u001F\u007F-\u009F\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/u;
/* eslint-enable no-control-regex, no-misleading-character-class */
const MARKER_WORDS = /(?:BEGIN|END)[\s_-]*UNTRUSTED[\s_-]*DATA/gi;
const SETTINGS = { triggerLabel: 'codex-cto', commandPrefix: '/cto', allowedBots: [] as string[], branchPrefix: 'codex-cto/' };
const BOT = 'github-actions[bot]';

function commentEvent(body: string): unknown {
  const user = { login: 'mallory', type: 'User', id: 7 };
  return {
    action: 'created',
    comment: { id: 11, body, created_at: '2025-01-01T00:00:00Z', user },
    issue: { number: 4, title: 'Issue', body: '', user, state: 'open', labels: [], locked: false },
    sender: user,
  };
}

describe('injection corpus', () => {
  it('holds at least 60 samples with unique ids', () => {
    expect(injections.length).toBeGreaterThanOrEqual(60);
    expect(new Set(injections.map((s) => s.id)).size).toBe(injections.length);
  });

  describe.each(injections.map((s) => [s.id, s] as const))('%s', (_id, sample) => {
    const text = buildInput(sample.input);
    const cap = sample.maxChars ?? DEFAULT_MAX_CHARS;
    const result = sanitiseUntrusted(text, { maxChars: cap });
    const quoted = quoteAsData(`${sample.where} ${sample.id}`, result.text);
    const lines = quoted.split('\n');
    const inside = lines.slice(2, -1).join('\n');
    const outside = [...lines.slice(0, 2), lines.at(-1)].join('\n');

    it('leaves no hidden character, HTML comment or state marker, within the cap', () => {
      expect(result.text).not.toMatch(HIDDEN_CHARACTER);
      expect(result.text).not.toContain('<!--');
      expect(result.text).not.toMatch(MARKER_PATTERN);
      expect(result.text.length).toBeLessThanOrEqual(cap);
    });

    it('quotes the text between exactly one begin and one end marker', () => {
      expect(quoted.match(MARKER_WORDS)).toHaveLength(2);
      expect(lines[1]).toMatch(/^<<<BEGIN UNTRUSTED DATA [0-9a-f]{16}: /);
      expect(lines.at(-1)).toMatch(/^<<<END UNTRUSTED DATA [0-9a-f]{16}>>>$/);
    });

    it('removes what a reader cannot see and keeps what they can, only inside the data block', () => {
      for (const phrase of sample.absent ?? []) {
        expect(result.text).not.toContain(phrase);
        expect(quoted).not.toContain(phrase);
      }
      for (const phrase of sample.kept ?? []) {
        expect(result.text).toContain(phrase);
        expect(inside).toContain(phrase);
        expect(outside).not.toContain(phrase);
      }
      for (const phrase of sample.quotedAbsent ?? []) expect(quoted).not.toContain(phrase);
      for (const word of sample.notes ?? []) expect(result.notes.join('; ')).toContain(word);
    });

    it('is stable under a second pass', () => {
      expect(sanitiseUntrusted(result.text, { maxChars: cap }).text).toBe(result.text);
    });

    if (sample.command !== undefined) {
      it(`finds ${sample.command === null ? 'no command' : `the command ${sample.command}`} in the raw text, and the trigger agrees`, () => {
        expect(findCommand(text, '/cto')?.command ?? null).toBe(sample.command);
        const trigger = parseTrigger('issue_comment', commentEvent(text), SETTINGS, { botLogin: BOT });
        expect(trigger.kind).toBe(sample.command === null ? 'ignored' : 'command');
      });
    }

    if (MARKER_PATTERN.test(text)) {
      it('refuses the state marker from a user comment', () => {
        const read = readMarker(text, { login: 'mallory', type: 'User' }, BOT);
        expect(read.ok).toBe(false);
        expect(parseTrigger('issue_comment', commentEvent(`${text}\n/cto continue`), SETTINGS, { botLogin: BOT }).kind).toBe('ignored');
      });
    }

    if (sample.tableCell) {
      it('stays one table cell once escaped', () => {
        const cell = escapeTableCell(result.text);
        expect(cell).not.toContain('\n');
        expect(cell).not.toMatch(/(?<!\\)\|/);
      });
    }
  });
});

describe('model-output corpus', () => {
  const { samples } = modelOutputs;
  const plans = (modelOutputs.plans ?? {}) as Record<string, Plan>;

  it('holds at least 60 samples with unique ids, accepted and refused ones for every parser', () => {
    expect(samples.length).toBeGreaterThanOrEqual(60);
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
    for (const parser of ['plan', 'review', 'jsonReply', 'claudeResult', 'codexEvents']) {
      const outcomes = new Set(samples.filter((s) => s.parser === parser).map((s) => s.expect));
      expect([parser, [...outcomes].sort()]).toEqual([parser, ['accepted', 'refused']]);
    }
  });

  it('has plans that are themselves valid', () => {
    for (const plan of Object.values(plans)) expect(checkPlan(plan)).toMatchObject({ ok: true });
  });

  const known = samples.filter((s) => s.knownIssue !== undefined);
  const checked = samples.filter((s) => s.knownIssue === undefined);

  it.each(checked.map((s) => [s.parser, s.id, s] as const))('%s: %s', (_parser, _id, sample) => {
    expectOutcome(sample, plans);
  });

  // Known gaps in the parsers: these fail today; when one starts passing, drop its knownIssue.
  it.fails.each(known.map((s) => [s.parser, s.id, s.knownIssue, s] as const))('%s: %s (known issue: %s)', (_parser, _id, _issue, sample) => {
    expectOutcome(sample, plans);
  });
});

function expectOutcome(sample: ModelOutputSample, plans: Record<string, Plan>): void {
  const messages = outcomeOf(sample, plans);
  if (sample.expect === 'accepted') expect(messages).toEqual([]);
  else {
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message.trim()).not.toBe('');
    if (sample.errorIncludes) expect(messages.join('\n')).toContain(sample.errorIncludes);
  }
  // No sample may have polluted a prototype.
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}

/** Runs the sample's parser; returns the refusal messages, empty when the input was accepted. */
function outcomeOf(sample: ModelOutputSample, plans: Record<string, Plan>): string[] {
  switch (sample.parser) {
    case 'jsonReply': {
      const parsed = parseJsonReply(buildInput(sample.input));
      return parsed.ok ? [] : [parsed.error];
    }
    case 'plan':
    case 'review': {
      const parsed = parseJsonReply(buildInput(sample.input));
      if (!parsed.ok) return [parsed.error];
      const plan = sample.parser === 'review' && sample.plan !== null ? (plans[sample.plan] ?? null) : null;
      if (sample.parser === 'review' && sample.plan !== null) expect(plan).not.toBeNull();
      const checked = sample.parser === 'plan' ? checkPlan(parsed.value) : checkReview(parsed.value, { plan, verificationFailed: false, openFindings: [] });
      return checked.ok ? [] : checked.errors;
    }
    case 'claudeResult': {
      const { stdout, stderr = '', exitCode, timedOut = false } = sample.input;
      const outcome = parseClaudeResult({ stdout: buildInput(stdout), stderr, exitCode, timedOut, durationMs: 1_000 });
      expect(outcome.stopReason).toBe(sample.stopReason);
      return outcome.ok ? [] : [outcome.resultText];
    }
    case 'codexEvents': {
      const events = parseCodexEvents(buildInput(sample.input));
      expect(events.threadId).toBe(sample.threadId);
      if (sample.turnFailed !== undefined) expect(events.turnFailed).toBe(sample.turnFailed);
      expect(events.sandboxFailure !== null).toBe(sample.sandboxFailure ?? false);
      const refusals = [events.turnFailed, events.sandboxFailure].filter((m): m is string => m !== null);
      return refusals;
    }
  }
}
