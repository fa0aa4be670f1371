// Validates each request the emulator receives and each response it sends against the matched
// operation of GitHub's REST description. Validators are compiled lazily per operation and cached for the
// whole process: they are pure functions of the description, and compiling one costs far more than a
// request, so every emulator a test file starts reuses what the ones before it compiled.
import type { ValidateFunction } from 'ajv';
import {
  externaliseRefs,
  loadSpec,
  resolveLocalRef,
  type JsonSchema,
  type OpenApiOperation,
  type OpenApiParameter,
  type LoadedSpec,
} from './openapi.js';
import { buildRouteIndex, matchRoute, type RouteMatch, type RouteTemplate } from './operation-index.js';

export interface OperationMatch extends RouteMatch {
  operationId: string;
}

export interface RequestParts {
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
}

const MAX_REPORTED_ERRORS = 6;

/** What every validator of the process shares: the description, its route index, the compiled validators. */
interface Prepared {
  spec: LoadedSpec;
  index: RouteTemplate[];
  cache: Map<string, ValidateFunction | null>;
}

let prepared: Prepared | null = null;

function prepare(): Prepared {
  if (prepared) return prepared;
  const spec = loadSpec();
  const paths = spec.document.paths;
  const index = buildRouteIndex(paths, (template, method, name) => (paths[template]?.[method]?.parameters ?? [])
    .map((p) => resolveLocalRef<OpenApiParameter & { 'x-multi-segment'?: boolean }>(spec.document, p))
    .some((p) => p.in === 'path' && p.name === name && p['x-multi-segment'] === true));
  prepared = { spec, index, cache: new Map() };
  return prepared;
}

export class OpenApiValidator {
  private readonly spec: LoadedSpec;
  private readonly index: RouteTemplate[];
  private readonly cache: Map<string, ValidateFunction | null>;

  constructor() {
    ({ spec: this.spec, index: this.index, cache: this.cache } = prepare());
  }

  match(method: string, path: string): OperationMatch | null {
    const route = matchRoute(this.index, method, path);
    if (!route) return null;
    return { ...route, operationId: this.operation(route).operationId };
  }

  /** Problems with the path parameters, query and body of a request; empty when it conforms. */
  validateRequest(match: RouteMatch, request: RequestParts): string[] {
    const operation = this.operation(match);
    const parameters = (operation.parameters ?? []).map((p) => resolveLocalRef<OpenApiParameter>(this.spec.document, p));
    const problems: string[] = [];
    problems.push(...this.checkParameters(match, 'path', parameters, coerceAll(parameters, 'path', match.params)));
    const query: Record<string, string> = {};
    for (const [key, value] of request.query) query[key] = value;
    problems.push(...this.checkParameters(match, 'query', parameters, coerceAll(parameters, 'query', query)));
    problems.push(...this.checkBody(match, operation, request.body));
    return problems;
  }

  /** Problems with a response the emulator is about to send. */
  validateResponse(match: RouteMatch, status: number, body: unknown): string[] {
    const operation = this.operation(match);
    const documented = operation.responses[String(status)];
    if (!documented) {
      // GitHub documents its error statuses incompletely (401, rate limits, rule 403s/422s);
      // an undocumented success, though, means the emulator answers something GitHub never does.
      return status < 400 ? [`status ${status} is not documented for ${operation.operationId}`] : [];
    }
    const response = resolveLocalRef<{ content?: Record<string, { schema?: JsonSchema }> }>(this.spec.document, documented);
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return body === undefined ? [] : [`status ${status} of ${operation.operationId} has no body, but one was sent`];
    const validate = this.compile(`${key(match)} response ${status}`, () => externaliseRefs(schema) as JsonSchema);
    return validate ? describeErrors('response', validate, body) : [];
  }

  private operation(match: RouteMatch): OpenApiOperation {
    const item = this.spec.document.paths[match.template];
    const operation = item?.[match.method.toLowerCase()];
    if (!operation) throw new Error(`no operation ${match.method} ${match.template}`);
    return operation;
  }

  private checkParameters(
    match: RouteMatch,
    location: 'path' | 'query',
    parameters: OpenApiParameter[],
    values: Record<string, unknown>,
  ): string[] {
    const declared = parameters.filter((p) => p.in === location);
    const problems = Object.keys(values)
      .filter((name) => !declared.some((p) => p.name === name))
      .map((name) => `unknown ${location} parameter "${name}"`);
    const validate = this.compile(`${key(match)} ${location}`, () => ({
      type: 'object',
      properties: Object.fromEntries(declared.map((p) => [p.name, externaliseRefs(p.schema ?? {})])),
      required: declared.filter((p) => p.required).map((p) => p.name),
    }));
    if (validate) problems.push(...describeErrors(location, validate, values));
    return problems;
  }

  private checkBody(match: RouteMatch, operation: OpenApiOperation, body: unknown): string[] {
    const requestBody = operation.requestBody
      ? resolveLocalRef<{ required?: boolean; content: Record<string, { schema?: JsonSchema }> }>(this.spec.document, operation.requestBody)
      : undefined;
    const schema = requestBody?.content['application/json']?.schema;
    if (body === undefined) return requestBody?.required ? ['the request body is required'] : [];
    if (!schema) return ['a request body was sent to an operation that takes none'];
    const problems: string[] = [];
    // GitHub ignores unknown body fields; a client sending one has almost certainly misspelt a name.
    const raw = resolveLocalRef<JsonSchema>(this.spec.document, schema as JsonSchema | { $ref: string });
    const properties = raw.properties as Record<string, unknown> | undefined;
    if (properties && body && typeof body === 'object' && !Array.isArray(body)) {
      for (const name of Object.keys(body)) {
        if (!(name in properties)) problems.push(`unknown body property "${name}"`);
      }
    }
    const validate = this.compile(`${key(match)} body`, () => externaliseRefs(schema) as JsonSchema);
    if (validate) problems.push(...describeErrors('body', validate, body));
    return problems;
  }

  private compile(cacheKey: string, build: () => JsonSchema): ValidateFunction | null {
    if (this.cache.has(cacheKey)) return this.cache.get(cacheKey) ?? null;
    const validate = this.spec.ajv.compile(build());
    this.cache.set(cacheKey, validate);
    return validate;
  }
}

function key(match: RouteMatch): string {
  return `${match.method} ${match.template}`;
}

/** Query and path values are strings on the wire; typed as the schema says before validation. */
function coerceAll(parameters: OpenApiParameter[], location: 'path' | 'query', values: Record<string, string>): Record<string, unknown> {
  const coerced: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const type = parameters.find((p) => p.in === location && p.name === name)?.schema?.type;
    coerced[name] = coerce(type, value);
  }
  return coerced;
}

export function coerce(type: unknown, value: string): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function describeErrors(where: string, validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const lines = errors.slice(0, MAX_REPORTED_ERRORS).map((error) => {
    const detail = error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : '';
    return `${where}${error.instancePath || ''} ${error.message ?? 'is invalid'}${detail}`;
  });
  if (errors.length > MAX_REPORTED_ERRORS) lines.push(`${where}: ${errors.length - MAX_REPORTED_ERRORS} more errors`);
  return lines;
}
