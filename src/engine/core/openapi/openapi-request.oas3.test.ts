import { describe, expect, it } from 'vitest';
import type { Json } from '../../../shared/index.js';
import { WorkflowError } from '../errors.js';
import { buildOpenApiRequest } from './openapi-request.js';

const DOC_URL = 'https://docs.test/specs/openapi.yaml';
const opts = { documentUrl: DOC_URL, pointer: '/do/1/call' };
const json = { 'application/json': { schema: { type: 'object' } } };

const shop: Record<string, Json> = {
  openapi: '3.1.0',
  servers: [
    { url: 'https://{region}.api.test/{version}/', variables: { region: { default: 'eu' }, version: { default: 'v1', enum: ['v1', 'v2'] } } },
    { url: 'https://ignored.test' },
  ],
  components: {
    parameters: {
      Limit: { name: 'limit', in: 'query', schema: { type: 'integer' } },
      Trace: { name: 'X-Trace-Id', in: 'header', schema: { type: 'string' } },
    },
    requestBodies: { Order: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } } },
    schemas: {
      Base: { type: 'object', properties: { note: { type: 'string' } } },
      Order: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { item: { type: 'string' }, qty: { type: 'integer' } } }] },
    },
  },
  paths: {
    '/stores/{storeId}/orders': {
      parameters: [{ name: 'storeId', in: 'path', required: true, schema: { type: 'string' } }, { $ref: '#/components/parameters/Limit' }],
      get: {
        operationId: 'listOrders',
        parameters: [
          { name: 'limit', in: 'query', required: true, schema: { type: 'integer' } },
          { name: 'tag', in: 'query', schema: { type: 'array' } },
          { name: 'ids', in: 'query', explode: false, schema: { type: 'array' } },
          { name: 'filter', in: 'query', style: 'deepObject', schema: { type: 'object' } },
          { $ref: '#/components/parameters/Trace' },
          { name: 'session', in: 'cookie' },
          { name: 'theme', in: 'cookie' },
          { name: 'Accept', in: 'header', required: true },
        ],
        responses: { '200': { content: json }, default: { description: 'error' } },
      },
      post: { operationId: 'createOrder', requestBody: { $ref: '#/components/requestBodies/Order' }, responses: { '201': { content: json } } },
    },
    '/local': {
      servers: [{ url: '/internal' }],
      get: { operationId: 'pathServer' },
      put: { operationId: 'opServer', servers: [{ url: 'https://op.test/base/' }] },
    },
    '/upload/{name}': {
      post: {
        operationId: 'upload',
        parameters: [{ name: 'name', in: 'path', required: true }],
        requestBody: { 'x-codegen-request-body-name': 'file', content: { 'text/plain': {} } },
      },
    },
    '/styles/{m}/{l}/{s}': {
      get: {
        operationId: 'styles',
        parameters: [
          { name: 'm', in: 'path', required: true, style: 'matrix', explode: true },
          { name: 'l', in: 'path', required: true, style: 'label' },
          { name: 's', in: 'path', required: true, explode: true },
          { name: 'q', in: 'query', content: { 'application/json': {} } },
          { name: 'p', in: 'query', style: 'pipeDelimited', explode: false },
          { name: 'h', in: 'header' },
        ],
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

describe('buildOpenApiRequest (OpenAPI 3.x)', () => {
  it('fills server variables, path, query, header and cookie parameters (path-level and $ref ones too)', () => {
    const r = buildOpenApiRequest(
      shop,
      'listOrders',
      {
        storeId: 's 1',
        limit: 5,
        tag: ['a', 'b&c'],
        ids: [1, 2],
        filter: { color: 'red' },
        'X-Trace-Id': 't-1',
        session: 'abc;1',
        theme: 'dark',
        Accept: 'text/html',
      },
      opts,
    );
    expect(r).toEqual({
      method: 'GET',
      url: 'https://eu.api.test/v1/stores/s%201/orders?limit=5&tag=a&tag=b%26c&ids=1,2&filter[color]=red',
      headers: { 'x-trace-id': 't-1', cookie: 'session=abc%3B1; theme=dark', accept: 'application/json' },
    });
  });

  it('lets the operation-level parameter win over the path-level one (here: required)', () => {
    const err = fail(() => buildOpenApiRequest(shop, 'listOrders', {}, opts));
    expect(err.problem).toMatchObject({ type: expect.stringMatching(/validation$/), status: 400, missing: ['storeId', 'limit'] });
    expect(err.message).toBe("operation 'listOrders' is missing required parameters: storeId, limit");
  });

  it('resolves relative servers against the document URL, and prefers path-level and operation-level servers', () => {
    expect(buildOpenApiRequest(shop, 'pathServer', {}, opts).url).toBe('https://docs.test/internal/local');
    expect(buildOpenApiRequest(shop, 'opServer', {}, opts).url).toBe('https://op.test/base/local');
    const relative = { ...shop, servers: [{ url: 'api/v2' }] };
    expect(buildOpenApiRequest(relative, 'listOrders', { storeId: 's', limit: 1 }, opts).url).toBe('https://docs.test/specs/api/v2/stores/s/orders?limit=1');
    const { servers: _servers, ...none } = shop;
    expect(buildOpenApiRequest(none, 'listOrders', { storeId: 's', limit: 1 }, opts).url).toBe('https://docs.test/stores/s/orders?limit=1');
  });

  it('refuses a relative server when the document URL is not absolute', () => {
    const err = fail(() => buildOpenApiRequest(shop, 'pathServer', {}, { ...opts, documentUrl: 'openapi.yaml' }));
    expect(err.problem.type).toMatch(/configuration$/);
  });

  it('takes the request body from the `body` parameter ($ref request body)', () => {
    const r = buildOpenApiRequest(shop, 'createOrder', { storeId: 's', body: { item: 'tea', qty: 2 } }, opts);
    expect(r).toEqual({
      method: 'POST',
      url: 'https://eu.api.test/v1/stores/s/orders',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: { item: 'tea', qty: 2 },
    });
  });

  it('without `body`, builds it from parameters named after the schema properties (allOf too)', () => {
    const r = buildOpenApiRequest(shop, 'createOrder', { storeId: 's', item: 'tea', note: 'hot', limit: 3, other: 1 }, opts);
    expect(r.body).toEqual({ note: 'hot', item: 'tea' });
    expect(r.url).toBe('https://eu.api.test/v1/stores/s/orders?limit=3');
  });

  it('a missing required request body is a validation error', () => {
    const err = fail(() => buildOpenApiRequest(shop, 'createOrder', { storeId: 's' }, opts));
    expect(err.problem).toMatchObject({ status: 400, missing: ['body'] });
  });

  it('honours x-codegen-request-body-name and sends a string to a non-JSON media type', () => {
    const r = buildOpenApiRequest(shop, 'upload', { name: 'a.txt', file: 'hello' }, opts);
    expect(r).toMatchObject({ method: 'POST', url: 'https://eu.api.test/v1/upload/a.txt', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    const err = fail(() => buildOpenApiRequest(shop, 'upload', { name: 'a.txt', file: { not: 'text' } }, opts));
    expect(err.problem.type).toMatch(/configuration$/);
  });

  it('serializes matrix, label, exploded simple, content and pipeDelimited styles', () => {
    const r = buildOpenApiRequest(
      shop,
      'styles',
      { m: [1, 2], l: 'x', s: { a: 1, b: 'c d' }, q: { k: [1] }, p: ['x', 'y'], h: ['1', '2'] },
      opts,
    );
    expect(r.url).toBe('https://eu.api.test/v1/styles/;m=1;m=2/.x/a=1,b=c%20d?q=%7B%22k%22%3A%5B1%5D%7D&p=x%7Cy');
    expect(r.headers).toEqual({ h: '1,2' });
  });

  it('refuses header values with line breaks', () => {
    const err = fail(() => buildOpenApiRequest(shop, 'styles', { m: 1, l: 1, s: 1, h: 'a\r\nx-evil: 1' }, opts));
    expect(err.problem.type).toMatch(/validation$/);
  });

  it('refuses external and unresolvable $refs, and server variables without a default', () => {
    const ext = { ...shop, paths: { '/x': { get: { operationId: 'x', parameters: [{ $ref: 'other.yaml#/p' }] } } } };
    expect(fail(() => buildOpenApiRequest(ext, 'x', {}, opts)).message).toContain('external $ref');
    const dangling = { ...shop, paths: { '/x': { get: { operationId: 'x', parameters: [{ $ref: '#/components/parameters/Nope' }] } } } };
    expect(fail(() => buildOpenApiRequest(dangling, 'x', {}, opts)).message).toContain('does not resolve');
    const noDefault = { ...shop, servers: [{ url: 'https://{host}/' }] };
    expect(fail(() => buildOpenApiRequest(noDefault, 'createOrder', { storeId: 's', body: {} }, opts)).message).toBe("server variable 'host' has no default");
  });

  it('an unknown operationId is a configuration error', () => {
    const err = fail(() => buildOpenApiRequest(shop, 'deleteEverything', {}, opts));
    expect(err.problem).toMatchObject({ type: expect.stringMatching(/configuration$/), status: 400, instance: '/do/1/call' });
  });
});
