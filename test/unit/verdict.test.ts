// How a verdict is posted: which review event GitHub will accept, inline comments only inside the diff,
// and the check run; on a fork (allow-forks off) the verdict is advisory and can never gate a merge.
import { describe, expect, it } from 'vitest';
import { postVerdict, reviewEvent, type VerdictTarget } from '../../src/front/verdict.js';
import type { Pulls } from '../../src/github/pulls.js';
import { approveReview, reviseReview, samplePlan } from '../support/render-fixtures.js';

interface Posted {
  reviews: { by: string; event: string; comments: { path: string; line: number }[] }[];
  checks: { conclusion: string; title: string }[];
}

function fakePulls(by: string, posted: Posted, patches: Map<string, string> = new Map()): Pulls {
  return {
    patches: async () => patches,
    review: async (_n: number, input: { event: string; comments: { path: string; line: number }[] }) => {
      posted.reviews.push({ by, event: input.event, comments: input.comments });
      return 'https://example.invalid/review';
    },
    checkRun: async (input: { conclusion: string; title: string }) => {
      posted.checks.push({ conclusion: input.conclusion, title: input.title });
    },
  } as unknown as Pulls;
}

function target(posted: Posted, reviewer: string | null, patches?: Map<string, string>): VerdictTarget {
  return {
    pulls: fakePulls('bot', posted, patches),
    reviewerPulls: reviewer ? fakePulls(reviewer, posted, patches) : null,
    reviewerLogin: reviewer,
    detailsUrl: null,
  };
}

const input = { prNumber: 7, headSha: 'a'.repeat(40), prAuthor: 'github-actions[bot]', plan: samplePlan(), iteration: 1, maxIterations: 5 };

describe('reviewEvent', () => {
  it('approves or requests changes only as a distinct identity', () => {
    expect(reviewEvent(approveReview(), null, 'bot')).toBe('COMMENT');
    expect(reviewEvent(approveReview(), 'Bot', 'bot')).toBe('COMMENT');
    expect(reviewEvent(approveReview(), 'reviewer', 'bot')).toBe('APPROVE');
    expect(reviewEvent(reviseReview(), 'reviewer', 'bot')).toBe('REQUEST_CHANGES');
  });
});

describe('postVerdict', () => {
  it('posts an approval as the reviewer identity and a successful check', async () => {
    const posted: Posted = { reviews: [], checks: [] };
    await postVerdict(target(posted, 'hubot-reviewer'), { ...input, review: approveReview(), phase: 'approved' });
    expect(posted.reviews.map((r) => [r.by, r.event])).toEqual([['hubot-reviewer', 'APPROVE']]);
    expect(posted.checks.map((c) => c.conclusion)).toEqual(['success']);
  });

  it('makes a verdict on a fork advisory: a COMMENT review and a neutral check, even for an approval', async () => {
    const posted: Posted = { reviews: [], checks: [] };
    await postVerdict(target(posted, 'hubot-reviewer'), { ...input, review: approveReview(), phase: 'approved', advisory: true });
    expect(posted.reviews.map((r) => [r.by, r.event])).toEqual([['bot', 'COMMENT']]);
    expect(posted.checks).toEqual([{ conclusion: 'neutral', title: expect.stringContaining('advisory') }]);
  });

  it('places inline only the findings on lines inside the diff', async () => {
    const posted: Posted = { reviews: [], checks: [] };
    const review = { ...reviseReview(), comments: [{ path: 'src/a.ts', line: 2, body: 'inside' }, { path: 'src/a.ts', line: 40, body: 'outside' }] };
    const patches = new Map([['src/a.ts', '@@ -1,2 +1,3 @@\n one\n+two\n three']]);
    await postVerdict(target(posted, null, patches), { ...input, review, phase: 'revise' });
    expect(posted.reviews[0]?.comments.map((c) => [c.path, c.line])).toEqual([['src/a.ts', 2]]);
    expect(posted.checks[0]?.conclusion).toBe('action_required');
  });
});
