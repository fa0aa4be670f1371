// What a run can be asked to do with a loop, on its own so that reading a command (the GitHub side does,
// for every comment) needs none of the rules that answer it (lifecycle.ts).

/** What people can ask of a loop that exists (on GitHub, `/cto <command>` comments). */
export type LoopCommand = 'approve' | 'continue' | 'stop' | 'review';

export const LOOP_COMMANDS: readonly LoopCommand[] = ['review', 'continue', 'stop', 'approve'];

/** What a run is asked to do with a loop: start one, or one of the commands with what it carries. */
export type LoopRequest =
  | { kind: 'start'; objective: string }
  | { kind: 'approve' }
  | { kind: 'continue' }
  | { kind: 'review' }
  | { kind: 'stop'; reason: string };
