import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeConfigDir, sessionIsHere } from '../../../src/agents/claude-session.js';

const SESSION = '78b9b08b-8fef-4580-9643-5dfc16f1b1da';

describe('claudeConfigDir', () => {
  it('prefers CLAUDE_CONFIG_DIR, then ~/.claude, else does not know', () => {
    expect(claudeConfigDir({ CLAUDE_CONFIG_DIR: '/cfg', HOME: '/home/me' })).toBe('/cfg');
    expect(claudeConfigDir({ HOME: '/home/me' })).toBe(join('/home/me', '.claude'));
    expect(claudeConfigDir({ CLAUDE_CONFIG_DIR: '', HOME: '' })).toBeNull();
  });
});

describe('sessionIsHere', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'claude-session-'));
    await mkdir(join(dir, 'with', 'projects', '-work-repo'), { recursive: true });
    await mkdir(join(dir, 'with', 'projects', '-elsewhere'), { recursive: true });
    await writeFile(join(dir, 'with', 'projects', '-work-repo', `${SESSION}.jsonl`), '{}\n');
    await mkdir(join(dir, 'empty'), { recursive: true });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds a session kept under any project', async () => {
    expect(await sessionIsHere(join(dir, 'with'), SESSION)).toBe(true);
  });

  it('says no for a session from another machine, or a config directory without sessions', async () => {
    expect(await sessionIsHere(join(dir, 'with'), '00000000-0000-4000-8000-000000000000')).toBe(false);
    expect(await sessionIsHere(join(dir, 'empty'), SESSION)).toBe(false);
    expect(await sessionIsHere(join(dir, 'missing'), SESSION)).toBe(false);
  });

  it('never looks up an id that could name another path', async () => {
    await writeFile(join(dir, 'with', 'projects', 'escape.jsonl'), '{}\n');
    expect(await sessionIsHere(join(dir, 'with'), '../escape')).toBe(false);
    expect(await sessionIsHere(null, '../escape')).toBe(false);
  });

  it('leaves the decision to the CLI when the config directory is unknown', async () => {
    expect(await sessionIsHere(null, SESSION)).toBe(true);
  });
});
