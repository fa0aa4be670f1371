// The bundled action, run as the runner runs it, on how the CTO's judgement reaches each agent and how
// verdicts follow from findings: a revise resting only on a P1 line comment reaches Claude and is fixed;
// a failing test's closing summary reaches both agents; a revised verification command turns the loop
// green; needs_human ends escalated with the questions shown; a P3-only review approves with suggestions.
// Real codex and claude binaries, scripted model servers, the emulated GitHub, a real git remote.
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf, type ActionWorld } from '../support/action-world.js';
import { checkRunsOn, headOf, labelsOn, markerState, pullRequests, reviewsOn, theTrackingComment } from '../support/action-views.js';
import type { ClaudeTurn } from '../support/anthropic-server.js';
import type { CodexTurn } from '../support/openai-server.js';
import { issuesLabeledPayload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { APPROVE, CLAUDE_SCRIPT, codexScript, GREET_WITH_SHOUT, OBJECTIVE, PLAN, REVISE, SAMPLE_FILES, TESTS_FIXED } from '../support/scenario.js';
import type { Finding, Review } from '../../src/core/model/schema-types.js';

const json = (value: unknown): CodexTurn => ({ message: JSON.stringify(value) });
const write = (path: string, content: string): ClaudeTurn => ({ tools: [{ name: 'Write', input: { file_path: `{{cwd}}/${path}`, content } }] });
const ISSUE_BODY = 'Callers want a louder greeting for banners. The default greeting must stay exactly as it is.';
const ALL_PASS: Review['task_reviews'] = [
  { task_id: 'T1', status: 'pass', feedback: '' },
  { task_id: 'T2', status: 'pass', feedback: '' },
];
const ALL_MET: Review['requirements'] = APPROVE.requirements;
/** Iteration 1 does the whole plan: the option and both tests. */
const WHOLE_WORK: ClaudeTurn[] = [write('src/greet.js', GREET_WITH_SHOUT), write('test/greet.test.js', TESTS_FIXED), { text: 'T1 done. T2 done.' }];

async function labelRun(world: ActionWorld): Promise<{ run: ActionRun; issue: number }> {
  const issue = world.issue(OBJECTIVE, ISSUE_BODY, { labels: ['codex-cto'] });
  const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
  return { run: await world.run({ event: 'issues', payload }), issue: issue.number };
}

/** Every text block of every user message Claude Code sent, in order (prompts of new and resumed sessions). */
function claudePrompts(world: ActionWorld): string[] {
  const texts: string[] = [];
  for (const request of world.anthropic.requests) {
    for (const message of request.body.messages ?? []) {
      if (message.role !== 'user') continue;
      // A new session's prompt is a text block after system reminders; a resumed one's is the message itself.
      const blocks: { type: string; text?: string }[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : (message.content ?? []);
      for (const block of blocks) if (block.type === 'text' && block.text !== undefined && !texts.includes(block.text)) texts.push(block.text);
    }
  }
  return texts;
}

/** The prompt Claude got for iteration `k`. */
function claudePrompt(world: ActionWorld, k: number): string {
  return claudePrompts(world).find((text) => text.startsWith(`Iteration ${k}:`)) ?? '';
}

/** The first-turn prompt Codex got for the review of iteration `k`. */
function reviewPromptOf(world: ActionWorld, k: number): string {
  for (const request of world.openai.requests) {
    const input = (request.body.input ?? []) as { role?: string; content?: { text?: string }[] }[];
    for (const item of input) {
      const text = item.role === 'user' ? (item.content ?? []).map((part) => part.text ?? '').join('\n') : '';
      if (text.includes(`# Your task now: review iteration ${k}\n`)) return text;
    }
  }
  return '';
}

describe('a revise resting only on a P1 line comment reaches Claude and is fixed in iteration 2', () => {
  const finding = REVISE.findings[0] as Finding;
  const onlyTheFinding: Review = { ...REVISE, task_reviews: ALL_PASS, requirements: ALL_MET, summary: 'Both tasks look done, but one case is untested.' };
  const world = useActionWorld({ codex: codexScript({ review1: [json(onlyTheFinding)], review2: [json(APPROVE)] }) });
  let run: ActionRun;
  let issue: number;

  beforeAll(async () => {
    ({ run, issue } = await labelRun(world));
  }, 300_000);

  it('ends approved after the second iteration, with the fix on the branch', async () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(run.outputs.iterations).toBe('2');
    const test = await world.gh.git.readFile(world.project.owner, world.project.name, `codex-cto/issue-${issue}`, 'test/greet.test.js');
    expect(test).toContain('does not shout when shout is false');
    expect(world.gh.violations()).toEqual([]);
  });

  it('posts the finding inline over its whole range, with its priority and title', () => {
    const pr = pullRequests(world)[0]?.number ?? 0;
    const [first] = reviewsOn(world, pr);
    expect(first?.comments.map((c) => [c.path, c.startLine, c.line])).toEqual([['test/greet.test.js', 9, 11]]);
    expect(first?.comments[0]?.body).toContain('**P1: shout: false is not tested**');
    expect(first?.body).toContain('2 of 2 tasks pass · 1 blocking finding');
  });

  it('gives Claude the finding with its place, task and text, though no task failed', () => {
    const prompt = claudePrompt(world, 2);
    expect(prompt).toContain('Iteration 2: the reviewer asked for changes to your work on the same plan.');
    expect(prompt).toContain(`- F1.1 P1 shout: false is not tested (test/greet.test.js:9-11, task T2):\n<finding>\n${finding.body}\n</finding>`);
    expect(prompt).not.toContain('## Tasks that failed or are partial');
    expect(prompt).toMatch(/## What the branch changes so far\n```text\n src\/greet\.js +\| +\d+ [+-]+\n test\/greet\.test\.js/);
  });

  it('gives the second review its memory: the open finding to mark and the commit the first review judged', async () => {
    const prompt = reviewPromptOf(world, 2);
    const log = await world.gh.git.log(world.project.owner, world.project.name, `codex-cto/issue-${issue}`, 10);
    const first = log[1]?.sha ?? 'missing';
    expect(prompt).toContain(`## Your previous review (iteration 1: revise)\n\nIt judged commit \`${first}\`; \`git diff ${first}..HEAD\` shows what changed since.`);
    expect(prompt).toContain('- F1.1 [P1] shout: false is not tested at test/greet.test.js:9-11 (task T2):');
    expect(reviewPromptOf(world, 1)).not.toContain('## Your previous review');
  });

  it('quotes the issue text to every review as the request to check the change against', () => {
    for (const k of [1, 2]) {
      expect(reviewPromptOf(world, k)).toContain('## The request\n\nThe issue (or pull request description) the change answers.');
      expect(reviewPromptOf(world, k)).toContain(ISSUE_BODY);
    }
  });

  it('forgets the finding once marked resolved', () => {
    const state = markerState(theTrackingComment(world, issue));
    expect(state.loop.open_findings).toEqual([]);
    expect(state.loop.last_review?.previous_findings).toEqual([{ id: 'F1.1', status: 'resolved', note: '' }]);
  });
});

describe("a failing test's closing summary reaches both agents", () => {
  // Enough passing tests that the runner's output is far longer than what is kept and shown of it.
  const many = [
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    ...Array.from({ length: 400 }, (_, i) => `test('case ${i} stays as it was', () => assert.ok(true));`),
    '',
  ].join('\n');
  const buggy = GREET_WITH_SHOUT.replace('greeting.toUpperCase()', 'greeting.toLowerCase()');
  const claude: ClaudeTurn[] = [
    write('src/greet.js', buggy),
    write('test/greet.test.js', TESTS_FIXED),
    { text: 'T1 done. T2 done.' },
    write('src/greet.js', GREET_WITH_SHOUT),
    { text: 'Fixed: shout upper-cases the greeting.' },
  ];
  const red: Review = {
    ...REVISE,
    task_reviews: [
      { task_id: 'T1', status: 'fail', feedback: 'shout lower-cases the greeting; it must upper-case it.' },
      { task_id: 'T2', status: 'pass', feedback: '' },
    ],
    requirements: ALL_MET,
    findings: [],
    summary: 'npm test fails: the shout test expects upper case.',
  };
  const world = useActionWorld({
    files: { ...SAMPLE_FILES, 'test/many.test.js': many },
    claude,
    codex: codexScript({ review1: [json(red)], review2: [json({ ...APPROVE, previous_findings: [] })] }),
  });
  let run: ActionRun;

  beforeAll(async () => {
    ({ run } = await labelRun(world));
  }, 300_000);

  it('ends approved after the fix', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(run.outputs.iterations).toBe('2');
  });

  it('shows the reviewer the head and the tail of the output, the cut marked between them', () => {
    const prompt = reviewPromptOf(world, 1);
    expect(prompt).toContain('1 of 1 commands failed.');
    const output = prompt.slice(prompt.indexOf('1. `npm test --silent`: exit code 1'), prompt.indexOf('## Changes'));
    // The head: the first results; then the cut; then the tail: node's closing summary and the failure.
    expect(output).toContain('✔ greets by name');
    expect(output).toMatch(/\n\[\.\.\. \d+ bytes of the output cut \.\.\.\]\n/);
    expect(output).toContain('ℹ tests 403\nℹ suites 0\nℹ pass 402\nℹ fail 1\n');
    expect(output).toContain('✖ failing tests:\n\ntest at test/greet.test.js:9:1\n✖ shouts when asked');
    expect(output).toContain("+ 'hello, ada!'\n  - 'HELLO, ADA!'");
  });

  it('gives Claude the failed command with the same closing summary', () => {
    const prompt = claudePrompt(world, 2);
    const section = prompt.slice(prompt.indexOf('## Verification that failed'), prompt.indexOf('## ', prompt.indexOf('## Verification that failed') + 3));
    expect(section).toContain("These commands failed on your last iteration's work (the ends of their output):\n- `npm test --silent` exited 1:");
    expect(section).toContain('ℹ tests 403\nℹ suites 0\nℹ pass 402\nℹ fail 1\n');
    expect(section).toContain('✖ shouts when asked');
    expect(section).toMatch(/\n\[\.\.\. \d+ bytes of the output cut \.\.\.\]\n/);
    expect(prompt).toContain('- T1 Add the shout option (fail):\n<feedback>\nshout lower-cases the greeting; it must upper-case it.\n</feedback>');
  });
});

describe('a review that revises a wrong verification command turns the loop green', () => {
  const wrongPlan = { ...PLAN, verification: ['npm run test:unit --silent'] };
  const fixVerification: Review = {
    ...REVISE,
    task_reviews: ALL_PASS,
    requirements: ALL_MET,
    findings: [],
    summary: 'The work is done, but the verification names a script package.json does not have; `npm test` runs the tests.',
    revised_verification: ['npm test --silent'],
  };
  const world = useActionWorld({
    claude: [...WHOLE_WORK, { text: 'Nothing to change: the work was done; only the verification command changed.' }],
    codex: codexScript({ plan: [json(wrongPlan)], review1: [json(fixVerification)], review2: [json({ ...APPROVE, previous_findings: [] })] }),
  });
  let run: ActionRun;
  let issue: number;

  beforeAll(async () => {
    ({ run, issue } = await labelRun(world));
  }, 300_000);

  it('runs the revised command in iteration 2, where it passes, and ends approved', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    const state = markerState(theTrackingComment(world, issue));
    expect(state.loop.iterations.map((it) => [it.number, it.verdict, it.verification_passed])).toEqual([[1, 'revise', false], [2, 'approve', true]]);
    expect(state.loop.plan?.verification).toEqual(['npm test --silent']);
    expect(reviewPromptOf(world, 1)).toContain('1. `npm run test:unit --silent`: exit code 1');
    expect(reviewPromptOf(world, 2)).toContain('All 1 commands exited 0.\n\n1. `npm test --silent`: exit code 0');
  });

  it('tells Claude the verification changed and lists the new command', () => {
    const prompt = claudePrompt(world, 2);
    expect(prompt).toContain('## Verification commands changed');
    expect(prompt).toContain("run the plan's verification commands and fix what fails:\n   - npm test --silent\n");
    expect(prompt).toContain('- `npm run test:unit --silent` exited 1:');
  });

  it('lists the revised command on the revise review and passes the check on the head', async () => {
    const pr = pullRequests(world)[0]?.number ?? 0;
    expect(reviewsOn(world, pr)[0]?.body).toContain('#### Revised verification for the next iteration\n\n- `npm test --silent`');
    const head = await headOf(world, `codex-cto/issue-${issue}`);
    expect(checkRunsOn(world, head ?? '').map((c) => c.conclusion).at(-1)).toBe('success');
  });
});

