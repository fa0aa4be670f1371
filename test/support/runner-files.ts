// The runner's text formats, parsed: action.yml, file commands (GITHUB_OUTPUT, GITHUB_STATE,
// GITHUB_ENV) and workflow commands on stdout (`::error::`, `::add-mask::`...). Pure.
import { parse } from 'yaml';

export interface ActionManifest {
  inputs: Record<string, { default?: string; required?: boolean; description?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; pre?: string; post?: string };
}

export function parseActionManifest(text: string): ActionManifest {
  const doc = parse(text) as Partial<ActionManifest> & { runs?: Partial<ActionManifest['runs']> } | null;
  if (!doc || typeof doc !== 'object') throw new Error('action.yml is empty');
  const runs = doc.runs;
  if (!runs?.using || !runs.main) throw new Error('action.yml needs runs.using and runs.main');
  const inputs: ActionManifest['inputs'] = {};
  for (const [name, value] of Object.entries(doc.inputs ?? {})) {
    const declared = (value ?? {}) as { default?: unknown; required?: unknown; description?: unknown };
    inputs[name] = {
      ...(declared.default !== undefined && declared.default !== null ? { default: String(declared.default) } : {}),
      ...(declared.required !== undefined ? { required: declared.required === true || declared.required === 'true' } : {}),
      ...(typeof declared.description === 'string' ? { description: declared.description } : {}),
    };
  }
  return {
    inputs,
    outputs: (doc.outputs ?? {}) as ActionManifest['outputs'],
    runs: { using: runs.using, main: runs.main, ...(runs.pre ? { pre: runs.pre } : {}), ...(runs.post ? { post: runs.post } : {}) },
  };
}

/** `github-token` -> `INPUT_GITHUB-TOKEN`: spaces become underscores, hyphens stay, upper case. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * `name<<DELIMITER` ... `DELIMITER` blocks (what @actions/core writes) and plain `name=value`
 * lines; a later value for the same name wins, as on the runner.
 */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const delimiter = heredoc[2] as string;
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`file command for "${heredoc[1]}" has no closing delimiter ${delimiter}`);
      values[heredoc[1] as string] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`malformed file command line: ${line}`);
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** Workflow commands in a step's stdout, with the runner's escapes undone. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trimStart();
    if (!line.startsWith('::')) continue;
    const end = line.indexOf('::', 2);
    if (end < 0) continue;
    const head = line.slice(2, end);
    const space = head.indexOf(' ');
    const command = space < 0 ? head : head.slice(0, space);
    if (!/^[a-z][a-z-]*$/i.test(command)) continue;
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of head.slice(space + 1).split(',')) {
        const equals = pair.indexOf('=');
        if (equals > 0) properties[pair.slice(0, equals).trim()] = unescapeProperty(pair.slice(equals + 1));
      }
    }
    commands.push({ command, properties, message: unescapeData(line.slice(end + 2)) });
  }
  return commands;
}

function unescapeData(value: string): string {
  return value.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(value: string): string {
  return value.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%25/g, '%');
}
