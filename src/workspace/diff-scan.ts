// What a change adds that a reviewer cannot see: bidirectional and tag characters (Trojan Source) in the
// lines the local diff adds, for the reviewer's prompt and the posted review.
import type { Git } from './git.js';
import { scanAddedLines, type HiddenCharacterScan } from '../core/model/trojan-source.js';

/** What the process funnel appends to output it cut at its size limit. */
const CUT_NOTE = /\n\[output truncated at \d+ bytes\]$/;

/**
 * Where the change from `base` to `head` adds bidirectional or invisible tag characters (Trojan Source),
 * read from the same local diff (renames paired, no context: only added lines matter). Every setting
 * that could change the diff's shape is given explicitly.
 */
export async function hiddenCharactersAdded(git: Git, base: string, head: string): Promise<HiddenCharacterScan> {
  const diff = await git.run([
    'diff', '-M', '--unified=0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-relative',
    '--src-prefix=a/', '--dst-prefix=b/', '--diff-filter=d', `${base}...${head}`,
  ]);
  const cut = CUT_NOTE.test(diff);
  return scanAddedLines(cut ? diff.replace(CUT_NOTE, '') : diff, { complete: !cut });
}
