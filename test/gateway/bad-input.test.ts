/**
 * Malformed and invalid requests: each gets its 4xx as problem+json (`type`, `title`, `status` = the HTTP
 * status, `detail`, `code`), never a 500, and the server still answers /healthz afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallOptions, type TestServer, deployFunction, expectProblem, registerWorkflow, startTestServer, workflowYaml } from './support.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await registerWorkflow(s, workflowYaml('sales', 'fast', "  - a: { set: { y: '${ .x }' } }\n"));
  await deployFunction(s, 'typed', 'export default async (i: { n: number }) => i.n * 2;', { input: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } });
  await deployFunction(s, 'boom', 'export default async () => { throw new Error("no stock"); };');
  await deployFunction(s, 'spin', 'export default async () => { for (;;) {} };', { timeoutMs: 100 });
  await deployFunction(s, 'huge', "export default async () => 'x'.repeat(2 * 1024 * 1024);");
  await deployFunction(s, 'slow', 'export default async () => { await new Promise((r) => setTimeout(r, 300)); return 1; };', { maxConcurrency: 1 });
});
afterAll(() => s.stop());

const MB = 1024 * 1024;
const json = (text: string | Buffer): CallOptions => ({ body: text, headers: { 'content-type': 'application/json' } });
const yaml = (text: string | Buffer): CallOptions => ({ body: text, headers: { 'content-type': 'application/yaml' } });
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const invalidUtf8 = (before: string, after: string) => Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(after)]);
const code = {
  malformed: 'WEFT_ERR_API_MALFORMED',
  mediaType: 'WEFT_ERR_API_MEDIA_TYPE',
  invalid: 'WEFT_ERR_API_INVALID',
  tooLarge: 'WEFT_ERR_API_TOO_LARGE',
  route: 'WEFT_ERR_API_ROUTE',
  notFound: 'WEFT_ERR_API_NOT_FOUND',
  conflict: 'WEFT_ERR_API_CONFLICT',
  dsl: 'WEFT_ERR_DSL_INVALID',
} as const;
const RUNS = '/api/v1/workflows/sales/fast/runs';
const WF = '/api/v1/workflows';

interface Case {
  name: string;
  method: string;
  path: string;
  o?: CallOptions;
  status: number;
  code: string;
  /** Extra fields the problem must have. */
  has?: Record<string, unknown>;
}

