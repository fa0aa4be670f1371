// What a CLI command gets from the process (through src/entrypoints/cli.ts): its directory, environment,
// output streams and Ctrl-C. Tests hand in their own.
import type { CliCommand } from './args.js';

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Calls `listener` on Ctrl-C until the returned function is called. */
  onInterrupt: (listener: () => void) => () => void;
}

/** One kind of parsed command line. */
export type Command<K extends CliCommand['kind']> = Extract<CliCommand, { kind: K }>;
