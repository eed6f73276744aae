/**
 * The EventLog and its DeliveryQueue on the SqliteStore's own connection (tables `events` and `deliveries`, migration 5), reached
 * as `SqliteStore.events`: it shares the store's group commit and closed state. An `append` is ONE write
 * (one SAVEPOINT of the batch): the events and their deliveries commit together or not at all, so an
 * accepted event is never lost for a subscriber. Reads wait only for this log's own pending writes
 * (catalog-reads.ts): the dispatcher's `due`/`settle` loop must not wait for unrelated journal commits.
 */
import type Database from 'better-sqlite3';
import type { CloudEvent, Delivery, DeliveryQueue, EventLog, EventQuery, StoredEvent } from '../../ports/index.js';
import { checkTime } from '../encoding.js';
import { unknownDelivery } from '../errors.js';
import {
  type AppendPlan,
  type DeliveryRow,
  type EventRow,
  type NormalizedEventQuery,
  EVENTS_DEFAULT_LIMIT,
  EVENTS_MAX_LIMIT,
  appendResults,
  checkLimit,
  checkRedrive,
  decodeDelivery,
  decodeDeliveryWithEvent,
  decodeEvent,
  deliveryId,
  encodeEvents,
  encodeOutcome,
  normalizeEventQuery,
  planAppend,
} from '../event-encoding.js';
import { CatalogReads } from './catalog-reads.js';
import type { SqliteWriteAccess } from './sqlite-function-store.js';

const DELIVERY_COLUMNS = `d.id, d.subscription, d.seq, d.status, d.attempts, d.due_at AS dueAt, d.updated_at AS updatedAt,
  d.last_error AS lastError`;
const WITH_EVENT = `${DELIVERY_COLUMNS}, e.received_at AS receivedAt, e.body FROM deliveries d JOIN events e ON e.seq = d.seq`;

function prepareStatements(db: Database.Database) {
  return {
    storedSeq: db.prepare('SELECT seq FROM events WHERE source = ? AND id = ?').pluck(),
    insertEvent: db.prepare('INSERT INTO events (source, id, type, received_at, body) VALUES (?, ?, ?, ?, ?)'),
    insertDelivery: db.prepare(`INSERT INTO deliveries (id, subscription, seq, status, attempts, due_at, updated_at)
      VALUES (?, ?, ?, 'pending', 0, ?, ?)`),
    get: db.prepare('SELECT seq, received_at AS receivedAt, body FROM events WHERE seq = ?'),
    // `status = 'pending'` / `'dead'` are literals so that SQLite can use the partial indexes.
    due: db.prepare(`SELECT ${WITH_EVENT} WHERE d.status = 'pending' AND d.due_at <= ? ORDER BY d.due_at, d.seq, d.subscription LIMIT ?`),
    lease: db.prepare(`UPDATE deliveries SET due_at = ? WHERE id = ?`),
    dead: db.prepare(`SELECT ${WITH_EVENT} WHERE d.status = 'dead' ORDER BY d.updated_at DESC, d.seq DESC, d.subscription DESC LIMIT ?`),
    settleDone: db.prepare(`UPDATE deliveries SET status = 'done', updated_at = @at WHERE id = @id`),
    settlePending: db.prepare(`UPDATE deliveries SET status = 'pending', attempts = attempts + 1, due_at = @dueAt, last_error = @error,
      updated_at = @at WHERE id = @id`),
    settleDead: db.prepare(`UPDATE deliveries SET status = 'dead', attempts = attempts + 1, last_error = @error, updated_at = @at WHERE id = @id`),
    redrive: db.prepare(`UPDATE deliveries SET status = 'pending', attempts = 0, due_at = @now, updated_at = @now WHERE id = @id
      RETURNING id, subscription, seq, status, attempts, due_at AS dueAt, updated_at AS updatedAt, last_error AS lastError`),
    oldestPending: db.prepare(`SELECT min(e.received_at) FROM deliveries d JOIN events e ON e.seq = d.seq WHERE d.status = 'pending'`).pluck(),
  };
}

type Outcome = Parameters<DeliveryQueue['settle']>[1];