const CASES: Case[] = [
  // Bodies that are not what they claim to be.
  { name: 'malformed JSON (workflow)', method: 'PUT', path: WF, o: json('{"document": {'), status: 400, code: code.malformed },
  { name: 'malformed JSON (run input)', method: 'POST', path: RUNS, o: json('{"x": 1,}'), status: 400, code: code.malformed },
  { name: 'malformed JSON (deploy)', method: 'PUT', path: '/api/v1/functions/f1', o: json("{'manifest': 1}"), status: 400, code: code.malformed },
  { name: 'JSON with __proto__', method: 'POST', path: RUNS, o: json('{"__proto__": {"admin": true}}'), status: 400, code: code.malformed },
  { name: 'malformed YAML', method: 'PUT', path: WF, o: yaml('document: [1,\n  - x'), status: 400, code: code.dsl, has: { pointer: '' } },
  { name: 'invalid UTF-8 in JSON', method: 'POST', path: RUNS, o: json(invalidUtf8('{"x": "', '"}')), status: 400, code: code.malformed },
  { name: 'invalid UTF-8 in YAML', method: 'PUT', path: WF, o: yaml(invalidUtf8('document: "', '"')), status: 400, code: code.malformed },
  { name: 'deeply nested JSON run input', method: 'POST', path: RUNS, o: json(`{"x": ${nested(5000)}}`), status: 400, code: code.malformed },
  { name: 'deeply nested JSON document', method: 'PUT', path: WF, o: json(`{"document": ${nested(2000)}}`), status: 400, code: code.malformed },
  { name: 'deeply nested JSON function input', method: 'POST', path: '/fn/typed', o: json(nested(300)), status: 400, code: code.malformed },
  // Content types and sizes.
  { name: 'text/plain run input', method: 'POST', path: RUNS, o: { body: 'hello', headers: { 'content-type': 'text/plain' } }, status: 415, code: code.mediaType },
  { name: 'XML run input', method: 'POST', path: RUNS, o: { body: '<x/>', headers: { 'content-type': 'application/xml' } }, status: 415, code: code.mediaType },
  { name: 'form-encoded workflow', method: 'PUT', path: WF, o: { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, status: 415, code: code.mediaType },
  { name: 'YAML to a JSON-only route', method: 'PUT', path: '/api/v1/functions/f1', o: yaml('manifest: {}'), status: 415, code: code.mediaType },
  { name: 'body without a content type', method: 'POST', path: RUNS, o: { body: Buffer.from('{"x":1}') }, status: 415, code: code.mediaType },
  { name: 'empty JSON body', method: 'PUT', path: WF, o: json(''), status: 400, code: code.malformed },
  { name: 'no body to deploy', method: 'PUT', path: '/api/v1/functions/f1', status: 400, code: code.invalid },
  { name: 'no body to create a key', method: 'POST', path: '/api/v1/keys', status: 400, code: code.invalid },
  { name: 'null body to move an alias', method: 'PUT', path: '/api/v1/functions/typed/aliases/live', o: json('null'), status: 400, code: code.invalid },
  { name: 'empty YAML document', method: 'PUT', path: WF, o: yaml(''), status: 400, code: code.dsl },
  { name: 'workflow body over 1 MB', method: 'PUT', path: WF, o: yaml(`# ${'x'.repeat(MB)}`), status: 413, code: code.tooLarge },
  { name: 'huge run input (2 MB)', method: 'POST', path: RUNS, o: { body: { x: 'y'.repeat(2 * MB) } }, status: 413, code: code.tooLarge },
  { name: 'function input over 1 MB', method: 'POST', path: '/fn/typed', o: { body: { n: 1, pad: 'z'.repeat(MB) } }, status: 413, code: code.tooLarge },
  // Routes and methods.
  { name: 'unknown route', method: 'GET', path: '/nowhere', status: 404, code: code.route },
  { name: 'unknown API version', method: 'GET', path: '/api/v2/runs', status: 404, code: code.route },
  { name: 'wrong method (DELETE workflows)', method: 'DELETE', path: WF, status: 404, code: code.route },
  { name: 'wrong method (PATCH runs)', method: 'PATCH', path: '/api/v1/runs', status: 404, code: code.route },
  { name: 'wrong method (GET /fn)', method: 'GET', path: '/fn/typed', status: 404, code: code.route },
  { name: 'malformed %-escape in the path', method: 'GET', path: '/api/v1/runs/%E0%A4%A', status: 400, code: code.malformed },
  { name: 'path parameter over the router limit', method: 'GET', path: `/api/v1/runs/${'r'.repeat(600)}`, status: 414, code: code.invalid },
  // Schema violations: params, query, headers, body.
  { name: 'run id over 200 characters', method: 'GET', path: `/api/v1/runs/${'r'.repeat(201)}`, status: 400, code: code.invalid, has: { in: 'params', pointer: '/id' } },
  { name: 'limit=0', method: 'GET', path: '/api/v1/runs?limit=0', status: 400, code: code.invalid, has: { in: 'querystring', pointer: '/limit' } },
  { name: 'limit=abc', method: 'GET', path: '/api/v1/runs?limit=abc', status: 400, code: code.invalid },
  { name: 'unknown query parameter', method: 'GET', path: '/api/v1/runs?colour=red', status: 400, code: code.invalid },
  { name: 'status given twice', method: 'GET', path: '/api/v1/runs?status=completed&status=faulted', status: 400, code: code.invalid },
  { name: 'Idempotency-Key over 255 characters', method: 'POST', path: RUNS, o: { body: {}, headers: { 'idempotency-key': 'k'.repeat(256) } }, status: 400, code: code.invalid, has: { in: 'headers' } },
  { name: 'empty Idempotency-Key', method: 'POST', path: RUNS, o: { body: {}, headers: { 'idempotency-key': '' } }, status: 400, code: code.invalid },
  { name: 'unknown role in a key', method: 'POST', path: '/api/v1/keys', o: { body: { name: 'k', scopes: [{ namespace: 'a', role: 'root' }] } }, status: 400, code: code.invalid, has: { pointer: '/scopes/0/role' } },
  { name: 'key without scopes', method: 'POST', path: '/api/v1/keys', o: { body: { name: 'k' } }, status: 400, code: code.invalid, has: { pointer: '/scopes' } },
  { name: 'key expiring in the past', method: 'POST', path: '/api/v1/keys', o: { body: { name: 'k', scopes: [{ namespace: 'a', role: 'viewer' }], expiresAt: '2001-01-01T00:00:00Z' } }, status: 400, code: 'WEFT_ERR_AUTH_BAD_INPUT' },
  { name: 'key expiry that is not a time', method: 'POST', path: '/api/v1/keys', o: { body: { name: 'k', scopes: [{ namespace: 'a', role: 'viewer' }], expiresAt: 'soon' } }, status: 400, code: code.invalid },
  { name: 'negative rotation overlap', method: 'POST', path: '/api/v1/keys/env-admin/rotate', o: { body: { overlapSeconds: -1 } }, status: 400, code: code.invalid },
  { name: 'cancel reason that is not a string', method: 'POST', path: '/api/v1/runs/some-run/cancel', o: { body: { reason: { why: 'no' } } }, status: 400, code: code.invalid },
  { name: 'audit before=0', method: 'GET', path: '/api/v1/audit?before=0', status: 400, code: code.invalid },
  // Workflow documents.
  { name: 'invalid workflow (bad then)', method: 'PUT', path: WF, o: yaml(workflowYaml('sales', 'bad', '  - a: { set: { y: 1 }, then: nowhere }\n')), status: 400, code: code.dsl, has: { pointer: '/do/0/a/then', problems: [expect.objectContaining({ pointer: '/do/0/a/then' })] } },
  { name: 'workflow without a name', method: 'PUT', path: WF, o: yaml("document: { dsl: '1.0.0', namespace: a, version: '1.0.0' }\ndo:\n  - a: { set: { y: 1 } }\n"), status: 400, code: code.dsl, has: { pointer: '/document' } },
  { name: 'workflow that is a JSON array', method: 'PUT', path: WF, o: json('[1, 2]'), status: 400, code: code.invalid },
  { name: 'workflow with a bad expression', method: 'PUT', path: WF, o: yaml(workflowYaml('sales', 'expr', "  - a: { set: { y: '${ .x | }' } }\n")), status: 400, code: code.dsl, has: { pointer: '/do/0/a/set/y' } },
  { name: 'unsupported workflow feature', method: 'PUT', path: WF, o: yaml(workflowYaml('sales', 'c', '  - c: { run: { container: { image: alpine } } }\n')), status: 400, code: 'WEFT_ERR_DSL_UNSUPPORTED', has: { pointer: '/do/0/c/run/container' } },
  { name: 'conflicting workflow version', method: 'PUT', path: WF, o: yaml(workflowYaml('sales', 'fast', '  - a: { set: { y: 2 } }\n')), status: 409, code: code.conflict },
  // Unknown things.
  { name: 'unknown workflow', method: 'GET', path: '/api/v1/workflows/sales/nope', status: 404, code: code.notFound },
  { name: 'unknown workflow version', method: 'GET', path: '/api/v1/workflows/sales/fast/versions/9.9.9', status: 404, code: code.notFound },
  { name: 'start an unknown workflow', method: 'POST', path: '/api/v1/workflows/sales/nope/runs', o: { body: {} }, status: 404, code: code.notFound },
  { name: 'start an unknown version', method: 'POST', path: `${RUNS}?version=9.9.9`, o: { body: {} }, status: 404, code: code.notFound },
  { name: 'unknown run', method: 'GET', path: '/api/v1/runs/no-such-run', status: 404, code: code.notFound },
  { name: 'events of an unknown run', method: 'GET', path: '/api/v1/runs/no-such-run/events', status: 404, code: code.notFound },
  { name: 'cancel an unknown run', method: 'POST', path: '/api/v1/runs/no-such-run/cancel', status: 404, code: code.notFound },
  { name: 'resume an unknown run', method: 'POST', path: '/api/v1/runs/no-such-run/resume', status: 404, code: code.notFound },
  { name: 'unknown function', method: 'GET', path: '/api/v1/functions/nope', status: 404, code: code.notFound },
  { name: 'logs of an unknown function', method: 'GET', path: '/api/v1/functions/nope/logs', status: 404, code: code.notFound },
  { name: 'invoke an unknown function', method: 'POST', path: '/api/v1/functions/nope/invoke', o: { body: {} }, status: 404, code: 'WEFT_ERR_FN_NOT_FOUND' },
  { name: '/fn of an unknown function', method: 'POST', path: '/fn/nope', o: { body: {} }, status: 404, code: 'WEFT_ERR_FN_NOT_FOUND' },
  { name: 'unknown function version', method: 'POST', path: '/fn/typed:9.9.9', o: { body: { n: 1 } }, status: 404, code: 'WEFT_ERR_FN_NOT_FOUND' },
  { name: 'alias of an unknown function', method: 'PUT', path: '/api/v1/functions/nope/aliases/live', o: { body: { version: '1.0.0' } }, status: 404, code: code.notFound },
  { name: 'unknown key', method: 'GET', path: '/api/v1/keys/000000000000', status: 404, code: 'WEFT_ERR_AUTH_UNKNOWN_KEY' },
  { name: 'rotate an unknown key', method: 'POST', path: '/api/v1/keys/000000000000/rotate', status: 404, code: 'WEFT_ERR_AUTH_UNKNOWN_KEY' },
  { name: 'revoke an unknown key', method: 'POST', path: '/api/v1/keys/000000000000/revoke', status: 404, code: 'WEFT_ERR_AUTH_UNKNOWN_KEY' },
  { name: 'delete an unknown key', method: 'DELETE', path: '/api/v1/keys/000000000000', status: 404, code: 'WEFT_ERR_AUTH_UNKNOWN_KEY' },
  // Run list filters.
  { name: 'bad cursor', method: 'GET', path: '/api/v1/runs?cursor=bm90LWEtY3Vyc29y', status: 400, code: code.invalid, has: { pointer: '/cursor' } },
  { name: 'bad status filter', method: 'GET', path: '/api/v1/runs?status=exploded', status: 400, code: code.invalid, has: { pointer: '/status' } },
  { name: 'bad from', method: 'GET', path: '/api/v1/runs?from=yesterday', status: 400, code: code.invalid, has: { pointer: '/from' } },
  { name: 'bad to', method: 'GET', path: '/api/v1/runs?to=2024-13-45T99:00:00Z', status: 400, code: code.invalid, has: { pointer: '/to' } },
  { name: 'workflow filter without a namespace', method: 'GET', path: '/api/v1/runs?workflow=fast', status: 400, code: code.invalid, has: { pointer: '/workflow' } },
  // Aliases.
  { name: 'alias weights not summing to 100', method: 'PUT', path: '/api/v1/functions/typed/aliases/live', o: { body: { routes: [{ version: '1.0.0', weight: 60 }] } }, status: 400, code: 'WEFT_ERR_FN_ALIAS' },
  { name: 'alias weight over 100', method: 'PUT', path: '/api/v1/functions/typed/aliases/live', o: { body: { routes: [{ version: '1.0.0', weight: 150 }] } }, status: 400, code: code.invalid, has: { pointer: '/routes/0/weight' } },
  { name: 'alias with three routes', method: 'PUT', path: '/api/v1/functions/typed/aliases/live', o: { body: { routes: [1, 2, 3].map(() => ({ version: '1.0.0', weight: 33 })) } }, status: 400, code: code.invalid },
  { name: 'alias with version and routes', method: 'PUT', path: '/api/v1/functions/typed/aliases/live', o: { body: { version: '1.0.0', routes: [{ version: '1.0.0', weight: 100 }] } }, status: 400, code: code.invalid },
  { name: 'alias to an undeployed version', method: 'PUT', path: '/api/v1/functions/typed/aliases/live', o: { body: { version: '7.0.0' } }, status: 400, code: 'WEFT_ERR_FN_ALIAS' },
  { name: 'alias with a bad name', method: 'PUT', path: '/api/v1/functions/typed/aliases/Live_1', o: { body: { version: '1.0.0' } }, status: 400, code: 'WEFT_ERR_FN_ALIAS' },
  // Function manifests and code.
  { name: 'manifest with a bad version', method: 'PUT', path: '/api/v1/functions/f1', o: { body: { manifest: { version: 'one' }, source: 'export default async () => 1;' } }, status: 400, code: 'WEFT_ERR_FN_MANIFEST' },
  { name: 'manifest over the memory cap', method: 'PUT', path: '/api/v1/functions/f1', o: { body: { manifest: { version: '1.0.0', memoryMb: 99_999 } , source: 'export default async () => 1;' } }, status: 400, code: 'WEFT_ERR_FN_MANIFEST' },
  { name: 'manifest with an unknown field', method: 'PUT', path: '/api/v1/functions/f1', o: { body: { manifest: { version: '1.0.0', gpu: true }, source: 'export default async () => 1;' } }, status: 400, code: 'WEFT_ERR_FN_MANIFEST' },
  { name: 'manifest naming another function', method: 'PUT', path: '/api/v1/functions/f1', o: { body: { manifest: { name: 'f2', version: '1.0.0' }, source: 'export default async () => 1;' } }, status: 400, code: code.invalid, has: { pointer: '/manifest/name' } },
  { name: 'function name that is not a name', method: 'PUT', path: '/api/v1/functions/Bad_Name', o: { body: { manifest: { version: '1.0.0' }, source: 'export default async () => 1;' } }, status: 400, code: 'WEFT_ERR_FN_MANIFEST' },
  { name: 'no manifest and no weft.json', method: 'PUT', path: '/api/v1/functions/f1', o: { body: { source: 'export default async () => 1;' } }, status: 400, code: 'WEFT_ERR_FN_MANIFEST' },
  { name: 'code that does not build', method: 'PUT', path: '/api/v1/functions/f1', o: { body: { manifest: { version: '1.0.0' }, source: 'export default async ( => 1' } }, status: 400, code: 'WEFT_ERR_FN_BUILD' },
  { name: 'deploy body with neither source nor files', method: 'PUT', path: '/api/v1/functions/f1', o: { body: { manifest: { version: '1.0.0' } } }, status: 400, code: code.invalid },
  { name: 'same version, other code', method: 'PUT', path: '/api/v1/functions/typed', o: { body: { manifest: { version: '1.0.0' }, source: 'export default async () => 0;' } }, status: 409, code: 'WEFT_ERR_FN_VERSION_EXISTS' },
  // Function calls.
  { name: 'function input against its schema', method: 'POST', path: '/fn/typed', o: { body: { n: 'seven' } }, status: 400, code: 'WEFT_ERR_FN_VALIDATION' },
  { name: 'function timing out', method: 'POST', path: '/fn/spin', o: { body: {} }, status: 408, code: 'WEFT_ERR_FN_TIMEOUT' },
  { name: 'function output over the payload limit', method: 'POST', path: '/fn/huge', o: { body: {} }, status: 400, code: 'WEFT_ERR_FN_VALIDATION' },
];

describe('bad requests', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES)('$name → $status $code', async (c) => {
    const r = await s.call(c.method, c.path, c.o);
    expectProblem(r, c.status, c.code);
    if (c.has) expect(r.body).toMatchObject(c.has);
    expect((await s.get('/healthz')).status).toBe(200);
  });
});

