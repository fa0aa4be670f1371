import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrigger, type Trigger, type TriggerSettings } from '../../../../src/action/event/trigger.js';

const settings: TriggerSettings = { triggerLabel: 'codex-cto', commandPrefix: '/cto', allowedBots: ['renovate[bot]'], branchPrefix: 'codex-cto/' };

const alice = { login: 'alice', id: 101, type: 'User' };

function issue(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    number: 7,
    title: 'Add a health endpoint',
    body: 'It should return 200.',
    user: { login: 'reporter', id: 55, type: 'User' },
    labels: [{ name: 'bug' }, { name: 'codex-cto' }],
    locked: false,
    state: 'open',
    ...overrides,
  };
}

const pullRequest = { url: 'https://api.github.com/repos/o/r/pulls/7', html_url: 'https://github.com/o/r/pull/7', merged_at: null };

function labeled(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { action: 'labeled', label: { name: 'codex-cto' }, issue: issue(), sender: alice, ...overrides };
}

function commented(body: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: 'created',
    issue: issue({ pull_request: pullRequest }),
    comment: { id: 9001, body, created_at: '2026-01-02T03:04:05Z', user: alice },
    sender: alice,
    ...overrides,
  };
}

function dispatched(inputs: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { inputs, ref: 'refs/heads/main', sender: alice, ...overrides };
}

function reasonOf(trigger: Trigger): string {
  expect(trigger.kind).toBe('ignored');
  return trigger.kind === 'ignored' ? trigger.reason : '';
}

describe('parseTrigger: issues.labeled', () => {
  it('starts the loop for the trigger label', () => {
    expect(parseTrigger('issues', labeled(), settings)).toEqual({
      kind: 'label',
      issue: {
        number: 7,
        title: 'Add a health endpoint',
        body: 'It should return 200.',
        author: { login: 'reporter', type: 'User' },
        labels: ['bug', 'codex-cto'],
        locked: false,
        state: 'open',
        pullRequest: null,
      },
      actor: { login: 'alice', type: 'User', id: 101 },
    });
  });

  it('ignores another label, naming it', () => {
    expect(reasonOf(parseTrigger('issues', labeled({ label: { name: 'bug' } }), settings))).toBe(
      'label `bug` is not the trigger label `codex-cto`',
    );
  });

  it('matches the label exactly, as the stop check compares it', () => {
    expect(parseTrigger('issues', labeled({ label: { name: 'Codex-CTO' } }), settings).kind).toBe('ignored');
  });

  it('ignores other issue actions', () => {
    expect(reasonOf(parseTrigger('issues', labeled({ action: 'opened' }), settings))).toBe(
      '`issues` action `opened` is not handled (only `labeled`)',
    );
    expect(parseTrigger('issues', labeled({ action: 'unlabeled' }), settings).kind).toBe('ignored');
  });

  it('reads a null body as empty and passes lock and state through', () => {
    const trigger = parseTrigger('issues', labeled({ issue: issue({ body: null, locked: true, state: 'closed' }) }), settings);
    expect(trigger.kind === 'label' && trigger.issue).toMatchObject({ body: '', locked: true, state: 'closed' });
  });

  it('ignores a label added by a bot that is not allowed, and accepts an allowed one', () => {
    const bot = { login: 'other[bot]', id: 3, type: 'Bot' };
    expect(reasonOf(parseTrigger('issues', labeled({ sender: bot }), settings))).toBe(
      '`other[bot]` is a bot that is not listed in `allowed-bots`',
    );
    const allowed = { login: 'renovate[bot]', id: 4, type: 'Bot' };
    expect(parseTrigger('issues', labeled({ sender: allowed }), settings).kind).toBe('label');
  });

  it('ignores a label added by codex-cto itself', () => {
    const self = { login: 'codex-cto-app[bot]', id: 5, type: 'Bot' };
    const withSelfAllowed = { ...settings, allowedBots: ['codex-cto-app[bot]'] };
    expect(reasonOf(parseTrigger('issues', labeled({ sender: self }), withSelfAllowed, { botLogin: 'codex-cto-app[bot]' }))).toContain(
      'caused by codex-cto itself',
    );
  });

  it('ignores the label on a pull request', () => {
    expect(reasonOf(parseTrigger('issues', labeled({ issue: issue({ pull_request: pullRequest }) }), settings))).toContain(
      'is a pull request',
    );
  });
});

