// bin/codex-cto.js checks the Node version itself, before the bundle loads: its figure is package.json's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('bin/codex-cto.js', () => {
  it('requires the Node major version package.json declares', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const required = /REQUIRED_MAJOR = (\d+);/.exec(read('bin/codex-cto.js'))?.[1];
    expect(engines).toBe(`>=${required}`);
  });

  it('loads the bundle only after the check, with a dynamic import', () => {
    const bin = read('bin/codex-cto.js');
    expect(bin).not.toMatch(/^import /m);
    expect(bin.indexOf("import('../dist/cli/index.js')")).toBeGreaterThan(bin.indexOf('if (major < REQUIRED_MAJOR)'));
  });
});
