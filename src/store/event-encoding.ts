/**
 * What both EventLog adapters agree on: events are checked and encoded once, when `append` is called (the
 * body is the event's JSON text, so it reads back identically from both adapters); which events of a batch
 * are new, which are duplicates and which subscriptions get a delivery is decided by `planAppend`, before
 * anything is written; deliveries, outcomes and queries are checked and decoded here too.
 */
import type { CloudEvent, Delivery, DeliveryQueue, EventQuery, StoredEvent } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { checkTime, encodeJson } from './encoding.js';
import { invalid } from './errors.js';

export interface EncodedEvent {
  source: string;
  id: string;
  type: string;
  /** The whole event as JSON text. */
  body: string;
}

/** An event row as read back (both adapters keep these three fields). */
export interface EventRow {
  seq: number;
  receivedAt: number;
  body: string;
}

export interface DeliveryRow {
  id: string;
  subscription: string;
  seq: number;
  status: Delivery['status'];
  attempts: number;
  dueAt: number;
  updatedAt: number;
  /** JSON text, or null when no attempt failed yet. */
  lastError: string | null;
}

/** Events `list` returns when the query names no limit, and the most it may ask for (a larger one is capped). */
export const EVENTS_DEFAULT_LIMIT = 100;
export const EVENTS_MAX_LIMIT = 1000;

