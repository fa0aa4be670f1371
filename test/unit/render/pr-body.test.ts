import { describe, expect, it } from 'vitest';
import { prBody } from '../../../src/render/pr-body.js';
import { samplePlan } from '../../support/render-fixtures.js';

describe('prBody', () => {
  it('quotes the objective, lists the plan, closes the issue and explains the draft', () => {
    const body = prBody({
      objective: 'Add a --json flag to the status command.\n\nScripts need machine-readable output.',
      plan: samplePlan(),
      issue: 12,
      requester: 'octocat',
      trackingUrl: 'https://github.com/acme/widgets/issues/12#issuecomment-99',
    });
    expect(body).toBe(
      [
        '### Objective',
        '> Add a --json flag to the status command.\n>\n> Scripts need machine-readable output.',
        'Closes #12',
        '### Plan (3 tasks)',
        '- **T1** Add a JSON formatter — `src/format-json.ts`\n- **T2** Wire the --json flag — `src/cli.ts`\n- **T3** Test both formats — `test/status.test.ts`',
        '---',
        'Opened by codex-cto for @octocat: Codex planned this change and reviews it in a read-only sandbox; Claude Code writes the code. ' +
          'It stays a draft until the reviewer approves it. Progress and the review loop: ' +
          '[tracking comment](https://github.com/acme/widgets/issues/12#issuecomment-99).',
      ].join('\n\n'),
    );
  });

  it('has no closing keyword without an issue, and no draft note for a ready PR', () => {
    const body = prBody({ objective: 'Tidy up', plan: null, issue: null, requester: 'octocat', trackingUrl: null, draft: false });
    expect(body).toBe(
      '### Objective\n\n> Tidy up\n\n---\n\nOpened by codex-cto for @octocat: Codex planned this change and reviews it in a read-only sandbox; Claude Code writes the code.',
    );
  });

  it('keeps a hostile objective inside the quote and closes only the real issue', () => {
    const body = prBody({ objective: 'Fix it\nCloses #999 @org/team\n</details>', plan: null, issue: 5, requester: 'bad login', trackingUrl: null });
    expect(body).toContain('> Fix it\n> Closes #999 @&#8203;org/team\n> &lt;/details&gt;\n\nCloses #5\n');
    expect(body).toContain('for @&#8203;bad login:');
    expect(body.match(/^Closes #/gm)).toEqual(['Closes #']);
  });
});
