// Types of claude.js, for the TypeScript that uses the stand-ins (tests, the bench).
import type { StandinIo } from './codex.js';

export const LARGE_FILES_VARIABLE: string;
export const LARGE_BYTES_VARIABLE: string;
export const WORK_SECONDS_VARIABLE: string;
export type ClaudeRequest =
  | { kind: 'version' }
  | {
      kind: 'print';
      prompt: string;
      outputFormat: 'text' | 'json' | 'stream-json';
      resume: string | null;
      forkSession: boolean;
      maxTurns: number | null;
      maxBudgetUsd: number | null;
      tools: string[];
      allowedTools: string[];
      permissionMode: string | null;
      model: string | null;
    };
export function parseClaudeArgs(argv: readonly string[]): ClaudeRequest;
export function splitRules(text: string): string[];
export function projectSlug(cwd: string): string;
export function largeChange(count: number, bytes: number): Record<string, string>;
export function runClaude(argv: readonly string[], io: StandinIo): number;
