// How a verdict is posted: which review event GitHub will accept, inline comments only inside the diff,
// and the check run; on a fork (allow-forks off) the verdict is advisory and can never gate a merge.
import { describe, expect, it } from 'vitest';
import { publishVerdict, reviewEvent, type VerdictTarget } from '../../../../src/action/publish/verdict.js';
import type { Pulls } from '../../../../src/action/github/pulls.js';
import { approveReview, reviseReview, samplePlan } from '../../../support/render-fixtures.js';
import { NO_HIDDEN_CHARACTERS } from '../../../../src/core/model/trojan-source.js';
import { finding } from '../../../support/codex-fixtures.js';

interface Posted {
  reviews: { by: string; event: string; body: string; comments: { path: string; line: number; startLine?: number | null; body: string }[] }[];
  checks: { conclusion: string; title: string }[];
}

/** A 422 the way the API client reports it: a CtoError whose cause carries GitHub's status. */
function unprocessable(): Error {
  return Object.assign(new Error('Could not post the review: GitHub answered 422 (Line could not be resolved)'), {
    cause: Object.assign(new Error('Unprocessable Entity'), { status: 422 }),
  });
}

function fakePulls(by: string, posted: Posted, refuseInline: boolean): Pulls {
  return {
    review: async (_n: number, input: { event: string; body: string; comments: { path: string; line: number; startLine?: number | null; body: string }[] }) => {
      if (refuseInline && input.comments.length > 0) throw unprocessable();
      posted.reviews.push({ by, event: input.event, body: input.body, comments: input.comments });
      return 'https://example.invalid/review';
    },
    checkRun: async (input: { conclusion: string; title: string }) => {
      posted.checks.push({ conclusion: input.conclusion, title: input.title });
    },
  } as unknown as Pulls;
}

function target(posted: Posted, reviewer: string | null, options: { refuseInline?: boolean; logs?: string[] } = {}): VerdictTarget {
  return {
    pulls: fakePulls('bot', posted, options.refuseInline ?? false),
    reviewerPulls: reviewer ? fakePulls(reviewer, posted, options.refuseInline ?? false) : null,
    reviewerLogin: reviewer,
    detailsUrl: null,
    log: (message) => options.logs?.push(message),
  };
}

const NO_LINES = async () => new Map<string, Set<number>>();
const input = {
  prNumber: 7,
  headSha: 'a'.repeat(40),
  prAuthor: 'github-actions[bot]',
  plan: samplePlan(),
  iteration: 1,
  maxIterations: 5,
  commentableLines: NO_LINES,
  hiddenCharacters: NO_HIDDEN_CHARACTERS,
  earlierFindings: [],
};

describe('reviewEvent', () => {
  it('approves or requests changes only as a distinct identity', () => {
    expect(reviewEvent(approveReview(), null, 'bot')).toBe('COMMENT');
    expect(reviewEvent(approveReview(), 'Bot', 'bot')).toBe('COMMENT');
    expect(reviewEvent(approveReview(), 'reviewer', 'bot')).toBe('APPROVE');
    expect(reviewEvent(reviseReview(), 'reviewer', 'bot')).toBe('REQUEST_CHANGES');
  });

  it('posts a question for a person as a COMMENT, never as a change request', () => {
    expect(reviewEvent({ ...reviseReview(), verdict: 'needs_human', questions: ['Which default?'] }, 'reviewer', 'bot')).toBe('COMMENT');
  });
});

