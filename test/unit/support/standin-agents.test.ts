// The stand-in agents accept exactly the command lines the action builds (taken from the product's own
// argv builders), refuse what the real CLIs refuse, replay the greeter story, and stay in step with it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claudeArgs, type ClaudeOptions } from '../../../src/agents/claude-args.js';
import { codexExecArgs, codexResumeArgs, type CodexArgsOptions } from '../../../src/agents/codex-args.js';
import { planPrompt, reviewPrompt } from '../../../src/agents/prompts.js';
import type { ImplementRequest } from '../../../src/core/ports.js';
import { parseClaudeArgs, projectSlug, largeChange, runClaude } from '../../support/standin/claude.js';
import { answerFor, parseCodexArgs, phaseOf, runCodex } from '../../support/standin/codex.js';
import { scenarioJsonText, SCENARIO_JSON, standinScenario } from '../../support/standin/scenario-data.js';
import { parseOptions } from '../../support/standin/shared.js';
import { APPROVE, PLAN, REVISE } from '../../support/scenario.js';
import { NO_HIDDEN_CHARACTERS } from '../../../src/core/model/trojan-source.js';

const CODEX: CodexArgsOptions = { workdir: '/repo', model: 'gpt-5.5', reasoningEffort: 'high', configOverrides: ['model_provider="gw"'] };
const FILES = { schema: '/scratch/plan.schema.json', output: '/scratch/reply-1.txt' };
const CLAUDE: ClaudeOptions = { binary: 'claude', workdir: '/repo', env: {}, model: 'sonnet', maxTurns: 40, allowedTools: ['Read', 'Write', 'Bash(npm test:*)'], timeoutMs: 60_000 };
const IMPLEMENT: ImplementRequest = { iteration: 1, objective: PLAN.objective, plan: PLAN, feedback: null, diffStat: '', humanFeedback: null, sessionId: null, budgetUsd: 4.5 };

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'standin-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function capture(env: Record<string, string>, cwd: string) {
  const out = { stdout: '', stderr: '' };
  const io = { env, cwd, stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text) };
  return { io, out };
}

describe('stand-in codex arguments', () => {
  it('reads the first turn the action builds', () => {
    const request = parseCodexArgs(codexExecArgs(CODEX, FILES, '--- a prompt that starts like an option'));
    expect(request).toMatchObject({ kind: 'exec', resume: false, prompt: '--- a prompt that starts like an option', cwd: '/repo', output: FILES.output, schema: FILES.schema, json: true, sandbox: 'read-only' });
  });

  it('reads the repair turn the action builds, thread id then prompt', () => {
    const request = parseCodexArgs(codexResumeArgs(CODEX, FILES, 'thread-1', 'fix it'));
    expect(request).toMatchObject({ kind: 'exec', resume: true, threadId: 'thread-1', prompt: 'fix it', sandbox: null });
  });

  it('answers --version alone and refuses what the real CLI refuses', () => {
    expect(parseCodexArgs(['--version'])).toEqual({ kind: 'version' });
    expect(() => parseCodexArgs(['exec', '--full-auto', 'x'])).toThrow(/unexpected argument '--full-auto'/);
    expect(() => parseCodexArgs(['exec', '--sandbox', 'wide-open', 'x'])).toThrow(/invalid value/);
    expect(() => parseCodexArgs(['exec', 'resume', '--sandbox', 'read-only', 'id', 'x'])).toThrow(/--sandbox/);
    expect(() => parseCodexArgs(['exec', '-c', 'no-equals', 'x'])).toThrow(/key=value/);
    expect(() => parseCodexArgs(['exec', '--json'])).toThrow(/prompt/);
    expect(() => parseCodexArgs(['login'])).toThrow(/only/);
  });

  it('tells the plan from each review by the prompt the action writes', () => {
    expect(phaseOf(planPrompt({ persona: 'CTO', objective: 'x', context: '' }))).toEqual({ name: 'plan', iteration: 0 });
    const review = (iteration: number) =>
      reviewPrompt({
        persona: 'CTO',
        request: {
          iteration, objective: 'x', context: '', plan: PLAN, implementation: null, verification: [], diffStat: '', hiddenCharacters: NO_HIDDEN_CHARACTERS,
          baseRef: 'main', headRef: 'HEAD', previousReview: null, humanFeedback: null,
        },
      });
    expect(phaseOf(review(2))).toEqual({ name: 'review', iteration: 2 });
    expect(answerFor(phaseOf(review(1)), standinScenario())).toEqual(REVISE);
    expect(answerFor(phaseOf(review(7)), standinScenario())).toEqual(APPROVE);
  });
});

