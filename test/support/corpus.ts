// Loads the hostile-input corpus (test/corpus/*.json). Samples too large or too invisible to
// write literally are built from parts.
import { readFileSync } from 'node:fs';

/** A literal string, a repetition, or text to hide as Unicode tag characters or variation selectors. */
export type Part =
  | string
  | { repeat: string; times: number }
  | { tags: string }
  | { variationSelectors: string }
  | { json: unknown }
  | { chainedTasks: number };

export type Input = string | Part[];

export interface InjectionSample {
  id: string;
  where: 'issue-title' | 'issue-body' | 'comment' | 'pr-body';
  technique: string;
  description: string;
  input: Input;
  absent?: string[];
  kept?: string[];
  quotedAbsent?: string[];
  command?: string | null;
  notes?: string[];
  maxChars?: number;
  tableCell?: boolean;
}

export type ModelOutputSample = {
  id: string;
  description: string;
  expect: 'accepted' | 'refused';
  /** Some error or message of the parser must contain this (refused samples). */
  errorIncludes?: string;
  /** Set when the parser does not handle this sample yet: the test is expected to fail until it does. */
  knownIssue?: string;
} & (
  | { parser: 'plan' | 'jsonReply'; input: Input | Record<string, unknown> }
  | { parser: 'review'; plan: string | null; input: Input | Record<string, unknown> }
  | { parser: 'claudeResult'; input: { stdout: Input; stderr?: string; exitCode: number | null; timedOut?: boolean }; stopReason: string }
  | { parser: 'codexEvents'; input: Input; threadId: string | null; turnFailed?: string | null; sandboxFailure?: boolean }
);

export function loadCorpus<T>(name: 'injections' | 'model-outputs'): { samples: T[]; plans?: Record<string, unknown> } {
  const url = new URL(`../corpus/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as { samples: T[]; plans?: Record<string, unknown> };
}

/** Builds a sample's text. A plain object (not a list of parts) stands for its JSON text. */
export function buildInput(input: Input | Record<string, unknown>): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return JSON.stringify(input);
  return input.map(buildPart).join('');
}

function buildPart(part: Part): string {
  if (typeof part === 'string') return part;
  if ('repeat' in part) return part.repeat.repeat(part.times);
  if ('tags' in part) return [...part.tags].map((c) => String.fromCodePoint(0xe0000 + (c.codePointAt(0) ?? 0))).join('');
  if ('json' in part) return JSON.stringify(part.json);
  if ('chainedTasks' in part) return chainedPlan(part.chainedTasks);
  // Bytes 0-15 map to U+FE00-FE0F, 16-255 to U+E0100-E01EF: the known smuggling encoding.
  return [...Buffer.from(part.variationSelectors, 'utf8')]
    .map((byte) => String.fromCodePoint(byte < 16 ? 0xfe00 + byte : 0xe0100 + byte - 16))
    .join('');
}

/** A valid plan of `count` tasks where each depends on the next: the deepest walk a cycle search can take. */
function chainedPlan(count: number): string {
  const tasks = Array.from({ length: count }, (_, i) => ({
    id: `T${i + 1}`,
    title: `Step ${i + 1}`,
    action: 'modify_file',
    target: 'src/app.ts',
    description: 'One small step.',
    acceptance_criteria: ['The step is done.'],
    dependencies: i + 1 < count ? [`T${i + 2}`] : [],
  }));
  return JSON.stringify({ objective: 'Many steps.', analysis: 'A long chain.', strategy: 'One at a time.', assumptions: [], open_questions: [], tasks, verification: ['true'] });
}
