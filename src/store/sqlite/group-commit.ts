/**
 * Group commit: writes submitted during one event-loop turn are applied in ONE transaction, flushed from
 * `setImmediate` (i.e. after every promise continuation of the turn had a chance to submit). Invariant:
 * a write's promise settles only after the transaction holding it committed or failed — never earlier
 * (DESIGN.md §3, durability budget).
 */

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Applies every write of a batch in one transaction and returns one outcome per write, or throws when
 * the transaction as a whole failed (then every write of the batch is rejected with that error).
 */
export type CommitBatch = (writes: ReadonlyArray<() => unknown>) => Outcome[];

interface Pending {
  apply: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private flushed: Promise<void> = Promise.resolve();
  private commitCount = 0;

  constructor(private readonly commitBatch: CommitBatch) {}

  /** Queues `apply` for the next batch; resolves with its result once that batch committed. */
  submit<T>(apply: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0) {
        this.flushed = new Promise((done) =>
          setImmediate(() => {
            this.flush();
            done();
          }),
        );
      }
      this.queue.push({ apply, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Settles once every write submitted so far has been committed (or has failed). */
  settled(): Promise<void> {
    return this.queue.length === 0 ? Promise.resolve() : this.flushed;
  }

  /** Transactions committed so far (a measure of batching; exported as a metric by whoever wants it). */
  get commits(): number {
    return this.commitCount;
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.commitBatch(batch.map((p) => p.apply));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    this.commitCount++;
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}