describe('publishVerdict', () => {
  it('posts an approval as the reviewer identity and a successful check', async () => {
    const posted: Posted = { reviews: [], checks: [] };
    await publishVerdict(target(posted, 'hubot-reviewer'), { ...input, review: approveReview(), phase: 'approved' });
    expect(posted.reviews.map((r) => [r.by, r.event])).toEqual([['hubot-reviewer', 'APPROVE']]);
    expect(posted.checks.map((c) => c.conclusion)).toEqual(['success']);
  });

  it('makes a verdict on a fork advisory: a COMMENT review and a neutral check, even for an approval', async () => {
    const posted: Posted = { reviews: [], checks: [] };
    await publishVerdict(target(posted, 'hubot-reviewer'), { ...input, review: approveReview(), phase: 'approved', advisory: true });
    expect(posted.reviews.map((r) => [r.by, r.event])).toEqual([['bot', 'COMMENT']]);
    expect(posted.checks).toEqual([{ conclusion: 'neutral', title: expect.stringContaining('advisory') }]);
  });

  it('places inline only the findings on lines inside the diff, asking only about the files they name', async () => {
    const posted: Posted = { reviews: [], checks: [] };
    const review = {
      ...reviseReview(),
      findings: [
        finding({ path: 'src/a.ts', start_line: 1, end_line: 3, body: 'a range', priority: 'P1' }),
        finding({ path: 'src/a.ts', start_line: 2, end_line: 2, body: 'one line' }),
        finding({ path: './src/a.ts', start_line: 40, end_line: 40, body: 'outside' }),
      ],
    };
    const asked: string[][] = [];
    const commentableLines = async (paths: readonly string[]) => {
      asked.push([...paths]);
      return new Map([['src/a.ts', new Set([1, 2, 3])]]);
    };
    await publishVerdict(target(posted, null), { ...input, commentableLines, review, phase: 'revise' });
    expect(asked).toEqual([['src/a.ts', './src/a.ts']]);
    expect(posted.reviews[0]?.comments.map((c) => [c.path, c.startLine, c.line])).toEqual([['src/a.ts', 1, 3], ['src/a.ts', null, 2]]);
    expect(posted.reviews[0]?.comments[0]?.body).toBe('**P1: Trim the name**\n\na range\n\n<sub>confidence 0.7 · task T1</sub>');
    expect(posted.reviews[0]?.comments[1]?.body).toContain('**P2, suggestion: Trim the name**');
    expect(posted.reviews[0]?.body).toContain('outside');
    expect(posted.checks[0]?.conclusion).toBe('action_required');
  });

  it('asks for a person with a COMMENT review listing the questions, and an action_required check', async () => {
    const posted: Posted = { reviews: [], checks: [] };
    const review = { ...approveReview(), verdict: 'needs_human' as const, questions: ['Should `--json` sort keys?'] };
    await publishVerdict(target(posted, 'hubot-reviewer'), { ...input, review, phase: 'escalated' });
    expect(posted.reviews.map((r) => [r.by, r.event])).toEqual([['bot', 'COMMENT']]);
    expect(posted.reviews[0]?.body).toContain('#### Questions for a person\n\n1. Should `--json` sort keys?');
    expect(posted.checks).toEqual([{ conclusion: 'action_required', title: 'Needs a person: 3 of 3 tasks pass' }]);
  });

  it('does not look at the diff when the review has no findings', async () => {
    const posted: Posted = { reviews: [], checks: [] };
    const commentableLines = async () => {
      throw new Error('the diff was read');
    };
    await publishVerdict(target(posted, null), { ...input, commentableLines, review: approveReview(), phase: 'approved' });
    expect(posted.reviews).toHaveLength(1);
  });

  it('when GitHub refuses the inline comments (422), posts them in the body instead and says so', async () => {
    const posted: Posted = { reviews: [], checks: [] };
    const logs: string[] = [];
    const review = { ...reviseReview(), findings: [finding({ path: 'src/a.ts', start_line: 2, end_line: 2, body: 'Name the second case.' })] };
    const commentableLines = async () => new Map([['src/a.ts', new Set([2])]]);
    await publishVerdict(target(posted, null, { refuseInline: true, logs }), { ...input, commentableLines, review, phase: 'revise' });
    expect(posted.reviews).toHaveLength(1);
    expect(posted.reviews[0]?.comments).toEqual([]);
    expect(posted.reviews[0]?.body).toContain('Name the second case.');
    expect(posted.checks).toHaveLength(1);
    expect(logs).toEqual([expect.stringMatching(/GitHub refused the inline comments .*422.*; posting them in the review body instead/)]);
  });
});
