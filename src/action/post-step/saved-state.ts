// What the main step leaves for its post step (`core.saveState`): where the tracking comment is and the
// phase it was last written in (the post step has work only when that phase is not an end phase), and the
// loop lock this run holds, released by the post step when the main step could not.
export const STATE_THREAD = 'tracking-thread';
export const STATE_COMMENT = 'tracking-comment';
export const STATE_PHASE = 'tracking-phase';
/** The agents' room and agent user (JSON), removed by the post step when the main step could not. */
export const STATE_ROOM = 'agent-room';
/** Host changes made for Codex's sandbox (JSON list), undone by the post step when the main step could not. */
export const STATE_SANDBOX = 'sandbox-changes';
/** The loop lock this run holds (JSON `{ref, sha}`), '' once released. */
export const STATE_LOCK = 'loop-lock';
