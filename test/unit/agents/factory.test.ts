// The one agent factory the action and the CLI share: what each agent is given, and where the fronts'
// hooks sit (the action's room wraps every step, its key proxy explains failed model calls).
import { describe, expect, it } from 'vitest';
import { claudeOptions, codexOptions, createAgents, type AgentSetup } from '../../../src/agents/factory.js';
import type { Plan } from '../../../src/core/model/schema-types.js';
import { NO_HIDDEN_CHARACTERS } from '../../../src/core/model/trojan-source.js';
import { Git } from '../../../src/workspace/git.js';

const PLAN: Plan = { objective: 'o', analysis: '', strategy: '', assumptions: [], open_questions: [], tasks: [], verification: [] };

function setup(overrides: Partial<AgentSetup> = {}): AgentSetup {
  return {
    settings: {
      planModel: 'plan-model',
      reviewModel: 'review-model',
      claudeModel: 'claude-model',
      planReasoningEffort: 'medium',
      reviewReasoningEffort: 'high',
      planInstructions: 'Plan small.',
      reviewInstructions: null,
      protectedPaths: [],
      maxTurns: 7,
      allowedTools: ['Read', 'Bash(npm test:*)'],
      timeoutMinutes: 2,
      codexOverrides: ['model_provider="proxy"'],
    },
    binaries: { codex: '/bin/codex', claude: '/bin/claude' },
    env: { codex: { CODEX: '1' }, claude: { CLAUDE: '1' }, verify: { VERIFY: '1' } },
    workTree: '/work/tree',
    git: new Git({ cwd: '/work/tree', env: {} }),
    scratchDir: '/scratch',
    log: () => undefined,
    ...overrides,
  };
}

describe('codexOptions and claudeOptions', () => {
  it('give Codex its binary, environment, model, overrides and time limit, in the folder asked for', () => {
    expect(codexOptions(setup(), '/review/checkout', 'review')).toMatchObject({
      binary: '/bin/codex',
      workdir: '/review/checkout',
      scratchDir: '/scratch',
      env: { CODEX: '1' },
      model: 'review-model',
      reasoningEffort: 'high',
      configOverrides: ['model_provider="proxy"'],
      timeoutMs: 120_000,
    });
  });

  it("give each Codex phase its own model, reasoning effort and the team's policy in its persona", () => {
    const plan = codexOptions(setup(), '/work/tree', 'plan');
    expect(plan).toMatchObject({ model: 'plan-model', reasoningEffort: 'medium' });
    expect(plan.persona).toContain("## The team's policy");
    expect(plan.persona).toContain('Plan small.');
    const review = codexOptions(setup(), '/review/checkout', 'review');
    expect(review.persona).not.toContain("## The team's policy");
    expect(codexOptions(setup(), '/work/tree', 'plan', 'from-a-flag').model).toBe('from-a-flag');
  });

  it('give Claude Code its binary, the work tree, its environment, model, turns, tools and time limit', () => {
    expect(claudeOptions(setup({ shellDir: '/room/bin' }))).toEqual({
      binary: '/bin/claude',
      workdir: '/work/tree',
      env: { CLAUDE: '1' },
      model: 'claude-model',
      maxTurns: 7,
      allowedTools: ['Read', 'Bash(npm test:*)'],
      timeoutMs: 120_000,
      runAs: undefined,
      signal: undefined,
      shellDir: '/room/bin',
    });
  });
});

