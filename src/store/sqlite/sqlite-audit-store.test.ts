import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditStoreContract, sealWith } from '../contracts/audit-store-contract.js';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-audit-'));
  dirs.push(dir);
  return join(dir, 'weft.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const handle = (s: SqliteStore) => ({ store: s.audit, close: () => s.close(), path: s.path });
auditStoreContract('sqlite (temp file)', async () => handle(SqliteStore.open(tempPath())), {
  reopen: async (closed) => handle(SqliteStore.open((closed as ReturnType<typeof handle>).path)),
});
auditStoreContract('sqlite (:memory:)', async () => handle(SqliteStore.open(':memory:')));

describe('SqliteStore.audit', () => {
  it('a seal that throws does not fail the run writes committed in the same transaction', async () => {
    const store = SqliteStore.open(':memory:');
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

  it('two connections to one file cannot fork the chain: each seal runs under the write lock', async () => {
    const path = tempPath();
    const a = SqliteStore.open(path);
    const b = SqliteStore.open(path);
    await Promise.all([a.audit.append(sealWith({ actor: 'a' })), b.audit.append(sealWith({ actor: 'b' }))]);
    await Promise.all([b.audit.append(sealWith({ actor: 'b' })), a.audit.append(sealWith({ actor: 'a' }))]);
    const all = await a.audit.all();
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    all.slice(1).forEach((r, i) => expect(r.prev).toBe(all[i].hash));
    await a.close();
    await b.close();
  });

  it('is closed with its store', async () => {
    const store = SqliteStore.open(':memory:');
    await store.close();
    await expect(store.audit.append(sealWith())).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.audit.list()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
