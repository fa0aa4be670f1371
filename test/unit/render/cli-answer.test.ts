import { describe, expect, it } from 'vitest';
import { planText, reviewText } from '../../../src/render/cli-answer.js';
import { PLAN, REVISE } from '../../support/scenario.js';
import { validPlan, validReview } from '../../support/codex-fixtures.js';

describe('the plan and review for a terminal', () => {
  it('lists the plan: objective, strategy, one line per task with its dependencies, the verification', () => {
    expect(planText(PLAN)).toEqual([
      `Plan: ${PLAN.objective}`,
      `Strategy: ${PLAN.strategy}`,
      '  T1 Add the shout option [modify_file src/greet.js]',
      '  T2 Test the shout option [modify_file test/greet.test.js] (after T1)',
      'Verification: npm test --silent',
    ]);
  });

  it('gives the verdict with what fails, the findings and what to do next', () => {
    expect(reviewText(REVISE)).toEqual([
      'Verdict: revise (1/2 tasks pass, 1 finding)',
      `Summary: ${REVISE.summary}`,
      "  T2 partial: Add a test that greet('Ada', { shout: false }) returns 'Hello, Ada!'.",
      '  P1 test/greet.test.js:9 shout: false is not tested',
    ]);
  });

  it('keeps every model string on one printable line: no escape sequence reaches the terminal', () => {
    const hostile = 'Clear\u001b[2J\u001b]0;owned\u0007 the\nscreen\r';
    const lines = [...planText(validPlan({ objective: hostile, open_questions: [{ question: hostile, blocking: true }] })), ...reviewText(validReview({ summary: hostile, reason: hostile, questions: [hostile] }))];
    for (const line of lines) expect(line).toMatch(/^[\x20-\x7E]*$/);
    expect(lines.join('\n')).toContain('open question (blocking): Clear?[2J?]0;owned? the screen');
  });
});