function checkString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${what} must be a non-empty string`);
  return value;
}

export function encodeEvents(events: readonly CloudEvent[], at: number): EncodedEvent[] {
  checkTime(at, 'event receivedAt');
  if (!Array.isArray(events)) throw invalid('events must be an array');
  return events.map((e, i) => {
    if (!e || typeof e !== 'object' || Array.isArray(e)) throw invalid(`event ${i} must be an object`);
    return {
      source: checkString(e.source, `event ${i} source`),
      id: checkString(e.id, `event ${i} id`),
      type: checkString(e.type, `event ${i} type`),
      body: encodeJson(e, `event ${i}`),
    };
  });
}

/** A delivery's id: one per (subscription, event). */
export const deliveryId = (subscription: string, seq: number): string => `${subscription}|${seq}`;

/** `<length>:<source><id>`: a collision-free key for (source, id) that costs one string concatenation. */
export const eventKey = (source: string, id: string): string => `${source.length}:${source}${id}`;

/** One event of a batch: a new one (index into `fresh`), or a duplicate of a stored or an earlier new one. */
export type AppendSlot = { seq: number } | { fresh: number; duplicate: boolean };

export interface AppendPlan {
  fresh: { row: EncodedEvent; subscriptions: string[] }[];
  slots: AppendSlot[];
}

/**
 * Decides, without writing anything, what `append` stores: `stored` looks an event up among the stored ones,
 * and `route` is called once per new event (never for a duplicate). It throws what `route` throws, or an
 * invalid error for a route that does not return names; the adapters then store nothing.
 */
export function planAppend(
  rows: readonly EncodedEvent[],
  events: readonly CloudEvent[],
  stored: (source: string, id: string) => number | undefined,
  route: (event: CloudEvent) => string[],
): AppendPlan {
  const plan: AppendPlan = { fresh: [], slots: [] };
  const inBatch = new Map<string, number>();
  rows.forEach((row, i) => {
    const key = eventKey(row.source, row.id);
    const earlier = inBatch.get(key);
    if (earlier !== undefined) return plan.slots.push({ fresh: earlier, duplicate: true });
    const seq = stored(row.source, row.id);
    if (seq !== undefined) return plan.slots.push({ seq });
    inBatch.set(key, plan.fresh.length);
    plan.slots.push({ fresh: plan.fresh.length, duplicate: false });
    plan.fresh.push({ row, subscriptions: routeNames(route(events[i])) });
  });
  return plan;
}

/** The results of a plan once its new events got `seqs` (in the order of `plan.fresh`). */
export function appendResults(plan: AppendPlan, seqs: readonly number[]): { seq: number; duplicate: boolean }[] {
  return plan.slots.map((s) => ('seq' in s ? { seq: s.seq, duplicate: true } : { seq: seqs[s.fresh], duplicate: s.duplicate }));
}

/** Checks what `route` returned and drops repeated names (one delivery per subscription and event). */
function routeNames(names: unknown): string[] {
  if (!Array.isArray(names)) throw invalid('route must return an array of subscription names');
  for (const n of names) checkString(n, 'a routed subscription name');
  return names.length < 2 ? names : [...new Set<string>(names)];
}

export const decodeEvent = (row: EventRow): StoredEvent => ({ seq: row.seq, receivedAt: row.receivedAt, event: JSON.parse(row.body) as CloudEvent });

export function decodeDelivery(row: DeliveryRow): Delivery {
  const d: Delivery = {
    id: row.id,
    subscription: row.subscription,
    seq: row.seq,
    status: row.status,
    attempts: row.attempts,
    dueAt: row.dueAt,
    updatedAt: row.updatedAt,
  };
  if (row.lastError !== null) d.lastError = JSON.parse(row.lastError) as Json;
  return d;
}

/** A delivery joined with its event (the columns of both; `seq` is the same). */
export const decodeDeliveryWithEvent = (row: DeliveryRow & { receivedAt: number; body: string }): Delivery & { event: StoredEvent } => ({
  ...decodeDelivery(row),
  event: decodeEvent(row),
});

export type EncodedOutcome = { status: 'done' } | { status: 'pending'; dueAt: number; error: string } | { status: 'dead'; error: string };

type Outcome = Parameters<DeliveryQueue['settle']>[1];

export function encodeOutcome(id: string, outcome: Outcome, at: number): EncodedOutcome {
  checkString(id, 'delivery id');
  checkTime(at, 'settle at');
  switch (outcome?.status) {
    case 'done':
      return { status: 'done' };
    case 'pending':
      return { status: 'pending', dueAt: checkTime(outcome.dueAt, 'delivery dueAt'), error: encodeJson(outcome.error, 'delivery error') };
    case 'dead':
      return { status: 'dead', error: encodeJson(outcome.error, 'delivery error') };
    default:
      throw invalid('a delivery outcome must have status done, pending or dead');
  }
}

export function checkRedrive(id: string, now: number): void {
  checkString(id, 'delivery id');
  checkTime(now, 'redrive now');
}

/** Applies an outcome to a delivery (the memory adapter; the SQLite UPDATE statements do the same). */
export function settled(row: DeliveryRow, o: EncodedOutcome, at: number): DeliveryRow {
  if (o.status === 'done') return { ...row, status: 'done', updatedAt: at };
  if (o.status === 'pending') return { ...row, status: 'pending', attempts: row.attempts + 1, dueAt: o.dueAt, lastError: o.error, updatedAt: at };
  return { ...row, status: 'dead', attempts: row.attempts + 1, lastError: o.error, updatedAt: at };
}

/** A non-negative integer limit; absent is `fallback`, above `max` is capped. */
export function checkLimit(limit: unknown, what: string, fallback: number, max = Infinity): number {
  if (limit === undefined) return Math.min(fallback, max);
  if (!(Number.isInteger(limit) && (limit as number) >= 0)) throw invalid(`${what} must be a non-negative integer`);
  return Math.min(limit as number, max);
}

export interface NormalizedEventQuery {
  type: string | undefined;
  source: string | undefined;
  since: number | undefined;
  afterSeq: number | undefined;
  limit: number;
}

export function normalizeEventQuery(q: EventQuery = {}): NormalizedEventQuery {
  if (!q || typeof q !== 'object') throw invalid('event query must be an object');
  for (const field of ['type', 'source'] as const) {
    if (q[field] !== undefined && typeof q[field] !== 'string') throw invalid(`event query ${field} must be a string`);
  }
  return {
    type: q.type,
    source: q.source,
    since: q.since === undefined ? undefined : checkTime(q.since, 'event query since'),
    afterSeq: q.afterSeq === undefined ? undefined : checkTime(q.afterSeq, 'event query afterSeq'),
    limit: checkLimit(q.limit, 'event query limit', EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT),
  };
}

/** Whether an event passes every field of the query but the order and limit (the memory adapter's WHERE). */
export function eventMatches(e: EncodedEvent & EventRow, q: NormalizedEventQuery): boolean {
  return (
    (q.type === undefined || e.type === q.type) &&
    (q.source === undefined || e.source === q.source) &&
    (q.since === undefined || e.receivedAt >= q.since) &&
    (q.afterSeq === undefined || e.seq > q.afterSeq)
  );
}
