import { describe, expect, it } from 'vitest';
import { createAjv } from './json-schema.js';
import { hasSensitive, sensitive, workflowSchemas } from './sensitive.js';

const S = { 'x-weft-sensitive': true };

describe('sensitive', () => {
  it('masks marked properties by path, in nested objects and arrays, and collects their values', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        card: { type: 'object', properties: { number: { type: 'string', ...S }, cvc: { type: 'number', ...S }, brand: { type: 'string' } } },
        ids: { type: 'array', items: { type: 'string', ...S } },
        tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string', ...S }] },
      },
    };
    const r = sensitive(schema, { name: 'Ada', card: { number: '4111111111111111', cvc: 1234, brand: 'visa' }, ids: ['id-0001', 'id-0002'], tuple: ['open', 'hidden-part'] });
    expect(r.masked).toEqual({ name: 'Ada', card: { number: '***', cvc: '***', brand: 'visa' }, ids: ['***', '***'], tuple: ['open', '***'] });
    expect(r.values.sort()).toEqual(['1234', '4111111111111111', 'hidden-part', 'id-0001', 'id-0002']);
  });

  it('follows local $refs, allOf/anyOf/oneOf and additionalProperties, and marks whole subtrees', () => {
    const schema = {
      $defs: { secret: { type: 'string', ...S } },
      type: 'object',
      properties: { a: { $ref: '#/$defs/secret' }, whole: { type: 'object', ...S } },
      anyOf: [{ properties: { b: { ...S } } }],
      additionalProperties: { type: 'object', properties: { pin: S } },
    };
    const r = sensitive(schema, { a: 'via-ref', whole: { x: 'inner-1', y: ['inner-2'] }, b: 'in-any-of', other: { pin: '9876', keep: 1 } });
    expect(r.masked).toEqual({ a: '***', whole: '***', b: '***', other: { pin: '***', keep: 1 } });
    expect(r.values.sort()).toEqual(['9876', 'in-any-of', 'inner-1', 'inner-2', 'via-ref']);
  });

  it('leaves values without marks as they are; short values are masked by path but not searched for', () => {
    expect(sensitive({ type: 'object' }, { a: 1 })).toEqual({ masked: { a: 1 }, values: [] });
    expect(sensitive(undefined, 'x')).toEqual({ masked: 'x', values: [] });
    expect(sensitive({ properties: { p: S } }, { p: 'abc' })).toEqual({ masked: { p: '***' }, values: [] });
    expect(hasSensitive({ properties: { p: { 'x-weft-sensitive': false } } })).toBe(false);
  });

  it('reads a workflow document inline input and output schemas', () => {
    expect(workflowSchemas({ input: { schema: { format: 'json', document: { type: 'object' } } }, output: { as: '.' } })).toEqual({ input: { type: 'object' } });
  });

  it('is a known keyword to the validators: a non-boolean mark is refused', () => {
    expect(() => createAjv().compile({ type: 'string', 'x-weft-sensitive': 'yes' })).toThrow(/x-weft-sensitive/);
    expect(createAjv().compile({ type: 'string', ...S })('v')).toBe(true);
  });
});
