// What the main step leaves for its post step (`core.saveState`): where the tracking comment is and the
// phase it was last written in. The post step has work only when that phase is not an end phase.
export const STATE_THREAD = 'tracking-thread';
export const STATE_COMMENT = 'tracking-comment';
export const STATE_PHASE = 'tracking-phase';
