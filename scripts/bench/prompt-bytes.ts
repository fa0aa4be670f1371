// The bytes of each prompt the action passed to Codex, by phase: from the stand-in's log (one JSON line per
// call), or from what the real CLI sent the scripted model server. Repair turns are left out: they are not
// plan or review prompts.
import { readFile } from 'node:fs/promises';
import type { CapturedOpenAIRequest } from '../../test/support/openai-server.js';
import { requestText } from '../../test/support/scenario.js';

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

/** The action's prompt as the real CLI forwarded it: the user message that starts the phase. */
export function promptBytesSeenByServer(requests: readonly CapturedOpenAIRequest[]): PhaseBytes {
  const bytes: PhaseBytes = { plan: [], review: [] };
  const seen = new Set<string>();
  for (const request of requests) {
    const text = promptIn(request.body);
    if (text === null || seen.has(text)) continue;
    seen.add(text);
    bytes[phaseOf(request.body)].push(Buffer.byteLength(text, 'utf8'));
  }
  return bytes;
}

export function requestBytesSeenByServer(requests: readonly CapturedOpenAIRequest[]): PhaseBytes {
  const bytes: PhaseBytes = { plan: [], review: [] };
  const byThread = new Map<string, { phase: keyof PhaseBytes; bytes: number }>();
  for (const request of requests) {
    const thread = String(request.headers['session-id'] ?? request.headers['thread-id'] ?? '');
    const entry = byThread.get(thread) ?? { phase: phaseOf(request.body), bytes: 0 };
    entry.bytes += Buffer.byteLength(JSON.stringify(request.body), 'utf8');
    byThread.set(thread, entry);
  }
  for (const { phase, bytes: total } of byThread.values()) bytes[phase].push(total);
  return bytes;
}

function phaseOf(body: unknown): keyof PhaseBytes {
  return requestText(body).includes('review iteration') ? 'review' : 'plan';
}

/** The text of the user message holding the action's prompt (it carries "# Your task now"). */
function promptIn(body: unknown): string | null {
  const input = (body as { input?: unknown })?.input;
  if (!Array.isArray(input)) return null;
  for (const item of input as { role?: string; content?: { type?: string; text?: string }[] }[]) {
    if (item?.role !== 'user' || !Array.isArray(item.content)) continue;
    const text = item.content.map((part) => (part?.type === 'input_text' ? (part.text ?? '') : '')).join('');
    if (text.includes('# Your task now')) return text;
  }
  return null;
}