describe('stand-in claude arguments', () => {
  it('reads the first and the resumed run the action builds', () => {
    const first = parseClaudeArgs(claudeArgs(IMPLEMENT, CLAUDE));
    expect(first).toMatchObject({ kind: 'print', outputFormat: 'stream-json', resume: null, maxTurns: 40, maxBudgetUsd: 4.5, tools: ['Read', 'Write', 'Bash'], permissionMode: 'acceptEdits', model: 'sonnet' });
    expect(first.kind === 'print' && first.allowedTools).toEqual(['Read', 'Bash(npm test:*)']);
    const resumed = parseClaudeArgs(claudeArgs({ ...IMPLEMENT, iteration: 2, sessionId: 'session-1' }, CLAUDE));
    expect(resumed).toMatchObject({ kind: 'print', resume: 'session-1' });
  });

  it('answers --version alone and refuses what the real CLI refuses', () => {
    expect(parseClaudeArgs(['-v'])).toEqual({ kind: 'version' });
    expect(() => parseClaudeArgs(['do it'])).toThrow(/-p/);
    expect(() => parseClaudeArgs(['-p', '--output-format', 'stream-json', 'x'])).toThrow(/--verbose/);
    expect(() => parseClaudeArgs(['-p', '--max-turns', '0', 'x'])).toThrow(/--max-turns/);
    expect(() => parseClaudeArgs(['-p', '--permission-mode', 'yolo', 'x'])).toThrow(/--permission-mode/);
    expect(() => parseClaudeArgs(['-p', '--tools'])).toThrow(/at least one value/);
    expect(() => parseClaudeArgs(['-p', '--no-such-flag', 'x'])).toThrow(/unexpected argument/);
  });

  it('names project directories as the real CLI does', () => {
    expect(projectSlug('/home/runner/work/my repo.git')).toBe('-home-runner-work-my-repo-git');
  });
});

describe('option parsing', () => {
  it('stops variadic options at the next option and everything at --', () => {
    const table = { valued: [['-m', '--model']], variadic: [['--tools']], flags: [['-p']] };
    const parsed = parseOptions(['--tools', 'A', 'B', '--model=x', '-m', 'y', '-p', '--', '-p', 'rest'], table);
    expect(parsed.options.get('--tools')).toEqual(['A', 'B']);
    expect(parsed.options.get('-m')).toEqual(['x', 'y']);
    expect(parsed.positionals).toEqual(['-p', 'rest']);
  });
});

describe('stand-in runs', () => {
  it('codex writes the plan to -o, reports the thread, and repairs within the same phase', () => {
    const home = tempDir();
    const first = capture({ CODEX_HOME: home }, home);
    const output = join(home, 'reply.txt');
    expect(runCodex(codexExecArgs(CODEX, { ...FILES, output }, 'plan please'), first.io)).toBe(0);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual(PLAN);
    const events = first.out.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; thread_id?: string });
    expect(events.map((e) => e.type)).toEqual(['thread.started', 'turn.started', 'item.completed', 'turn.completed']);
    const repair = capture({ CODEX_HOME: home }, home);
    expect(runCodex(codexResumeArgs(CODEX, { ...FILES, output }, events[0]?.thread_id as string, 'that was invalid'), repair.io)).toBe(0);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual(PLAN);
    const unknown = capture({ CODEX_HOME: home }, home);
    expect(runCodex(codexResumeArgs(CODEX, FILES, 'no-such-thread', 'x'), unknown.io)).toBe(1);
  });

  it('claude replays iteration 1, then the resumed fix, keeping the session where the action looks', () => {
    const config = tempDir();
    const work = tempDir();
    const first = capture({ CLAUDE_CONFIG_DIR: config }, work);
    expect(runClaude(claudeArgs(IMPLEMENT, CLAUDE), first.io)).toBe(0);
    // The stream's last line is the result object.
    const result = JSON.parse(first.out.stdout.trim().split('\n').at(-1) ?? '') as { type: string; is_error: boolean; session_id: string; total_cost_usd: number };
    expect(result).toMatchObject({ type: 'result', is_error: false });
    expect(result.total_cost_usd).toBeGreaterThan(0);
    expect(readFileSync(join(work, 'test/greet.test.js'), 'utf8')).not.toContain('does not shout');
    expect(readFileSync(join(config, 'projects', projectSlug(work), `${result.session_id}.jsonl`), 'utf8')).not.toBe('');

    const resumed = capture({ CLAUDE_CONFIG_DIR: config }, work);
    expect(runClaude(claudeArgs({ ...IMPLEMENT, sessionId: result.session_id }, CLAUDE), resumed.io)).toBe(0);
    expect(readFileSync(join(work, 'test/greet.test.js'), 'utf8')).toContain('does not shout when shout is false');

    const lost = capture({ CLAUDE_CONFIG_DIR: config }, work);
    expect(runClaude(claudeArgs({ ...IMPLEMENT, sessionId: 'gone' }, CLAUDE), lost.io)).toBe(1);
    expect(lost.out.stderr).toContain('No conversation found');
  });

  it('makes a large change of the asked size', () => {
    const files = largeChange(20, 40_000);
    const sizes = Object.values(files).map((content) => content.length);
    expect(Object.keys(files)).toHaveLength(20);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(40_000);
    expect(Math.max(...sizes)).toBeLessThan(2_000 + 200);
  });
});

describe('stand-in scenario data', () => {
  it('is the greeter story of scenario.ts (regenerate with the command in scenario-data.ts)', () => {
    expect(readFileSync(SCENARIO_JSON, 'utf8')).toBe(scenarioJsonText());
  });
});
