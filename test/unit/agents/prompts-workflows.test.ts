import { describe, expect, it } from 'vitest';
import { planPrompt, reviewPrompt, WORKFLOWS_OUT_OF_REACH } from '../../../src/agents/prompts.js';
import type { ReviewRequest } from '../../../src/core/ports.js';
import { validPlan } from '../../support/codex-fixtures.js';
import { NO_HIDDEN_CHARACTERS } from '../../../src/core/model/trojan-source.js';

const persona = '# The CTO\n';
const request: ReviewRequest = {
  iteration: 1,
  objective: 'Add a CI job.',
  plan: validPlan(),
  implementation: null,
  verification: [],
  diffStat: '',
  hiddenCharacters: NO_HIDDEN_CHARACTERS,
  baseRef: 'main',
  headRef: 'codex-cto/issue-1',
  context: '',
  previousReview: null,
  humanFeedback: null,
};

describe('workflow files out of the token\'s reach', () => {
  it('tells the planner and the reviewer when the pushes cannot change .github/workflows/', () => {
    const plan = planPrompt({ persona, objective: 'Add a CI job.', context: '', workflowsWritable: false });
    expect(plan).toContain(`## What can be pushed\n\n${WORKFLOWS_OUT_OF_REACH} Plan no task that changes them`);
    expect(WORKFLOWS_OUT_OF_REACH).toContain("lacks GitHub's `workflows` permission");
    const review = reviewPrompt({ persona, request, workflowsWritable: false });
    expect(review).toContain(`${WORKFLOWS_OUT_OF_REACH} Do not ask for changes under \`.github/workflows/\``);
    expect(review.endsWith('Answer with only the JSON review object that the output schema describes.')).toBe(true);
  });

  it('says nothing about them when the token may write them', () => {
    expect(planPrompt({ persona, objective: 'x', context: '', workflowsWritable: true })).not.toContain('What can be pushed');
    expect(reviewPrompt({ persona, request })).not.toContain('What can be pushed');
  });
});
