// The action's outputs hold what README.md and action.yml promise: every declared output is set, a value
// described as "or empty" is empty when there is nothing to say, and the verdict is empty when no review ran.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resultOfJob, resultOfReview, outputValues } from '../../../../src/action/report/outputs.js';
import type { LoopJobResult } from '../../../../src/action/flows/loop-job.js';
import { OUTPUT_NAMES } from '../../../../src/action/settings/inputs.js';
import { initialState } from '../../../../src/core/state.js';
import type { LoopState } from '../../../../src/core/model/schema-types.js';
import { aPlan, aReview } from '../../../support/fake-ports.js';

const action = parse(readFileSync(new URL('../../../../action.yml', import.meta.url), 'utf8')) as { outputs: Record<string, { description: string }> };

function job(loop: LoopState, change: Partial<LoopJobResult> = {}): LoopJobResult {
  return {
    result: { state: loop, error: null },
    tracking: { loop, issue: 7, pr: null, branch: 'codex-cto/issue-7', base: 'main', requester: 'alice', run: null, transcripts: null },
    prUrl: null,
    artifacts: { plan: null, review: null },
    ...change,
  };
}

describe('the outputs', () => {
  it('set every output action.yml declares, and nothing else', () => {
    const values = outputValues(resultOfJob(job(initialState('x'))).outputs);
    expect(Object.keys(values).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(Object.keys(values).sort()).toEqual(Object.keys(action.outputs).sort());
  });

  it('leave the verdict and every "or empty" output empty when no review ran and no PR was opened', () => {
    const planned = { ...initialState('x'), plan: aPlan(), phase: 'failed' as const };
    const values = outputValues(resultOfJob(job(planned)).outputs);
    expect(values).toEqual({
      verdict: '',
      iterations: '0',
      'pr-number': '',
      'pr-url': '',
      branch: 'codex-cto/issue-7',
      'total-cost-usd': '0.0000',
      'plan-file': '',
      'review-file': '',
      'session-id': '',
    });
    for (const [name, value] of Object.entries(values)) {
      if (value === '') expect(action.outputs[name]?.description, name).toMatch(/or empty/);
    }
  });

  it('carry the last verdict, the PR and the files once a review ran', () => {
    const reviewed = { ...initialState('x'), plan: aPlan(), last_review: aReview('revise'), session_id: 's-1', total_cost_usd: 1.23456 };
    const values = outputValues(
      resultOfJob(job(reviewed, { prUrl: 'https://github.example/o/r/pull/8', artifacts: { plan: '/w/.codex-cto/1/plan-001.json', review: '/w/.codex-cto/1/review-001.json' } })).outputs,
    );
    expect(values).toMatchObject({ verdict: 'revise', 'pr-url': 'https://github.example/o/r/pull/8', 'total-cost-usd': '1.2346', 'session-id': 's-1' });
    expect(values['plan-file']).toMatch(/\.codex-cto\/.*plan-001\.json$/);
  });

  it('give a one-off review its verdict and PR', () => {
    const values = outputValues(
      resultOfReview({ prNumber: 3, prUrl: 'https://github.example/o/r/pull/3', branch: 'mona/fix', review: aReview('approve'), reviewUrl: 'u', after: null }).outputs,
    );
    expect(values).toMatchObject({ verdict: 'approve', iterations: '0', 'pr-number': '3', branch: 'mona/fix', 'total-cost-usd': '0.0000' });
  });
});
