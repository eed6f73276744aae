/**
 * The event log with event data that holds a secret sealed at rest (data-seal.ts): an event a run emits
 * with `$secrets.token` in its data is stored sealed, bound to the event's source and id, and opened
 * when read (delivery to a subscriber needs the value; views mask it again). Routing sees the event as
 * it was emitted. Data whose event type's schema marks a part `x-weft-sensitive` is sealed the same way.
 */
import type { CloudEvent, Delivery, DeliveryQueue, EventLog, StoredEvent } from '../ports/index.js';
import { sensitive } from '../dsl/index.js';
import type { Json } from '../shared/index.js';
import type { DataSeal } from './data-seal.js';

const contextOf = (e: CloudEvent) => `event:${JSON.stringify([e.source, e.id])}`;

async function openEvent(s: StoredEvent, seal: DataSeal): Promise<StoredEvent> {
  if (s.event.data === undefined) return s;
  const data = await seal.open(s.event.data, contextOf(s.event));
  return data === s.event.data ? s : { ...s, event: { ...s.event, data } };
}

/** `typeSchema`: the registered schema of an event type (the bus has it at hand when it stores). */
export function sealedEventLog(log: EventLog, seal: DataSeal, typeSchema: (type: string) => Json | undefined = () => undefined): EventLog {
  const open = (s: StoredEvent) => openEvent(s, seal);
  return {
    append(events, at, route) {
      if (!seal.enabled) return log.append(events, at, route);
      const original = new Map<CloudEvent, CloudEvent>();
      const sealed = events.map((e) => {
        if (e.data === undefined) return e;
        const data = seal.seal(e.data, contextOf(e), sensitive(typeSchema(e.type), e.data).values);
        if (data === e.data) return e;
        const s = { ...e, data };
        original.set(s, e);
        return s;
      });
      return log.append(sealed, at, (e) => route(original.get(e) ?? e));
    },
    async list(q) {
      const rows = await log.list(q);
      return seal.enabled ? Promise.all(rows.map(open)) : rows;
    },
    async get(seq) {
      const s = await log.get(seq);
      return s && seal.enabled ? open(s) : s;
    },
  };
}

/**
 * The delivery queue hands out stored events with its deliveries: opened the same way. A failed
 * attempt's error is only ever shown, so it is stored with secret values masked.
 */
export function sealedDeliveryQueue(queue: DeliveryQueue, seal: DataSeal): DeliveryQueue {
  const open = async (rows: (Delivery & { event: StoredEvent })[]) => (seal.enabled ? Promise.all(rows.map(async (d) => ({ ...d, event: await openEvent(d.event, seal) }))) : rows);
  return {
    due: async (now, limit) => open(await queue.due(now, limit)),
    claim: async (now, limit, leaseMs) => open(await queue.claim(now, limit, leaseMs)),
    settle: (id, outcome, at) => queue.settle(id, outcome.status === 'done' ? outcome : { ...outcome, error: seal.mask(outcome.error) }, at),
    dead: async (limit) => open(await queue.dead(limit)),
    redrive: (id, now) => queue.redrive(id, now),
    oldestPending: () => queue.oldestPending(),
  };
}