describe('needs_human ends escalated with the questions shown', () => {
  const question = 'Should shout upper-case the name as well, or only the greeting word?';
  const ask: Review = {
    ...REVISE,
    task_reviews: ALL_PASS,
    requirements: [{ requirement: 'What "louder" means for the name', feedback_id: null, status: 'needs_human', note: 'The issue does not say.' }],
    findings: [],
    verdict: 'needs_human',
    summary: 'The change works, but the issue leaves open whether the name is shouted too.',
    questions: [question],
  };
  const world = useActionWorld({ claude: CLAUDE_SCRIPT, codex: codexScript({ review1: [json(ask)] }) });
  let run: ActionRun;
  let issue: number;

  beforeAll(async () => {
    ({ run, issue } = await labelRun(world));
  }, 300_000);

  it('ends after one iteration, escalated, without failing the job', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('needs_human');
    expect(run.outputs.iterations).toBe('1');
    const state = markerState(theTrackingComment(world, issue));
    expect(state.loop.phase).toBe('escalated');
    expect(state.loop.last_review?.questions).toEqual([question]);
    expect(world.gh.violations()).toEqual([]);
  });

  it('shows the question on the tracking comment, says how to answer, and asks for a person with the label', () => {
    const body = theTrackingComment(world, issue).body;
    expect(body).toContain('### codex-cto: Escalated: needs a human');
    expect(body).toContain('the reviewer needs a person to answer before the work goes on (questions below)');
    expect(body).toContain('Comment `/cto continue` followed by your answer on pull request');
    expect(body).toContain(`#### Questions from the reviewer\n\n1. ${question}`);
    expect(labelsOn(world, issue)).toContain('codex-cto:needs-human');
  });

  it('posts the question on the pull request, with a check that asks for action', async () => {
    const pr = pullRequests(world)[0]?.number ?? 0;
    const [review] = reviewsOn(world, pr);
    expect(review?.state).toBe('COMMENTED');
    expect(review?.body).toContain(`### codex-cto review: Needs a person`);
    expect(review?.body).toContain(`#### Questions for a person\n\n1. ${question}`);
    const head = await headOf(world, `codex-cto/issue-${issue}`);
    expect(checkRunsOn(world, head ?? '').map((c) => [c.conclusion, c.output.title])).toEqual([['action_required', 'Needs a person: 2 of 2 tasks pass']]);
  });
});

