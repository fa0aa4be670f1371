// What a run can be asked to do with a loop, on its own so that reading a command (the GitHub side does,
// for every comment) needs none of the rules that answer it (lifecycle.ts).
import type { HumanFeedback } from './model/schema-types.js';

/** What people can ask of a loop that exists (on GitHub, `/cto <command>` comments). */
export type LoopCommand = 'approve' | 'continue' | 'revise' | 'stop' | 'review';

export const LOOP_COMMANDS: readonly LoopCommand[] = ['review', 'continue', 'revise', 'stop', 'approve'];

/** What a run is asked to do with a loop: start one, or one of the commands with what it carries. */
export type LoopRequest =
  | { kind: 'start'; objective: string }
  | { kind: 'approve' }
  /** Go on from a pause, with a person's guidance when they gave some. */
  | { kind: 'continue'; feedback: HumanFeedback | null }
  /** One more iteration for a person's feedback (a revise command, a pull request review), within the cap. */
  | { kind: 'revise'; feedback: HumanFeedback }
  | { kind: 'review' }
  | { kind: 'stop'; reason: string };
