/**
 * Reads that must not wait for unrelated journal writes. A lookup on a hot path (a workflow definition
 * when a run starts, an API key on every request) only needs the writes of its own table to be committed
 * first; waiting for the whole pending batch would add up to one event-loop turn and a commit to it.
 * Each store counts its own pending writes: while there are none, its reads run at once.
 */
import type { SqliteWriteAccess } from './sqlite-function-store.js';

export class CatalogReads {
  private pending = 0;

  constructor(private readonly access: SqliteWriteAccess) {}

  /** A write of this store's tables, through the owning store's group commit. */
  write<E, T>(encode: () => E, apply: (encoded: E) => T): Promise<T> {
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
}
