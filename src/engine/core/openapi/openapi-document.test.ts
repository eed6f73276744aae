import { describe, expect, it } from 'vitest';
import type { Json } from '../../../shared/index.js';
import { WorkflowError } from '../errors.js';
import { deref, openApiVersion, parseOpenApiDocument } from './openapi-document.js';
import { buildOpenApiRequest } from './openapi-request.js';

function fail(fn: () => unknown): WorkflowError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WorkflowError) return err;
    throw err;
  }
  throw new Error('expected a WorkflowError');
}

const YAML_DOC = `
openapi: 3.0.3
info: { title: Pets, version: '1' }
servers:
  - url: /api
paths:
  /pets/{petId}:
    get:
      operationId: showPetById
      parameters:
        - $ref: '#/components/parameters/PetId'
components:
  parameters:
    PetId:
      name: petId
      in: path
      required: true
      schema: { type: integer }
`;

describe('parseOpenApiDocument', () => {
  it('accepts an already parsed JSON object', () => {
    const doc = { openapi: '3.1.0', paths: {} };
    expect(parseOpenApiDocument(doc)).toBe(doc);
  });

  it('parses JSON text, with or without a JSON content type (and a BOM)', () => {
    const text = '\uFEFF{"swagger":"2.0","paths":{}}';
    expect(parseOpenApiDocument(text, 'application/json')).toEqual({ swagger: '2.0', paths: {} });
    expect(parseOpenApiDocument(text)).toEqual({ swagger: '2.0', paths: {} });
  });

  it('parses YAML text, and the result builds requests ($ref, relative server)', () => {
    const doc = parseOpenApiDocument(YAML_DOC, 'application/yaml');
    expect(openApiVersion(doc)).toBe(3);
    const r = buildOpenApiRequest(doc, 'showPetById', { petId: 3 }, { documentUrl: 'https://pets.test/v1/openapi.yaml', pointer: '/do/0/p' });
    expect(r.url).toBe('https://pets.test/api/pets/3');
  });

  it('reads unquoted YAML versions (swagger: 2.0, openapi: 3.0) as numbers, and accepts them', () => {
    expect(openApiVersion(parseOpenApiDocument('swagger: 2.0\npaths: {}\n', 'text/plain'))).toBe(2);
    expect(openApiVersion(parseOpenApiDocument('openapi: 3.0\npaths: {}\n'))).toBe(3);
  });

  it('JSON content type with YAML text still parses (JSON is YAML, not the other way round)', () => {
    expect(parseOpenApiDocument('openapi: "3.1.0"\n', 'application/json')).toEqual({ openapi: '3.1.0' });
  });

  it('refuses documents that are not OpenAPI, or not of a supported version', () => {
    const bodies: Json[] = [{ asyncapi: '2.6.0' }, 'title: hello\n', '[1, 2]', 42, null, { openapi: '4.0.0' }, { swagger: '1.2' }];
    for (const body of bodies) {
      const err = fail(() => parseOpenApiDocument(body));
      expect(err.problem).toMatchObject({ type: expect.stringMatching(/configuration$/), status: 400 });
    }
  });

  it('refuses empty and malformed text with a configuration error', () => {
    expect(fail(() => parseOpenApiDocument('  \n')).message).toContain('empty');
    const err = fail(() => parseOpenApiDocument('openapi: 3.0.0\npaths: [unclosed\n', undefined, '/do/0/x'));
    expect(err.problem).toMatchObject({ type: expect.stringMatching(/configuration$/), instance: '/do/0/x' });
    expect(err.message).toContain('neither JSON nor YAML');
  });

  it('limits YAML alias expansion', () => {
    const bomb = ['openapi: 3.0.0', 'a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n');
    expect(fail(() => parseOpenApiDocument(bomb)).problem.type).toMatch(/configuration$/);
  });
});

describe('deref', () => {
  const doc = { a: { $ref: '#/b' }, b: { $ref: '#/c~1d' }, 'c/d': { ok: true }, loop: { $ref: '#/loop' }, arr: [{ v: 1 }] };

  it('follows chains of local references (escaped and array pointers too)', () => {
    expect(deref(doc, { $ref: '#/a' })).toEqual({ ok: true });
    expect(deref(doc, { $ref: '#/arr/0' })).toEqual({ v: 1 });
    expect(deref(doc, { plain: 1 })).toEqual({ plain: 1 });
  });

  it('refuses circular references', () => {
    expect(fail(() => deref(doc, { $ref: '#/loop' })).message).toContain('circular');
  });
});
