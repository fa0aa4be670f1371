// A review that contradicts itself, on a change that hides characters, run as the runner runs the bundled
// action with the real codex and claude: Claude's change adds a bidirectional override (Trojan Source),
// and the reviewer answers `approve` while failing a task, twice (its answer and the repair turn). The
// loop must not approve: the verdict counts as revise, the PR stays a draft, the check is not green, and
// both the reviewer and the posted review are told where the hidden characters are. `max-iterations: 1`
// is all the workflow sets (escalate-after follows it).
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf } from '../support/action-world.js';
import { checkRunsOn, headOf, markerState, pullRequests, reviewsOn, theTrackingComment } from '../support/action-views.js';
import type { ClaudeTurn } from '../support/anthropic-server.js';
import { issuesLabeledPayload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { APPROVE, CLAUDE_SCRIPT, codexScript, OBJECTIVE, requestText } from '../support/scenario.js';
import type { Review } from '../../src/core/model/schema-types.js';

const RLO = '\u202E';
const LRI = '\u2066';
const PDI = '\u2069';

/** greet() with the option, and a line whose comment hides how the string really ends. */
const TROJAN_GREET = [
  '// Greets a person by name; `shout` upper-cases the greeting.',
  'export function greet(name, { shout = false } = {}) {',
  `  const audience = "user${RLO} ${LRI}// admin only${PDI} ${LRI}";`,
  '  const greeting = `Hello, ${name}!`;',
  '  return shout ? greeting.toUpperCase() : greeting;',
  '}',
  '',
].join('\n');

const APPROVE_WITH_A_FAIL: Review = {
  ...APPROVE,
  previous_findings: [],
  summary: 'Looks good overall.',
  task_reviews: [
    { task_id: 'T1', status: 'pass', feedback: '' },
    { task_id: 'T2', status: 'fail', feedback: 'The test for shout: false is missing.' },
  ],
};

const claude: ClaudeTurn[] = [
  { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/src/greet.js', content: TROJAN_GREET } }], text: 'Adding the shout option.' },
  CLAUDE_SCRIPT[1] as ClaudeTurn,
  CLAUDE_SCRIPT[2] as ClaudeTurn,
];

describe('an approval that fails a task, twice, on a change with hidden characters', () => {
  const answer = { message: JSON.stringify(APPROVE_WITH_A_FAIL) };
  const world = useActionWorld({ claude, codex: codexScript({ review1: [answer, answer] }) });
  let run: ActionRun;
  let issue: number;

  beforeAll(async () => {
    issue = world.issue(OBJECTIVE, 'Callers want a louder greeting.', { labels: ['codex-cto'] }).number;
    const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue, label: 'codex-cto', sender: world.project.logins.maintainer });
    run = await world.run({ event: 'issues', payload, inputs: { 'max-iterations': '1' } });
  }, 300_000);

  it('accepts max-iterations: 1 alone and ends the loop as a revise, not approved', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('revise');
    expect(run.outputs.iterations).toBe('1');
    // escalate-after followed max-iterations down to 1: one revise pauses the loop for a person.
    expect(markerState(theTrackingComment(world, issue)).loop).toMatchObject({ phase: 'escalated', consecutive_revises: 1 });
    expect(world.gh.violations()).toEqual([]);
  });

  it('gave the reviewer one repair turn that names the contradiction', () => {
    const reviews = world.openai.requests.filter((request) => requestText(request.body).includes('review iteration 1'));
    expect(reviews).toHaveLength(2);
    const repair = requestText(reviews[1]?.body);
    expect(repair).toContain('Your previous answer is not a valid review');
    expect(repair).toContain('verdict: \\"approve\\" contradicts task_reviews[1]: task T2 is fail; approve only when nothing blocks');
  });

  it('told the reviewer where the change hides characters', () => {
    const first = requestText(world.openai.requests.find((request) => requestText(request.body).includes('review iteration 1'))?.body);
    expect(first).toContain('## Hidden Unicode characters (found by the system in the lines this change adds; these are facts)');
    expect(first).toContain('src/greet.js line 3: U+202E (right-to-left override), U+2066 (left-to-right isolate), U+2069 (pop directional isolate)');
  });

  it('leaves the PR a draft, with a check that is not green', async () => {
    const [pr] = pullRequests(world);
    expect(pr?.pull?.draft).toBe(true);
    const head = await headOf(world, `codex-cto/issue-${issue}`);
    const checks = checkRunsOn(world, head as string);
    expect(checks.map((check) => check.name)).toEqual(['codex-cto/review']);
    expect(checks[0]?.conclusion).not.toBe('success');
  });

  it('posts the review with the reason for the revise and a warning about the hidden characters', () => {
    const [pr] = pullRequests(world);
    const [review] = reviewsOn(world, pr?.number as number);
    expect(review?.body).toContain('### codex-cto review: Changes requested');
    expect(review?.body).toContain('**Reason:** The reviewer answered approve, but task T2 is fail; codex-cto counts the verdict as revise.');
    expect(review?.body).toContain('#### Warning: hidden or bidirectional Unicode text');
    expect(review?.body).toContain('- `src/greet.js` line 3: U+202E (right-to-left override), U+2066 (left-to-right isolate), U+2069 (pop directional isolate)');
    expect(review?.body).not.toContain(RLO);
  });
});
