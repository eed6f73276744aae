/**
 * Bulk redrive (POST /api/v1/runs/redrive) against a counting HTTP server: four runs of one workflow
 * fault at their second task, one of another workflow too. A dry run lists exactly the four and changes
 * nothing; the real one redrives them at WEFT_REDRIVE_RATE (10/s here, so the four redrives span at
 * least 300 ms), every one completes, the first task is never sent again, and each redrive is audited.
 */
import { type Server, createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/cli/server-command.js';
import { caller, tempDb } from './support.js';

let upstream: Server;
let base = '';
const hits = new Map<string, number>();
let failing = true;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    req.resume();
    req.on('end', () => {
      const down = failing && path.endsWith('/t2');
      res.writeHead(down ? 500 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(down ? { error: 'down' } : { path }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const a = upstream.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise((r) => upstream.close(r)));

const flow = (name: string) =>
  `document: { dsl: '1.0.0', namespace: bulk, name: ${name}, version: '1.0.0' }\ndo:\n  - t1: { call: http, with: { method: post, endpoint: '${base}/${name}/t1' } }\n  - t2: { call: http, with: { method: post, endpoint: '${base}/${name}/t2' } }\n`;

const RATE = 10;

describe('POST /api/v1/runs/redrive', () => {
  let s: RunningServer;
  let call: ReturnType<typeof caller>;
  let dispose = () => {};
  beforeAll(async () => {
    const d = tempDb();
    dispose = d.dispose;
    s = await startServer({ mode: 'dev', port: 0, db: d.db, watch: false, env: { WEFT_LOG_LEVEL: 'silent', WEFT_REDRIVE_RATE: String(RATE) } }, { out: () => {}, err: () => {} });
    call = caller(s.url, null);
  });
  afterAll(async () => {
    await s.stop();
    dispose();
  });

  const start = async (name: string) => (await call('POST', `/api/v1/workflows/bulk/${name}/runs`, { body: {}, headers: { prefer: 'wait=10' } })).body as { id: string; status: string };
  const get = async (id: string) => (await call('GET', `/api/v1/runs/${id}`)).body as Record<string, any>;

  it('a dry run lists the matching faulted runs; the redrive paces them and completes every one', async () => {
    for (const name of ['pay', 'other']) expect((await call('PUT', '/api/v1/workflows', { body: flow(name), headers: { 'content-type': 'application/yaml' } })).status).toBe(201);
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await start('pay'));
    const other = await start('other');
    expect([...runs, other].map((r) => r.status)).toEqual(['faulted', 'faulted', 'faulted', 'faulted', 'faulted']);
    const ids = runs.map((r) => r.id).sort();

    const dry = await call('POST', '/api/v1/runs/redrive', { body: { workflow: 'bulk/pay', errorType: 'communication', dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, accepted: 0 });
    expect(dry.body.items.map((i: { id: string }) => i.id).sort()).toEqual(ids);
    expect(dry.body.items[0]).toMatchObject({ workflow: 'bulk/pay', status: 'faulted', errorType: expect.stringMatching(/\/communication$/) });
    // Another error type matches none; a dry run changed nothing.
    expect((await call('POST', '/api/v1/runs/redrive', { body: { workflow: 'bulk/pay', errorType: 'timeout', dryRun: true } })).body.items).toEqual([]);
    for (const r of runs) expect(await get(r.id)).toMatchObject({ status: 'faulted' });
    expect(hits.get('/pay/t1')).toBe(4);
    expect(hits.get('/pay/t2')).toBe(4);

    failing = false;
    const bulk = await call('POST', '/api/v1/runs/redrive', { body: { workflow: 'bulk/pay' } });
    expect(bulk.status).toBe(202);
    expect(bulk.body).toMatchObject({ dryRun: false, accepted: 4, ratePerSecond: RATE });
    const ended = [];
    for (const r of runs) {
      for (let i = 0; i < 200; i++) {
        const v = await get(r.id);
        if (v.status === 'completed' || (v.status === 'faulted' && v.redrives)) {
          ended.push(v);
          break;
        }
        await new Promise((res) => setTimeout(res, 25));
      }
    }
    expect(ended.map((v) => v.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    // The first task was never sent again; the second once more per run.
    expect(hits.get('/pay/t1')).toBe(4);
    expect(hits.get('/pay/t2')).toBe(8);
    // Paced: four redrives at 10/s span at least three gaps of 100 ms.
    const at = ended.map((v) => Date.parse(v.redrives[0].at)).sort((a, b) => a - b);
    expect(at[3] - at[0]).toBeGreaterThanOrEqual(((4 - 1) / RATE) * 1000 - 5);
    // The other workflow's run was not touched.
    expect(await get(other.id)).toMatchObject({ status: 'faulted' });
    expect((await get(other.id)).redrives).toBeUndefined();
    const audit = (await call('GET', '/api/v1/audit')).body.items as { action: string; target: string; detail?: Record<string, unknown> }[];
    expect(audit.filter((e) => e.action === 'run:redrive' && e.detail?.bulk === true).map((e) => e.target.slice(4)).sort()).toEqual(ids);
    // Nothing left to redrive.
    expect((await call('POST', '/api/v1/runs/redrive', { body: { workflow: 'bulk/pay', status: ['faulted', 'cancelled'], dryRun: true } })).body.items).toEqual([]);
  });

  it('refuses a malformed filter', async () => {
    expect((await call('POST', '/api/v1/runs/redrive', { body: { workflow: 'nope' } })).status).toBe(400);
    expect((await call('POST', '/api/v1/runs/redrive', { body: { limit: 1001 } })).status).toBe(400);
    expect((await call('POST', '/api/v1/runs/redrive', { body: { status: ['completed'] } })).status).toBe(400);
    expect((await call('POST', '/api/v1/runs/redrive', { body: { from: '2026-01-02', to: '2026-01-01' } })).status).toBe(400);
  });
});
