import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { invocationStoreContract } from '../contracts/invocation-store-contract.js';
import { functionStoreContract, functionVersion } from '../contracts/function-store-contract.js';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-fnstore-'));
  dirs.push(dir);
  return join(dir, 'weft.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const handle = (s: SqliteStore) => ({ store: s.functions, close: () => s.close() });
functionStoreContract('sqlite (temp file)', async () => handle(SqliteStore.open(tempPath())));
functionStoreContract('sqlite (:memory:)', async () => handle(SqliteStore.open(':memory:')));
const invocations = (s: SqliteStore) => ({ invocations: s.invocations, close: () => s.close() });
invocationStoreContract('sqlite (temp file)', async () => invocations(SqliteStore.open(tempPath())));
invocationStoreContract('sqlite (:memory:)', async () => invocations(SqliteStore.open(':memory:')));

describe('SqliteStore.functions', () => {
  it('survives reopening the file', async () => {
    const path = tempPath();
    const first = SqliteStore.open(path);
    const v = functionVersion('price', '1.0.0', { code: 'x'.repeat(100_000), size: 100_000 });
    await first.functions.putVersion(v);
    await first.functions.setAlias({ name: 'price', alias: 'live', routes: [{ version: '1.0.0', weight: 100 }] });
    await first.close();
    const again = SqliteStore.open(path);
    expect(await again.functions.getVersion('price', '1.0.0')).toEqual(v);
    expect(await again.functions.getAlias('price', 'live')).toEqual({ name: 'price', alias: 'live', routes: [{ version: '1.0.0', weight: 100 }] });
    await again.close();
  });

  it('migration 6 keeps the versions deployed before it, without a source', async () => {
    const path = tempPath();
    const db = new Database(path);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 5));
    const v = functionVersion('old', '1.0.0');
    db.prepare('INSERT INTO function_versions (name, version, hash, size, code, manifest, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(v.name, v.version, v.hash, v.size, v.code, JSON.stringify(v.manifest), v.createdAt);
    db.close();
    const store = SqliteStore.open(path);
    const back = await store.functions.getVersion('old', '1.0.0');
    expect(back).toEqual(v);
    expect(back && 'source' in back).toBe(false);
    await store.close();
  });

  it('shares the group commit of the runs: a deploy and run writes of one turn are one transaction', async () => {
    const store = SqliteStore.open(':memory:');
    const before = store.commits;
    await Promise.all([
      store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null }),
      store.functions.putVersion(functionVersion('f', '1.0.0')),
      store.functions.setAlias({ name: 'f', alias: 'live', routes: [{ version: '1.0.0', weight: 100 }] }),
    ]);
    expect(store.commits - before).toBe(1);
    await store.close();
  });

  it('a refused put does not disturb the other writes of its batch', async () => {
    const store = SqliteStore.open(':memory:');
    await store.functions.putVersion(functionVersion('f', '1.0.0'));
    const results = await Promise.allSettled([
      store.functions.putVersion(functionVersion('f', '1.0.0', { hash: 'different' })),
      store.functions.putVersion(functionVersion('f', '1.1.0')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((await store.functions.listVersions('f')).map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
    await store.close();
  });

  it('is closed with its store', async () => {
    const store = SqliteStore.open(':memory:');
    await store.close();
    await expect(store.functions.putVersion(functionVersion('f', '1.0.0'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.functions.getVersion('f', '1.0.0')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
