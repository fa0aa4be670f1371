// GitHub's official REST description, loaded once per process and prepared for Ajv.
// The file is ~13 MB: it is read directly (not through the package index, which parses every
// variant) and its schemas are adjusted in place so Ajv 8 can compile them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> } | { $ref: string };
  responses: Record<string, { $ref: string } | { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
  };
}

/** The id under which the components are registered with Ajv; operation schemas refer to it. */
export const COMPONENTS_ID = 'github-openapi';

export interface LoadedSpec {
  document: OpenApiDocument;
  ajv: Ajv;
}

let loaded: LoadedSpec | null = null;

/** The prepared description and an Ajv instance holding its components (one per process). */
export function loadSpec(): LoadedSpec {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  const components = {
    schemas: document.components.schemas,
    parameters: document.components.parameters,
    responses: document.components.responses,
  };
  adjustSchema(components);
  const ajv = createAjv();
  ajv.addSchema({ $id: COMPONENTS_ID, components }, undefined, undefined, false);
  loaded = { document, ajv };
  return loaded;
}

/** An Ajv instance configured for GitHub's schemas (formats, keywords). */
export function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  // Formats GitHub uses that JSON Schema does not define: accepted as-is.
  for (const format of ['int32', 'int64', 'double', 'binary', 'repo.nwo', 'timestamp', 'uri-template']) {
    ajv.addFormat(format, true);
  }
  ajv.addVocabulary(['example', 'x-github-breaking-changes', 'discriminator']);
  return ajv;
}

/**
 * Adjusts a schema tree in place for Ajv: `nullable` without `type` (which Ajv rejects) becomes
 * `anyOf [..., {type: null}]`; a `nullable` enum also admits null; `oneOf` with a discriminator
 * becomes `anyOf`, because GitHub's discriminated variants overlap (a private user is also a valid
 * public user) and the discriminator property is not required, so `oneOf` would reject both.
 */
export function adjustSchema(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) adjustSchema(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  for (const value of Object.values(schema)) adjustSchema(value);
  if (schema.discriminator !== undefined && Array.isArray(schema.oneOf)) {
    schema.anyOf = schema.oneOf;
    delete schema.oneOf;
    delete schema.discriminator;
  }
  if (schema.nullable !== true) return;
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (schema.type !== undefined) return;
  const rest: Record<string, unknown> = { ...schema };
  delete rest.nullable;
  for (const key of Object.keys(schema)) delete schema[key];
  schema.anyOf = [rest, { type: 'null' }];
}

/** Copies an operation-level schema, pointing its local `#/components/...` refs at the registered components. */
export function externaliseRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(externaliseRefs);
  if (!node || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/')
      ? `${COMPONENTS_ID}${value}`
      : externaliseRefs(value);
  }
  adjustSchema(copy);
  return copy;
}

/** Follows a local `$ref` such as `#/components/responses/not_found` inside the document. */
export function resolveLocalRef<T>(document: OpenApiDocument, value: T | { $ref: string }): T {
  if (!value || typeof value !== 'object' || !('$ref' in value)) return value as T;
  const path = value.$ref.replace(/^#\//, '').split('/');
  let current: unknown = document;
  for (const part of path) current = (current as Record<string, unknown>)[part];
  if (current === undefined) throw new Error(`unresolvable $ref ${value.$ref}`);
  return current as T;
}
