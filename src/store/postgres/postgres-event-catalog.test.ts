import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { eventCatalogContract, subscription, webhook } from '../event-catalog-contract.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema; reopen opens the same schema again. No test is skipped.
const handle = (s: PostgresStore) => ({ store: s.eventCatalog, close: () => s.close(), schema: s.schema });
eventCatalogContract('postgres', async () => handle(await schemas.open()), {
  reopen: async (closed) => handle(await PostgresStore.open(TEST_URL, { schema: (closed as ReturnType<typeof handle>).schema, poolSize: 4 })),
});

describe('PostgresStore.eventCatalog', () => {
  it('reads see a pending catalog write, but do not wait for pending journal writes alone', async () => {
    const store = await schemas.open();
    void store.eventCatalog.putType('order.paid', { type: 'object' }, 1);
    expect((await store.eventCatalog.getType('order.paid'))?.schema).toEqual({ type: 'object' });
    const created = store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null });
    const commits = store.commits;
    expect(await store.eventCatalog.getType('order.paid')).toBeDefined();
    expect(store.commits).toBe(commits);
    await created;
    await store.close();
  });

  it('a subscription put on one node is seen and deleted by another', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    await a.eventCatalog.putSubscription(subscription('s'));
    expect(await b.eventCatalog.getSubscription('s')).toEqual(subscription('s'));
    expect(await b.eventCatalog.deleteSubscription('s')).toBe(true);
    expect(await a.eventCatalog.getSubscription('s')).toBeUndefined();
    await a.close();
    await b.close();
  });

  it('is closed with its store', async () => {
    const store = await schemas.open();
    await store.close();
    await expect(store.eventCatalog.putSubscription(subscription('s'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.eventCatalog.getWebhook(webhook('h').path)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.eventCatalog.deleteType('t')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
