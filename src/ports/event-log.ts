import type { CloudEvent } from './cloud-event.js';

/** An accepted event as stored: its position in the log and when it arrived. */
export interface StoredEvent {
  seq: number;
  receivedAt: number;
  event: CloudEvent;
}

export interface EventQuery {
  type?: string;
  source?: string;
  /** receivedAt ≥ this (epoch ms). */
  since?: number;
  /** Only events after this position, oldest first (tailing); without it, newest first (browsing). */
  afterSeq?: number;
  limit?: number;
}

/**
 * The durable event log: accepted events in arrival order. `append` deduplicates on (source, id) and
 * enqueues one delivery (see DeliveryQueue) per subscription `route(event)` names, in the same
 * transaction: an accepted event is never lost for a subscriber. Contract suite:
 * store/contracts/event-log-contract.ts.
 */
export interface EventLog {
  append(events: CloudEvent[], at: number, route: (event: CloudEvent) => string[]): Promise<{ seq: number; duplicate: boolean }[]>;
  list(q: EventQuery): Promise<StoredEvent[]>;
  get(seq: number): Promise<StoredEvent | undefined>;
}
