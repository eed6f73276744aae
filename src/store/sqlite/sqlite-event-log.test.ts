import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecord } from '../contracts/run-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { deliveryQueueContract } from '../contracts/delivery-queue-contract.js';
import { T0, cloudEvent, eventLogContract, routeTo } from '../contracts/event-log-contract.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-events-'));
  dirs.push(dir);
  return join(dir, 'weft.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const handle = (s: SqliteStore) => ({ events: s.events, deliveries: s.deliveries, close: () => s.close(), path: s.path });
eventLogContract('sqlite (temp file)', async () => handle(SqliteStore.open(tempPath())), {
  reopen: async (closed) => handle(SqliteStore.open((closed as ReturnType<typeof handle>).path)),
});
eventLogContract('sqlite (:memory:)', async () => handle(SqliteStore.open(':memory:')));
deliveryQueueContract('sqlite (temp file)', async () => handle(SqliteStore.open(tempPath())));
deliveryQueueContract('sqlite (:memory:)', async () => handle(SqliteStore.open(':memory:')));

const started = { kind: 'started', at: 1, input: null } as const;
const dbOf = (store: SqliteStore) => (store as unknown as { db: Database.Database }).db;
const plan = (db: Database.Database, sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');

describe('SqliteStore.events', () => {
  it('an append is one write of the group commit: it commits with the run writes of its turn', async () => {
    const store = SqliteStore.open(':memory:');
    const before = store.commits;
    await Promise.all([store.createRun(runRecord('r1'), started), store.events.append([cloudEvent('a'), cloudEvent('b')], T0, routeTo('s'))]);
    expect(store.commits - before).toBe(1);
    await store.close();
  });

  it('route runs inside the write (at commit), and one that throws does not fail the other writes of the batch', async () => {
    const store = SqliteStore.open(':memory:');
    const route = routeTo('s');
    const appended = store.events.append([cloudEvent('a')], T0, route);
    expect(route.calls).toEqual([]);
    const results = await Promise.allSettled([
      appended,
      store.createRun(runRecord('r1'), started),
      store.events.append([cloudEvent('b')], T0, () => {
        throw new TypeError('bad route');
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(route.calls).toEqual(['/shop#a']);
    expect((await store.getRun('r1'))?.id).toBe('r1');
    expect((await store.events.list({})).map((e) => e.event.id)).toEqual(['a']);
    await store.close();
  });

  it('due sees a pending append, but does not wait for pending journal writes alone', async () => {
    const store = SqliteStore.open(':memory:');
    void store.events.append([cloudEvent('a')], T0, routeTo('s'));
    expect(await store.deliveries.due(T0, 10)).toHaveLength(1);
    const created = store.createRun(runRecord('r1'), started);
    const commits = store.commits;
    expect(await store.deliveries.due(T0, 10)).toHaveLength(1);
    expect(store.commits).toBe(commits);
    await created;
    await store.close();
  });

  it('due, dead and deduplication are index lookups, not table scans', () => {
    const store = SqliteStore.open(':memory:');
    const db = dbOf(store);
    const due = plan(db, `SELECT d.id FROM deliveries d JOIN events e ON e.seq = d.seq WHERE d.status = 'pending' AND d.due_at <= 1
      ORDER BY d.due_at, d.seq, d.subscription LIMIT 10`);
    expect(due).toContain('deliveries_due');
    expect(due).not.toContain('TEMP B-TREE');
    expect(plan(db, `SELECT d.id FROM deliveries d WHERE d.status = 'dead' ORDER BY d.updated_at DESC, d.seq DESC, d.subscription DESC LIMIT 10`))
      .toContain('deliveries_dead');
    expect(plan(db, 'SELECT seq FROM events WHERE source = 1 AND id = 2')).toMatch(/USING (COVERING )?INDEX/);
    expect(plan(db, 'SELECT seq FROM events WHERE type = 1 ORDER BY seq DESC LIMIT 5')).toContain('events_by_type');
    expect(plan(db, "UPDATE deliveries SET status = 'done' WHERE id = 1")).toMatch(/USING INDEX/);
    return store.close();
  });

  it('is closed with its store', async () => {
    const store = SqliteStore.open(':memory:');
    await store.close();
    await expect(store.events.append([cloudEvent('a')], T0, routeTo())).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.deliveries.due(T0, 10)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.deliveries.settle('s|1', { status: 'done' }, T0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(store.events.list({})).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
