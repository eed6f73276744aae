/**
 * Delivers stored events to their subscriptions: at-least-once, in the order they became due, retried
 * with exponential backoff, dead-lettered after the subscription's maxAttempts. A delivery's idempotency
 * key is `event:<subscription>:<source>:<id>`, so a workflow target starts at most one run per event even
 * when a delivery is retried after a crash. Woken by new events; a timer covers retries and a slow poll
 * covers work stored by other processes.
 */
import type { Clock, Delivery, DeliveryQueue, StoredEvent } from '../ports/index.js';
import type { Platform } from '../platform/index.js';
import type { Json } from '../shared/index.js';
import type { Router } from './routing.js';
import { runTarget } from './target.js';

export interface DispatcherOptions {
  deliveries: DeliveryQueue;
  router: Router;
  platform: Pick<Platform, 'runs' | 'functions'>;
  clock: Clock;
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** First retry delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  pollMs?: number;
  /** How long a claimed delivery is this process's before it is due again (default 60 s). */
  leaseMs?: number;
  onDelivered?: (d: { type: string; subscription: string; outcome: 'delivered' | 'retried' | 'dead' }) => void;
}

const DEFAULT_MAX_ATTEMPTS = 5;
/** Longer than a delivery takes (a function call's timeout), so a live delivery is never taken twice. */
export const DEFAULT_DELIVERY_LEASE_MS = 60_000;

export class Dispatcher {
  private running = false;
  private again = false;
  private stopped = false;
  private timer?: () => void;
  private poll?: NodeJS.Timeout;
  private readonly inFlight = new Set<string>();

  constructor(private readonly o: DispatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.poll = setInterval(() => this.wake(), this.o.pollMs ?? 1_000);
    this.poll.unref();
    this.wake();
  }

  /** Looks for due deliveries now (coalesced: one pass at a time, another if woken meanwhile). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass().finally(() => {
      this.running = false;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Resolves once the deliveries in progress have settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.();
    if (this.poll) clearInterval(this.poll);
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }

  private async pass(): Promise<void> {
    // Below a default function's capacity (10 running + 20 queued), so deliveries are not throttled.
    const limit = this.o.concurrency ?? 16;
    for (;;) {
      // Claimed, not just read: another node's dispatcher skips these until they settle or the lease passes.
      const due = (await this.o.deliveries.claim(this.o.clock.now(), limit * 2, this.o.leaseMs ?? DEFAULT_DELIVERY_LEASE_MS)).filter((d) => !this.inFlight.has(d.id));
      if (!due.length || this.stopped) return;
      // Bounded concurrency: `limit` deliveries at a time.
      let next = 0;
      let unsettled = false;
      const worker = async () => {
        while (next < due.length && !this.stopped) if (!(await this.deliver(due[next++]))) unsettled = true;
      };
      await Promise.all(Array.from({ length: Math.min(limit, due.length) }, worker));
      // An outcome the store did not take leaves its delivery due: leave it to the poll rather than spin.
      if (unsettled) return;
    }
  }

  /** Attempts one delivery; false when its outcome could not be recorded. */
  private async deliver(d: Delivery & { event: StoredEvent }): Promise<boolean> {
    this.inFlight.add(d.id);
    const e = d.event.event;
    const sub = this.o.router.get(d.subscription);
    const now = () => this.o.clock.now();
    try {
      if (!sub) {
        await this.o.deliveries.settle(d.id, { status: 'dead', error: { detail: `subscription ${d.subscription} no longer exists` } }, now());
        this.o.onDelivered?.({ type: e.type, subscription: d.subscription, outcome: 'dead' });
        return true;
      }
      try {
        await runTarget(this.o.platform, sub.target, e as unknown as Json, {
          idempotencyKey: `event:${sub.name}:${e.source}:${e.id}`,
          ...(typeof e.traceparent === 'string' ? { traceparent: e.traceparent } : {}),
        });
        await this.o.deliveries.settle(d.id, { status: 'done' }, now());
        this.o.onDelivered?.({ type: e.type, subscription: sub.name, outcome: 'delivered' });
      } catch (err) {
        const error = describe(err);
        const attempts = d.attempts + 1;
        if (attempts >= (sub.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
          await this.o.deliveries.settle(d.id, { status: 'dead', error }, now());
          this.o.onDelivered?.({ type: e.type, subscription: sub.name, outcome: 'dead' });
          return true;
        }
        const delay = Math.min((this.o.baseDelayMs ?? 200) * 2 ** (attempts - 1), this.o.maxDelayMs ?? 60_000);
        const dueAt = now() + delay;
        await this.o.deliveries.settle(d.id, { status: 'pending', dueAt, error }, now());
        this.o.onDelivered?.({ type: e.type, subscription: sub.name, outcome: 'retried' });
        this.armRetry(dueAt);
      }
      return true;
    } catch {
      // The store failed to record the outcome: the delivery stays due and is tried again (at-least-once).
      return false;
    } finally {
      this.inFlight.delete(d.id);
    }
  }

  private nextRetry = Infinity;

  /** One timer, at the earliest retry due. */
  private armRetry(at: number): void {
    if (at >= this.nextRetry || this.stopped) return;
    this.timer?.();
    this.nextRetry = at;
    this.timer = this.o.clock.setTimer(at, () => {
      this.nextRetry = Infinity;
      this.timer = undefined;
      this.wake();
    });
  }
}

function describe(err: unknown): Json {
  const p = (err as { problem?: Record<string, Json> })?.problem;
  if (p && typeof p === 'object') return p;
  const e = err as { code?: string; status?: number; message?: string };
  return { ...(e?.code ? { code: e.code } : {}), ...(typeof e?.status === 'number' ? { status: e.status } : {}), detail: e?.message ?? String(err) };
}
