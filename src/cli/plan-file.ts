// Reading the plan file a review is judged against (`--plan FILE`): a missing, unreadable or non-JSON file
// is named in the error, with what to do.
import { readFile } from 'node:fs/promises';
import { CtoError } from '../core/model/errors.js';

export async function readPlanFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'does not exist' : error.code === 'EISDIR' ? 'is a folder' : `cannot be read (${error.code ?? error.message})`;
    throw new CtoError('settings', `The plan file ${file} (--plan) ${why}.`, 'Pass the plan JSON that `codex-cto plan` printed or saved (.codex-cto/<run-id>/plan-001.json).');
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CtoError('settings', `The plan file ${file} (--plan) is not valid JSON: ${(error as Error).message}`);
  }
}
