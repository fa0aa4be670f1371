import { describe, expect, it } from 'vitest';
import { jobSummary } from '../../../src/render/job-summary.js';
import { approveReview, reviseReview, trackingState, trackingView, twoIterations } from '../../support/render-fixtures.js';

describe('jobSummary', () => {
  it('tells the whole story of an approved run', async () => {
    await expect(jobSummary(trackingView(twoIterations(approveReview(), 'approved')))).toMatchFileSnapshot('./__snapshots__/render-job-summary-approved.md');
  });

  it('shares the plan checklist and iteration table with the tracking comment', () => {
    const summary = jobSummary(trackingView(twoIterations(reviseReview(), 'capped'), { maxIterations: 2 }));
    expect(summary).toContain('- [ ] **T2** Wire the --json flag — `src/cli.ts` _(fail)_\n');
    expect(summary).toContain('| 2 | revise | 1/3 | passed | 6 | $0.18 | 1m 05s |');
    expect(summary).toContain('### Final verdict\n\n**Changes requested**: 1 of 3 tasks pass.');
    expect(summary).toContain('## codex-cto: Iteration limit reached');
  });

  it('says so when no iteration finished and no review exists', () => {
    const summary = jobSummary(trackingView(trackingState({ phase: 'failed', stop_reason: 'Planning failed: invalid JSON' })));
    expect(summary).toContain('### Iterations\n\n_No iteration has finished yet._');
    expect(summary).not.toContain('### Final verdict');
    expect(summary).toContain('Planning failed: invalid JSON. Check the workflow run log');
  });
});
