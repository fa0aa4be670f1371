// The repository's config file as the base branch holds it, read through the contents API: never from the
// pull request's head or the checkout, which a pull request (or an agent) can change.
import { CONFIG_FILE, MAX_CONFIG_BYTES } from '../../core/model/config-file.js';
import { CtoError } from '../../core/model/errors.js';
import { explain, httpStatus, type Api, type RepoRef } from './client.js';

/** The file's text at `ref`, or null when the branch has no such file. */
export async function readConfigText(api: Api, repo: RepoRef, ref: string): Promise<string | null> {
  let data: unknown;
  try {
    ({ data } = await api.rest.repos.getContent({ ...repo, path: CONFIG_FILE, ref }));
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw explain(`read ${CONFIG_FILE} on ${ref}`, 'contents: read', error);
  }
  const file = data as { type?: unknown; size?: unknown; encoding?: unknown; content?: unknown };
  if (Array.isArray(data) || file.type !== 'file') {
    throw new CtoError('config', `\`${CONFIG_FILE}\` on ${ref} is not a file.`, `Make \`${CONFIG_FILE}\` a YAML file, or remove it.`);
  }
  if (typeof file.size === 'number' && file.size > MAX_CONFIG_BYTES) {
    throw new CtoError('config', `\`${CONFIG_FILE}\` on ${ref} is larger than ${MAX_CONFIG_BYTES / 1024} KB.`, 'A team\'s settings fit in far less; shorten the file.');
  }
  if (file.encoding !== 'base64' || typeof file.content !== 'string') {
    throw new CtoError('github', `Could not read ${CONFIG_FILE} on ${ref}: GitHub sent it without its content.`);
  }
  return Buffer.from(file.content, 'base64').toString('utf8');
}
