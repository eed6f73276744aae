/**
 * Who read which secret version, noted on the hot path and written in batches (issue 16: the studio shows
 * who used which version, never the value). A read costs a map update here — a key string, a lookup, two
 * numbers — and nothing else; every `flushMs` (and at `close`) the counts gathered since go to the
 * SecretUsageStore in one write, which adds them to what other nodes and earlier processes wrote.
 *
 * A batch that fails to store is put back (added to what was noted meanwhile) and tried at the next flush,
 * so a database hiccup loses no reads; only a process that dies between flushes loses its last interval.
 */
import type { SecretReaderKind, SecretUsageRecord, SecretUsageStore } from '../ports/index.js';

/** How often noted reads are written by default: often enough to see them soon, rarely enough to cost nothing. */
export const DEFAULT_USAGE_FLUSH_MS = 5_000;

export interface SecretUsageOptions {
  store: SecretUsageStore;
  now: () => number;
  /** Between writes of the noted reads (ms; default DEFAULT_USAGE_FLUSH_MS). */
  flushMs?: number;
  /** A batch that could not be written (it is kept and tried again). */
  onError?: (err: unknown) => void;
}

const SEP = '\u0000';

export class SecretUsage {
  private pending = new Map<string, SecretUsageRecord>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly o: SecretUsageOptions) {}

  /** One read of `namespace/name` version `version` by `reader`: the hot path. */
  note(namespace: string, name: string, version: number, kind: SecretReaderKind, reader: string): void {
    const key = namespace + SEP + name + SEP + version + SEP + kind + SEP + reader;
    const at = this.o.now();
    const row = this.pending.get(key);
    if (row) {
      row.count++;
      if (at > row.lastAt) row.lastAt = at;
    } else {
      this.pending.set(key, { namespace, name, version, kind, reader, firstAt: at, lastAt: at, count: 1 });
    }
  }

  /** Starts writing every `flushMs`; the timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush().catch(() => {}), this.o.flushMs ?? DEFAULT_USAGE_FLUSH_MS);
    this.timer.unref?.();
  }

  /** Writes what was noted so far (one write); a second call while one runs waits for it, then writes what came since. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (!this.pending.size) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.o.store.record([...batch.values()]).then(
      () => undefined,
      (err: unknown) => {
        // Put back, merged with what was noted meanwhile, for the next flush.
        for (const [key, row] of batch) {
          const now = this.pending.get(key);
          this.pending.set(key, now ? { ...row, count: row.count + now.count, lastAt: Math.max(row.lastAt, now.lastAt) } : row);
        }
        this.o.onError?.(err);
      },
    );
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  /** Drops the noted reads of a secret being deleted (they would outlive it in the store otherwise). */
  forget(namespace: string, name: string): void {
    const prefix = namespace + SEP + name + SEP;
    for (const key of this.pending.keys()) if (key.startsWith(prefix)) this.pending.delete(key);
  }

  /** Stops the timer and writes what is left (the platform's shutdown awaits it). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
