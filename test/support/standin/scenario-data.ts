// The greeter story of scenario.ts as plain data for the stand-in agents, which are dependency-free
// JavaScript and cannot import TypeScript. scenario.json beside this file is generated from here; a
// unit test keeps the two equal. Regenerate with:
//   node --import ./demo/ts-hooks.mjs test/support/standin/scenario-data.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plan, Review } from '../../../src/core/model/schema-types.js';
import { APPROVE, CLAUDE_SCRIPT, PLAN, REVISE } from '../scenario.js';

export interface StandinIteration {
  /** Files written in the working directory, by relative path. */
  files: Record<string, string>;
  /** Claude's final message of the iteration. */
  text: string;
  /** Model turns the iteration took. */
  turns: number;
}

export interface StandinScenario {
  plan: Plan;
  /** Review N answers `review iteration N`; later reviews repeat the last one. */
  reviews: Review[];
  /** Iteration 1 is a new session; each `--resume` takes the next one (the last repeats). */
  implementations: StandinIteration[];
}

export const SCENARIO_JSON = fileURLToPath(new URL('./scenario.json', import.meta.url));

const CWD_PREFIX = '{{cwd}}/';

/** CLAUDE_SCRIPT split into iterations: an iteration ends with the first turn that calls no tool. */
export function implementationsOf(script: typeof CLAUDE_SCRIPT): StandinIteration[] {
  const iterations: StandinIteration[] = [];
  let files: Record<string, string> = {};
  let turns = 0;
  for (const turn of script) {
    turns += 1;
    if ('tools' in turn && turn.tools.length > 0) {
      for (const tool of turn.tools) {
        const input = tool.input as { file_path?: unknown; content?: unknown };
        if (tool.name !== 'Write' || typeof input.file_path !== 'string' || typeof input.content !== 'string') {
          throw new Error(`the stand-in replays Write calls only, not ${tool.name}`);
        }
        if (!input.file_path.startsWith(CWD_PREFIX)) throw new Error(`the stand-in writes inside its cwd only: ${input.file_path}`);
        files[input.file_path.slice(CWD_PREFIX.length)] = input.content;
      }
      continue;
    }
    if (!('text' in turn) || typeof turn.text !== 'string') throw new Error('an iteration must end with a text turn');
    iterations.push({ files, text: turn.text, turns });
    files = {};
    turns = 0;
  }
  return iterations;
}

export function standinScenario(): StandinScenario {
  return { plan: PLAN, reviews: [REVISE, APPROVE], implementations: implementationsOf(CLAUDE_SCRIPT) };
}

export function scenarioJsonText(): string {
  return `${JSON.stringify(standinScenario(), null, 2)}\n`;
}

if (import.meta.main) writeFileSync(SCENARIO_JSON, scenarioJsonText());
