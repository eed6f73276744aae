import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { secretRecord, secretStoreContract, secretVersion } from '../contracts/secret-store-contract.js';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-secretstore-'));
  dirs.push(dir);
  return join(dir, 'weft.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const handle = (s: SqliteStore) => ({ store: s.secrets, close: () => s.close(), path: s.path });
secretStoreContract('sqlite (temp file)', async () => handle(SqliteStore.open(tempPath())), {
  reopen: async (closed) => handle(SqliteStore.open((closed as ReturnType<typeof handle>).path)),
});
secretStoreContract('sqlite (:memory:)', async () => handle(SqliteStore.open(':memory:')));

const dbOf = (store: SqliteStore) => (store as unknown as { db: Database.Database }).db;

describe('SqliteStore.secrets', () => {
  it('of two writers on two connections to one file that read the same version, exactly one stores the next', async () => {
    const path = tempPath();
    const a = SqliteStore.open(path);
    const b = SqliteStore.open(path);
    await a.secrets.putVersion(secretRecord('shop', 'TOKEN', 1), secretVersion('shop', 'TOKEN', 1), 0);
    const outcomes = await Promise.allSettled([
      a.secrets.putVersion(secretRecord('shop', 'TOKEN', 2, { description: 'a' }), secretVersion('shop', 'TOKEN', 2, { sealed: 'a' }), 1),
      b.secrets.putVersion(secretRecord('shop', 'TOKEN', 2, { description: 'b' }), secretVersion('shop', 'TOKEN', 2, { sealed: 'b' }), 1),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: STORE_ERROR_CODES.conflict } });
    const winner = outcomes[0].status === 'fulfilled' ? 'a' : 'b';
    expect((await b.secrets.get('shop', 'TOKEN'))?.description).toBe(winner);
    expect((await a.secrets.versions('shop', 'TOKEN')).map((v) => v.sealed)).toEqual([winner, 'sealed-TOKEN-1']);
    await a.close();
    await b.close();
  });

  it('a refused putVersion leaves the other writes of its turn alone', async () => {
    const store = SqliteStore.open(':memory:');
    await store.secrets.putVersion(secretRecord('shop', 'TOKEN', 1), secretVersion('shop', 'TOKEN', 1), 0);
    const commits = store.commits;
    const outcomes = await Promise.allSettled([
      store.secrets.putVersion(secretRecord('shop', 'TOKEN', 2), secretVersion('shop', 'TOKEN', 2), 1),
      store.secrets.putVersion(secretRecord('shop', 'TOKEN', 2, { description: 'late' }), secretVersion('shop', 'TOKEN', 2, { sealed: 'late' }), 1),
      store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.commits - commits).toBe(1);
    expect(await store.secrets.getVersion('shop', 'TOKEN', 2)).toEqual(secretVersion('shop', 'TOKEN', 2));
    expect((await store.getRun('r1'))?.id).toBe('r1');
    await store.close();
  });

  it('deleting a secret leaves no version rows behind', async () => {
    const store = SqliteStore.open(':memory:');
    for (let v = 1; v <= 3; v++) await store.secrets.putVersion(secretRecord('shop', 'TOKEN', v), secretVersion('shop', 'TOKEN', v), v - 1);
    expect(await store.secrets.delete('shop', 'TOKEN')).toBe(true);
    expect(dbOf(store).prepare('SELECT count(*) FROM secret_versions').pluck().get()).toBe(0);
    await store.close();
  });

  it('refuses call arguments it cannot store as coded INVALID, without failing the batch', async () => {
    const store = SqliteStore.open(':memory:');
    const bad = [
      store.secrets.delete(undefined as unknown as string, 'x'),
      store.secrets.rewrap('shop', 'A', 0, 'k1', 'w', 'k2'),
      store.secrets.rewrap('shop', 'A', 1, 'k1', '', 'k2'),
      store.secrets.wrappedByOther('k1', -1),
    ];
    const good = store.createRun(runRecord('r1'), { kind: 'started', at: 1, input: null });
    for (const call of bad) await expect(call).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
    await good;
    expect(await store.secrets.wrappedByOther('k1', 0)).toEqual([]);
    await store.close();
  });

  it('migration 7 adds the vault tables to a version 6 database, keeping its data', async () => {
    const path = tempPath();
    const db = new Database(path);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 6));
    db.prepare(`INSERT INTO runs (id, namespace, name, version, definition, input, status, created_at)
      VALUES ('old', 'default', 'flow', '1.0.0', '{"do":[]}', '{"n":1}', 'running', 1700000000000)`).run();
    db.close();
    const store = SqliteStore.open(path);
    expect(dbOf(store).pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    expect(await store.getRun('old')).toEqual(runRecord('old'));
    expect(await store.secrets.list()).toEqual([]);
    await store.secrets.putVersion(secretRecord('shop', 'TOKEN', 1), secretVersion('shop', 'TOKEN', 1), 0);
    expect(await store.secrets.keyIds()).toEqual(['k1']);
    await store.close();
  });

  it('is closed with its store', async () => {
    const store = SqliteStore.open(':memory:');
    await store.close();
    await expect(store.secrets.putVersion(secretRecord('shop', 'A', 1), secretVersion('shop', 'A', 1), 0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.putRecord(secretRecord('shop', 'A', 1))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.get('shop', 'A')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.list()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.versions('shop', 'A')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.delete('shop', 'A')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.rewrap('shop', 'A', 1, 'k1', 'w', 'k2')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.wrappedByOther('k2', 10)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.secrets.keyIds()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
