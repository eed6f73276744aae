/**
 * As ../sqlite/catalog-reads.ts: reads on hot paths (a workflow definition when a run starts, an API key
 * on every request, the dispatcher's `due`) wait only for the pending writes of their own tables, not for
 * the whole pending batch. Each store counts its own pending writes; while there are none, reads run at once.
 */
import type pg from 'pg';
import { driverError } from './driver-error.js';
import type { PgTx } from './group-commit.js';
import type { PgWriteAccess } from './postgres-function-store.js';

export class PgCatalogReads {
  private pending = 0;

  constructor(private readonly access: PgWriteAccess) {}

  /** A write of this store's tables, through the owning store's group commit. */
  write<E, T>(encode: () => E, apply: (tx: PgTx, encoded: E) => Promise<T>): Promise<T> {
    this.pending++;
    const done = this.access.write(encode, apply);
    const settle = () => {
      this.pending--;
    };
    done.then(settle, settle);
    return done;
  }

  /** Waits only if a write of this store is still pending; rejects once the store is closed. */
  async readable(): Promise<void> {
    if (this.pending > 0) return this.access.readable();
    this.access.assertOpen();
  }

  /** Waits for every pending write of the owning store (reads whose callers expect that). */
  all(): Promise<void> {
    return this.access.readable();
  }

  /** A read on the pool, driver errors mapped to coded store errors. */
  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.access.query<R>(sql, params);
    } catch (err) {
      throw driverError(err);
    }
  }
}
