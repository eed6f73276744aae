import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { scheduleStoreContract } from '../contracts/schedule-store-contract.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-schedules-'));
  dirs.push(dir);
  return join(dir, 'weft.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const handle = (s: SqliteStore) => ({ store: s.schedules, close: () => s.close(), path: s.path });
scheduleStoreContract('sqlite (temp file)', async () => handle(SqliteStore.open(tempPath())), {
  reopen: async (closed) => handle(SqliteStore.open((closed as ReturnType<typeof handle>).path)),
});
scheduleStoreContract('sqlite (:memory:)', async () => handle(SqliteStore.open(':memory:')));

describe('SqliteStore.schedules', () => {
  it('two connections to one file claiming the same slots: exactly one wins each slot', async () => {
    const path = tempPath();
    const a = SqliteStore.open(path);
    const b = SqliteStore.open(path);
    for (let slot = 1; slot <= 20; slot++) {
      const [x, y] = await Promise.all(slot % 2 ? [a.schedules.claim('k', slot, slot), b.schedules.claim('k', slot, slot)] : [b.schedules.claim('k', slot, slot), a.schedules.claim('k', slot, slot)]);
      expect([x, y].filter(Boolean)).toHaveLength(1);
    }
    expect((await a.schedules.get('k'))?.lastSlot).toBe(20);
    await a.close();
    await b.close();
  });

  it('is closed with its store', async () => {
    const store = SqliteStore.open(':memory:');
    await store.close();
    await expect(store.schedules.claim('k', 1, 1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.schedules.get('k')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
