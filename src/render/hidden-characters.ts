// The warning on a review whose change adds hidden Unicode characters (Trojan Source), in the spirit of
// GitHub's own "This file contains bidirectional Unicode text" banner: where, and which characters.
import { describeCharacters, type HiddenCharacterScan } from '../core/model/trojan-source.js';
import { clip, code } from './escape.js';
import type { Detail } from './fit.js';
import { FIELD_LIMITS } from './parts.js';

export const HIDDEN_CHARACTERS_HEADING = '#### Warning: hidden or bidirectional Unicode text';

/** The warning section, or nothing when the change adds no such characters and was read whole. */
export function hiddenCharactersSection(scan: HiddenCharacterScan, detail: Detail): string[] {
  const cut = scan.complete ? null : '_The diff was too large to check completely: lines past the size limit were not checked._';
  if (scan.findings.length === 0) return cut === null ? [] : [HIDDEN_CHARACTERS_HEADING, cut];
  const lines = scan.findings.length + scan.more;
  const intro =
    `This change adds ${lines === 1 ? 'a line' : `${lines} lines`} with characters that can make code read differently from how it runs: ` +
    'bidirectional controls reorder text on screen, tag characters are invisible. Open these lines in an editor that reveals hidden ' +
    'Unicode characters before trusting what the diff shows.';
  const shown = detail === 'minimal' ? [] : scan.findings;
  const items = shown.map((found) => `- ${code(clip(found.path, FIELD_LIMITS.target))} line ${found.line}: ${describeCharacters(found)}`);
  const left = lines - shown.length;
  if (left > 0) items.push(shown.length === 0 ? `- ${filesOf(scan)}` : `- and ${left} more line${left === 1 ? '' : 's'}`);
  return [HIDDEN_CHARACTERS_HEADING, intro, items.join('\n'), ...(cut === null ? [] : [cut])];
}

function filesOf(scan: HiddenCharacterScan): string {
  const files = [...new Set(scan.findings.map((found) => found.path))];
  const named = files.slice(0, 5).map((path) => code(clip(path, FIELD_LIMITS.target)));
  return `in ${named.join(', ')}${files.length > named.length ? ` and ${files.length - named.length} more files` : ''}`;
}
