/**
 * The OpenAPI document: OpenAPI 3.1.0, valid (@readme/openapi-parser), listing every route the server
 * registers, and describing what the server really answers.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { dereference, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, deployFunction, registerWorkflow, startTestServer, workflowYaml } from './support.js';

type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

let s: TestServer;
let doc: any;
beforeAll(async () => {
  s = await startTestServer();
  doc = (await s.get('/api/openapi.json')).body;
});
afterAll(() => s.stop());

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * The studio's page and assets (src/gateway/routes/studio.ts): served at `/`, not API, hidden on purpose.
 * (printRoutes draws `/assets/*` as a bare `*` below `/`, hence `/*`.)
 */
const STUDIO_PAGES = new Set(['/', '/index.html', '/assets/*', '/*']);

/** "METHOD /path/{param}" for every route in Fastify's route tree (printRoutes), HEAD and the docs UI left out. */
function registeredRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD' && !path.startsWith('/api/docs') && !STUDIO_PAGES.has(path)) out.push(`${method} ${path}`);
    }
  }
  return out.sort();
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1.0 and validates', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result).toMatchObject({ valid: true, specification: 'OpenAPI' });
    expect(result.warnings).toEqual([]);
  });

  it('lists every route the server registers, and nothing else', () => {
    const routes = registeredRoutes(s.server.http.printRoutes({ commonPrefix: false }));
    expect(routes.length).toBeGreaterThan(25);
    expect(routes).toContain('POST /fn/{target}');
    expect(routes).toContain('DELETE /api/v1/keys/{id}');
    expect(routes).toContain('GET /api/openapi.json');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(routes);
  });

  it('gives every operation a summary, a tag, and problem+json for its errors', () => {
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.summary, where).toEqual(expect.any(String));
        expect(op.tags?.length, where).toBe(1);
        for (const [status, res] of Object.entries(op.responses as Record<string, any>)) {
          if (Number(status) >= 400) expect(Object.keys(res.content), `${where} ${status}`).toEqual(['application/problem+json']);
        }
      }
    }
  });

  it('leaves the probes open and asks for a bearer key (or the SSO session cookie) everywhere else', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'weft_session' });
    expect(doc.security).toEqual([{ apiKey: [] }, { session: [] }]);
    expect(doc.paths['/api/v1/auth/config'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/me'].get.responses['200']).toBeDefined();
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(doc.paths['/readyz'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/runs'].get.security).toBeUndefined();
  });

  it('documents run starts: the input body, Idempotency-Key, Prefer, 200 and 202', () => {
    const op = doc.paths['/api/v1/workflows/{namespace}/{name}/runs'].post;
    expect(op.requestBody.content['application/json']).toBeDefined();
    expect(op.parameters.map((p: { in: string; name: string }) => `${p.in}:${p.name}`).sort()).toEqual(['header:idempotency-key', 'header:prefer', 'path:name', 'path:namespace', 'query:version']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '404', '429']));
    expect(doc.paths['/fn/{target}'].post.requestBody).toBeDefined();
    // A draft run takes the deploy body plus the input.
    const draft = doc.paths['/api/v1/functions/{name}/draft-invocations'].post;
    const deployBody = doc.paths['/api/v1/functions/{name}'].put.requestBody.content['application/json'].schema;
    const draftBody = draft.requestBody.content['application/json'].schema;
    expect(Object.keys(draftBody.properties)).toEqual([...Object.keys(deployBody.properties), 'input']);
    expect(Object.keys(draft.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '408', '429', '500']));
    expect(Object.keys(doc.paths['/api/v1/workflows'].put.requestBody.content)).toEqual(expect.arrayContaining(['application/json']));
  });
});

describe('answers match the documented schemas', () => {
  let validateAnswer: (method: string, path: string, status: number, body: unknown) => void;

  beforeAll(async () => {
    const full: any = await dereference(structuredClone(doc));
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    validateAnswer = (method, path, status, body) => {
      const res = full.paths[path][method].responses[String(status)];
      expect(res, `${method} ${path} documents ${status}`).toBeDefined();
      const schema = (res.content['application/json'] ?? res.content['application/problem+json']).schema;
      const check = ajv.compile(schema);
      expect(check(body) ? [] : check.errors, `${method} ${path} ${status}`).toEqual([]);
    };
    await registerWorkflow(s, workflowYaml('docs', 'ok', "  - a: { set: { ok: true } }\n"));
    await registerWorkflow(s, workflowYaml('docs', 'bad', "  - a: { raise: { error: { type: 'https://example.com/e', status: 418 } } }\n"));
    await deployFunction(s, 'docfn', 'export default async () => 1;');
  });

  it('runs (completed and faulted), run lists and events', async () => {
    const ok = await s.call('POST', '/api/v1/workflows/docs/ok/runs', { body: {}, headers: { prefer: 'wait=5' } });
    validateAnswer('post', '/api/v1/workflows/{namespace}/{name}/runs', 200, ok.body);
    const bad = await s.call('POST', '/api/v1/workflows/docs/bad/runs', { body: {}, headers: { prefer: 'wait=5' } });
    expect(bad.body.status).toBe('faulted');
    validateAnswer('get', '/api/v1/runs/{id}', 200, (await s.get(`/api/v1/runs/${bad.body.id}`)).body);
    validateAnswer('get', '/api/v1/runs', 200, (await s.get('/api/v1/runs?namespace=docs')).body);
    validateAnswer('get', '/api/v1/runs/{id}/events', 200, (await s.get(`/api/v1/runs/${ok.body.id}/events`)).body);
  });

  it('workflows, functions and problems', async () => {
    validateAnswer('get', '/api/v1/workflows', 200, (await s.get('/api/v1/workflows')).body);
    validateAnswer('get', '/api/v1/workflows/{namespace}/{name}/versions/{version}', 200, (await s.get('/api/v1/workflows/docs/ok/versions/1.0.0')).body);
    validateAnswer('get', '/api/v1/functions/{name}', 200, (await s.get('/api/v1/functions/docfn')).body);
    const draft = (source: string) => s.call('POST', '/api/v1/functions/docfn/draft-invocations', { body: { manifest: { version: '1.0.0' }, source, input: { a: 1 } } });
    validateAnswer('post', '/api/v1/functions/{name}/draft-invocations', 200, (await draft("export default async (i: unknown, ctx: any) => { ctx.log.info('hi', { i }); return i; };")).body);
    validateAnswer('post', '/api/v1/functions/{name}/draft-invocations', 500, (await draft("export default async () => { throw new Error('no'); };")).body);
    validateAnswer('post', '/api/v1/functions/{name}/draft-invocations', 400, (await draft('export default async () => {')).body);
    validateAnswer('get', '/api/v1/runs/{id}', 404, (await s.get('/api/v1/runs/nope')).body);
    validateAnswer('get', '/api/v1/runs', 400, (await s.get('/api/v1/runs?limit=0')).body);
  });
});
