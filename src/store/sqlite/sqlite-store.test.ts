import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runRecord, runStoreContract } from '../contracts/run-store-contract.js';
import { timerStoreContract } from '../contracts/timer-store-contract.js';
import { STORE_ERROR_CODES, StoreError } from '../errors.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-store-'));
  dirs.push(dir);
  return join(dir, 'weft.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

runStoreContract('sqlite (temp file)', async () => SqliteStore.open(tempPath()), {
  reopen: async (closed) => SqliteStore.open((closed as SqliteStore).path),
});
runStoreContract('sqlite (:memory:)', async () => SqliteStore.open(':memory:'));
timerStoreContract('sqlite (temp file)', async () => SqliteStore.open(tempPath()));
timerStoreContract('sqlite (:memory:)', async () => SqliteStore.open(':memory:'));

const LATEST = MIGRATIONS[MIGRATIONS.length - 1].version;
const dbOf = (store: SqliteStore) => (store as unknown as { db: Database.Database }).db;
const started = { kind: 'started', at: 1, input: null } as const;

describe('SqliteStore', () => {
  const open: SqliteStore[] = [];
  const track = (s: SqliteStore) => (open.push(s), s);
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  it('opens in WAL mode with FULL sync, foreign keys and a busy timeout', () => {
    const db = dbOf(track(SqliteStore.open(tempPath(), { busyTimeoutMs: 1234 })));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
  });

  it('migrates once; reopening finds the schema current and the data intact', async () => {
    const path = tempPath();
    const first = SqliteStore.open(path);
    expect(dbOf(first).pragma('user_version', { simple: true })).toBe(LATEST);
    await first.createRun(runRecord('r1'), started);
    await first.close();
    const again = track(SqliteStore.open(path));
    expect(dbOf(again).pragma('user_version', { simple: true })).toBe(LATEST);
    expect(migrate(dbOf(again))).toEqual([]);
    expect((await again.getRun('r1'))?.id).toBe('r1');
  });

  it('applies pending migrations in order and is idempotent', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    expect(migrate(db, [...MIGRATIONS, { version: LATEST + 1, name: 'extra', sql: 'CREATE TABLE extra (a)' }])).toEqual([LATEST + 1]);
    db.close();
  });

  it('rolls a failing migration back entirely', () => {
    const db = new Database(':memory:');
    migrate(db);
    const broken = { version: LATEST + 1, name: 'broken', sql: 'CREATE TABLE half (a); NOT SQL' };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(expect.objectContaining({ code: STORE_ERROR_CODES.schema }));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  it('migration 4 upgrades a version 3 database: old runs read back without the new fields', async () => {
    const path = tempPath();
    const db = new Database(path);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    db.prepare(`INSERT INTO runs (id, namespace, name, version, definition, input, status, created_at)
      VALUES ('old', 'default', 'flow', '1.0.0', '{"do":[]}', '{"n":1}', 'running', 1700000000000)`).run();
    db.close();
    const store = track(SqliteStore.open(path));
    expect(dbOf(store).pragma('user_version', { simple: true })).toBe(LATEST);
    expect(await store.getRun('old')).toEqual(runRecord('old'));
    await store.createRun(runRecord('new', { createdAt: 1_700_000_000_001, idempotencyKey: 'k' }), started);
    expect((await store.listRuns({ namespace: 'default', name: 'flow' })).map((r) => r.id)).toEqual(['new', 'old']);
    await expect(store.createRun(runRecord('again', { idempotencyKey: 'k' }), started)).rejects.toMatchObject({ code: STORE_ERROR_CODES.duplicateRun });
    expect(await store.workflows.list()).toEqual([]);
  });

  it('the unique index refuses a second idempotency key per workflow even without the store’s check', () => {
    const db = new Database(':memory:');
    migrate(db);
    const insert = db.prepare(`INSERT INTO runs (id, namespace, name, version, definition, input, status, created_at, idempotency_key)
      VALUES (?, 'default', 'flow', '1.0.0', '{}', 'null', 'running', 1, ?)`);
    insert.run('a', 'k');
    insert.run('b', null);
    insert.run('c', null);
    expect(() => insert.run('d', 'k')).toThrow(/UNIQUE/);
    db.close();
  });

  it('refuses a database written by a newer schema', () => {
    const path = tempPath();
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();
    expect(() => SqliteStore.open(path)).toThrow(expect.objectContaining({ code: STORE_ERROR_CODES.schema }));
  });

  it('group commit: 1,000 writes in one turn are one transaction; awaited writes are one each', async () => {
    const store = track(SqliteStore.open(tempPath()));
    await store.createRun(runRecord('r1'), started);
    const before = store.commits;
    await Promise.all(Array.from({ length: 1000 }, (_, i) => store.append('r1', [{ kind: 'resolved', at: 2, key: `k${i}`, value: i }])));
    expect(store.commits - before).toBe(1);
    for (let i = 0; i < 3; i++) await store.append('r1', [{ kind: 'resolved', at: 3, key: `s${i}`, value: i }]);
    expect(store.commits - before).toBe(4);
  });

  it('a resolved write is committed: another connection sees it', async () => {
    const path = tempPath();
    const store = track(SqliteStore.open(path));
    const reader = new Database(path, { readonly: true });
    const count = reader.prepare('SELECT count(*) FROM journal').pluck();
    const write = store.createRun(runRecord('r1'), started);
    expect(count.get()).toBe(0);
    await write;
    expect(count.get()).toBe(1);
    reader.close();
  });

  it('rejects every write of a batch that cannot commit, with a retryable error', async () => {
    const path = tempPath();
    const store = track(SqliteStore.open(path, { busyTimeoutMs: 20 }));
    await store.createRun(runRecord('r1'), started);
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    const results = await Promise.allSettled([
      store.append('r1', [{ kind: 'resolved', at: 2, key: 'a', value: 1 }]),
      store.putTimer('r1', 't', 10),
    ]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const err = (r as PromiseRejectedResult).reason as StoreError;
      expect(err).toBeInstanceOf(StoreError);
      expect(err.code).toBe(STORE_ERROR_CODES.busy);
      expect(err.retryable).toBe(true);
    }
    locker.exec('ROLLBACK');
    locker.close();
    await store.append('r1', [{ kind: 'resolved', at: 2, key: 'a', value: 1 }]);
    expect(await store.journal('r1')).toHaveLength(2);
  });
});