describe('parseTrigger: issue_comment.created', () => {
  it('reads a review command on a pull request', () => {
    expect(parseTrigger('issue_comment', commented('/cto review focus on tests'), settings)).toEqual({
      kind: 'command',
      command: 'review',
      args: 'focus on tests',
      text: 'focus on tests',
      target: {
        number: 7,
        title: 'Add a health endpoint',
        body: 'It should return 200.',
        author: { login: 'reporter', type: 'User' },
        labels: ['bug', 'codex-cto'],
        locked: false,
        state: 'open',
        pullRequest: { url: pullRequest.url, htmlUrl: pullRequest.html_url, mergedAt: null },
      },
      onPullRequest: true,
      via: 'comment',
      comment: { id: 9001, body: '/cto review focus on tests', createdAt: '2026-01-02T03:04:05Z' },
      actor: { login: 'alice', type: 'User', id: 101 },
    });
  });

  it('reads approve on an issue', () => {
    const trigger = parseTrigger('issue_comment', commented('/cto approve', { issue: issue() }), settings);
    expect(trigger.kind === 'command' && [trigger.command, trigger.onPullRequest]).toEqual(['approve', false]);
  });

  it.each(['continue', 'stop'])('reads %s on a pull request', (word) => {
    const trigger = parseTrigger('issue_comment', commented(`/cto ${word}`), settings);
    expect(trigger.kind === 'command' && trigger.command).toBe(word);
  });

  it('ignores review on an issue', () => {
    expect(reasonOf(parseTrigger('issue_comment', commented('/cto review', { issue: issue() }), settings))).toBe(
      '`/cto review` on #7, which is an issue; it works on pull requests',
    );
  });

  it('uses the configured prefix', () => {
    const bang = { ...settings, commandPrefix: '!ai' };
    expect(parseTrigger('issue_comment', commented('!ai review'), bang).kind).toBe('command');
    expect(reasonOf(parseTrigger('issue_comment', commented('/cto review'), bang))).toBe('comment 9001 has no `!ai` command line');
  });

  it('ignores a comment without a command, or with one in a code block', () => {
    expect(reasonOf(parseTrigger('issue_comment', commented('Nice work!'), settings))).toBe('comment 9001 has no `/cto` command line');
    expect(parseTrigger('issue_comment', commented('```\n/cto review\n```'), settings).kind).toBe('ignored');
  });

  it.each(['edited', 'deleted'])('ignores %s comments', (action) => {
    expect(reasonOf(parseTrigger('issue_comment', commented('/cto review', { action }), settings))).toContain(
      `action \`${action}\` is not handled`,
    );
  });

  it('ignores a bot comment unless the bot is listed exactly', () => {
    const dependabot = { login: 'dependabot[bot]', id: 49699333, type: 'Bot' };
    expect(reasonOf(parseTrigger('issue_comment', commented('/cto review', { comment: comment(dependabot) }), settings))).toBe(
      '`dependabot[bot]` is a bot that is not listed in `allowed-bots`',
    );
    const renovate = { login: 'renovate[bot]', id: 2, type: 'Bot' };
    expect(parseTrigger('issue_comment', commented('/cto review', { comment: comment(renovate) }), settings).kind).toBe('command');
    const lookalike = { login: 'Renovate[bot]', id: 2, type: 'Bot' };
    expect(parseTrigger('issue_comment', commented('/cto review', { comment: comment(lookalike) }), settings).kind).toBe('ignored');
  });

  it('judges the comment author, not the sender', () => {
    const bot = { login: 'other[bot]', id: 3, type: 'Bot' };
    expect(parseTrigger('issue_comment', commented('/cto review', { comment: comment(bot), sender: alice }), settings).kind).toBe('ignored');
  });

  it('does not trust a `[bot]` suffix on a user: the type decides', () => {
    const user = { login: 'sneaky[bot]', id: 8, type: 'User' };
    const trigger = parseTrigger('issue_comment', commented('/cto review', { comment: comment(user) }), settings);
    expect(trigger.kind === 'command' && trigger.actor).toEqual({ login: 'sneaky[bot]', type: 'User', id: 8 });
  });

  it("ignores codex-cto's own comments and any comment carrying its state marker", () => {
    const self = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
    const own = parseTrigger('issue_comment', commented('/cto review', { comment: comment(self) }), { ...settings, allowedBots: [self.login] }, {
      botLogin: 'github-actions[bot]',
    });
    expect(reasonOf(own)).toBe('comment 9001 was written by codex-cto itself (`github-actions[bot]`)');
    const copied = parseTrigger('issue_comment', commented('/cto continue\n<!-- codex-cto:state eyJ9 -->'), settings);
    expect(reasonOf(copied)).toBe('comment 9001 carries a codex-cto state marker; such comments never trigger work');
  });
});

