// package.json as npm reads it when someone installs codex-cto from a git URL. npm (pacote) runs a full
// `npm install` in its temporary clone when the manifest has any of these scripts: that install downloads
// the whole dev stack, and under `npm install -g` it inherits the global flag and links the global package
// to the clone, which npm deletes afterwards (a dangling `codex-cto`). The bundle in dist/ is committed, so
// a git install needs no preparation: none of these scripts may exist (the bundler is `npm run bundle`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  workspaces?: unknown;
  files: string[];
};

/** The scripts that make npm prepare a git dependency before packing it (pacote's git fetcher). */
const PREPARING = ['preinstall', 'install', 'postinstall', 'build', 'prepack', 'prepare'];

describe('package.json for an install from a git URL', () => {
  it('has no script that makes npm install the dev stack in its clone', () => {
    expect(Object.keys(manifest.scripts).filter((name) => PREPARING.includes(name))).toEqual([]);
    expect(manifest.workspaces).toBeUndefined();
    expect(manifest.scripts.bundle).toBe('node scripts/build.mjs');
  });

  it('keeps every file in the archive GitHub serves for a github: or GitHub https URL (no export-ignore)', () => {
    // npm fetches such a URL as GitHub's `git archive` tarball, which leaves out the paths marked export-ignore.
    const attributes = readFileSync(new URL('../../../.gitattributes', import.meta.url), 'utf8');
    expect(attributes).not.toMatch(/export-ignore/);
  });

  it('needs nothing from a registry at install time: every runtime dependency is in the bundle', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.files).toContain('dist/cli/');
  });
});
