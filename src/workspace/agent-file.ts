// Reading a file an agent wrote, as the action (the runner user or root). The agent owns the folder, so the
// name may be a symbolic link to a file only the action can read (`/proc/<pid>/environ`, the runner's
// credentials), a hard link to one, or a FIFO that never ends: each is refused, and the size is bounded.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CtoError } from '../core/model/errors.js';

/** The text of the regular file at `path`, at most `maxBytes` long; '' when it does not exist. */
export async function readAgentFile(path: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    // O_NOFOLLOW: a link in the last component fails (ELOOP); O_NONBLOCK: a FIFO does not hang the open.
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '';
    if (code === 'ELOOP') throw refused(path, 'it is a symbolic link');
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refused(path, 'it is not a regular file');
    if (info.nlink !== 1) throw refused(path, 'it is a hard link to another file');
    if (info.size > maxBytes) throw refused(path, `it holds ${info.size} bytes, more than ${maxBytes}`);
    const buffer = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(buffer, 0, info.size, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function refused(path: string, why: string): CtoError {
  return new CtoError('agent-output', `The agent's output file ${path} was not read: ${why}.`, 'An agent that plants links in its output is hostile: look at what it ran.');
}
