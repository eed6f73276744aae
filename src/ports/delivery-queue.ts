import type { Json } from '../shared/index.js';
import type { StoredEvent } from './event-log.js';

/** One subscriber's pending work: deliver event `seq` to subscription `subscription`. */
export interface Delivery {
  /** `<subscription>|<seq>`. */
  id: string;
  subscription: string;
  seq: number;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  /** When the next attempt is due (epoch ms). */
  dueAt: number;
  updatedAt: number;
  lastError?: Json;
}

/**
 * The event log's delivery queue: the deliveries `EventLog.append` enqueued, claimed and settled by the
 * dispatcher, dead-lettered and redriven by operators. Contract suite: store/contracts/delivery-queue-contract.ts.
 */
export interface DeliveryQueue {
  /** Pending deliveries due at `now`, oldest due first. */
  due(now: number, limit: number): Promise<(Delivery & { event: StoredEvent })[]>;
  /**
   * Takes up to `limit` deliveries due at `now` for the caller: they are not due again before
   * `now + leaseMs` unless settled meanwhile, so several processes (nodes) claiming at once never get
   * the same one, and one that died mid-delivery leaves it to be retried when the lease has passed.
   * Returned oldest due first, with `dueAt` the end of the lease.
   */
  claim(now: number, limit: number, leaseMs: number): Promise<(Delivery & { event: StoredEvent })[]>;
  /** Records an attempt's outcome: done, pending again (retry at `dueAt`), or dead (dead-lettered). */
  settle(id: string, outcome: { status: 'done' } | { status: 'pending'; dueAt: number; error: Json } | { status: 'dead'; error: Json }, at: number): Promise<void>;
  /** Dead-lettered deliveries, newest first. */
  dead(limit?: number): Promise<(Delivery & { event: StoredEvent })[]>;
  /** Makes a dead (or any) delivery pending again, due at `now`, with its attempts reset. */
  redrive(id: string, now: number): Promise<Delivery | undefined>;
  /** receivedAt of the oldest event with a pending delivery (the delivery lag), if any. */
  oldestPending(): Promise<number | undefined>;
}
