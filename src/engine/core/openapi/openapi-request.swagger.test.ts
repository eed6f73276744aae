import { describe, expect, it } from 'vitest';
import type { Json } from '../../../shared/index.js';
import { WorkflowError } from '../errors.js';
import { buildOpenApiRequest } from './openapi-request.js';

const DOC_URL = 'https://petstore.swagger.io/v2/swagger.json';
const opts = { documentUrl: DOC_URL, pointer: '/do/0/call' };

const petstore: Record<string, Json> = {
  swagger: '2.0',
  host: 'petstore.swagger.io',
  basePath: '/v2',
  schemes: ['https', 'http'],
  consumes: ['application/json'],
  produces: ['application/json', 'application/xml'],
  parameters: { petId: { name: 'petId', in: 'path', required: true, type: 'integer' } },
  definitions: {
    Pet: { type: 'object', required: ['name'], properties: { id: { type: 'integer' }, name: { type: 'string' }, status: { type: 'string' } } },
  },
  paths: {
    '/pet': {
      post: { operationId: 'addPet', parameters: [{ in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/Pet' } }] },
    },
    '/pet/findByStatus': {
      get: {
        operationId: 'findPetsByStatus',
        parameters: [
          { name: 'status', in: 'query', required: true, type: 'array', items: { type: 'string' }, collectionFormat: 'multi' },
          { name: 'tags', in: 'query', type: 'array', items: { type: 'string' } },
          { name: 'ids', in: 'query', type: 'array', items: { type: 'integer' }, collectionFormat: 'pipes' },
        ],
      },
    },
    '/pet/{petId}': {
      parameters: [{ $ref: '#/parameters/petId' }],
      get: { operationId: 'getPetById', produces: ['application/xml'], parameters: [{ name: 'API_Key', in: 'header', type: 'string' }] },
      post: {
        operationId: 'updatePetWithForm',
        consumes: ['application/x-www-form-urlencoded'],
        parameters: [{ name: 'name', in: 'formData', type: 'string' }],
      },
    },
  },
};

function fail(fn: () => unknown): WorkflowError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WorkflowError) return err;
    throw err;
  }
  throw new Error('expected a WorkflowError');
}

describe('buildOpenApiRequest (Swagger 2.0)', () => {
  it('builds the DSL example: findPetsByStatus with status=available', () => {
    expect(buildOpenApiRequest(petstore, 'findPetsByStatus', { status: 'available' }, opts)).toEqual({
      method: 'GET',
      url: 'https://petstore.swagger.io/v2/pet/findByStatus?status=available',
      headers: { accept: 'application/json' },
    });
  });

  it('repeats multi arrays, joins csv (the default) and pipes', () => {
    const r = buildOpenApiRequest(petstore, 'findPetsByStatus', { status: ['available', 'sold'], tags: ['a b', 'c'], ids: [1, 2] }, opts);
    expect(r.url).toBe('https://petstore.swagger.io/v2/pet/findByStatus?status=available&status=sold&tags=a%20b,c&ids=1%7C2');
  });

  it('resolves a #/parameters $ref, encodes path values and lower-cases header names', () => {
    const r = buildOpenApiRequest(petstore, 'getPetById', { petId: 'a b/c', API_Key: 'k1', unknown: 1 }, opts);
    expect(r).toEqual({ method: 'GET', url: 'https://petstore.swagger.io/v2/pet/a%20b%2Fc', headers: { api_key: 'k1' } });
  });

  it('picks the scheme of the document URL when listed, else the first listed', () => {
    expect(buildOpenApiRequest(petstore, 'getPetById', { petId: 1 }, { ...opts, documentUrl: 'http://mirror.test/s.json' }).url).toBe(
      'http://petstore.swagger.io/v2/pet/1',
    );
    const httpsOnly = { ...petstore, schemes: ['https'] };
    expect(buildOpenApiRequest(httpsOnly, 'getPetById', { petId: 1 }, { ...opts, documentUrl: 'http://mirror.test/s.json' }).url).toBe(
      'https://petstore.swagger.io/v2/pet/1',
    );
  });

  it('defaults scheme and host to the document URL, and basePath to none', () => {
    const { schemes: _s, host: _h, basePath: _b, ...bare } = petstore;
    expect(buildOpenApiRequest(bare, 'getPetById', { petId: 7 }, { ...opts, documentUrl: 'http://localhost:8080/docs/api.json' }).url).toBe(
      'http://localhost:8080/pet/7',
    );
  });

  it('sends the body parameter by its name, as JSON', () => {
    const pet = { name: 'doggie', status: 'available' };
    expect(buildOpenApiRequest(petstore, 'addPet', { body: pet }, opts)).toEqual({
      method: 'POST',
      url: 'https://petstore.swagger.io/v2/pet',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: pet,
    });
  });

  it('without the body parameter, builds the body from parameters named after the schema properties', () => {
    const r = buildOpenApiRequest(petstore, 'addPet', { name: 'doggie', status: 'available', other: true }, opts);
    expect(r.body).toEqual({ name: 'doggie', status: 'available' });
  });

  it('a missing required body is a validation error naming the body parameter', () => {
    const err = fail(() => buildOpenApiRequest(petstore, 'addPet', { other: 1 }, opts));
    expect(err.problem).toMatchObject({ type: expect.stringContaining('/validation'), status: 400, instance: '/do/0/call', missing: ['body'] });
  });

  it('a missing path parameter is a validation error naming it', () => {
    const err = fail(() => buildOpenApiRequest(petstore, 'getPetById', {}, opts));
    expect(err.problem).toMatchObject({ status: 400, missing: ['petId'] });
    expect(err.message).toContain('petId');
  });

  it('refuses formData parameters with a configuration error', () => {
    const err = fail(() => buildOpenApiRequest(petstore, 'updatePetWithForm', { petId: 1, name: 'x' }, opts));
    expect(err.problem.type).toMatch(/configuration$/);
  });

  it('an unknown operationId is a configuration error naming only that id', () => {
    const err = fail(() => buildOpenApiRequest(petstore, 'nope', {}, opts));
    expect(err.problem).toMatchObject({ type: expect.stringMatching(/configuration$/), status: 400 });
    expect(err.message).toBe("the OpenAPI document has no operation 'nope'");
  });

  it("refuses a path value that would make a '..' segment", () => {
    const err = fail(() => buildOpenApiRequest(petstore, 'getPetById', { petId: '..' }, opts));
    expect(err.problem.type).toMatch(/validation$/);
  });
});
