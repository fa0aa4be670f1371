import { describe, expect, it } from 'vitest';
import { claudeProjectKey, claudeSessionFile, CLAUDE_SESSION_ID } from '../../../src/workspace/claude-sessions.js';

describe("Claude Code's session files", () => {
  it('keys a working directory as the CLI does: every character but ASCII letters and digits becomes -', () => {
    expect(claudeProjectKey('/tmp/codex-cto-AbC123/work')).toBe('-tmp-codex-cto-AbC123-work');
    expect(claudeProjectKey('/tmp/exp-a/work.x')).toBe('-tmp-exp-a-work-x');
  });

  it('puts a session under the key of the directory Claude runs in', () => {
    expect(claudeSessionFile('/home/agent/.claude', '/tmp/room/work', '0b8f7a52-1c3d-4e5f-8a9b-0c1d2e3f4a5b')).toBe(
      '/home/agent/.claude/projects/-tmp-room-work/0b8f7a52-1c3d-4e5f-8a9b-0c1d2e3f4a5b.jsonl',
    );
  });

  it('names no file after anything but a session id', () => {
    for (const bad of ['../../etc/passwd', '0b8f7a52-1c3d-4e5f-8a9b-0c1d2e3f4a5b/..', '', 'ABC']) {
      expect(CLAUDE_SESSION_ID.test(bad)).toBe(false);
      expect(() => claudeSessionFile('/c', '/w', bad)).toThrow(/not a Claude Code session id/);
    }
  });
});
