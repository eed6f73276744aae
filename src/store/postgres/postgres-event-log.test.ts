import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { deliveryQueueContract } from '../contracts/delivery-queue-contract.js';
import { T0, cloudEvent, eventLogContract, routeTo } from '../contracts/event-log-contract.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema; reopen opens the same schema again. No test is skipped.
const handle = (s: PostgresStore) => ({ events: s.events, deliveries: s.deliveries, close: () => s.close(), schema: s.schema });
eventLogContract('postgres', async () => handle(await schemas.open()), {
  reopen: async (closed) => handle(await PostgresStore.open(TEST_URL, { schema: (closed as ReturnType<typeof handle>).schema, poolSize: 4 })),
});

deliveryQueueContract('postgres', async () => handle(await schemas.open()));

const started = { kind: 'started', at: 1, input: null } as const;

describe('PostgresStore.events', () => {
  it('an append is one write of the group commit: it commits with the run writes of its turn', async () => {
    const store = await schemas.open();
    const before = store.commits;
    await Promise.all([store.createRun(runRecord('r1'), started), store.events.append([cloudEvent('a'), cloudEvent('b')], T0, routeTo('s'))]);
    expect(store.commits - before).toBe(1);
    await store.close();
  });

  it('route runs inside the write (at commit), and one that throws does not fail the other writes of the batch', async () => {
    const store = await schemas.open();
    const route = routeTo('s');
    const appended = store.events.append([cloudEvent('a')], T0, route);
    expect(route.calls).toEqual([]);
    const results = await Promise.allSettled([
      appended,
      store.createRun(runRecord('r1'), started),
      store.events.append([cloudEvent('b')], T0, () => {
        throw new TypeError('bad route');
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(route.calls).toEqual(['/shop#a']);
    expect((await store.getRun('r1'))?.id).toBe('r1');
    expect((await store.events.list({})).map((e) => e.event.id)).toEqual(['a']);
    await store.close();
  });

  it('due sees a pending append, but does not wait for pending journal writes alone', async () => {
    const store = await schemas.open();
    void store.events.append([cloudEvent('a')], T0, routeTo('s'));
    expect(await store.deliveries.due(T0, 10)).toHaveLength(1);
    const created = store.createRun(runRecord('r1'), started);
    const commits = store.commits;
    expect(await store.deliveries.due(T0, 10)).toHaveLength(1);
    expect(store.commits).toBe(commits);
    await created;
    await store.close();
  });

  it('of several nodes appending the same events at once, each event is stored and routed once', async () => {
    const a = await schemas.open();
    const nodes = [a, ...(await Promise.all(Array.from({ length: 3 }, () => PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 }))))];
    const routes = nodes.map(() => routeTo('s'));
    for (let round = 0; round < 5; round++) {
      const batch = [cloudEvent(`e${round}a`), cloudEvent(`e${round}b`)];
      const results = await Promise.all(nodes.map((n, i) => n.events.append(batch, T0 + round, routes[i])));
      // Every node gets the same seqs; exactly one node stored each event.
      for (const r of results) expect(r.map((x) => x.seq)).toEqual(results[0].map((x) => x.seq));
      for (let e = 0; e < batch.length; e++) expect(results.filter((r) => !r[e].duplicate)).toHaveLength(1);
    }
    expect(routes.flatMap((r) => r.calls).sort()).toEqual(Array.from({ length: 5 }, (_, r) => [`/shop#e${r}a`, `/shop#e${r}b`]).flat().sort());
    const due = await nodes[2].deliveries.due(T0 + 10, 100);
    expect(due).toHaveLength(10);
    expect(new Set(due.map((d) => d.event.event.id)).size).toBe(10);
    for (const n of nodes) await n.close();
  });

  it('of several nodes claiming at once, each due delivery goes to exactly one', async () => {
    const a = await schemas.open();
    const nodes = [a, ...(await Promise.all(Array.from({ length: 3 }, () => PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 }))))];
    await a.events.append(Array.from({ length: 40 }, (_, i) => cloudEvent(`c${i}`)), T0, routeTo('s1', 's2'));
    const claimed = (await Promise.all(nodes.map((n) => n.deliveries.claim(T0, 30, 60_000)))).flat().map((d) => d.id);
    expect(claimed).toHaveLength(80);
    expect(new Set(claimed).size).toBe(80);
    expect(await a.deliveries.claim(T0 + 59_999, 100, 60_000)).toEqual([]);
    for (const n of nodes) await n.close();
  });

  it('seqs become visible in order across nodes: a tailer never skips a seq', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    const tail = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    const writes = Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).events.append([cloudEvent(`x${i}`)], T0, routeTo())),
    );
    const seen: number[] = [];
    let after = 0;
    for (let polls = 0; seen.length < 40 && polls < 1000; polls++) {
      const page = await tail.events.list({ afterSeq: after, limit: 1000 });
      for (const e of page) seen.push(e.seq);
      if (page.length > 0) after = page[page.length - 1].seq;
    }
    await writes;
    const stored = (await a.events.list({ limit: 1000 })).map((e) => e.seq).sort((x, y) => x - y);
    expect(seen).toEqual(stored);
    for (const s of [a, b, tail]) await s.close();
  });

  it('is closed with its store', async () => {
    const store = await schemas.open();
    await store.close();
    await expect(store.events.append([cloudEvent('a')], T0, routeTo())).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.deliveries.due(T0, 10)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.deliveries.settle('s|1', { status: 'done' }, T0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.events.list({})).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
