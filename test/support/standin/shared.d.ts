// Types of shared.js, for the TypeScript that uses the stand-ins (tests, the bench).
export const LOG_VARIABLE: string;
export function pinnedVersions(): { codex: string; claude: string };
export function loadScenario(): unknown;
export class UsageError extends Error {}
export interface ParsedOptions {
  options: Map<string, string[]>;
  positionals: string[];
}
export interface OptionTable {
  valued: string[][];
  variadic: string[][];
  flags: string[][];
}
export function parseOptions(argv: readonly string[], table: OptionTable): ParsedOptions;
export function lastValue(parsed: ParsedOptions, name: string): string | null;
export function randomId(): string;
export function appendLog(env: Record<string, string | undefined>, record: Record<string, unknown>): void;
