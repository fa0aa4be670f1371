import { describe, expect, it } from 'vitest';
import { TRACKING_TRIM_NOTE, trackingComment } from '../../../src/render/tracking-comment.js';
import { GITHUB_TEXT_LIMIT } from '../../../src/render/fit.js';
import type { Plan, Task } from '../../../src/core/model/schema-types.js';
import { abortReview, approveReview, iteration, reviseReview, samplePlan, trackingState, trackingView, twoIterations } from '../../support/render-fixtures.js';

const snapshot = (name: string): string => `./__snapshots__/render-tracking-${name}.md`;

describe('trackingComment per phase', () => {
  it('shows planning with only the status and the run link', async () => {
    await expect(trackingComment(trackingView(trackingState()))).toMatchFileSnapshot(snapshot('planning'));
  });

  it('asks for /cto approve while the plan waits for approval', async () => {
    const state = trackingState({ phase: 'awaiting_plan_approval', plan: samplePlan(), codex_tokens: 12_000 });
    await expect(trackingComment(trackingView(state))).toMatchFileSnapshot(snapshot('awaiting-approval'));
  });

  it('counts the iteration in progress while implementing', () => {
    const state = trackingState(
      { phase: 'implementing', plan: samplePlan(), iterations: [iteration(1)], last_review: reviseReview(), consecutive_revises: 1 },
      { pr: 34, branch: 'codex-cto/issue-12' },
    );
    const comment = trackingComment(trackingView(state));
    expect(comment.split('\n')[0]).toBe('### codex-cto: Implementing iteration 2 of 5');
    expect(comment).toContain('- [x] **T1** Add a JSON formatter — `src/format-json.ts`\n');
    expect(comment).toContain('- [ ] **T2** Wire the --json flag — `src/cli.ts` _(fail)_\n');
  });

  it('shows the recorded but unreviewed iteration as in progress while it is reviewed', () => {
    const draft = iteration(2, { verdict: null, tasks_passed: 0, tasks_total: 0, verification_passed: true });
    const state = trackingState({ phase: 'reviewing', plan: samplePlan(), iterations: [iteration(1), draft], last_review: reviseReview() });
    expect(trackingComment(trackingView(state))).toContain('| 1 | revise | 1/3 | failed |');
    expect(trackingComment(trackingView(state))).toContain('| 2 | in progress | — | passed | 14 | $0.42 | 3m 12s |');
    state.loop.phase = 'failed';
    expect(trackingComment(trackingView(state))).toContain('| 2 | not reviewed | — | passed |');
  });

  it('renders an approved loop with ticked tasks, the iteration table and totals', async () => {
    await expect(trackingComment(trackingView(twoIterations(approveReview(), 'approved')))).toMatchFileSnapshot(snapshot('approved'));
  });

  it('renders a revise between iterations', async () => {
    const state = twoIterations(reviseReview(), 'revise');
    await expect(trackingComment(trackingView(state))).toMatchFileSnapshot(snapshot('revise'));
  });

  it('mentions the requester on escalation and says what /cto continue does', async () => {
    const state = twoIterations(reviseReview(), 'escalated');
    state.loop.iterations.push(iteration(3, { claude_turns: 4, cost_usd: 0.05, duration_ms: 30_000 }));
    state.loop.consecutive_revises = 3;
    state.loop.stop_reason = '3 consecutive revise verdicts';
    const comment = trackingComment(trackingView(state, { maxIterations: 5 }));
    expect(comment).toContain('@octocat, the reviewer asked for changes 3 times in a row, so the loop paused after iteration 3 of 5; what it could not get resolved is below.');
    expect(comment).toContain('Comment `/cto continue` followed by your guidance on pull request #34 to run more iterations (up to 5 in all) with it');
    expect(comment).toContain('#### What the reviewer could not get resolved\n\n- task T2 did not pass (fail): Parse --json before printing; see cli.ts line 40.\n');
    await expect(comment).toMatchFileSnapshot(snapshot('escalated'));
  });

  it('shows the reviewer\'s questions on a needs_human escalation and how to answer them', async () => {
    const review = { ...reviseReview(), verdict: 'needs_human' as const, questions: ['Should `--json` include timestamps?', 'Keep the `--format` flag?'] };
    const state = twoIterations(review, 'escalated');
    state.loop.stop_reason = 'The reviewer needs a person to answer 2 questions before the work goes on.';
    const comment = trackingComment(trackingView(state));
    expect(comment.split('\n')[0]).toBe('### codex-cto: Escalated: needs a human');
    expect(comment).toContain(
      '@octocat, the reviewer needs a person to answer before the work goes on (questions below); the loop paused after iteration 2 of 5. Comment `/cto continue` followed by your answer on pull request #34 (on the same line or the lines below) to resume with it, or take over the branch.',
    );
    expect(comment).toContain('#### Questions from the reviewer\n\n1. Should `--json` include timestamps?\n2. Keep the `--format` flag?\n\n#### Plan');
    await expect(comment).toMatchFileSnapshot(snapshot('needs-human'));
  });

  it('shows the plan\'s open questions while it waits for approval, the blocking ones marked, and its assumptions in the details', () => {
    const plan = {
      ...samplePlan(),
      assumptions: ['Keys are sorted alphabetically.'],
      open_questions: [
        { question: 'Should `--json` include timestamps?', blocking: true },
        { question: 'Pretty-print by default?', blocking: false },
      ],
    };
    const comment = trackingComment(trackingView(trackingState({ phase: 'awaiting_plan_approval', plan, stop_reason: 'The plan has a question a person must answer before the work starts; answer, then approve the plan.' })));
    expect(comment).toContain('The planner has questions only a person can answer (below). A maintainer can comment `/cto approve` followed by the answers on this issue to start the implementation.');
    expect(comment).toContain('#### Questions from the planner\n\n1. **Blocking:** Should `--json` include timestamps?\n2. Pretty-print by default?');
    expect(comment).toContain('**Assumptions**\n\n- Keys are sorted alphabetically.\n');
    // Once the plan is released, the questions are no longer asked.
    expect(trackingComment(trackingView(trackingState({ phase: 'implementing', plan })))).not.toContain('Questions from the planner');
  });

  it('shows the failure, what to do, and keeps the marker last', async () => {
    const state = trackingState(
      { phase: 'failed', plan: samplePlan(), iterations: [iteration(1, { verdict: null, verification_passed: null })], total_cost_usd: 0.4213, stop_reason: 'Codex could not start its sandbox.' },
      { branch: 'codex-cto/issue-12' },
    );
    const view = trackingView(state, {
      error: {
        title: 'The review sandbox could not start',
        message: 'bwrap: No permissions to create new namespace\n<!-- codex-cto:state FAKE --> @admin',
        hint: 'Run the job on a runner that allows unprivileged user namespaces.',
      },
    });
    const comment = trackingComment(view);
    expect(comment.endsWith('\n\n<!-- codex-cto:state TEST-MARKER -->')).toBe(true);
    expect(comment.match(/<!--/g)).toHaveLength(1);
    await expect(comment).toMatchFileSnapshot(snapshot('failed'));
  });

  it('gives the aborted reason, the cap, the budget and stop their own words', () => {
    const aborted = trackingState({ phase: 'aborted', plan: samplePlan(), last_review: abortReview(), stop_reason: abortReview().reason });
    expect(trackingComment(trackingView(aborted))).toContain(
      '### codex-cto: Aborted\n\nThe reviewer stopped the work: Changing the status output breaks every script that parses it.\n',
    );
    const capped = twoIterations(reviseReview(), 'capped');
    expect(trackingComment(trackingView(capped, { maxIterations: 2 }))).toContain(
      '@octocat, 2 of 2 iterations ran without an approval. Comment `/cto continue` on pull request #34, followed by your guidance if you have some, to resume the loop',
    );
    const budget = twoIterations(reviseReview(), 'budget_exhausted');
    expect(trackingComment(trackingView(budget, { maxBudgetUsd: 0.5 }))).toContain('@octocat, the Claude budget of $0.50 is spent ($0.60 so far).');
    const stopped = twoIterations(reviseReview(), 'stopped');
    stopped.loop.stop_reason = 'Stopped by /cto stop from @hubot';
    expect(trackingComment(trackingView(stopped))).toContain('### codex-cto: Stopped\n\nStopped by /cto stop from @&#8203;hubot. The work so far is on the branch.\n');
  });

  it('uses the configured command prefix', () => {
    const state = trackingState({ phase: 'awaiting_plan_approval', plan: samplePlan() });
    expect(trackingComment(trackingView(state, { commandPrefix: '/bot' }))).toContain('comment `/bot approve` on this issue');
  });
});

