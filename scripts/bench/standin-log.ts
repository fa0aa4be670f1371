// Reads what the stand-in agents logged (one JSON line per call): the bytes of each prompt the action
// passed to Codex, by phase. Repair turns (`exec resume`) are left out: they are not plan or review prompts.
import { readFile } from 'node:fs/promises';

export interface PhaseBytes {
  plan: number[];
  review: number[];
}

interface StandinRecord {
  agent?: string;
  command?: string;
  phase?: string;
  promptBytes?: number;
}

export async function readStandinLog(file: string): Promise<PhaseBytes> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const bytes: PhaseBytes = { plan: [], review: [] };
  for (const line of text.split('\n').filter(Boolean)) {
    const record = JSON.parse(line) as StandinRecord;
    if (record.agent !== 'codex' || record.command !== 'exec' || typeof record.promptBytes !== 'number') continue;
    if (record.phase === 'plan' || record.phase === 'review') bytes[record.phase].push(record.promptBytes);
  }
  return bytes;
}
