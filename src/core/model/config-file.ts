// Where a repository's config file lives and how a problem with it is worded, apart from its parser (YAML and
// the schema validator) so that code which only names the file loads neither.

/** Where a repository keeps its config, relative to the repository root. */
export const CONFIG_FILE = '.github/codex-cto.yml';
/** A larger file is refused unread: a team's settings fit in far less. */
export const MAX_CONFIG_BYTES = 64 * 1024;

/** One problem, worded like the input problems: the file, the line, the key, what is wrong. */
export function configProblem(source: string, line: number | null, key: string, text: string): string {
  return `\`${source}\`${line === null ? '' : ` line ${line}`}, key \`${key}\`: ${text}`;
}