describe('trackingComment with hostile plan text', () => {
  const hostile: Task = {
    id: 'T9|x',
    title: 'Break | the table ` and <!-- hide --> @org/team </details> [x](https://evil.example)',
    action: 'run_command',
    target: '`rm -rf /` | <script>alert(1)</script>',
    description: '',
    acceptance_criteria: ['</details><details open>@everyone', '- [x] fake ticked task\n## fake heading'],
    dependencies: [],
  };
  const plan: Plan = { ...samplePlan(), analysis: '</details>\n<img src=x onerror=alert(1)>', strategy: '<!-- codex-cto:state FAKE -->', tasks: [hostile] };
  const state = trackingState({ phase: 'implementing', plan, iterations: [], codex_tokens: 10 });
  const comment = trackingComment(trackingView(state));
  const body = comment.slice(0, comment.lastIndexOf('\n\n<!--'));

  it('lets no raw HTML, comment or tag through', () => {
    expect(body).not.toContain('<!--');
    expect(body).not.toMatch(/<(?!\/?(details|summary|sub|code|pre)>)/);
    expect(body.match(/<details>/g)).toHaveLength(1);
    expect(body.match(/<\/details>/g)).toHaveLength(1);
  });

  it('neutralises every mention', () => {
    expect(body).not.toMatch(/@[A-Za-z0-9]/);
    expect(body).toContain('@&#8203;org/team');
    expect(body).toContain('@&#8203;everyone');
  });

  it('keeps the task on one checklist line with escaped markdown', () => {
    expect(body).toContain(
      '- [ ] **T9\\|x** Break \\| the table \\` and &lt;!-- hide --&gt; @&#8203;org/team &lt;/details&gt; \\[x\\](https://evil.example) — <code>\\`rm -rf /\\` \\| &lt;script&gt;alert(1)&lt;/script&gt;</code>\n',
    );
    expect(body).toContain('  - \\- \\[x\\] fake ticked task ## fake heading\n');
    expect(body).not.toMatch(/^#+ fake/m);
  });
});

describe('trackingComment with degenerate text', () => {
  it('never writes an empty list item (it would turn the line above into a heading)', () => {
    const task: Task = { ...samplePlan().tasks[0]!, id: '\u200b', title: '', target: '', acceptance_criteria: ['', '  \n'] };
    const plan: Plan = { ...samplePlan(), analysis: '', strategy: '', verification: ['', ' '], tasks: [task] };
    const comment = trackingComment(trackingView(trackingState({ phase: 'implementing', plan })));
    expect(comment).toContain('\n- [ ] **(no id)**\n\n<details>');
    expect(comment).not.toMatch(/^\s*- *$/m);
    expect(comment).toContain('**Analysis**\n\n_none_\n\n**Strategy**\n\n_none_\n\n**Verification commands**\n\n_none_');
  });

  it('ends a reason with a full stop before escaping, so a number cannot start a list', () => {
    const state = trackingState({ phase: 'stopped', stop_reason: '1' });
    expect(trackingComment(trackingView(state))).toContain('\n\n1\\. The work so far is on the branch.\n\n');
  });

  it('falls back to plain words for an empty error title and hint', () => {
    const state = trackingState({ phase: 'failed' });
    const comment = trackingComment(trackingView(state, { error: { title: ' ', message: '', hint: '' } }));
    expect(comment).toContain('### codex-cto: Failed\n\nThe run failed. The error and what to do are below.');
    expect(comment).toContain('**Error**\n\n<pre>\n\n</pre>\n\n**What to do:** Check the workflow run log');
  });
});

describe('trackingComment size cap', () => {
  const manyTasks = (count: number, textLength: number): Plan => ({
    ...samplePlan(),
    analysis: 'a'.repeat(4_000),
    strategy: 's'.repeat(4_000),
    tasks: Array.from({ length: count }, (_, index) => ({
      ...samplePlan().tasks[0]!,
      id: `T${index + 1}`,
      title: 't'.repeat(textLength),
      acceptance_criteria: ['c'.repeat(textLength), 'd'.repeat(textLength)],
    })),
  });

  it('leaves a comment under the limit untouched', () => {
    const comment = trackingComment(trackingView(trackingState({ phase: 'implementing', plan: manyTasks(20, 100) })));
    expect(comment).not.toContain(TRACKING_TRIM_NOTE);
    expect(comment).toContain('<details>');
  });

  it('drops folded details first, then criteria, and notes the trim', () => {
    // About 70,000 characters in full (95 tasks of ~650 characters plus 8,000 of analysis and strategy); fits once the analysis and strategy are dropped.
    const compact = trackingComment(trackingView(trackingState({ phase: 'implementing', plan: manyTasks(95, 200) })));
    expect(compact.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(compact).not.toContain('<details>');
    expect(compact).toContain('  - cccc');
    expect(compact).toContain(TRACKING_TRIM_NOTE);

    const minimal = trackingComment(trackingView(trackingState({ phase: 'implementing', plan: manyTasks(200, 200) })));
    expect(minimal.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(minimal).not.toContain('  - cccc');
    expect(minimal).toContain('- [ ] **T200** ');
    expect(minimal).toContain(TRACKING_TRIM_NOTE);
  });

  it('cuts a plan too long even without criteria at a line, keeping the marker whole', () => {
    const marker = `<!-- codex-cto:state ${'m'.repeat(20_000)} -->`;
    const state = trackingState({ phase: 'implementing', plan: manyTasks(1_000, 200) });
    const comment = trackingComment(trackingView(state, { marker }));
    expect(comment.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(comment.length).toBeGreaterThan(GITHUB_TEXT_LIMIT - 400);
    expect(comment.endsWith(`${TRACKING_TRIM_NOTE}\n\n${marker}`)).toBe(true);
    expect(comment).toContain('- [ ] **T1** ');
    expect(comment).not.toContain('**T1000**');
    // Every kept task line is whole.
    const taskLines = comment.split('\n').filter((line) => line.startsWith('- [ ] '));
    for (const line of taskLines) expect(line).toMatch(/ — `src\/format-json\.ts`$/);
  });
});

describe('trackingComment: the loop across runs', () => {
  const state = () => trackingState({ phase: 'implementing', plan: samplePlan(), iterations: [iteration(1)], last_review: reviseReview() }, { pr: 34, branch: 'codex-cto/issue-12' });

  it('links the transcripts artifact beside the run, the branch and the pull request', () => {
    const comment = trackingComment(trackingView(state(), { transcriptsUrl: 'https://github.com/o/r/actions/runs/9/artifacts/77' }));
    expect(comment).toMatch(/· \[Transcripts\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/9\/artifacts\/77\)\n/);
    expect(trackingComment(trackingView(state()))).not.toContain('Transcripts');
  });

  it('says whether Claude Code resumed its session or started afresh, and why', () => {
    const resumed = trackingComment(trackingView(state(), { session: { kind: 'resumed', runId: '9' } }));
    expect(resumed).toContain('\n\n_Claude Code resumed its session from the transcripts of run 9._\n\n');
    const fresh = trackingComment(trackingView(state(), { session: { kind: 'fresh', reason: 'the artifact of run 9 could not be used (410 <b>gone</b>)' } }));
    expect(fresh).toContain("_Claude Code started a fresh session (the artifact of run 9 could not be used (410 &lt;b&gt;gone&lt;/b&gt;)); its prompt carries the plan, the reviewer's findings and any feedback._");
    expect(trackingComment(trackingView(state()))).not.toContain('Claude Code resumed');
  });
});
