/** Probes, docs, workflow and run routes against a real `weft dev` server (no auth), with fetch. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, expectProblem, registerWorkflow, startTestServer, until, workflowYaml } from './support.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

const start = (ns: string, name: string, input: unknown, headers: Record<string, string> = {}, query = '') =>
  s.call('POST', `/api/v1/workflows/${ns}/${name}/runs${query}`, { body: input, headers });

describe('probes, metrics and docs', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await s.get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await s.get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('serves Prometheus text at /metrics, counting the requests it served', async () => {
    await s.get('/healthz');
    const r = await s.get('/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(r.text).toContain('# TYPE weft_http_requests_total counter');
    expect(r.text).toMatch(/^weft_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]\d*$/m);
    expect(r.text).toContain('# TYPE weft_runs_active gauge');
  });

  it('serves the OpenAPI document and the interactive docs', async () => {
    const doc = await s.get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const ui = await s.get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
    expect(ui.text).toContain('swagger');
  });
});

describe('workflows', () => {
  const v1 = workflowYaml('sales', 'quote', "  - a: { set: { total: '${ .qty * 2 }' } }\n");
  const v2 = workflowYaml('sales', 'quote', "  - a: { set: { total: '${ .qty * 3 }' } }\n", '2.0.0');

  it('registers a version (201 + Location), is a no-op the second time (200), and 409s on other content', async () => {
    const r = await s.call('PUT', '/api/v1/workflows', { body: v1, headers: { 'content-type': 'application/yaml' } });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe('/api/v1/workflows/sales/quote/versions/1.0.0');
    expect(r.body).toMatchObject({ namespace: 'sales', name: 'quote', version: '1.0.0', hash: expect.stringMatching(/^[\da-f]{64}$/) });
    const again = await s.call('PUT', '/api/v1/workflows', { body: v1, headers: { 'content-type': 'application/yaml' } });
    expect(again.status).toBe(200);
    expect(again.body.hash).toBe(r.body.hash);
    const clash = await s.call('PUT', '/api/v1/workflows', { body: v1.replace('* 2', '* 5'), headers: { 'content-type': 'application/yaml' } });
    expectProblem(clash, 409, 'WEFT_ERR_API_CONFLICT');
  });

  it('takes JSON documents too', async () => {
    const doc = { document: { dsl: '1.0.0', namespace: 'sales', name: 'quote', version: '2.0.0' }, do: [{ a: { set: { total: '${ .qty * 3 }' } } }] };
    const r = await s.call('PUT', '/api/v1/workflows', { body: doc });
    expect(r.status).toBe(201);
    // The same content as YAML hashes the same: a no-op.
    expect((await s.call('PUT', '/api/v1/workflows', { body: v2, headers: { 'content-type': 'application/yaml' } })).status).toBe(200);
  });

  it('lists workflows (highest version), their versions, and one version with definition and source', async () => {
    const list = await s.get('/api/v1/workflows');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ namespace: 'sales', name: 'quote', version: '2.0.0' }));
    const versions = await s.get('/api/v1/workflows/sales/quote');
    expect(versions.status).toBe(200);
    expect(versions.body.versions.map((v: { version: string }) => v.version)).toEqual(['2.0.0', '1.0.0']);
    const one = await s.get('/api/v1/workflows/sales/quote/versions/1.0.0');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ version: '1.0.0', source: v1, definition: { document: { name: 'quote', version: '1.0.0' } } });
  });

  it('starts the version named by ?version=, else the highest', async () => {
    expect((await start('sales', 'quote', { qty: 2 }, { prefer: 'wait=5' })).body).toMatchObject({ version: '2.0.0', output: { total: 6 } });
    expect((await start('sales', 'quote', { qty: 2 }, { prefer: 'wait=5' }, '?version=1.0.0')).body).toMatchObject({ version: '1.0.0', output: { total: 4 } });
  });
});

describe('runs', () => {
  beforeAll(async () => {
    await registerWorkflow(s, workflowYaml('ops', 'echo', "  - a: { set: { got: '${ .n }' } }\n"));
    await registerWorkflow(s, workflowYaml('ops', 'fail', "  - boom: { raise: { error: { type: 'https://example.com/out-of-stock', status: 422, title: Out of stock } } }\n"));
    await registerWorkflow(s, workflowYaml('ops', 'slow', '  - pause: { wait: PT1H }\n'));
  });

  it('starts a run: 202 + Location without Prefer, and GET /runs/{id} has every field', async () => {
    const r = await start('ops', 'echo', { n: 7 });
    expect(r.status).toBe(202);
    expect(r.headers.get('location')).toBe(`/api/v1/runs/${r.body.id}`);
    const run = await until(async () => {
      const g = await s.get(r.headers.get('location')!);
      return g.body.status === 'completed' ? g.body : undefined;
    });
    expect(run).toEqual({
      id: r.body.id,
      workflow: 'ops/echo',
      namespace: 'ops',
      name: 'echo',
      version: '1.0.0',
      status: 'completed',
      input: { n: 7 },
      output: { got: 7 },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      endedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(Date.parse(run.endedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
  });

  it('keeps the error of a faulted run', async () => {
    const r = await start('ops', 'fail', {}, { prefer: 'wait=5' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'faulted', error: { type: 'https://example.com/out-of-stock', status: 422, title: 'Out of stock', instance: '/do/0/boom' } });
    expect(r.body.output).toBeUndefined();
  });

  it('lists the lifecycle CloudEvents of a run, oldest first', async () => {
    const r = await start('ops', 'echo', { n: 1 }, { prefer: 'wait=5' });
    const ev = await s.get(`/api/v1/runs/${r.body.id}/events`);
    expect(ev.status).toBe(200);
    const items = ev.body.items as { specversion: string; id: string; type: string; source: string; subject: string; data: Record<string, unknown> }[];
    expect(items.map((e) => e.type)).toEqual([
      'io.serverlessworkflow.workflow.started.v1',
      'io.serverlessworkflow.task.created.v1',
      'io.serverlessworkflow.task.started.v1',
      'io.serverlessworkflow.task.completed.v1',
      'io.serverlessworkflow.workflow.completed.v1',
    ]);
    for (const e of items) expect(e).toMatchObject({ specversion: '1.0', source: expect.any(String), subject: r.body.id, data: { run: r.body.id, workflow: 'ops/echo:1.0.0' } });
    expect(new Set(items.map((e) => e.id)).size).toBe(items.length);
    expect(items[4].data.output).toEqual({ got: 1 });
  });

  it('suspends, resumes and cancels a live run; refuses what its state does not allow (409)', async () => {
    const r = await start('ops', 'slow', {});
    expect(r.status).toBe(202);
    const id = r.body.id as string;
    await until(async () => ((await s.get(`/api/v1/runs/${id}`)).body.status === 'waiting' ? true : undefined));
    expectProblem(await s.call('POST', `/api/v1/runs/${id}/resume`), 409, 'WEFT_ERR_API_STATE');
    expect(await s.call('POST', `/api/v1/runs/${id}/suspend`)).toMatchObject({ status: 200, body: { id, status: 'suspended' } });
    expectProblem(await s.call('POST', `/api/v1/runs/${id}/suspend`), 409, 'WEFT_ERR_API_STATE');
    const resumed = await s.call('POST', `/api/v1/runs/${id}/resume`);
    expect(resumed.status).toBe(200);
    expect(['running', 'waiting']).toContain(resumed.body.status);
    const cancelled = await s.call('POST', `/api/v1/runs/${id}/cancel`, { body: { reason: 'not needed' } });
    expect(cancelled).toMatchObject({ status: 200, body: { id, status: 'cancelled', endedAt: expect.any(String) } });
    const events = (await s.get(`/api/v1/runs/${id}/events`)).body.items.map((e: { type: string }) => e.type);
    expect(events).toEqual(expect.arrayContaining(['io.serverlessworkflow.workflow.suspended.v1', 'io.serverlessworkflow.workflow.resumed.v1', 'io.serverlessworkflow.workflow.cancelled.v1']));
    expectProblem(await s.call('POST', `/api/v1/runs/${id}/suspend`), 409, 'WEFT_ERR_API_STATE');
    expectProblem(await s.call('POST', `/api/v1/runs/${id}/cancel`), 409, 'WEFT_ERR_API_STATE');
  });
});
