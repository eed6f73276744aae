/**
 * Paced resumption (driver side): after a restart or a takeover, unfinished runs are re-activated oldest
 * first with at most `concurrency` activations in flight, instead of all of them in one event-loop turn
 * (5,000 journals replayed at once would hold the loop for seconds, and their effects would all start
 * together). A slot is held while a run is activated (journal read, replay, first step) and then until the
 * run ends or `holdMs` pass, whichever is first, so runs that finish quickly make room for the next ones
 * and long-waiting ones (timers, events) do not block the queue. Between activations the pacer yields to
 * the event loop (setImmediate), so requests are served while thousands of runs resume.
 */
import type { Clock } from '../../ports/index.js';

export const DEFAULT_RECOVERY_CONCURRENCY = 32;
export const DEFAULT_RECOVERY_HOLD_MS = 250;

export interface PacerOptions {
  concurrency?: number;
  holdMs?: number;
  clock: Pick<Clock, 'now' | 'setTimer'>;
  /** An activation failed (e.g. its journal could not be read): the run stays for a later recovery. */
  onError?: (id: string, err: unknown) => void;
}

/**
 * Activates the run; resolves once it is active (or skipped), with a promise that settles when it ends
 * (undefined when it did not become active here). Wrapped in an object: a promise resolved with a
 * promise would wait for the run to end.
 */
export type Activate = () => Promise<{ ended: Promise<unknown> } | undefined>;

interface Item {
  id: string;
  activate: Activate;
  resolve: () => void;
  activated: Promise<void>;
}

export class Pacer {
  private readonly queue: Item[] = [];
  private readonly byId = new Map<string, Item>();
  private inFlight = 0;
  private stopped = false;
  private scheduled = false;
  private readonly concurrency: number;
  private readonly holdMs: number;

  constructor(private readonly o: PacerOptions) {
    this.concurrency = Math.max(1, Math.floor(o.concurrency ?? DEFAULT_RECOVERY_CONCURRENCY));
    this.holdMs = Math.max(0, o.holdMs ?? DEFAULT_RECOVERY_HOLD_MS);
  }

  /** Queues activations in this order (the caller sorts oldest first); an id already queued is kept once. */
  enqueue(items: { id: string; activate: Activate }[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const { id, activate } of items) {
      const known = this.byId.get(id);
      if (known) {
        waits.push(known.activated);
        continue;
      }
      if (this.stopped) continue;
      let resolve!: () => void;
      const activated = new Promise<void>((r) => (resolve = r));
      const item = { id, activate, resolve, activated };
      this.byId.set(id, item);
      this.queue.push(item);
      waits.push(activated);
    }
    this.pump();
    return Promise.all(waits).then(() => {});
  }

  /** Settles once `id` (if queued here) was activated or skipped; undefined when it is not queued. */
  pending(id: string): Promise<void> | undefined {
    return this.byId.get(id)?.activated;
  }

  /** Removes a queued run (another node holds it now); a no-op once its activation started. */
  remove(id: string): void {
    const item = this.byId.get(id);
    if (!item) return;
    const i = this.queue.indexOf(item);
    if (i < 0) return;
    this.queue.splice(i, 1);
    this.byId.delete(id);
    item.resolve();
  }

  /** Ids queued or being activated (their leases must be kept). */
  ids(): string[] {
    return [...this.byId.keys()];
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Activates nothing more; waiters on queued runs are released (they find the runs not active). */
  stop(): void {
    this.stopped = true;
    for (const item of this.queue.splice(0)) {
      this.byId.delete(item.id);
      item.resolve();
    }
  }

  private pump(): void {
    while (!this.stopped && this.inFlight < this.concurrency && this.queue.length > 0) {
      const item = this.queue.shift()!;
      this.inFlight++;
      void this.run(item);
    }
  }

  private async run(item: Item): Promise<void> {
    let ended: Promise<unknown> | undefined;
    try {
      ended = (await item.activate())?.ended;
    } catch (err) {
      this.o.onError?.(item.id, err);
    } finally {
      this.byId.delete(item.id);
      item.resolve();
    }
    if (ended && this.holdMs > 0) await this.hold(ended);
    this.inFlight--;
    this.next();
  }

  /** Until the run ends or holdMs pass. */
  private hold(ended: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.o.clock.setTimer(this.o.clock.now() + this.holdMs, resolve);
      ended.then(
        () => (cancel(), resolve()),
        () => (cancel(), resolve()),
      );
    });
  }

  /** The next activations start in a later event-loop turn: HTTP requests and I/O get in between. */
  private next(): void {
    if (this.scheduled || this.stopped || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }
}
