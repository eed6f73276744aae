/**
 * The EventLog and its DeliveryQueue in memory. It keeps events as JSON text like the SQLite adapter (../event-encoding.ts), so
 * they read back identically and callers never reach stored objects. `append` plans the whole batch
 * (duplicates, routing) before changing anything, so a route that throws leaves the log as it was.
 */
import type { CloudEvent, Delivery, DeliveryQueue, EventLog, EventQuery, StoredEvent } from '../../ports/index.js';
import { checkTime, compareText } from '../encoding.js';
import { unknownDelivery } from '../errors.js';
import {
  type DeliveryRow,
  type EncodedEvent,
  type EventRow,
  EVENTS_DEFAULT_LIMIT,
  EVENTS_MAX_LIMIT,
  appendResults,
  checkLimit,
  checkRedrive,
  decodeDelivery,
  decodeEvent,
  deliveryId,
  encodeEvents,
  encodeOutcome,
  eventKey,
  eventMatches,
  normalizeEventQuery,
  planAppend,
  settled,
} from '../event-encoding.js';

type Outcome = Parameters<DeliveryQueue['settle']>[1];
type StoredRow = EncodedEvent & EventRow;

export class MemoryEventLog implements EventLog, DeliveryQueue {
  /** Oldest first: the event with seq n is at index n - 1. */
  private readonly events: StoredRow[] = [];
  /** eventKey(source, id) → seq: the (source, id) uniqueness SQLite's index gives. */
  private readonly bySourceId = new Map<string, number>();
  private readonly deliveries = new Map<string, DeliveryRow>();

  /** `guard` throws once the owning store is closed (MemoryStore passes its own check). */
  constructor(private readonly guard: () => void = () => {}) {}

  async append(events: CloudEvent[], at: number, route: (event: CloudEvent) => string[]): Promise<{ seq: number; duplicate: boolean }[]> {
    this.guard();
    const rows = encodeEvents(events, at);
    const plan = planAppend(rows, events, (source, id) => this.bySourceId.get(eventKey(source, id)), route);
    const seqs = plan.fresh.map(({ row, subscriptions }) => {
      const seq = this.events.length + 1;
      this.events.push({ ...row, seq, receivedAt: at });
      this.bySourceId.set(eventKey(row.source, row.id), seq);
      for (const s of subscriptions) {
        const id = deliveryId(s, seq);
        this.deliveries.set(id, { id, subscription: s, seq, status: 'pending', attempts: 0, dueAt: at, updatedAt: at, lastError: null });
      }
      return seq;
    });
    return appendResults(plan, seqs);
  }

  async list(q: EventQuery = {}): Promise<StoredEvent[]> {
    this.guard();
    const f = normalizeEventQuery(q);
    const out: StoredEvent[] = [];
    const tailing = f.afterSeq !== undefined;
    for (let n = 0; n < this.events.length && out.length < f.limit; n++) {
      const row = this.events[tailing ? n : this.events.length - 1 - n];
      if (eventMatches(row, f)) out.push(decodeEvent(row));
    }
    return out;
  }

  async get(seq: number): Promise<StoredEvent | undefined> {
    this.guard();
    const row = Number.isInteger(seq) && seq > 0 ? this.events[seq - 1] : undefined;
    return row && decodeEvent(row);
  }

  async due(now: number, limit: number): Promise<(Delivery & { event: StoredEvent })[]> {
    this.guard();
    checkTime(now, 'due now');
    const n = checkLimit(limit, 'due limit', EVENTS_DEFAULT_LIMIT);
    const rows = [...this.deliveries.values()].filter((d) => d.status === 'pending' && d.dueAt <= now);
    rows.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq || compareText(a.subscription, b.subscription));
    return rows.slice(0, n).map((d) => this.withEvent(d));
  }

  async claim(now: number, limit: number, leaseMs: number): Promise<(Delivery & { event: StoredEvent })[]> {
    const due = await this.due(now, limit);
    checkTime(now + leaseMs, 'claim lease');
    for (const d of due) {
      const row = this.deliveries.get(d.id)!;
      row.dueAt = now + leaseMs;
      d.dueAt = row.dueAt;
    }
    return due;
  }

  async settle(id: string, outcome: Outcome, at: number): Promise<void> {
    this.guard();
    const o = encodeOutcome(id, outcome, at);
    const row = this.deliveries.get(id);
    if (!row) throw unknownDelivery(id);
    this.deliveries.set(id, settled(row, o, at));
  }

  async dead(limit?: number): Promise<(Delivery & { event: StoredEvent })[]> {
    this.guard();
    const n = checkLimit(limit, 'dead limit', EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT);
    const rows = [...this.deliveries.values()].filter((d) => d.status === 'dead');
    rows.sort((a, b) => b.updatedAt - a.updatedAt || b.seq - a.seq || compareText(b.subscription, a.subscription));
    return rows.slice(0, n).map((d) => this.withEvent(d));
  }

  async redrive(id: string, now: number): Promise<Delivery | undefined> {
    this.guard();
    checkRedrive(id, now);
    const row = this.deliveries.get(id);
    if (!row) return undefined;
    const again: DeliveryRow = { ...row, status: 'pending', attempts: 0, dueAt: now, updatedAt: now };
    this.deliveries.set(id, again);
    return decodeDelivery(again);
  }

  async oldestPending(): Promise<number | undefined> {
    this.guard();
    let oldest: number | undefined;
    for (const d of this.deliveries.values()) {
      if (d.status !== 'pending') continue;
      const at = this.events[d.seq - 1].receivedAt;
      if (oldest === undefined || at < oldest) oldest = at;
    }
    return oldest;
  }

  private withEvent(d: DeliveryRow): Delivery & { event: StoredEvent } {
    return { ...decodeDelivery(d), event: decodeEvent(this.events[d.seq - 1]) };
  }
}
