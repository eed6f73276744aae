import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { eventTypeStoreContract } from '../contracts/event-type-store-contract.js';
import { subscription, subscriptionStoreContract } from '../contracts/subscription-store-contract.js';
import { webhook, webhookStoreContract } from '../contracts/webhook-store-contract.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-evcatalog-'));
  dirs.push(dir);
  return join(dir, 'weft.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const handle = (s: SqliteStore) => ({ eventTypes: s.eventTypes, subscriptions: s.subscriptions, webhooks: s.webhooks, close: () => s.close(), path: s.path });
const make = async () => handle(SqliteStore.open(tempPath()));
const hooks = { reopen: async (closed: object) => handle(SqliteStore.open((closed as ReturnType<typeof handle>).path)) };
eventTypeStoreContract('sqlite (temp file)', make, hooks);
subscriptionStoreContract('sqlite (temp file)', make, hooks);
webhookStoreContract('sqlite (temp file)', make, hooks);
const inMemory = async () => handle(SqliteStore.open(':memory:'));
eventTypeStoreContract('sqlite (:memory:)', inMemory);
subscriptionStoreContract('sqlite (:memory:)', inMemory);
webhookStoreContract('sqlite (:memory:)', inMemory);

describe('SqliteStore.eventTypes, subscriptions, webhooks', () => {
  it('reads see a pending catalog write, but do not wait for pending journal writes alone', async () => {
    const store = SqliteStore.open(':memory:');
    void store.eventTypes.putType('order.paid', { type: 'object' }, 1);
    expect((await store.eventTypes.getType('order.paid'))?.schema).toEqual({ type: 'object' });
    const created = store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null });
    const commits = store.commits;
    expect(await store.eventTypes.getType('order.paid')).toBeDefined();
    expect(store.commits).toBe(commits);
    await created;
    await store.close();
  });

  it('is closed with its store', async () => {
    const store = SqliteStore.open(':memory:');
    await store.close();
    await expect(store.subscriptions.putSubscription(subscription('s'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.webhooks.getWebhook(webhook('h').path)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.eventTypes.deleteType('t')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
