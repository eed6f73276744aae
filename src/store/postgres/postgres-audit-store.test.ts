import { afterAll, describe, expect, it } from 'vitest';
import { auditStoreContract, sealWith } from '../contracts/audit-store-contract.js';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema; reopen opens the same schema again. No test is skipped.
const handle = (s: PostgresStore) => ({ store: s.audit, close: () => s.close(), schema: s.schema });
auditStoreContract('postgres', async () => handle(await schemas.open()), {
  reopen: async (closed) => handle(await PostgresStore.open(TEST_URL, { schema: (closed as ReturnType<typeof handle>).schema, poolSize: 4 })),
});

describe('PostgresStore.audit', () => {
  it('a seal that throws does not fail the run writes committed in the same transaction', async () => {
    const store = await schemas.open();
    const before = store.commits;
    const results = await Promise.allSettled([
      store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null }),
      store.audit.append(() => {
        throw new TypeError('bad seal');
      }),
      store.audit.append(sealWith()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.commits - before).toBe(1);
    expect((await store.getRun('r1'))?.id).toBe('r1');
    expect((await store.audit.all()).map((r) => r.seq)).toEqual([1]);
    await store.close();
  });

  it('several nodes appending at once cannot fork the chain: each seal runs under the advisory lock', async () => {
    const a = await schemas.open();
    const nodes = [a, ...(await Promise.all(Array.from({ length: 3 }, () => PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 }))))];
    for (let round = 0; round < 5; round++) {
      // Every node appends a batch of its own in the same turn: four transactions race for the chain.
      await Promise.all(nodes.flatMap((n, i) => Array.from({ length: 3 }, () => n.audit.append(sealWith({ actor: `node${i}` })))));
    }
    const all = await nodes[3].audit.all();
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    all.slice(1).forEach((r, i) => expect(r.prev).toBe(all[i].hash));
    for (const n of nodes) await n.close();
  });

  it('is closed with its store', async () => {
    const store = await schemas.open();
    await store.close();
    await expect(store.audit.append(sealWith())).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.audit.list()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
