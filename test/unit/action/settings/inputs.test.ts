import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_DEFAULTS, INPUT_NAMES, OUTPUT_NAMES, type InputName } from '../../../../src/action/settings/inputs.js';
import { parseSettings } from '../../../../src/action/settings/settings.js';
import { AGENT_PACKAGES, pinnedAgentVersions } from '../../../../src/core/model/versions.js';

interface ActionYml {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description?: unknown; default?: unknown; required?: unknown }>;
  outputs: Record<string, { description?: unknown }>;
  runs: Record<string, unknown>;
}

const text = readFileSync(new URL('../../../../action.yml', import.meta.url), 'utf8');
const action = parse(text) as ActionYml;

describe('action.yml', () => {
  it('runs the bundle on node24 with a post step', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js' });
  });

  it('has a name, a description and branding', () => {
    expect(action.name).toBe('codex-cto');
    expect(action.description.length).toBeGreaterThan(20);
    expect(action.branding.icon).not.toBe('');
    expect(action.branding.color).not.toBe('');
  });

  it('declares exactly the inputs named in src/action/settings/inputs.ts', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
  });

  it('uses kebab-case names', () => {
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(name).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
  });

  it.each(INPUT_NAMES)('declares the default of %s exactly as src/action/settings/inputs.ts', (name) => {
    const declared = action.inputs[name]?.default;
    const expected = INPUT_DEFAULTS[name as InputName];
    expect(declared === undefined ? undefined : String(declared)).toBe(expected);
  });

  it.each(INPUT_NAMES)('describes %s and states its default', (name) => {
    const input = action.inputs[name];
    expect(typeof input?.description).toBe('string');
    const description = String(input?.description);
    expect(description).toMatch(/Default: /);
    const declared = INPUT_DEFAULTS[name as InputName];
    if (declared === undefined) return;
    // The expression default is described in words that still name it.
    const shownDefault = declared.replace(/^\$\{\{\s*(.*?)\s*\}\}$/, '$1');
    expect(description.slice(description.indexOf('Default: '))).toContain(shownDefault);
  });

  it('marks no input required, so a missing key is reported by the settings check instead', () => {
    for (const input of Object.values(action.inputs)) expect(input.required ?? false).toBe(false);
  });

  it('says the agent versions default to the package.json pins', () => {
    for (const agent of ['codex', 'claude'] as const) {
      const description = String(action.inputs[`${agent}-version`]?.description);
      expect(description).toContain('package.json');
      expect(description).toContain(AGENT_PACKAGES[agent]);
    }
  });

  it('declares every output, each described', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    for (const output of Object.values(action.outputs)) expect(String(output.description ?? '').length).toBeGreaterThan(10);
  });

  it('has defaults that parse as valid settings', () => {
    const read = (name: string): string => (name === 'github-token' ? 'token' : String(action.inputs[name]?.default ?? ''));
    const settings = parseSettings(read, { pinned: pinnedAgentVersions() });
    expect(settings.maxIterations).toBe(5);
    expect(settings.codexVersion).toBe(pinnedAgentVersions().codex);
  });
});
