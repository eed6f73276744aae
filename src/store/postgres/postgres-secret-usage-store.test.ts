import { afterAll, describe, expect, it } from 'vitest';
import { secretUsageStoreContract, usage } from '../contracts/secret-usage-store-contract.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema; reopen opens the same schema again. No test is skipped.
const handle = (s: PostgresStore) => ({ store: s.secretUsage, close: () => s.close(), schema: s.schema });
secretUsageStoreContract('postgres', async () => handle(await schemas.open()), {
  reopen: async (closed) => handle(await PostgresStore.open(TEST_URL, { schema: (closed as ReturnType<typeof handle>).schema, poolSize: 4 })),
});

describe('PostgresStore.secretUsage across nodes', () => {
  it('two stores on one schema adding reads of the same row at once both count', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    try {
      await Promise.all([a.secretUsage.record([usage('shop/w:1', { count: 2 })]), b.secretUsage.record([usage('shop/w:1', { count: 3, lastAt: 1_700_000_000_500 })])]);
      expect(await a.secretUsage.list('shop', 'TOKEN')).toEqual([usage('shop/w:1', { count: 5, lastAt: 1_700_000_000_500 })]);
    } finally {
      await b.close();
    }
  });
});
