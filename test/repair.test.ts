/**
 * Redrive and rerun across the whole platform (gateway → platform → engine → store), on SQLite and on
 * PostgreSQL, against a counting HTTP server: a run of seven HTTP tasks faults at task 7 (the server
 * answers 500); after a redrive the server has seen tasks 1–6 once and task 7 twice (the second time
 * under a new idempotency key), and the run completed under the same id. A rerun from task 5 sends 5–7
 * once more and 1–4 not at all. Needs the local PostgreSQL (fails, never skips, without it).
 */
import { type Server, createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/cli/server-command.js';
import { TestSchemas, TEST_URL } from '../src/store/postgres/test-database.js';
import { tempDb } from './gateway/support.js';

const schemas = new TestSchemas();
let upstream: Server;
let base = '';
/** Requests per path, and the idempotency keys per path. */
const hits = new Map<string, number>();
const keys = new Map<string, string[]>();
let failing = new Set<string>();

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    keys.set(path, [...(keys.get(path) ?? []), String(req.headers['idempotency-key'])]);
    req.resume();
    req.on('end', () => {
      const down = failing.has(path);
      res.writeHead(down ? 500 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(down ? { error: 'down' } : { path }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const a = upstream.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => {
  await new Promise((r) => upstream.close(r));
  await schemas.dropAll();
});

const quiet = { out: () => {}, err: () => {} };

function flow(ns: string, version = '1.0.0', last = 't7'): string {
  const tasks = [1, 2, 3, 4, 5, 6, 7].map((n) => `  - t${n}:\n      call: http\n      with: { method: post, endpoint: '${base}/${ns}/${n === 7 ? last : `t${n}`}' }\n`).join('');
  return `document: { dsl: '1.0.0', namespace: ${ns}, name: pay, version: '${version}' }\ndo:\n${tasks}`;
}

async function call(s: RunningServer, method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${s.url}${path}`, { method, headers: { 'content-type': type }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function ended(s: RunningServer, id: string): Promise<Record<string, any>> {
  for (let i = 0; i < 200; i++) {
    const r = await call(s, 'GET', `/api/v1/runs/${id}`);
    if (['completed', 'faulted', 'cancelled'].includes(r.body.status)) return r.body;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`run ${id} did not end`);
}

const counts = (ns: string) => [1, 2, 3, 4, 5, 6, 7].map((n) => hits.get(`/${ns}/t${n}`) ?? 0);

const BACKENDS: { name: string; db: () => { db: string; dispose: () => void } }[] = [
  { name: 'SQLite', db: tempDb },
  { name: 'PostgreSQL', db: () => ({ db: `${TEST_URL}?schema=${schemas.fresh()}`, dispose: () => {} }) },
];

describe.each(BACKENDS)('redrive and rerun on $name', ({ name, db: makeDb }) => {
  const ns = name.toLowerCase();
  it('redrive after a failure at task 7 re-sends only task 7; rerun from task 5 re-sends 5..7 only', async () => {
    const { db, dispose } = makeDb();
    const s = await startServer({ mode: 'dev', port: 0, db, watch: false, env: { WEFT_LOG_LEVEL: 'silent' } }, quiet);
    try {
      failing = new Set([`/${ns}/t7`]);
      expect((await call(s, 'PUT', '/api/v1/workflows', flow(ns), 'application/yaml')).status).toBe(201);
      const started = await fetch(`${s.url}/api/v1/workflows/${ns}/pay/runs`, { method: 'POST', headers: { 'content-type': 'application/json', prefer: 'wait=10' }, body: JSON.stringify({ amount: 5 }) });
      const run = (await started.json()) as Record<string, any>;
      expect(run).toMatchObject({ status: 'faulted', error: { status: 500, instance: '/do/6/t7' } });
      expect(counts(ns)).toEqual([1, 1, 1, 1, 1, 1, 1]);

      // Not yet fixed: the redrive faults again at task 7, nothing before it re-sent.
      expect((await call(s, 'POST', `/api/v1/runs/${run.id}/redrive`, {})).status).toBe(200);
      expect(await ended(s, run.id)).toMatchObject({ status: 'faulted' });
      expect(counts(ns)).toEqual([1, 1, 1, 1, 1, 1, 2]);

      failing = new Set();
      const redriven = await call(s, 'POST', `/api/v1/runs/${run.id}/redrive`, { patch: { note: 'fixed upstream' } });
      expect(redriven.status).toBe(200);
      expect(redriven.body.id).toBe(run.id);
      const done = await ended(s, run.id);
      expect(done).toMatchObject({ id: run.id, status: 'completed', output: { path: `/${ns}/t7` }, input: { amount: 5, note: 'fixed upstream' } });
      expect(done.redrives).toHaveLength(2);
      expect(done.redrives[1]).toMatchObject({ patched: true });
      expect(counts(ns)).toEqual([1, 1, 1, 1, 1, 1, 3]);
      // Audited with the fields the patch set, not their values.
      const audit = (await call(s, 'GET', '/api/v1/audit')).body.items as { action: string; target: string; detail?: Record<string, unknown> }[];
      expect(audit.filter((e) => e.action === 'run:redrive' && e.target === `run/${run.id}`).map((e) => e.detail?.patched ?? null)).toEqual(expect.arrayContaining([null, ['note']]));
      // Each performance of the failed task after a redrive has its own idempotency key.
      const t7 = keys.get(`/${ns}/t7`)!;
      expect(new Set(t7).size).toBe(3);
      expect(t7[2]).toMatch(/#redrive-2$/);
      expect((await call(s, 'POST', `/api/v1/runs/${run.id}/redrive`, {})).body).toMatchObject({ status: 409, code: 'WEFT_ERR_RUN_NOT_REPAIRABLE' });

      const rerun = await call(s, 'POST', `/api/v1/runs/${run.id}/rerun`, { from: '/do/4/t5' });
      expect(rerun.status).toBe(201);
      expect(rerun.body.id).not.toBe(run.id);
      const again = await ended(s, rerun.body.id);
      expect(again).toMatchObject({ status: 'completed', origin: { run: run.id, from: '/do/4/t5' } });
      expect(counts(ns)).toEqual([1, 1, 1, 1, 2, 2, 4]);

      // Refusals with their codes.
      expect((await call(s, 'POST', `/api/v1/runs/${run.id}/rerun`, { from: '/do/9/nope' })).body).toMatchObject({ status: 400, code: 'WEFT_ERR_RUN_BAD_TASK_POINTER' });
      expect((await call(s, 'POST', `/api/v1/runs/${run.id}/rerun`, { from: '/do/4/t5', patch: [1] })).body).toMatchObject({ status: 400, code: 'WEFT_ERR_RUN_BAD_PATCH' });
      expect((await call(s, 'POST', `/api/v1/runs/${run.id}/rerun`, { from: '/do/4/t5', version: '9.9.9' })).status).toBe(404);
    } finally {
      await s.stop();
      dispose();
    }
  });

  it('redrive on a newer version: allowed when the tasks before the failed one are unchanged, refused otherwise', async () => {
    const { db, dispose } = makeDb();
    const s = await startServer({ mode: 'dev', port: 0, db, watch: false, env: { WEFT_LOG_LEVEL: 'silent' } }, quiet);
    const v = `${ns}v`;
    try {
      failing = new Set([`/${v}/t7`]);
      expect((await call(s, 'PUT', '/api/v1/workflows', flow(v), 'application/yaml')).status).toBe(201);
      const run = (await (await fetch(`${s.url}/api/v1/workflows/${v}/pay/runs`, { method: 'POST', headers: { 'content-type': 'application/json', prefer: 'wait=10' }, body: '{}' })).json()) as Record<string, any>;
      expect(run.status).toBe('faulted');
      // 2.0.0 changes task 1: the outcomes kept would belong to another task.
      expect((await call(s, 'PUT', '/api/v1/workflows', flow(v, '2.0.0').replace(`${v}/t1`, `${v}/t1-changed`), 'application/yaml')).status).toBe(201);
      expect((await call(s, 'POST', `/api/v1/runs/${run.id}/redrive`, { version: '2.0.0' })).body).toMatchObject({ status: 422, code: 'WEFT_ERR_RUN_VERSION_INCOMPATIBLE' });
      // 3.0.0 fixes task 7 only (another endpoint): the run continues on it.
      expect((await call(s, 'PUT', '/api/v1/workflows', flow(v, '3.0.0', 't7-fixed'), 'application/yaml')).status).toBe(201);
      expect((await call(s, 'POST', `/api/v1/runs/${run.id}/redrive`, { version: '3.0.0' })).status).toBe(200);
      expect(await ended(s, run.id)).toMatchObject({ status: 'completed', version: '3.0.0', output: { path: `/${v}/t7-fixed` }, redrives: [{ version: '3.0.0' }] });
      expect(counts(v)).toEqual([1, 1, 1, 1, 1, 1, 1]);
      expect(hits.get(`/${v}/t7-fixed`)).toBe(1);
    } finally {
      await s.stop();
      dispose();
    }
  });

  it('a run that faulted on a raise (no effect failed) continues on a version that fixes that task', async () => {
    const { db, dispose } = makeDb();
    const s = await startServer({ mode: 'dev', port: 0, db, watch: false, env: { WEFT_LOG_LEVEL: 'silent' } }, quiet);
    const r = `${ns}r`;
    const doc = (version: string, second: string) => `document: { dsl: '1.0.0', namespace: ${r}, name: pay, version: '${version}' }\ndo:\n  - t1: { call: http, with: { method: post, endpoint: '${base}/${r}/t1' } }\n  - t2: ${second}\n`;
    try {
      expect((await call(s, 'PUT', '/api/v1/workflows', doc('1.0.0', "{ raise: { error: { type: 'https://example.com/bug', status: 400 } } }"), 'application/yaml')).status).toBe(201);
      const run = (await (await fetch(`${s.url}/api/v1/workflows/${r}/pay/runs`, { method: 'POST', headers: { 'content-type': 'application/json', prefer: 'wait=10' }, body: '{}' })).json()) as Record<string, any>;
      expect(run).toMatchObject({ status: 'faulted', error: { instance: '/do/1/t2' } });
      expect((await call(s, 'PUT', '/api/v1/workflows', doc('1.0.1', '{ set: { fixed: true } }'), 'application/yaml')).status).toBe(201);
      expect((await call(s, 'POST', `/api/v1/runs/${run.id}/redrive`, { version: '1.0.1' })).status).toBe(200);
      expect(await ended(s, run.id)).toMatchObject({ status: 'completed', output: { fixed: true }, version: '1.0.1' });
      expect(hits.get(`/${r}/t1`)).toBe(1);
    } finally {
      await s.stop();
      dispose();
    }
  });
});
