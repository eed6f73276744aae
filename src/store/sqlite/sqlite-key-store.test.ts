import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { apiKey, keyStoreContract } from '../contracts/key-store-contract.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-keystore-'));
  dirs.push(dir);
  return join(dir, 'weft.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const handle = (s: SqliteStore) => ({ store: s.keys, close: () => s.close(), path: s.path });
keyStoreContract('sqlite (temp file)', async () => handle(SqliteStore.open(tempPath())), {
  reopen: async (closed) => handle(SqliteStore.open((closed as ReturnType<typeof handle>).path)),
});
keyStoreContract('sqlite (:memory:)', async () => handle(SqliteStore.open(':memory:')));

describe('SqliteStore.keys', () => {
  it('get sees a key put in the same turn, without waiting for pending journal writes alone', async () => {
    const store = SqliteStore.open(':memory:');
    void store.keys.put(apiKey('k1'));
    expect(await store.keys.get('k1')).toEqual(apiKey('k1'));
    const created = store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null });
    const commits = store.commits;
    expect(await store.keys.get('k1')).toEqual(apiKey('k1'));
    expect(store.commits).toBe(commits);
    await created;
    await store.close();
  });

  it('is closed with its store', async () => {
    const store = SqliteStore.open(':memory:');
    await store.close();
    await expect(store.keys.put(apiKey('k1'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.keys.get('k1')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.keys.countActive(0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
