// Files the code ships with: the CTO persona (agents/cto.md) and the JSON schemas (schemas/).
// The same code runs from src/ (tests), dist/index.js (the action, whose repository sits around
// dist/) and dist/cli/index.js (the CLI), so the package root is found by walking up from this
// module to the directory that holds agents/cto.md.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type SchemaName = 'plan' | 'review' | 'state' | 'tracking' | 'config';

const PERSONA = join('agents', 'cto.md');

let root: string | null = null;
let persona: string | null = null;
const schemas = new Map<SchemaName, unknown>();

/** The directory holding agents/ and schemas/. */
export function packageRoot(): string {
  if (root !== null) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, PERSONA))) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${PERSONA} in ${start} or any directory above it`);
    dir = parent;
  }
}

/** The CTO persona Codex plans and reviews with. */
export function readPersona(): string {
  persona ??= readFileSync(join(packageRoot(), PERSONA), 'utf8');
  return persona;
}

/** Absolute path of a schema file, e.g. for `codex exec --output-schema`. */
export function schemaFile(name: SchemaName): string {
  return join(packageRoot(), 'schemas', `${name}.schema.json`);
}

/** The parsed schema. The same object is returned on every call: do not mutate it. */
export function readSchema(name: SchemaName): unknown {
  let schema = schemas.get(name);
  if (schema === undefined) {
    schema = JSON.parse(readFileSync(schemaFile(name), 'utf8')) as unknown;
    schemas.set(name, schema);
  }
  return schema;
}
