/**
 * The ScheduleStore on the PostgresStore's pool (table `schedules`, migration 3), reached as
 * `PostgresStore.schedules`. `claim` is ONE atomic compare-and-set: an upsert whose DO UPDATE only applies
 * when the stored slot is earlier (claimable() in ../schedule-encoding.ts). ON CONFLICT locks the
 * conflicting row and re-checks the WHERE against its latest committed version, so of two claims of one
 * slot — from this process or another node — exactly one inserts or updates the row and wins.
 */
import type { ScheduleState, ScheduleStore } from '../../ports/index.js';
import { type ScheduleRow, decodeSchedule, encodeClaim } from '../schedule-encoding.js';
import { PgCatalogReads } from './catalog-reads.js';
import type { PgWriteAccess } from './postgres-function-store.js';

const COLUMNS = 'key, last_slot AS "lastSlot", updated_at AS "updatedAt"';

export class PostgresScheduleStore implements ScheduleStore {
  private readonly reads: PgCatalogReads;

  constructor(access: PgWriteAccess) {
    this.reads = new PgCatalogReads(access);
  }

  async get(key: string): Promise<ScheduleState | undefined> {
    await this.reads.readable();
    const { rows } = await this.reads.query<ScheduleRow>(`SELECT ${COLUMNS} FROM schedules WHERE key = $1`, [key]);
    return rows[0] && decodeSchedule(rows[0]);
  }

  async list(): Promise<ScheduleState[]> {
    await this.reads.readable();
    return (await this.reads.query<ScheduleRow>(`SELECT ${COLUMNS} FROM schedules ORDER BY key`, [])).rows.map(decodeSchedule);
  }

  claim(key: string, slot: number, at: number): Promise<boolean> {
    return this.reads.write(
      () => encodeClaim(key, slot, at),
      async ({ client }, c) =>
        (
          await client.query(
            `INSERT INTO schedules (key, last_slot, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET last_slot = excluded.last_slot, updated_at = excluded.updated_at
             WHERE schedules.last_slot IS NULL OR schedules.last_slot < excluded.last_slot
             RETURNING key`,
            [c.key, c.slot, c.at],
          )
        ).rows.length > 0,
    );
  }
}
