import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { eventCatalogContract, subscription, webhook } from '../event-catalog-contract.js';
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

const handle = (s: SqliteStore) => ({ store: s.eventCatalog, close: () => s.close(), path: s.path });
eventCatalogContract('sqlite (temp file)', async () => handle(SqliteStore.open(tempPath())), {
  reopen: async (closed) => handle(SqliteStore.open((closed as ReturnType<typeof handle>).path)),
});
eventCatalogContract('sqlite (:memory:)', async () => handle(SqliteStore.open(':memory:')));

describe('SqliteStore.eventCatalog', () => {
  it('reads see a pending catalog write, but do not wait for pending journal writes alone', async () => {
    const store = SqliteStore.open(':memory:');
    void store.eventCatalog.putType('order.paid', { type: 'object' }, 1);
    expect((await store.eventCatalog.getType('order.paid'))?.schema).toEqual({ type: 'object' });
    const created = store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null });
    const commits = store.commits;
    expect(await store.eventCatalog.getType('order.paid')).toBeDefined();
    expect(store.commits).toBe(commits);
    await created;
    await store.close();
  });

  it('is closed with its store', async () => {
    const store = SqliteStore.open(':memory:');
    await store.close();
    await expect(store.eventCatalog.putSubscription(subscription('s'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.eventCatalog.getWebhook(webhook('h').path)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.eventCatalog.deleteType('t')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
