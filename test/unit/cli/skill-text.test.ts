// The skill as Claude Code reads it: frontmatter it accepts (a name equal to the folder, a description it
// lists, the arguments placeholder), and a protocol that says what codex-cto really does.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCli } from '../../../src/cli/args.js';
import { verdictExitCode } from '../../../src/cli/run-history.js';
import { SKILL_NAME, skillFiles } from '../../../src/cli/skill-text.js';

const files = skillFiles();
const skillMd = files.find((file) => file.path === 'SKILL.md')?.text ?? '';
const reference = files.find((file) => file.path === 'reference.md')?.text ?? '';
const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(skillMd);

describe('the skill files', () => {
  it('are SKILL.md and the reference it points to', () => {
    expect(files.map((file) => file.path)).toEqual(['SKILL.md', 'reference.md']);
    expect(skillMd).toContain('reference.md');
  });

  it('open SKILL.md with YAML frontmatter Claude Code reads: name, description, argument hint, allowed tools', () => {
    expect(frontmatter).not.toBeNull();
    const fields = parse(frontmatter?.[1] ?? '') as Record<string, unknown>;
    expect(Object.keys(fields).sort()).toEqual(['allowed-tools', 'argument-hint', 'description', 'name']);
    expect(fields.name).toBe(SKILL_NAME);
    expect(fields.name).toMatch(/^[a-z0-9-]{1,64}$/);
    expect(typeof fields.description).toBe('string');
    expect((fields.description as string).length).toBeLessThanOrEqual(1024);
    expect(fields['allowed-tools']).toBe('Bash(codex-cto *)');
  });

  it('put the request where Claude Code substitutes it', () => {
    expect(skillMd).toContain('The request: $ARGUMENTS');
  });

  it('call plan and review with flags codex-cto accepts', () => {
    const commands = skillMd.split('\n').filter((line) => line.startsWith('codex-cto '));
    expect(commands).toHaveLength(2);
    const plan = parseCli(['plan', '--json', 'objective']);
    expect(plan).toMatchObject({ kind: 'plan', json: true });
    const review = parseCli(['review', '--json', '--run', 'RUN', '--plan', '.codex-cto/RUN/plan-001.json', '--max-iterations', '5', 'text']);
    expect(review).toMatchObject({ kind: 'review', json: true, runId: 'RUN', maxIterations: 5 });
    expect(commands[0]).toBe('codex-cto plan --json "<objective>"');
    expect(commands[1]).toMatch(/^codex-cto review --json --run <RUN> --plan \.codex-cto\/<RUN>\/plan-001\.json --max-iterations N "/);
  });

  it('give the exit codes codex-cto review returns', () => {
    const said = `0 approve, 2 revise, 3 abort, 4 needs_human`;
    expect(skillMd.replace(/\s+/g, ' ')).toContain(said);
    for (const verdict of ['approve', 'revise', 'abort', 'needs_human'] as const) {
      expect(said).toContain(`${verdictExitCode(verdict)} ${verdict}`);
      expect(reference).toMatch(new RegExp(`\\| ${verdictExitCode(verdict)} \\|.*\\| ${verdict} \\|`));
    }
  });

  it('keep the protocol: dependency order, verification, revised tasks and verification, the limits, abort and needs_human', () => {
    const text = skillMd.replace(/\s+/g, ' ');
    for (const rule of ['dependency order', 'verification', 'revised_tasks', 'revised_verification', 'At most N reviews (default 5)', 'After 3 `revise` verdicts in a row', '**abort**', '**needs_human**']) {
      expect(text).toContain(rule);
    }
  });
});
