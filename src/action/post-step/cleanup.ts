// The post step's safety net for a job that ended before its main step could clean up (cancelled, killed,
// timed out): the agent user and its processes, the agents' room, and host changes made for Codex's sandbox.
// The main step records each of them as it makes it and clears the record once it has undone it.
import { findPrivilege } from '../../workspace/privilege.js';
import { removeRoom, type RoomRecord } from '../../workspace/agent-room.js';
import { restoreSandbox, type SandboxChange } from '../../workspace/sandbox.js';

export async function cleanUpAfterJob(roomState: string, sandboxState: string, warn: (message: string) => void): Promise<void> {
  const room = parse<RoomRecord>(roomState);
  const changes = parse<SandboxChange[]>(sandboxState) ?? [];
  if (!room && changes.length === 0) return;
  try {
    const priv = await findPrivilege();
    if (room) {
      await removeRoom(priv, room);
      warn(`codex-cto: removed the agents' room ${room.root}${room.user ? ` and the agent user ${room.user.name}` : ''} left by the main step`);
    }
    if (priv) for (const change of changes.reverse()) await restoreSandbox(priv, change, warn);
    else if (changes.length > 0) warn("codex-cto: could not undo the host changes made for Codex's sandbox: no root or passwordless sudo in the post step");
  } catch (error) {
    warn(`codex-cto post step: cleaning up failed: ${(error as Error).message}`);
  }
}

function parse<T>(text: string): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
