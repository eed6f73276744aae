/**
 * `POST /api/v1/workflows/{ns}/{name}/test-task`: one task in isolation, its HTTP call mocked or (only
 * when `real` says http) sent to a local server; nothing is stored as a run; stable codes for bad pointers.
 */
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MASTER_KEY, type TestServer, createKey, deployFunction, expectProblem, registerWorkflow, startTestServer, workflowYaml } from './support.js';

let s: TestServer;
let upstream: Server;
const hits: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `ch_real_${hits.length}` }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/charges`;
  s = await startTestServer();
  const tasks = [
    '  - prepare: { set: { amount: "${ .amount }" } }',
    `  - charge:\n      call: http\n      with: { method: post, endpoint: "${url}", headers: { authorization: "Bearer s3cret" }, body: { amount: "\${ .amount }" } }`,
    '      output: { as: "${ {charged: .id} }" }',
    '      export: { as: "${ $context + {charge: .charged} }" }',
    '  - notify: { emit: { event: { with: { type: pay.charged, source: "https://test.example", data: "${ . }" } } } }',
  ].join('\n');
  await registerWorkflow(s, workflowYaml('ops', 'pay', `${tasks}\n`));
  await registerWorkflow(s, workflowYaml('ops', 'pay', "  - prepare: { set: { v: 2 } }\n", '2.0.0'));
});
afterAll(async () => {
  await s.stop();
  await new Promise((r) => upstream.close(r));
});

const testTask = (body: unknown, query = '') => s.call('POST', `/api/v1/workflows/ops/pay/test-task${query}`, { body });

describe('test one task', () => {
  it('answers a mocked HTTP call with the output after output.as/export.as; nothing is sent or stored', async () => {
    const r = await testTask({ task: '/do/1/charge', input: { amount: 5 }, context: { user: 'ann' }, mocks: { '/do/1/charge': { id: 'ch_1' } } }, '?version=1.0.0');
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ status: 'completed', output: { charged: 'ch_1' }, context: { user: 'ann', charge: 'ch_1' }, transitions: ['/do/1/charge'] });
    expect(r.body.effects).toEqual([
      expect.objectContaining({ kind: 'http', pointer: '/do/1/charge', mocked: true, request: expect.objectContaining({ method: 'POST', headers: { authorization: '[redacted]' }, body: { amount: 5 } }) }),
    ]);
    expect(hits).toHaveLength(0);
    expect((await s.get('/api/v1/runs?workflow=ops/pay')).body.items).toEqual([]);
  });

  it('performs the call for real only when `real` includes http', async () => {
    const pending = await testTask({ task: '/do/1/charge', input: { amount: 7 }, real: ['function'] }, '?version=1.0.0');
    expect(pending.body).toMatchObject({ status: 'pending', effects: [{ kind: 'http', mocked: false, pending: true }] });
    expect(hits).toHaveLength(0);
    const real = await testTask({ task: '/do/1/charge', input: { amount: 7 }, real: ['http'] }, '?version=1.0.0');
    expect(real.body).toMatchObject({ status: 'completed', output: { charged: 'ch_real_1' }, effects: [{ kind: 'http', mocked: false, real: true, result: { status: 201 } }] });
    expect(hits).toHaveLength(1);
    expect(hits[0].headers.authorization).toBe('Bearer s3cret');
    expect(JSON.parse(hits[0].body)).toEqual({ amount: 7 });
    expect(hits[0].headers['idempotency-key']).toMatch(/^test-task-/);
    expect((await s.get('/api/v1/runs?workflow=ops/pay')).body.items).toEqual([]);
  });

  it('an emit is shown, not published, unless real includes emit', async () => {
    const r = await testTask({ task: '/do/2/notify', input: { ok: 1 } }, '?version=1.0.0');
    expect(r.body).toMatchObject({ status: 'completed', effects: [{ kind: 'emit', mocked: true, request: { event: { type: 'pay.charged', data: { ok: 1 } } } }] });
    const events = await s.get('/api/v1/events');
    expect((events.body.items ?? []).filter((e: { type: string }) => e.type === 'pay.charged')).toEqual([]);
  });

  it('defaults to the highest version', async () => {
    expect((await testTask({ task: '/do/0/prepare' })).body).toMatchObject({ status: 'completed', output: { v: 2 } });
  });

  it('a mocked error fails the task with its problem', async () => {
    const r = await testTask({ task: '/do/1/charge', input: { amount: 1 }, mocks: { '/do/1/charge': { error: { status: 502, detail: 'gateway down' } } } }, '?version=1.0.0');
    expect(r.body).toMatchObject({ status: 'faulted', error: { status: 502, detail: 'gateway down', instance: '/do/1/charge' } });
  });

  it('bad pointer, not a task, unknown workflow', async () => {
    expectProblem(await testTask({ task: 'do/1' }), 400, 'WEFT_ERR_TEST_BAD_POINTER');
    expectProblem(await testTask({ task: '/do/9/x' }, '?version=1.0.0'), 400, 'WEFT_ERR_TEST_BAD_POINTER');
    expectProblem(await testTask({ task: '/do/1/charge/with' }, '?version=1.0.0'), 400, 'WEFT_ERR_TEST_NOT_A_TASK');
    expectProblem(await s.call('POST', '/api/v1/workflows/ops/nope/test-task', { body: { task: '/do/0/a' } }), 404, 'WEFT_ERR_API_NOT_FOUND');
    expectProblem(await testTask({ task: '/do/0/prepare', real: ['timer'] }), 400, 'WEFT_ERR_API_INVALID');
  });
});

describe('test one task: real function calls and sensitive data', () => {
  let serve: TestServer;
  let developer = '';
  beforeAll(async () => {
    serve = await startTestServer({ mode: 'serve', env: { WEFT_MASTER_KEY: TEST_MASTER_KEY } });
    await deployFunction(serve, 'issue', 'export default async (i: { n: number }) => ({ token: "tok-" + i.n + "-issued-secret", ok: true });', {
      output: { type: 'object', properties: { token: { type: 'string', 'x-weft-sensitive': true }, ok: { type: 'boolean' } } },
    });
    await registerWorkflow(serve, workflowYaml('pay', 'issue', "  - issue: { call: 'issue:1.0.0@default', with: { n: '${ .n }' } }\n"));
    developer = (await createKey(serve, [{ namespace: 'pay', role: 'developer' }])).secret;
  });
  afterAll(() => serve.stop());

  it('calls the function for real through the invoker; what its schema marks is masked for a caller without data:read-sensitive', async () => {
    const body = { task: '/do/0/issue', input: { n: 12 }, real: ['function'] };
    const admin = await serve.call('POST', '/api/v1/workflows/pay/issue/test-task', { body });
    expect(admin.body).toMatchObject({ status: 'completed', output: { token: 'tok-12-issued-secret', ok: true }, effects: [{ kind: 'function', real: true }] });
    const dev = await serve.call('POST', '/api/v1/workflows/pay/issue/test-task', { body, key: developer });
    expect(dev.status, dev.text).toBe(200);
    expect(dev.body).toMatchObject({ status: 'completed', output: { ok: true } });
    expect(dev.text).not.toContain('tok-12-issued-secret');
    expect((await serve.call('GET', '/api/v1/runs?namespace=pay')).body.items).toEqual([]);
    // Real effects are the caller's doing: audited, with the task and what was performed.
    const audit = (await serve.get('/api/v1/audit?action=workflow:test-task')).body.items as { action: string; target: string; detail?: unknown }[];
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ target: 'workflow/pay/issue', detail: { task: '/do/0/issue', real: ['function /do/0/issue'] } });
  });
});