export class SqliteEventLog implements EventLog, DeliveryQueue {
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly reads: CatalogReads;
  /** `list` statements by SQL text: only the clauses a query uses are in it, so each shape gets its index. */
  private readonly lists = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    access: SqliteWriteAccess,
  ) {
    this.stmt = prepareStatements(db);
    this.reads = new CatalogReads(access);
  }

  /**
   * `route` is called at commit time, inside the write, once per new event, with the caller's event object
   * (not a copy: the body was encoded at call time and is not parsed again).
   */
  async append(events: CloudEvent[], at: number, route: (event: CloudEvent) => string[]): Promise<{ seq: number; duplicate: boolean }[]> {
    const outcome = await this.reads.write(
      // The array is copied (not the events): a caller reordering it before the commit cannot mismatch
      // an event with its encoded row.
      () => ({ rows: encodeEvents(events, at), events: [...events] }),
      ({ rows, events: batch }) => {
        let plan: AppendPlan;
        try {
          plan = planAppend(rows, batch, (source, id) => this.stmt.storedSeq.get(source, id) as number | undefined, route);
        } catch (error) {
          // Returned, not thrown: the batch treats a foreign error (one thrown by `route`) as a failed
          // transaction and would reject every write in it. Nothing has been written yet.
          return { refused: error };
        }
        const seqs = plan.fresh.map(({ row, subscriptions }) => {
          const seq = Number(this.stmt.insertEvent.run(row.source, row.id, row.type, at, row.body).lastInsertRowid);
          for (const s of subscriptions) this.stmt.insertDelivery.run(deliveryId(s, seq), s, seq, at, at);
          return seq;
        });
        return { results: appendResults(plan, seqs) };
      },
    );
    if ('refused' in outcome) throw outcome.refused;
    return outcome.results;
  }

  async list(q: EventQuery = {}): Promise<StoredEvent[]> {
    const { sql, params } = listQuery(normalizeEventQuery(q));
    await this.reads.readable();
    let stmt = this.lists.get(sql);
    if (!stmt) this.lists.set(sql, (stmt = this.db.prepare(sql)));
    return (stmt.all(params) as EventRow[]).map(decodeEvent);
  }

  async get(seq: number): Promise<StoredEvent | undefined> {
    await this.reads.readable();
    const row = this.stmt.get.get(seq) as EventRow | undefined;
    return row && decodeEvent(row);
  }

  async due(now: number, limit: number): Promise<(Delivery & { event: StoredEvent })[]> {
    checkTime(now, 'due now');
    const n = checkLimit(limit, 'due limit', EVENTS_DEFAULT_LIMIT);
    await this.reads.readable();
    return (this.stmt.due.all(now, n) as (DeliveryRow & { receivedAt: number; body: string })[]).map(decodeDeliveryWithEvent);
  }

  claim(now: number, limit: number, leaseMs: number): Promise<(Delivery & { event: StoredEvent })[]> {
    return this.reads.write(
      () => {
        checkTime(now, 'claim now');
        checkTime(now + leaseMs, 'claim lease');
        return checkLimit(limit, 'claim limit', EVENTS_DEFAULT_LIMIT);
      },
      (n) =>
        (this.stmt.due.all(now, n) as (DeliveryRow & { receivedAt: number; body: string })[]).map((row) => {
          this.stmt.lease.run(now + leaseMs, row.id);
          return decodeDeliveryWithEvent({ ...row, dueAt: now + leaseMs });
        }),
    );
  }

  settle(id: string, outcome: Outcome, at: number): Promise<void> {
    return this.reads.write(
      () => encodeOutcome(id, outcome, at),
      (o) => {
        const stmt = o.status === 'done' ? this.stmt.settleDone : o.status === 'pending' ? this.stmt.settlePending : this.stmt.settleDead;
        if (stmt.run({ id, at, ...o }).changes === 0) throw unknownDelivery(id);
      },
    );
  }

  async dead(limit?: number): Promise<(Delivery & { event: StoredEvent })[]> {
    const n = checkLimit(limit, 'dead limit', EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT);
    await this.reads.readable();
    return (this.stmt.dead.all(n) as (DeliveryRow & { receivedAt: number; body: string })[]).map(decodeDeliveryWithEvent);
  }

  async redrive(id: string, now: number): Promise<Delivery | undefined> {
    const row = await this.reads.write(
      () => checkRedrive(id, now),
      () => this.stmt.redrive.get({ id, now }) as DeliveryRow | undefined,
    );
    return row && decodeDelivery(row);
  }

  async oldestPending(): Promise<number | undefined> {
    await this.reads.readable();
    return (this.stmt.oldestPending.get() as number | null) ?? undefined;
  }
}

/** A `list` statement with only the clauses `q` uses; tailing (afterSeq) reads oldest first, browsing newest first. */
function listQuery(q: NormalizedEventQuery): { sql: string; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: q.limit };
  for (const field of ['type', 'source'] as const) {
    if (q[field] === undefined) continue;
    where.push(`${field} = @${field}`);
    params[field] = q[field];
  }
  if (q.since !== undefined) {
    where.push('received_at >= @since');
    params.since = q.since;
  }
  if (q.afterSeq !== undefined) {
    where.push('seq > @afterSeq');
    params.afterSeq = q.afterSeq;
  }
  const order = q.afterSeq === undefined ? 'DESC' : 'ASC';
  return {
    sql: `SELECT seq, received_at AS receivedAt, body FROM events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${order} LIMIT @limit`,
    params,
  };
}