describe('parseTrigger: workflow_dispatch', () => {
  it('starts the loop with an objective alone', () => {
    expect(parseTrigger('workflow_dispatch', dispatched({ objective: '  Add a /health route  ', issue: '', base: '' }), settings)).toEqual({
      kind: 'dispatch',
      objective: 'Add a /health route',
      issue: null,
      base: null,
      actor: { login: 'alice', type: 'User', id: 101 },
    });
  });

  it('reads an issue number and a base branch', () => {
    const trigger = parseTrigger('workflow_dispatch', dispatched({ objective: 'x', issue: ' 42 ', base: 'release/2.x' }), settings);
    expect(trigger.kind === 'dispatch' && [trigger.issue, trigger.base]).toEqual([42, 'release/2.x']);
    const numeric = parseTrigger('workflow_dispatch', dispatched({ objective: 'x', issue: 42 }), settings);
    expect(numeric.kind === 'dispatch' && numeric.issue).toBe(42);
  });

  it('ignores a dispatch without an objective', () => {
    expect(reasonOf(parseTrigger('workflow_dispatch', dispatched({}), settings))).toBe('`workflow_dispatch` without an `objective` input');
    expect(parseTrigger('workflow_dispatch', dispatched({ objective: '   ' }), settings).kind).toBe('ignored');
    expect(parseTrigger('workflow_dispatch', dispatched(undefined), settings).kind).toBe('ignored');
  });

  it.each(['0', '-3', 'abc', '1.5', '#12', 0, 2.5, true])('ignores the issue input %j', (value) => {
    expect(reasonOf(parseTrigger('workflow_dispatch', dispatched({ objective: 'x', issue: value }), settings))).toContain(
      'input `issue` must be a positive whole number or empty',
    );
  });

  it('drops a leading refs/heads/ from the base input', () => {
    const trigger = parseTrigger('workflow_dispatch', dispatched({ objective: 'x', base: 'refs/heads/release/2.x' }), settings);
    expect(trigger.kind === 'dispatch' && trigger.base).toBe('release/2.x');
  });

  it.each(['a..b', 'main branch', '-x', 'x.lock', 'ref:evil', 'refs/tags/v1', 'refs/heads/', 'HEAD', '--upload-pack=evil'])('ignores the base input %j', (value) => {
    expect(reasonOf(parseTrigger('workflow_dispatch', dispatched({ objective: 'x', base: value }), settings))).toContain(
      'input `base` must be a valid branch name (`refs/heads/` may lead) or empty',
    );
  });

  it('ignores a dispatch by a bot that is not listed', () => {
    const bot = { login: 'ci[bot]', id: 9, type: 'Bot' };
    expect(parseTrigger('workflow_dispatch', dispatched({ objective: 'x' }, { sender: bot }), settings).kind).toBe('ignored');
  });
});

