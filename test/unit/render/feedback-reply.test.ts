import { describe, expect, it } from 'vitest';
import { feedbackReply } from '../../../src/render/feedback-reply.js';

const item = { id: 'H2', text: 'Document it.', path: 'src/greet.js', line: 2, thread: 41 };
const at = { iteration: 3, commit: '0123456789abcdef', commitUrl: 'https://github.com/o/r/pull/5/commits/0123456789abcdef', verdict: 'approve', commandPrefix: '/cto' };
const check = (status: 'met' | 'not_met' | 'needs_human', note: string) => ({ requirement: 'Document it', feedback_id: 'H2', status, note });

describe('feedbackReply', () => {
  it('says done, with the commit, and what the reviewer saw', () => {
    expect(feedbackReply({ item, check: check('met', 'The comment above greet names { shout }.') }, at)).toBe(
      '**Done** in iteration 3 ([`0123456`](https://github.com/o/r/pull/5/commits/0123456789abcdef)). The comment above greet names { shout }.\n\n' +
        "<sub>codex-cto (H2); the reviewer's verdict on the iteration: `approve`.</sub>",
    );
  });

  it('says why not, asks for a decision with the command, or that the review did not judge it', () => {
    expect(feedbackReply({ item, check: check('not_met', 'Only half done.') }, { ...at, verdict: 'revise' })).toMatch(/^\*\*Not done\*\* in iteration 3 \(.*\)\. Only half done\.\n/);
    expect(feedbackReply({ item, check: check('needs_human', 'Which locale?') }, at)).toContain('**Needs your decision** after iteration 3 ([`0123456`](https://github.com/o/r/pull/5/commits/0123456789abcdef)). Which locale? Answer with `/cto continue` followed by your guidance on this pull request.');
    expect(feedbackReply({ item, check: null }, { ...at, commit: null, commitUrl: null })).toMatch(/^\*\*Not judged:\*\* iteration 3 \(no new commit\) was made/);
  });

  it("keeps the reviewer's note inert: no mention, no markup", () => {
    const reply = feedbackReply({ item, check: check('met', '@everyone <img src=x onerror=alert(1)> [click](http://evil)') }, at);
    expect(reply).not.toMatch(/@everyone|<img/);
  });
});
