// The README is the front door: its inputs and outputs tables are generated from action.yml, and it
// shows the two quick-start commands that .ci/run and a newcomer rely on.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
// @ts-expect-error a plain ESM script without types
import { renderReadme } from '../../../scripts/readme-tables.mjs';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('README.md', () => {
  it('has the inputs and outputs tables exactly as action.yml declares them', () => {
    const readme = read('README.md');
    expect(renderReadme(readme, read('action.yml'))).toBe(readme);
  });

  it('lists every input of action.yml', () => {
    const readme = read('README.md');
    const names = [...read('action.yml').matchAll(/^ {2}([a-z][a-z0-9-]*):$/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('shows the two quick-start commands, and .ci/run runs the test one', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
    expect(read('.ci/run')).toMatch(/^npm test$/m);
  });
});