describe('parseTrigger: anything else', () => {
  it.each(['push', 'pull_request', 'pull_request_review_comment', 'schedule'])('ignores the %j event', (name) => {
    expect(reasonOf(parseTrigger(name, { action: 'opened' }, settings))).toBe(`event \`${name}\` is not one codex-cto handles`);
  });

  it('ignores an event without a name', () => {
    expect(reasonOf(parseTrigger('', labeled(), settings))).toBe('no event name was given');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'text'],
    ['an empty list', []],
    ['a list holding a payload', [labeled()]],
  ])('ignores a payload that is %s', (_what, payload) => {
    expect(reasonOf(parseTrigger('issues', payload, settings))).toBe('the event payload is not a JSON object');
  });

  it.each([
    ['no issue', labeled({ issue: undefined })],
    ['a string number', labeled({ issue: issue({ number: '7' }) })],
    ['a zero number', labeled({ issue: issue({ number: 0 }) })],
    ['no title', labeled({ issue: issue({ title: undefined }) })],
    ['a numeric body', labeled({ issue: issue({ body: 5 }) })],
    ['labels not a list', labeled({ issue: issue({ labels: 'codex-cto' }) })],
    ['a label without a name', labeled({ issue: issue({ labels: [{}] }) })],
    ['locked as a string', labeled({ issue: issue({ locked: 'false' }) })],
    ['a pull_request without url', labeled({ issue: issue({ pull_request: {} }) })],
    ['no sender', labeled({ sender: undefined })],
    ['a sender without id', labeled({ sender: { login: 'alice', type: 'User' } })],
    ['a sender with an empty login', labeled({ sender: { login: '', id: 1, type: 'User' } })],
    ['a label name that is a number', labeled({ label: { name: 5 } })],
  ])('ignores an issues.labeled payload with %s', (_what, payload) => {
    expect(parseTrigger('issues', payload, settings).kind).toBe('ignored');
  });

  it.each([
    ['no comment', commented('/cto review', { comment: undefined })],
    ['a comment id as text', commented('/cto review', { comment: { ...comment(alice), id: '9001' } })],
    ['a null body', commented('/cto review', { comment: { ...comment(alice), body: null } })],
    ['no created_at', commented('/cto review', { comment: { ...comment(alice), created_at: undefined } })],
    ['a user that is a string', commented('/cto review', { comment: { ...comment(alice), user: 'alice' } })],
    ['an issue that is a list', commented('/cto review', { issue: [] })],
  ])('ignores an issue_comment payload with %s', (_what, payload) => {
    expect(parseTrigger('issue_comment', payload, settings).kind).toBe('ignored');
  });

  it('answers instead of throwing when a getter throws', () => {
    const hostile = Object.defineProperty({}, 'action', {
      get() {
        throw new Error('boom');
      },
      enumerable: true,
    });
    expect(reasonOf(parseTrigger('issues', hostile, settings))).toBe('the event payload could not be read (Error)');
  });

  it('keeps a hostile event name or label on one line in the reason', () => {
    expect(reasonOf(parseTrigger('push\n::set-output name=x::y', {}, settings))).not.toContain('\n');
    expect(reasonOf(parseTrigger('issues', labeled({ label: { name: 'a\nb' } }), settings))).not.toContain('\n');
  });
});

describe('parseTrigger: official example payloads', () => {
  const require = createRequire(import.meta.url);
  const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, unknown>[] }[];
  const of = (name: string) => examples.find((e) => e.name === name)?.examples ?? [];

  it('reads every issues.labeled example', () => {
    const payloads = of('issues').filter((p) => p['action'] === 'labeled');
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) {
      const name = (payload['label'] as { name: string }).name;
      const trigger = parseTrigger('issues', payload, { ...settings, triggerLabel: name });
      expect(trigger.kind).toBe('label');
    }
  });

  it('reads every issue_comment.created example, with a command and on a pull request', () => {
    const payloads = of('issue_comment').filter((p) => p['action'] === 'created');
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) {
      const withCommand = structuredClone(payload) as { comment: { body: string }; issue: Record<string, unknown> };
      withCommand.comment.body = 'Please have a look.\n/cto review';
      withCommand.issue['pull_request'] = pullRequest;
      const trigger = parseTrigger('issue_comment', withCommand, settings);
      expect(trigger.kind === 'command' && trigger.onPullRequest).toBe(true);
    }
  });

  it('reads every workflow_dispatch example once an objective is added', () => {
    const payloads = of('workflow_dispatch');
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) {
      expect(parseTrigger('workflow_dispatch', payload, settings).kind).toBe('ignored');
      const trigger = parseTrigger('workflow_dispatch', { ...payload, inputs: { objective: 'Do it' } }, settings);
      expect(trigger.kind).toBe('dispatch');
    }
  });
});