describe('a P3-only review approves with suggestions posted', () => {
  const suggestion: Finding = {
    title: 'Name the options object',
    body: 'A named `GreetOptions` typedef would document `shout` for callers.',
    priority: 'P3',
    confidence: 0.5,
    path: 'src/greet.js',
    start_line: 2,
    end_line: 2,
    task_id: 'T1',
  };
  const approveWithSuggestion: Review = { ...APPROVE, previous_findings: [], findings: [suggestion] };
  const world = useActionWorld({ claude: WHOLE_WORK, codex: codexScript({ review1: [json(approveWithSuggestion)] }) });
  let run: ActionRun;
  let issue: number;

  beforeAll(async () => {
    ({ run, issue } = await labelRun(world));
  }, 300_000);

  it('approves in the first iteration and readies the pull request', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(run.outputs.verdict).toBe('approve');
    expect(run.outputs.iterations).toBe('1');
    expect(pullRequests(world)[0]?.pull?.draft).toBe(false);
    // One Codex turn for the review: the approval needed no repair.
    expect(world.openai.requests.filter((r) => JSON.stringify(r.body.input).includes('review iteration 1'))).toHaveLength(1);
  });

  it('posts the suggestion inline and in the body as one that does not block', async () => {
    const pr = pullRequests(world)[0]?.number ?? 0;
    const [review] = reviewsOn(world, pr);
    expect(review?.body).toContain('### codex-cto review: Approved');
    expect(review?.body).toContain('#### Suggestions\n\n_P2 and P3 findings do not block the change._\n\n- **P3** Name the options object — `src/greet.js:2` · task T1');
    expect(review?.comments.map((c) => [c.path, c.line, c.startLine])).toEqual([['src/greet.js', 2, null]]);
    expect(review?.comments[0]?.body).toContain('**P3, suggestion: Name the options object**');
    const head = await headOf(world, `codex-cto/issue-${issue}`);
    expect(checkRunsOn(world, head ?? '').map((c) => c.conclusion)).toEqual(['success']);
  });

  it('keeps the suggestion open for a later review to mark', () => {
    expect(markerState(theTrackingComment(world, issue)).loop.open_findings.map((f) => [f.id, f.priority, f.title])).toEqual([['F1.1', 'P3', 'Name the options object']]);
  });
});
