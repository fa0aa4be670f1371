import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installSkill, MANIFEST, parseManifest, sha256, uninstallSkill } from '../../../src/cli/skill-install.js';
import type { SkillFile } from '../../../src/cli/skill-text.js';

const FILES: SkillFile[] = [
  { path: 'SKILL.md', text: '---\nname: codex-cto\ndescription: d\n---\nbody\n' },
  { path: 'reference.md', text: '# reference\n' },
];
const SKILL = 'skills/codex-cto';

describe('installing and removing the skill', () => {
  let root: string;
  let home: string;
  let dir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cto-skill-'));
    home = join(root, '.claude');
    dir = join(home, SKILL);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the files and a manifest of their hashes and of the folders it created', async () => {
    const result = await installSkill(home, SKILL, FILES);
    expect(result).toEqual({ dir, written: ['SKILL.md', 'reference.md'], updated: false });
    expect(await readFile(join(dir, 'SKILL.md'), 'utf8')).toBe(FILES[0]!.text);
    const manifest = parseManifest(await readFile(join(dir, MANIFEST), 'utf8'));
    expect(manifest?.files).toEqual({ 'SKILL.md': sha256(FILES[0]!.text), 'reference.md': sha256(FILES[1]!.text) });
    expect(manifest?.created).toEqual(['skills/codex-cto', 'skills', '.']);
  });

  it('removes exactly what it wrote, folders it created included', async () => {
    await installSkill(home, SKILL, FILES);
    const result = await uninstallSkill(home, SKILL);
    expect(result).toEqual({ dir, removed: ['SKILL.md', 'reference.md'], kept: [] });
    expect(await readdir(root)).toEqual([]);
  });

  it('keeps a folder it created that now holds files of someone else, and the folders above it', async () => {
    await installSkill(home, SKILL, FILES);
    await writeFile(join(dir, 'notes.md'), 'mine\n');
    const result = await uninstallSkill(home, SKILL);
    expect(result?.kept).toEqual([dir]);
    expect(await readdir(dir)).toEqual(['notes.md']);
  });

  it('keeps a folder that existed before, and one that holds files of someone else', async () => {
    await mkdir(join(home, 'skills', 'other'), { recursive: true });
    await installSkill(home, SKILL, FILES);
    await writeFile(join(dir, 'notes.md'), 'mine\n');
    const result = await uninstallSkill(home, SKILL);
    expect(result?.kept).toEqual([dir]);
    expect((await readdir(dir)).sort()).toEqual(['notes.md']);
    expect(await readdir(join(home, 'skills'))).toEqual(['codex-cto', 'other']);
  });

  it('refuses to remove anything when a file changed since it was written', async () => {
    await installSkill(home, SKILL, FILES);
    await writeFile(join(dir, 'reference.md'), '# my notes\n');
    await expect(uninstallSkill(home, SKILL)).rejects.toThrow('reference.md changed since codex-cto wrote it; nothing was removed');
    expect((await readdir(dir)).sort()).toEqual([MANIFEST, 'SKILL.md', 'reference.md']);
  });

  it('refuses to remove a skill folder it did not write', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'SKILL.md'), 'theirs\n');
    await expect(uninstallSkill(home, SKILL)).rejects.toThrow(`${dir} was not written by codex-cto`);
    expect(await readFile(join(dir, 'SKILL.md'), 'utf8')).toBe('theirs\n');
  });

  it('says there is nothing to remove when nothing is installed', async () => {
    expect(await uninstallSkill(home, SKILL)).toBeNull();
  });

  it('refuses to overwrite a file it did not write, or one changed since', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'SKILL.md'), 'theirs\n');
    await expect(installSkill(home, SKILL, FILES)).rejects.toThrow('SKILL.md exists and was not written by codex-cto');
    expect(await readFile(join(dir, 'SKILL.md'), 'utf8')).toBe('theirs\n');
    await rm(dir, { recursive: true });
    await installSkill(home, SKILL, FILES);
    await writeFile(join(dir, 'SKILL.md'), 'edited\n');
    await expect(installSkill(home, SKILL, FILES)).rejects.toThrow('SKILL.md changed since codex-cto wrote it');
  });

  it('refuses a symbolic link in place of a file', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(root, 'elsewhere.md'), 'x\n');
    await symlink(join(root, 'elsewhere.md'), join(dir, 'reference.md'));
    await expect(installSkill(home, SKILL, FILES)).rejects.toThrow('reference.md is not a plain file');
  });

  it('updates an unchanged installation, removing a file the new version no longer has', async () => {
    await installSkill(home, SKILL, [...FILES, { path: 'old.md', text: 'old\n' }]);
    const result = await installSkill(home, SKILL, [{ path: 'SKILL.md', text: 'new\n' }, FILES[1]!]);
    expect(result.updated).toBe(true);
    expect((await readdir(dir)).sort()).toEqual([MANIFEST, 'SKILL.md', 'reference.md']);
    expect((await uninstallSkill(home, SKILL))?.removed).toEqual(['SKILL.md', 'reference.md']);
    expect(await readdir(root)).toEqual([]);
  });
});

describe('the manifest', () => {
  it('accepts only what codex-cto writes: relative paths inside the folder and SHA-256 hashes', () => {
    const hash = sha256('x');
    expect(parseManifest(JSON.stringify({ written_by: 'codex-cto', files: { 'SKILL.md': hash }, created: ['.'] }))).not.toBeNull();
    for (const files of [{ '../escape.md': hash }, { '/etc/passwd': hash }, { 'SKILL.md': 'short' }]) {
      expect(parseManifest(JSON.stringify({ written_by: 'codex-cto', files, created: [] }))).toBeNull();
    }
    expect(parseManifest(JSON.stringify({ written_by: 'codex-cto', files: {}, created: ['../..'] }))).toBeNull();
    expect(parseManifest(JSON.stringify({ written_by: 'someone', files: {}, created: [] }))).toBeNull();
    expect(parseManifest('not json')).toBeNull();
  });
});
