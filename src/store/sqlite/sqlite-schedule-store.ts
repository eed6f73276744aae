/**
 * The ScheduleStore on the SqliteStore's own connection (table `schedules`, migration 5), reached as
 * `SqliteStore.schedules`. `claim` is ONE conditional upsert inside a group-commit write: the batch runs
 * under `BEGIN IMMEDIATE` (the write lock), so of two claims of one slot — from this process or from
 * another connection to the same file — exactly one changes the row and wins.
 */
import type Database from 'better-sqlite3';
import type { ScheduleState, ScheduleStore } from '../../ports/index.js';
import { type ScheduleRow, decodeSchedule, encodeClaim } from '../schedule-encoding.js';
import { CatalogReads } from './catalog-reads.js';
import type { SqliteWriteAccess } from './sqlite-function-store.js';

const COLUMNS = 'key, last_slot AS lastSlot, updated_at AS updatedAt';

function prepareStatements(db: Database.Database) {
  return {
    // The WHERE is claimable() in schedule-encoding.ts: no row, no slot yet, or an earlier slot.
    claim: db.prepare(`INSERT INTO schedules (key, last_slot, updated_at) VALUES (@key, @slot, @at)
      ON CONFLICT (key) DO UPDATE SET last_slot = excluded.last_slot, updated_at = excluded.updated_at
      WHERE last_slot IS NULL OR last_slot < excluded.last_slot`),
    get: db.prepare(`SELECT ${COLUMNS} FROM schedules WHERE key = ?`),
    list: db.prepare(`SELECT ${COLUMNS} FROM schedules ORDER BY key`),
  };
}

export class SqliteScheduleStore implements ScheduleStore {
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly reads: CatalogReads;

  constructor(db: Database.Database, access: SqliteWriteAccess) {
    this.stmt = prepareStatements(db);
    this.reads = new CatalogReads(access);
  }

  async get(key: string): Promise<ScheduleState | undefined> {
    await this.reads.readable();
    const row = this.stmt.get.get(key) as ScheduleRow | undefined;
    return row && decodeSchedule(row);
  }

  async list(): Promise<ScheduleState[]> {
    await this.reads.readable();
    return (this.stmt.list.all() as ScheduleRow[]).map(decodeSchedule);
  }

  claim(key: string, slot: number, at: number): Promise<boolean> {
    return this.reads.write(() => encodeClaim(key, slot, at), (c) => this.stmt.claim.run(c).changes > 0);
  }
}
