import { describe, expect, it } from 'vitest';
import { checkRunFor, conclusionFor } from '../../../src/render/check-run.js';
import type { LoopState } from '../../../src/core/model/schema-types.js';
import { abortReview, approveReview, reviseReview, samplePlan } from '../../support/render-fixtures.js';

type Phase = LoopState['phase'];

describe('conclusionFor', () => {
  it('passes only an approval', () => {
    expect(conclusionFor(approveReview(), 'approved')).toBe('success');
    expect(conclusionFor(approveReview(), 'reviewing')).toBe('success');
  });

  it('asks for action on a revise verdict in every phase it can end in', () => {
    for (const phase of ['revise', 'escalated', 'capped', 'budget_exhausted', 'stopped', 'implementing'] satisfies Phase[]) {
      expect(conclusionFor(reviseReview(), phase)).toBe('action_required');
    }
  });

  it('fails on abort and on a failed run, whatever the last verdict was', () => {
    expect(conclusionFor(abortReview(), 'aborted')).toBe('failure');
    expect(conclusionFor(null, 'aborted')).toBe('failure');
    expect(conclusionFor(approveReview(), 'failed')).toBe('failure');
    expect(conclusionFor(null, 'failed')).toBe('failure');
  });

  it('never passes a loop that ended without any review', () => {
    for (const phase of ['escalated', 'capped', 'budget_exhausted', 'stopped'] satisfies Phase[]) {
      expect(conclusionFor(null, phase)).toBe('action_required');
    }
  });

  it('is neutral only while there is nothing to judge yet', () => {
    for (const phase of ['planning', 'awaiting_plan_approval', 'implementing', 'verifying', 'reviewing'] satisfies Phase[]) {
      expect(conclusionFor(null, phase)).toBe('neutral');
    }
  });
});

describe('checkRunFor', () => {
  it('titles, summarises and details a revise verdict', () => {
    const check = checkRunFor(reviseReview(), 'revise', { plan: samplePlan() });
    expect(check).toEqual({
      conclusion: 'action_required',
      title: 'Changes requested: 1 of 3 tasks pass',
      summary: '**Changes requested: 1 of 3 tasks pass**\n\nThe formatter is fine, but the flag is parsed after the output is printed.',
      text: [
        '### Tasks',
        '',
        '| Task | Status | Feedback |',
        '| --- | --- | --- |',
        '| **T1** Add a JSON formatter | pass | — |',
        '| **T2** Wire the --json flag | fail | Parse --json before printing; see cli.ts line 40. |',
        '| **T3** Test both formats | partial | Add a test for the JSON output. |',
        '',
        '### Blocking findings',
        '',
        '- **P1** Output before the flag is read — `src/cli.ts:38-40` · task T2: This runs before the flag is read.',
        '',
        '### Suggestions',
        '',
        '_P2 and P3 findings do not block the change._',
        '',
        '- **P3** Undocumented flag — `README.md:3`: Document the new flag.',
        '',
        '### Requirements of the request',
        '',
        '- **not met**: A --json flag on the status command — The flag is parsed too late to matter.',
        '- met: Text output unchanged',
      ].join('\n'),
    });
  });

  it('asks for a person on needs_human: action_required, the questions in the summary', () => {
    const review = { ...reviseReview(), verdict: 'needs_human' as const, questions: ['Keep `--format`?'] };
    const check = checkRunFor(review, 'escalated', { plan: samplePlan(), stopReason: 'The reviewer needs a person to answer a question before the work goes on.' });
    expect(check.conclusion).toBe('action_required');
    expect(check.title).toBe('Needs a person: 1 of 3 tasks pass');
    expect(check.summary).toContain('\n\n1. Keep `--format`?\n\n');
  });

  it('details a review of a person\'s pull request (no plan) by its findings alone', () => {
    const review = { ...reviseReview(), task_reviews: [], requirements: [] };
    expect(checkRunFor(review, 'revise').text.startsWith('### Blocking findings')).toBe(true);
  });

  it('adds the stop reason when the loop did not just follow the verdict', () => {
    const check = checkRunFor(reviseReview(), 'escalated', { stopReason: '3 consecutive revise verdicts; waiting for @octocat' });
    expect(check.conclusion).toBe('action_required');
    expect(check.summary.endsWith('\n\n3 consecutive revise verdicts; waiting for @&#8203;octocat')).toBe(true);
  });

  it('reports an abort with its reason and a failure without a review', () => {
    const aborted = checkRunFor(abortReview(), 'aborted');
    expect(aborted.title).toBe('Aborted: 0 of 1 task passes');
    expect(aborted.summary).toContain('**Reason:** Changing the status output breaks every script that parses it.');
    const failed = checkRunFor(null, 'failed', { stopReason: 'Codex turn failed: stream disconnected' });
    expect(failed).toEqual({ conclusion: 'failure', title: 'codex-cto failed', summary: '**codex-cto failed**\n\nCodex turn failed: stream disconnected', text: '' });
  });
});
