/**
 * `weft serve --db postgres://…`: the whole platform on PostgreSQL — register, deploy, run (a function
 * call and an event subscription), and the history survives a restart of the server. Needs the local
 * PostgreSQL (fails, never skips, without it); each run uses its own schema, dropped afterwards.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TestSchemas, TEST_URL } from '../src/store/postgres/test-database.js';
import { type RunningServer, startServer } from '../src/cli/server-command.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());
const quiet = { out: () => {}, err: () => {} };
const ADMIN = 'a-long-enough-admin-key-for-postgres-tests';
const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

async function call(s: RunningServer, method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${s.url}${path}`, { method, headers: { ...auth, 'content-type': type }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('weft serve on PostgreSQL', () => {
  it('registers, deploys, runs a function call and an event subscription, and keeps it all across a restart', async () => {
    const db = `${TEST_URL}?schema=${schemas.fresh()}`;
    const start = () => startServer({ mode: 'serve', port: 0, db, watch: false, env: { WEFT_ADMIN_KEY: ADMIN, WEFT_LOG_LEVEL: 'silent' } }, quiet);
    let s = await start();
    try {
      expect((await call(s, 'PUT', '/api/v1/functions/double', { manifest: { version: '1.0.0' }, source: 'export default async (i: { n: number }) => ({ n: i.n * 2 });' })).status).toBe(201);
      const flow = "document: { dsl: '1.0.0', namespace: pg, name: flow, version: '1.0.0' }\ndo:\n  - d:\n      call: double:1.0.0@default\n      with: { n: '${ .n }' }\n  - e:\n      emit:\n        event:\n          with: { source: 'https://pg.test/flow', type: 'pg.doubled', data: '${ . }' }\n";
      expect((await call(s, 'PUT', '/api/v1/workflows', flow, 'application/yaml')).status).toBe(201);
      const sink = "document: { dsl: '1.0.0', namespace: pg, name: sink, version: '1.0.0' }\ndo:\n  - s:\n      set: { got: '${ .data.n }' }\n";
      expect((await call(s, 'PUT', '/api/v1/workflows', sink, 'application/yaml')).status).toBe(201);
      expect((await call(s, 'PUT', '/api/v1/subscriptions/doubled', { filter: { type: 'pg.doubled' }, target: { workflow: { namespace: 'pg', name: 'sink' } } })).status).toBe(201);
      const run = await fetch(`${s.url}/api/v1/workflows/pg/flow/runs`, { method: 'POST', headers: { ...auth, prefer: 'wait=10' }, body: JSON.stringify({ n: 21 }) });
      expect(await run.json()).toMatchObject({ status: 'completed', output: { type: 'pg.doubled', data: { n: 42 } } });
      let sunk: Record<string, any>[] = [];
      for (let i = 0; i < 100 && !sunk.length; i++) {
        await new Promise((r) => setTimeout(r, 50));
        sunk = (await call(s, 'GET', '/api/v1/runs?workflow=pg/sink&status=completed')).body.items;
      }
      expect(sunk[0]).toMatchObject({ output: { got: 42 } });
      await s.stop();
      s = await start();
      expect((await call(s, 'GET', '/api/v1/runs?namespace=pg')).body.items).toHaveLength(2);
      expect((await call(s, 'GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    } finally {
      await s.stop();
    }
  });
});