describe('parseTrigger: generated payloads', () => {
  const eventName = fc.constantFrom('issues', 'issue_comment', 'workflow_dispatch', 'push', '');
  const kinds = new Set(['label', 'command', 'dispatch', 'ignored']);

  it('answers anything at all with a trigger, never an exception', () => {
    fc.assert(
      fc.property(eventName, fc.anything(), (name, payload) => {
        const trigger = parseTrigger(name, payload, settings);
        expect(kinds.has(trigger.kind)).toBe(true);
        if (trigger.kind === 'ignored') expect(trigger.reason).not.toContain('\n');
      }),
      { numRuns: 1_000, seed: 20261122 },
    );
  }, 30_000);

  it('answers payloads with the right shape but random field values', () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant({}), fc.constant([]));
    // Each field is mostly well-formed, so that all four kinds of answer come up.
    const likely = <T,>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: field, weight: 1 });
    const user = fc.record({
      login: likely(fc.constantFrom('alice', 'renovate[bot]', 'other[bot]')),
      id: likely(fc.integer({ min: 1, max: 1e9 })),
      type: likely(fc.constantFrom('User', 'Bot')),
    });
    const payload = fc.record({
      action: likely(fc.constantFrom('labeled', 'created', 'edited')),
      label: fc.record({ name: likely(fc.constantFrom('codex-cto', 'bug')) }),
      issue: fc.record({
        number: likely(fc.integer({ min: 1, max: 1e6 })),
        title: likely(fc.string()),
        body: likely(fc.oneof(fc.string(), fc.constant(null))),
        user,
        labels: likely(fc.array(fc.record({ name: fc.string() }), { maxLength: 3 })),
        locked: likely(fc.boolean()),
        state: likely(fc.constantFrom('open', 'closed')),
      }),
      comment: fc.record({ id: likely(fc.integer({ min: 1 })), body: likely(fc.constantFrom('/cto approve', '> /cto review', 'hi')), created_at: likely(fc.string()), user }),
      inputs: fc.record({ objective: likely(fc.string()), issue: likely(fc.constantFrom('', '12', 'x')), base: likely(fc.constantFrom('', 'main', 'a..b')) }),
      sender: user,
    });
    const seen = new Set<string>();
    fc.assert(
      fc.property(eventName, payload, (name, event) => {
        const trigger = parseTrigger(name, event, settings);
        seen.add(trigger.kind);
        expect(kinds.has(trigger.kind)).toBe(true);
        if (trigger.kind === 'ignored') return;
        expect(trigger.actor.login).not.toBe('');
        expect(Number.isSafeInteger(trigger.actor.id)).toBe(true);
        expect(trigger.actor.type !== 'Bot' || settings.allowedBots.includes(trigger.actor.login)).toBe(true);
      }),
      { numRuns: 2_000, seed: 20261122 },
    );
    expect([...seen].sort()).toEqual(['command', 'dispatch', 'ignored', 'label']);
  }, 30_000);
});

function comment(user: unknown): Record<string, unknown> {
  return { id: 9001, body: '/cto review', created_at: '2026-01-02T03:04:05Z', user };
}

describe('parseTrigger: pull_request_review.submitted', () => {
  const pull = { number: 12, title: 'Add the shout option', body: 'Closes #7', state: 'open', locked: false, user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }, url: 'https://api.github.com/repos/o/r/pulls/12', html_url: 'https://github.com/o/r/pull/12', head: { ref: 'codex-cto/issue-7' } };
  const reviewed = (review: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
    action: 'submitted',
    review: { id: 88, state: 'changes_requested', body: 'Please add tests.', submitted_at: '2026-01-02T03:04:05Z', user: alice, ...review },
    pull_request: pull,
    sender: alice,
    ...overrides,
  });

  it('reads a Request-changes review, and a comment-only one, as a review to check through the API', () => {
    expect(parseTrigger('pull_request_review', reviewed({}), settings)).toEqual({ kind: 'pull-review', pr: 12, review: { id: 88, state: 'changes_requested' }, actor: alice });
    expect(parseTrigger('pull_request_review', reviewed({ state: 'commented', body: null }), settings)).toMatchObject({ kind: 'pull-review', review: { state: 'commented' } });
  });

  it('ignores a plain approval, a review on a branch that is not codex-cto\'s, other actions, bots and itself', () => {
    expect(reasonOf(parseTrigger('pull_request_review', reviewed({ state: 'approved', body: 'LGTM' }), settings))).toBe('review 88 on #12 is `approved` without a command; it asks for nothing');
    expect(reasonOf(parseTrigger('pull_request_review', reviewed({}, { pull_request: { ...pull, head: { ref: 'feature/x' } } }), settings))).toMatch(/not a codex-cto branch/);
    expect(parseTrigger('pull_request_review', reviewed({}, { action: 'dismissed' }), settings).kind).toBe('ignored');
    expect(reasonOf(parseTrigger('pull_request_review', reviewed({ user: { login: 'dependabot[bot]', id: 5, type: 'Bot' } }), settings))).toMatch(/is a bot/);
    expect(reasonOf(parseTrigger('pull_request_review', reviewed({}), settings, { botLogin: 'alice' }))).toMatch(/codex-cto itself/);
  });

  it('reads a command in an approval\'s body like a comment\'s, with its feedback text', () => {
    const trigger = parseTrigger('pull_request_review', reviewed({ state: 'approved', body: 'Nice.\n/cto revise also update the README\nand the changelog' }), settings);
    expect(trigger).toMatchObject({ kind: 'command', command: 'revise', via: 'review', onPullRequest: true, text: 'also update the README\nand the changelog', target: { number: 12 }, actor: alice });
  });
});