describe('createAgents: every agent call goes through the front hooks', () => {
  /** Hooks that record how each agent would run and answer for it, so nothing is started. */
  function recording() {
    const seen: string[] = [];
    const agents = createAgents(
      setup({
        call: async (vendor, run) => {
          seen.push(`call ${vendor}`);
          return run();
        },
        step: async <T>(_run: () => Promise<T>, writes: boolean) => {
          seen.push(`step ${writes ? 'writes' : 'reads'}`);
          return 'answered' as T;
        },
      }),
    );
    return { seen, agents };
  }

  it('plans through a reading step of a call to OpenAI', async () => {
    const { seen, agents } = recording();
    expect(await agents.planner().plan({ objective: 'o', context: '' })).toBe('answered');
    expect(seen).toEqual(['call openai', 'step reads']);
  });

  it('implements through a writing step of a call to Anthropic', async () => {
    const { seen, agents } = recording();
    const request = { iteration: 1, objective: 'o', plan: PLAN, feedback: null, diffStat: '', humanFeedback: null, sessionId: null, budgetUsd: null };
    expect(await agents.implementer().implement(request)).toBe('answered');
    expect(seen).toEqual(['call anthropic', 'step writes']);
  });

  it('verifies in a writing step that calls no model', async () => {
    const { seen, agents } = recording();
    expect(await agents.verifier().verify(['npm test'])).toBe('answered');
    expect(seen).toEqual(['step writes']);
  });

  it('reviews through a reading step of a call to OpenAI', async () => {
    const { seen, agents } = recording();
    const request = {
      iteration: 1, objective: 'o', context: '', plan: PLAN, implementation: null, verification: [], diffStat: '',
      hiddenCharacters: NO_HIDDEN_CHARACTERS, baseRef: 'base', headRef: 'HEAD', previousReview: null, humanFeedback: null,
    };
    expect(await agents.reviewer('base', 'HEAD').review(request)).toBe('answered');
    expect(seen).toEqual(['call openai', 'step reads']);
  });

  describe('a change that touches a protected path', () => {
    const request = {
      iteration: 2, objective: 'o', context: '', plan: PLAN, implementation: null, verification: [], diffStat: '',
      hiddenCharacters: NO_HIDDEN_CHARACTERS, baseRef: 'base', headRef: 'HEAD', humanFeedback: null,
      previousReview: { findings: [{ id: 'F1.1', title: 't', priority: 'P1' as const, path: 'src/a.js', start_line: 1, end_line: 1, task_id: null }] },
    };
    function guarded(changed: string[]) {
      const seen: string[] = [];
      const asked: string[][] = [];
      const git = { changedPaths: async (base: string, head: string) => (asked.push([base, head]), changed) } as unknown as Git;
      const base = setup();
      const agents = createAgents({
        ...base,
        git,
        settings: { ...base.settings, protectedPaths: ['.github/workflows/**', 'migrations/**'] },
        call: async (vendor, run) => (seen.push(`call ${vendor}`), run()),
        step: async <T>() => 'answered' as T,
      });
      return { seen, asked, agents };
    }

    it('gets the system revise, naming each protected path, without a call to Codex', async () => {
      const { seen, asked, agents } = guarded(['src/a.js', '.github/workflows/ci.yml', 'migrations/001.sql']);
      const outcome = await agents.reviewer('base-sha', 'HEAD').review(request as never);
      expect(seen).toEqual([]);
      expect(asked).toEqual([['base-sha', 'HEAD']]);
      expect(outcome.value.verdict).toBe('revise');
      expect(outcome.value.findings.map((f) => f.path)).toEqual(['.github/workflows/ci.yml', 'migrations/001.sql']);
      expect(outcome.value.previous_findings.map((p) => [p.id, p.status])).toEqual([['F1.1', 'unresolved']]);
    });

    it('goes to Codex when no protected path changed, or when the review is not guarded (a person\'s pull request)', async () => {
      const clean = guarded(['src/a.js']);
      expect(await clean.agents.reviewer('base', 'HEAD').review(request as never)).toBe('answered');
      expect(clean.seen).toEqual(['call openai']);
      const person = guarded(['.github/workflows/ci.yml']);
      expect(await person.agents.reviewer('base', 'HEAD', { guarded: false }).review(request as never)).toBe('answered');
      expect(person.asked).toEqual([]);
    });
  });
});
