// The adjustments that let Ajv 8 compile GitHub's OpenAPI schemas.
import { describe, expect, it } from 'vitest';
import { adjustSchema, COMPONENTS_ID, createAjv, externaliseRefs } from '../../support/github/openapi.js';
import { coerce } from '../../support/github/openapi-validator.js';
import { nodeId, parseNodeId } from '../../support/github/model.js';

describe('adjustSchema', () => {
  it('turns a type-less nullable into anyOf with null, and lets nullable enums take null', () => {
    const schema: Record<string, unknown> = {
      properties: {
        app: { $ref: '#/components/schemas/integration', nullable: true },
        reason: { type: 'string', nullable: true, enum: ['a', 'b'] },
      },
    };
    adjustSchema(schema);
    expect(schema).toEqual({
      properties: {
        app: { anyOf: [{ $ref: '#/components/schemas/integration' }, { type: 'null' }] },
        reason: { type: 'string', nullable: true, enum: ['a', 'b', null] },
      },
    });
  });

  it('validates overlapping discriminated variants with anyOf', () => {
    const schema: Record<string, unknown> = {
      oneOf: [{ type: 'object', required: ['a'] }, { type: 'object', required: ['a', 'b'] }],
      discriminator: { propertyName: 'kind' },
    };
    adjustSchema(schema);
    const validate = createAjv().compile(schema);
    expect(validate({ a: 1, b: 2 })).toBe(true);
    expect(validate({})).toBe(false);
  });

  it('points operation-level refs at the registered components', () => {
    expect(externaliseRefs({ items: { $ref: '#/components/schemas/label' } })).toEqual({ items: { $ref: `${COMPONENTS_ID}#/components/schemas/label` } });
  });
});

describe('GitHub formats and wire values', () => {
  it('accepts GitHub-only formats and coerces query strings by the parameter type', () => {
    expect(createAjv().compile({ type: 'integer', format: 'int64' })(5)).toBe(true);
    expect(coerce('integer', '30')).toBe(30);
    expect(coerce('integer', '3x')).toBe('3x');
    expect(coerce('boolean', 'true')).toBe(true);
    expect(coerce('string', '7')).toBe('7');
  });

  it('encodes node ids that decode back to kind and id', () => {
    const id = nodeId('PullRequest', 1234);
    expect(id).toMatch(/^PR_/);
    expect(parseNodeId(id)).toEqual({ kind: 'PullRequest', id: 1234 });
    expect(parseNodeId('garbage')).toBeNull();
  });
});
