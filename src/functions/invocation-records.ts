/**
 * Invocation records (cold/warm, timing, outcome, logs) are bookkeeping: they are buffered and written
 * in batches off the call's path — one commit for up to `maxBatch` records every `delayMs` — instead of
 * one durable write per call. A crash loses at most the last `delayMs` of records, never a call's result.
 */
import type { FunctionInvocation, FunctionStore } from '../engine/index.js';

export class InvocationRecords {
  private pending: FunctionInvocation[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<FunctionStore, 'recordInvocation'>,
    private readonly delayMs = 50,
    private readonly maxBatch = 500,
  ) {}

  add(r: FunctionInvocation): void {
    this.pending.push(r);
    if (this.pending.length >= this.maxBatch) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.delayMs);
      this.timer.unref();
    }
  }

  /** Writes what is buffered; resolves once it is committed (a failed write only loses those records). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) {
      // Submitted in one turn: the store's group commit puts the whole batch in one transaction.
      const written = Promise.all(batch.map((r) => this.store.recordInvocation(r).catch(() => {})));
      this.writing = this.writing.then(() => written).then(() => {});
    }
    return this.writing;
  }
}
