/**
 * Redrive on a PostgreSQL cluster: the request reaches an api-only node, which reopens the run unowned;
 * a worker claims it like a new run and finishes it without re-sending the task that completed. A second
 * redrive of the same run, at once, is refused. Needs the local PostgreSQL and `npm run build`.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_URL, TestSchemas } from '../../src/store/postgres/test-database.js';
import { type Node, api, startNode, until } from './support.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

describe('redrive on a cluster', () => {
  it('an api-only node takes the redrive, a worker drives the run to its end', async () => {
    const hits: string[] = [];
    let down = true;
    const upstream: Server = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      const fail = down && req.url === '/second';
      res.writeHead(fail ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ at: req.url }));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const db = `${TEST_URL}?schema=${schemas.fresh()}`;
    const nodes: Node[] = [];
    try {
      nodes.push(await startNode(db, { roles: 'api' }), await startNode(db, { roles: 'worker' }));
      const [ingress] = nodes;
      const doc = `document: { dsl: '1.0.0', namespace: cluster, name: pay, version: '1.0.0' }\ndo:\n  - first: { call: http, with: { method: post, endpoint: '${base}/first' } }\n  - second: { call: http, with: { method: post, endpoint: '${base}/second' } }\n`;
      expect((await api(ingress, 'PUT', '/api/v1/workflows', doc)).status).toBe(201);
      const run = await api(ingress, 'POST', '/api/v1/workflows/cluster/pay/runs', {}, { prefer: 'wait=10' });
      expect(run.body).toMatchObject({ status: 'faulted', error: { instance: '/do/1/second' } });
      down = false;
      const [one, two] = await Promise.all([api(ingress, 'POST', `/api/v1/runs/${run.body.id}/redrive`, {}), api(ingress, 'POST', `/api/v1/runs/${run.body.id}/redrive`, {})]);
      expect([one.status, two.status].sort(), JSON.stringify([one.body, two.body])).toEqual([200, 409]);
      const ended = await until(async () => {
        const r = await api(ingress, 'GET', `/api/v1/runs/${run.body.id}`);
        return r.body.status === 'completed' ? r.body : undefined;
      }, 15_000, 100);
      expect(ended).toMatchObject({ id: run.body.id, output: { at: '/second' }, redrives: [{ by: expect.any(String) }] });
      expect(hits).toEqual(['/first', '/second', '/second']);
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
      await new Promise((r) => upstream.close(r));
    }
  }, 60_000);
});