describe('function failures pass through as the function\'s problem', () => {
  it('a function that throws answers its runtime problem (500, the function\'s fault, not the server\'s)', async () => {
    const r = await s.call('POST', '/fn/boom', { body: {} });
    expectProblem(r, 500, 'WEFT_ERR_FN_RUNTIME');
    expect(r.body).toMatchObject({ type: 'https://serverlessworkflow.io/spec/1.0.0/errors/runtime', detail: 'no stock', functionVersion: '1.0.0' });
    expect((await s.get('/healthz')).status).toBe(200);
  });

  it('a function at maxConcurrency 1 with a full queue answers 429 + Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => s.call('POST', '/fn/slow', { body: {} })));
    const statuses = answers.map((a) => a.status).sort();
    // One runs, two queue (2 × maxConcurrency), the rest are refused.
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    for (const a of answers.filter((x) => x.status === 429)) {
      expectProblem(a, 429, 'WEFT_ERR_FN_THROTTLED');
      expect(a.headers.get('retry-after')).toBe('1');
    }
  });
});

describe('documents the DSL front end refuses by shape', () => {
  // A self-referencing YAML anchor would be a cyclic object: parseDocument refuses it.
  it('a YAML document with a cyclic alias is a 400, not a 500', async () => {
    expectProblem(await s.call('PUT', WF, yaml('document: &a [*a]\n')), 400, code.dsl);
  });

  // JSON text sent as YAML skips the gateway's JSON depth bound (YAML stays text for the DSL front end);
  // parseDocument bounds the depth itself.
  it('a deeply nested JSON document sent as YAML is a 400, not a 500', async () => {
    expectProblem(await s.call('PUT', WF, yaml(`{"document": {"dsl": "1.0.0", "namespace": "a", "name": "n", "version": "1.0.0"}, "do": [{"a": {"set": {"v": ${nested(3000)}}}}]}`)), 400);
  });
});
