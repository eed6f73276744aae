import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { eventTypeStoreContract } from '../contracts/event-type-store-contract.js';
import { subscription, subscriptionStoreContract } from '../contracts/subscription-store-contract.js';
import { webhook, webhookStoreContract } from '../contracts/webhook-store-contract.js';
import { PostgresStore } from './postgres-store.js';
import { TEST_URL, TestSchemas } from './test-database.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

// Every contract test gets an empty schema; reopen opens the same schema again. No test is skipped.
const handle = (s: PostgresStore) => ({ eventTypes: s.eventTypes, subscriptions: s.subscriptions, webhooks: s.webhooks, close: () => s.close(), schema: s.schema });
const make = async () => handle(await schemas.open());
const hooks = { reopen: async (closed: object) => handle(await PostgresStore.open(TEST_URL, { schema: (closed as ReturnType<typeof handle>).schema, poolSize: 4 })) };
eventTypeStoreContract('postgres', make, hooks);
subscriptionStoreContract('postgres', make, hooks);
webhookStoreContract('postgres', make, hooks);

describe('PostgresStore.eventTypes, subscriptions, webhooks', () => {
  it('reads see a pending catalog write, but do not wait for pending journal writes alone', async () => {
    const store = await schemas.open();
    void store.eventTypes.putType('order.paid', { type: 'object' }, 1);
    expect((await store.eventTypes.getType('order.paid'))?.schema).toEqual({ type: 'object' });
    const created = store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null });
    const commits = store.commits;
    expect(await store.eventTypes.getType('order.paid')).toBeDefined();
    expect(store.commits).toBe(commits);
    await created;
    await store.close();
  });

  it('a subscription put on one node is seen and deleted by another', async () => {
    const a = await schemas.open();
    const b = await PostgresStore.open(TEST_URL, { schema: a.schema, poolSize: 2 });
    await a.subscriptions.putSubscription(subscription('s'));
    expect(await b.subscriptions.getSubscription('s')).toEqual(subscription('s'));
    expect(await b.subscriptions.deleteSubscription('s')).toBe(true);
    expect(await a.subscriptions.getSubscription('s')).toBeUndefined();
    await a.close();
    await b.close();
  });

  it('is closed with its store', async () => {
    const store = await schemas.open();
    await store.close();
    await expect(store.subscriptions.putSubscription(subscription('s'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.webhooks.getWebhook(webhook('h').path)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.eventTypes.deleteType('t')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
