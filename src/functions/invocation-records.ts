/**
 * Invocation records (cold/warm, timing, outcome, logs) are bookkeeping: they are buffered and written
 * in batches off the call's path — one commit for up to `maxBatch` records every `delayMs` — instead of
 * one durable write per call. A crash loses at most the last `delayMs` of records, never a call's result.
 * The buffer is bounded in bytes too (`maxBytes` of log text, default 8 MB): each record's logs are
 * bounded per invocation (runtime/log-budget.ts), but 500 of them could still add up.
 */
import type { FunctionInvocation, InvocationStore } from '../ports/index.js';

export class InvocationRecords {
  private pending: FunctionInvocation[] = [];
  private pendingBytes = 0;
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: InvocationStore,
    private readonly delayMs = 50,
    private readonly maxBatch = 500,
    private readonly maxBytes = 8 * 1024 * 1024,
  ) {}

  add(r: FunctionInvocation): void {
    this.pending.push(r);
    for (const l of r.logs) this.pendingBytes += l.message.length + 32;
    if (this.pending.length >= this.maxBatch || this.pendingBytes >= this.maxBytes) void this.flush();
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
    this.pendingBytes = 0;
    if (batch.length) {
      // Submitted in one turn: the store's group commit puts the whole batch in one transaction.
      const written = Promise.all(batch.map((r) => this.store.recordInvocation(r).catch(() => {})));
      this.writing = this.writing.then(() => written).then(() => {});
    }
    return this.writing;
  }
}
