/**
 * Multi-node behaviour beyond failover: node roles (an api-only node leaves runs to workers; a worker
 * without the api role serves only probes, metrics and /api/v1/nodes), a `listen` on one node hearing an
 * event posted to another, and a rolling restart of three nodes under load that loses nothing.
 * Needs the local PostgreSQL (fails, never skips, without it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TEST_URL, TestSchemas } from '../../src/store/postgres/test-database.js';
import { type Node, api, countingServer, startNode, until, waitAndCallWorkflow } from './support.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

const flow = (name: string, body: string) => `document: { dsl: '1.0.0', namespace: cluster, name: ${name}, version: '1.0.0' }\ndo:\n${body}`;

describe('node roles and cross-node events', () => {
  it('an api-only node starts runs that a worker executes; a worker-only node serves no API', async () => {
    const db = `${TEST_URL}?schema=${schemas.fresh()}`;
    const nodes: Node[] = [];
    try {
      nodes.push(await startNode(db, { roles: 'api' }));
      nodes.push(await startNode(db, { roles: 'worker,scheduler' }));
      const [ingress, worker] = nodes;
      expect((await api(ingress, 'PUT', '/api/v1/workflows', flow('double', "  - d: { set: { n: '${ .n * 2 }' } }\n"))).status).toBe(201);
      const r = await api(ingress, 'POST', '/api/v1/workflows/cluster/double/runs', { n: 21 }, { prefer: 'wait=10' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'completed', output: { n: 42 } });

      expect((await api(worker, 'GET', '/api/v1/workflows')).status).toBe(404);
      expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
      const listed = (await api(worker, 'GET', '/api/v1/nodes')).body.items as { roles: string[]; live: boolean; address?: string }[];
      expect(listed.map((n) => n.roles.join()).sort()).toEqual(['api', 'worker,scheduler']);
      expect(listed.every((n) => n.live)).toBe(true);
      expect(listed.find((n) => n.roles.join() === 'api')?.address).toBe(ingress.url);
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
  }, 60_000);

  it('a listen on one node hears an event posted to another', async () => {
    const db = `${TEST_URL}?schema=${schemas.fresh()}`;
    const nodes: Node[] = [];
    try {
      nodes.push(await startNode(db), await startNode(db));
      const [a, b] = nodes;
      const waits = flow('waits', "  - hear:\n      listen:\n        to:\n          one: { with: { type: cluster.ping } }\n  - got: { set: { n: '${ .[0].n }' } }\n");
      expect((await api(a, 'PUT', '/api/v1/workflows', waits)).status).toBe(201);
      const run = await api(a, 'POST', '/api/v1/workflows/cluster/waits/runs', {});
      expect(run.status).toBe(202);
      // The run is waiting on node a (it started it) when the event reaches node b.
      await until(async () => ((await api(a, 'GET', `/api/v1/runs/${run.body.id}`)).body.status === 'waiting' ? true : undefined), 5_000, 50);
      const posted = await api(b, 'POST', '/api/v1/events', { specversion: '1.0', id: 'p-1', source: 'https://cluster.test', type: 'cluster.ping', data: { n: 7 } });
      expect(posted.status).toBe(202);
      const ended = await until(async () => {
        const r = await api(b, 'GET', `/api/v1/runs/${run.body.id}`);
        return r.body.status === 'completed' ? r.body : undefined;
      }, 10_000, 100);
      expect(ended).toMatchObject({ output: { n: 7 } });
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
  }, 60_000);
});

describe('rolling restart', () => {
  it('restarting three nodes one by one under load loses no run and repeats no journaled step', async () => {
    const schema = schemas.fresh();
    const db = `${TEST_URL}?schema=${schema}`;
    const counter = await countingServer(5);
    const nodes: Node[] = [];
    const started: { id: string; n: number }[] = [];
    let load: Promise<void> | undefined;
    let loading = true;
    try {
      // A long lease: a graceful stop hands runs over at once, and a busy machine (the whole suite running)
      // must not let a lease lapse under a live node — that takeover is the failover test's subject.
      for (let i = 0; i < 3; i++) nodes.push(await startNode(db, { leaseMs: 15_000 }));
      expect((await api(nodes[0], 'PUT', '/api/v1/workflows', waitAndCallWorkflow(counter.url, 'hops', 300))).status).toBe(201);
      // Load: a start every 40 ms, through whichever nodes are up (a refused connection is retried).
      load = (async () => {
        // At most 600 starts: on a busy machine the restarts take longer, not the test's work.
        for (let n = 0; loading && n < 600; n++) {
          const up = nodes.filter(Boolean);
          const target = up[n % up.length];
          const r = await api(target, 'POST', '/api/v1/workflows/cluster/hops/runs', { n }).catch(() => undefined);
          if (r?.status === 202) started.push({ id: r.body.id, n });
          await new Promise((res) => setTimeout(res, 40));
        }
      })();
      for (let i = 0; i < 3; i++) {
        await new Promise((res) => setTimeout(res, 1_000));
        const old = nodes[i];
        nodes.splice(i, 1, undefined as unknown as Node);
        await old.stop(); // SIGTERM: drain, release leases
        nodes[i] = await startNode(db, { leaseMs: 15_000 });
      }
      await new Promise((res) => setTimeout(res, 1_000));
      loading = false;
      await load;
      expect(started.length).toBeGreaterThan(50);

      const client = new pg.Client({ connectionString: TEST_URL });
      await client.connect();
      try {
        const done = await until(async () => {
          const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${schema}.runs WHERE status = 'completed'`);
          return rows[0].n === started.length ? true : undefined;
        }, 20_000, 200);
        expect(done, 'every started run completed').toBe(true);
        const { rows: outputs } = await client.query(`SELECT id, output FROM ${schema}.runs`);
        const byId = new Map(outputs.map((r: { id: string; output: string }) => [r.id, JSON.parse(r.output)]));
        for (const s of started) expect(byId.get(s.id)).toEqual({ n: (s.n + 1) * 10 });
        const { rows: twice } = await client.query(`SELECT run_id, key FROM ${schema}.journal WHERE kind = 'resolved' GROUP BY run_id, key HAVING count(*) > 1`);
        expect(twice).toEqual([]);
      } finally {
        await client.end();
      }
      // A graceful stop hands its runs over: no step was sent twice (SIGKILL is the only excuse for that).
      const keys = counter.hits.map((h) => h.key);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      loading = false;
      await load;
      await Promise.all(nodes.filter(Boolean).map((n) => n.stop()));
      await counter.close();
    }
  }, 180_000);
});
