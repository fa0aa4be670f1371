// The protobuf messages of the results service's ArtifactService and CacheService, as tables
// (field names as in the .proto files the clients were generated from), and their proto3 JSON
// mapping: decoding checks each field's type the way a protobuf JSON parser does, encoding emits
// every scalar (Twirp servers emit unpopulated fields) with int64 as strings.

export type FieldKind =
  | 'string'
  | 'bool'
  | 'int32'
  | 'int64'
  | 'timestamp'
  /** google.protobuf.StringValue: the bare string in JSON. */
  | 'stringValue'
  /** google.protobuf.Int64Value: the bare int64 in JSON. */
  | 'int64Value'
  | 'strings'
  | { message: MessageSchema }
  | { repeated: MessageSchema };

export type MessageSchema = Record<string, FieldKind>;

const RUN_AND_JOB = { workflow_run_backend_id: 'string', workflow_job_run_backend_id: 'string' } as const;

const MONOLITH_ARTIFACT: MessageSchema = {
  ...RUN_AND_JOB, database_id: 'int64', name: 'string', size: 'int64', created_at: 'timestamp', digest: 'stringValue',
};

const CACHE_METADATA: MessageSchema = {
  repository_id: 'int64',
  scope: { repeated: { scope: 'string', permission: 'int64' } },
};

export interface MethodSchema {
  input: MessageSchema;
  output: MessageSchema;
}

export const ARTIFACT_SERVICE = 'github.actions.results.api.v1.ArtifactService';
export const CACHE_SERVICE = 'github.actions.results.api.v1.CacheService';

/** Every method of both services, as @actions/artifact 6.2.1 and @actions/cache 6.3.0 declare them. */
export const METHODS: Record<string, Record<string, MethodSchema>> = {
  [ARTIFACT_SERVICE]: {
    CreateArtifact: {
      input: { ...RUN_AND_JOB, name: 'string', expires_at: 'timestamp', version: 'int32', mime_type: 'stringValue' },
      output: { ok: 'bool', signed_upload_url: 'string' },
    },
    FinalizeArtifact: {
      input: { ...RUN_AND_JOB, name: 'string', size: 'int64', hash: 'stringValue' },
      output: { ok: 'bool', artifact_id: 'int64' },
    },
    ListArtifacts: {
      input: { ...RUN_AND_JOB, name_filter: 'stringValue', id_filter: 'int64Value' },
      output: { artifacts: { repeated: MONOLITH_ARTIFACT } },
    },
    GetSignedArtifactURL: {
      input: { ...RUN_AND_JOB, name: 'string' },
      output: { signed_url: 'string' },
    },
    DeleteArtifact: {
      input: { ...RUN_AND_JOB, name: 'string' },
      output: { ok: 'bool', artifact_id: 'int64' },
    },
  },
  [CACHE_SERVICE]: {
    CreateCacheEntry: {
      input: { metadata: { message: CACHE_METADATA }, key: 'string', version: 'string' },
      output: { ok: 'bool', signed_upload_url: 'string', message: 'string' },
    },
    FinalizeCacheEntryUpload: {
      input: { metadata: { message: CACHE_METADATA }, key: 'string', size_bytes: 'int64', version: 'string' },
      output: { ok: 'bool', entry_id: 'int64', message: 'string' },
    },
    GetCacheEntryDownloadURL: {
      input: { metadata: { message: CACHE_METADATA }, key: 'string', restore_keys: 'strings', version: 'string' },
      output: { ok: 'bool', signed_download_url: 'string', matched_key: 'string' },
    },
  },
};

/** A decoded message: proto field names; int64 as decimal strings; timestamps as Dates; unset wrappers and messages as null. */
export type Message = Record<string, unknown>;

export interface Decoded {
  message: Message;
  /** Fields the schema does not know (a protobuf JSON parser that discards them still drops data). */
  unknownFields: string[];
}

/** Thrown for a body no protobuf JSON parser would accept (Twirp's `malformed`). */
export class MalformedMessage extends Error {}

export function decodeMessage(schema: MessageSchema, json: unknown, path = ''): Decoded {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new MalformedMessage(`${path || 'the body'} is not a JSON object`);
  const message: Message = {};
  const unknownFields: string[] = [];
  const byJsonName = new Map(Object.keys(schema).map((name) => [camelCase(name), name]));
  for (const [name, kind] of Object.entries(schema)) message[name] = defaultOf(kind);
  for (const [key, value] of Object.entries(json)) {
    const name = key in schema ? key : byJsonName.get(key);
    if (!name) {
      unknownFields.push(`${path}${key}`);
      continue;
    }
    const decoded = decodeField(schema[name] as FieldKind, value, `${path}${name}`);
    message[name] = decoded.value;
    unknownFields.push(...decoded.unknownFields);
  }
  return { message, unknownFields };
}

function decodeField(kind: FieldKind, value: unknown, path: string): { value: unknown; unknownFields: string[] } {
  const plain = (v: unknown) => ({ value: v, unknownFields: [] });
  // proto3 JSON: null means "the default value" for every field kind.
  if (value === null) return plain(defaultOf(kind));
  const fail = (expected: string): never => {
    throw new MalformedMessage(`${path}: expected ${expected}, got ${JSON.stringify(value)}`);
  };
  if (typeof kind === 'object') {
    if ('message' in kind) {
      const nested = decodeMessage(kind.message, value, `${path}.`);
      return { value: nested.message, unknownFields: nested.unknownFields };
    }
    if (!Array.isArray(value)) return fail('an array');
    const items = value.map((item, i) => decodeMessage(kind.repeated, item, `${path}[${i}].`));
    return { value: items.map((i) => i.message), unknownFields: items.flatMap((i) => i.unknownFields) };
  }
  switch (kind) {
    case 'string':
    case 'stringValue':
      return typeof value === 'string' ? plain(value) : fail('a string');
    case 'bool':
      return typeof value === 'boolean' ? plain(value) : fail('a boolean');
    case 'int32':
      return Number.isInteger(typeof value === 'string' ? Number(value) : value) ? plain(Number(value)) : fail('an int32');
    case 'int64':
    case 'int64Value':
      return (typeof value === 'string' && /^-?\d+$/.test(value)) || Number.isSafeInteger(value) ? plain(String(value)) : fail('an int64');
    case 'timestamp': {
      const date = typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) ? new Date(value) : null;
      return date && !Number.isNaN(date.getTime()) ? plain(date) : fail('an RFC 3339 timestamp');
    }
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? plain(value) : fail('an array of strings');
  }
}

function defaultOf(kind: FieldKind): unknown {
  if (typeof kind === 'object') return 'message' in kind ? null : [];
  return { string: '', bool: false, int32: 0, int64: '0', timestamp: null, stringValue: null, int64Value: null, strings: [] }[kind];
}

/** The JSON a Twirp server sends: proto names, scalars always present, unset messages left out. */
export function encodeMessage(schema: MessageSchema, message: Message): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(schema)) {
    const value = message[name] ?? defaultOf(kind);
    if (value === null) continue;
    if (typeof kind === 'object') {
      json[name] = 'message' in kind ? encodeMessage(kind.message, value as Message) : (value as Message[]).map((item) => encodeMessage(kind.repeated, item));
    } else if (kind === 'timestamp') {
      json[name] = (value as Date).toISOString();
    } else if (kind === 'int64' || kind === 'int64Value') {
      json[name] = String(value);
    } else {
      json[name] = value;
    }
  }
  return json;
}

function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
