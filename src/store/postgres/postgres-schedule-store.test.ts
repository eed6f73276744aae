import { afterAll, describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { scheduleStoreContract } from '../contracts/schedule-store-contract.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema; reopen opens the same schema again. No test is skipped.
const handle = (s: PostgresStore) => ({ store: s.schedules, close: () => s.close(), schema: s.schema });
scheduleStoreContract('postgres', async () => handle(await schemas.open()), {
  reopen: async (closed) => handle(await PostgresStore.open(TEST_URL, { schema: (closed as ReturnType<typeof handle>).schema, poolSize: 4 })),
});

describe('PostgresStore.schedules', () => {
  it('two nodes claiming the same slots: exactly one wins each slot', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    for (let slot = 1; slot <= 20; slot++) {
      const [x, y] = await Promise.all(slot % 2 ? [a.schedules.claim('k', slot, slot), b.schedules.claim('k', slot, slot)] : [b.schedules.claim('k', slot, slot), a.schedules.claim('k', slot, slot)]);
      expect([x, y].filter(Boolean)).toHaveLength(1);
    }
    expect((await a.schedules.get('k'))?.lastSlot).toBe(20);
    await a.close();
    await b.close();
  });

  it('several nodes racing for the first slot of a new key (the insert path): exactly one wins', async () => {
    const a = await schemas.open();
    const nodes = [a, ...(await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 }))))];
    for (let k = 0; k < 10; k++) {
      const won = await Promise.all(nodes.map((n) => n.schedules.claim(`new${k}`, 100, 100)));
      expect(won.filter(Boolean)).toHaveLength(1);
    }
    for (const n of nodes) await n.close();
  });

  it('is closed with its store', async () => {
    const store = await schemas.open();
    await store.close();
    await expect(store.schedules.claim('k', 1, 1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.schedules.get('k')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
