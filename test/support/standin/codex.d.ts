// Types of codex.js, for the TypeScript that uses the stand-ins (tests, the bench).
export interface StandinIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}
export type CodexRequest =
  | { kind: 'version' }
  | {
      kind: 'exec';
      resume: boolean;
      last: boolean;
      threadId: string | null;
      prompt: string;
      cwd: string | null;
      output: string | null;
      schema: string | null;
      json: boolean;
      sandbox: string | null;
      config: string[];
    };
export interface Phase {
  name: 'plan' | 'review';
  iteration: number;
}
export function parseCodexArgs(argv: readonly string[]): CodexRequest;
export function phaseOf(prompt: string): Phase;
export function answerFor(phase: Phase, scenario: { plan: unknown; reviews: unknown[] }): unknown;
export function runCodex(argv: readonly string[], io: StandinIo): number;
