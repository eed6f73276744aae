/**
 * Group commit over a pg Pool, like ../sqlite/group-commit.ts: the writes submitted during one event-loop
 * turn (and while the previous batch was committing) are applied in ONE transaction, each inside its own
 * SAVEPOINT, so a refused write does not undo the others. Batches run one after another, in submission
 * order. Invariant: a write's promise settles only after the transaction holding it committed or failed.
 */
import type pg from 'pg';
import { driverError, isWriteFault } from './driver-error.js';

/** What a write's `apply` gets: the batch's client and the batch's view of journal heads (see PostgresStore). */
export interface PgTx {
  client: pg.PoolClient;
  /** Journal heads this batch has moved (run id → last seq, or null once the run ended); applied on COMMIT. */
  heads: Map<string, number | null>;
}

export type PgApply = (tx: PgTx) => Promise<unknown>;

interface Pending {
  apply: PgApply;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class PgGroupCommit {
  private queue: Pending[] = [];
  /** Settles when every write submitted so far has settled. */
  private tail: Promise<void> = Promise.resolve();
  private commitCount = 0;

  constructor(
    private readonly pool: pg.Pool,
    /** Called with the batch's heads right after its COMMIT. */
    private readonly committed: (heads: Map<string, number | null>) => void,
  ) {}

  submit<T>(apply: (tx: PgTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0) {
        // The queue is taken when the previous batch is done, so writes arriving meanwhile join this one.
        const previous = this.tail;
        this.tail = new Promise<void>((done) =>
          setImmediate(() => {
            void previous.then(() => this.flush()).then(done, done);
          }),
        );
      }
      this.queue.push({ apply, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  settled(): Promise<void> {
    return this.tail;
  }

  get commits(): number {
    return this.commitCount;
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      for (const p of batch) p.reject(driverError(err));
      return;
    }
    const tx: PgTx = { client, heads: new Map() };
    // One write alone needs no savepoint: rolling back the transaction undoes exactly that write.
    const savepoints = batch.length > 1;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let broken: unknown;
    try {
      await client.query('BEGIN');
      for (const p of batch) {
        if (savepoints) await client.query('SAVEPOINT w');
        try {
          const value = await p.apply(tx);
          if (savepoints) await client.query('RELEASE SAVEPOINT w');
          outcomes.push({ ok: true, value });
        } catch (err) {
          if (!isWriteFault(err)) throw err;
          if (savepoints) await client.query('ROLLBACK TO SAVEPOINT w');
          else await client.query('ROLLBACK').then(() => client.query('BEGIN'));
          outcomes.push({ ok: false, error: driverError(err) });
        }
      }
      await client.query('COMMIT');
    } catch (err) {
      broken = err;
      await client.query('ROLLBACK').catch(() => undefined);
    } finally {
      // A client whose transaction broke may be in a bad state (lost connection): do not reuse it.
      client.release(broken instanceof Error && !isWriteFault(broken) ? broken : undefined);
    }
    if (broken !== undefined) {
      const error = driverError(broken);
      for (const p of batch) p.reject(error);
      return;
    }
    this.commitCount++;
    this.committed(tx.heads);
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}
