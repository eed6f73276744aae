/**
 * The EventLog and its DeliveryQueue on the PostgresStore's pool (tables `events` and `deliveries`, migration 3), reached as
 * `PostgresStore.events`: it shares the store's group commit and closed state. An `append` is ONE write
 * (one SAVEPOINT of the batch): the events and their deliveries commit together or not at all.
 *
 * Across nodes, an append first takes `pg_advisory_xact_lock` on the schema's event log, held until its
 * batch commits. So (1) its duplicate lookup on (source, id) sees every event another node committed
 * (READ COMMITTED: the lookup statement runs after the lock is granted), and (2) seqs, drawn from an
 * identity column, become visible in seq order: a tailer reading `afterSeq` can never see seq n+1 while
 * seq n is still uncommitted and then skip it. The unique constraint (source, id) is the backstop.
 * Reads wait only for this log's own pending writes (catalog-reads.ts).
 */
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
  eventKey,
  normalizeEventQuery,
  planAppend,
} from '../event-encoding.js';
import { PgCatalogReads } from './catalog-reads.js';
import type { PgWriteAccess } from './postgres-function-store.js';

const DELIVERY_COLUMNS = `d.id, d.subscription, d.seq::float8 AS seq, d.status, d.attempts, d.due_at AS "dueAt", d.updated_at AS "updatedAt",
  d.last_error AS "lastError"`;
const WITH_EVENT = `${DELIVERY_COLUMNS}, e.received_at AS "receivedAt", e.body FROM deliveries d JOIN events e ON e.seq = d.seq`;
const EVENT_COLUMNS = 'seq::float8 AS seq, received_at AS "receivedAt", body';

type Outcome = Parameters<DeliveryQueue['settle']>[1];
type DeliveryWithEventRow = DeliveryRow & { receivedAt: number; body: string };

export class PostgresEventLog implements EventLog, DeliveryQueue {
  private readonly reads: PgCatalogReads;

  constructor(
    access: PgWriteAccess,
    /** The store's schema: names the advisory lock, so logs in other schemas do not contend. */
    private readonly schema: string,
  ) {
    this.reads = new PgCatalogReads(access);
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
      async ({ client }, { rows, events: batch }) => {
        if (rows.length === 0) return { results: [] };
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`weft:events:${this.schema}`]);
        const stored = new Map<string, number>();
        const found = await client.query<{ seq: number; source: string; id: string }>(
          'SELECT seq::float8 AS seq, source, id FROM events WHERE (source, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
          [rows.map((r) => r.source), rows.map((r) => r.id)],
        );
        for (const r of found.rows) stored.set(eventKey(r.source, r.id), r.seq);
        let plan: AppendPlan;
        try {
          plan = planAppend(rows, batch, (source, id) => stored.get(eventKey(source, id)), route);
        } catch (error) {
          // Returned, not thrown: the batch treats a foreign error (one thrown by `route`) as a failed
          // transaction and would reject every write in it. Nothing has been written yet.
          return { refused: error };
        }
        if (plan.fresh.length === 0) return { results: appendResults(plan, []) };
        // One statement; ORDER BY ord draws the identity values in the batch's order.
        const inserted = await client.query<{ seq: number; source: string; id: string }>(
          `INSERT INTO events (source, id, type, received_at, body)
           SELECT source, id, type, $1, body FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t (source, id, type, body, ord) ORDER BY ord
           RETURNING seq::float8 AS seq, source, id`,
          [at, ...(['source', 'id', 'type', 'body'] as const).map((f) => plan.fresh.map(({ row }) => row[f]))],
        );
        const seqOf = new Map(inserted.rows.map((r) => [eventKey(r.source, r.id), r.seq]));
        const seqs = plan.fresh.map(({ row }) => seqOf.get(eventKey(row.source, row.id))!);
        const ids: string[] = [];
        const subscriptions: string[] = [];
        const deliverySeqs: number[] = [];
        plan.fresh.forEach(({ subscriptions: names }, i) => {
          for (const s of names) {
            ids.push(deliveryId(s, seqs[i]));
            subscriptions.push(s);
            deliverySeqs.push(seqs[i]);
          }
        });
        if (ids.length > 0) {
          await client.query(
            `INSERT INTO deliveries (id, subscription, seq, status, attempts, due_at, updated_at)
             SELECT id, subscription, seq, 'pending', 0, $4, $4 FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t (id, subscription, seq)`,
            [ids, subscriptions, deliverySeqs, at],
          );
        }
        return { results: appendResults(plan, seqs) };
      },
    );
    if ('refused' in outcome) throw outcome.refused;
    return outcome.results;
  }

  async list(q: EventQuery = {}): Promise<StoredEvent[]> {
    const { sql, params } = listQuery(normalizeEventQuery(q));
    await this.reads.readable();
    return (await this.reads.query<EventRow>(sql, params)).rows.map(decodeEvent);
  }

  async get(seq: number): Promise<StoredEvent | undefined> {
    await this.reads.readable();
    // Seqs are integers: anything else names no event (and would not fit the bigint parameter).
    if (!Number.isSafeInteger(seq)) return undefined;
    const { rows } = await this.reads.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq = $1`, [seq]);
    return rows[0] && decodeEvent(rows[0]);
  }

  async due(now: number, limit: number): Promise<(Delivery & { event: StoredEvent })[]> {
    checkTime(now, 'due now');
    const n = checkLimit(limit, 'due limit', EVENTS_DEFAULT_LIMIT);
    await this.reads.readable();
    // `status = 'pending'` / `'dead'` are literals so that the planner can use the partial indexes.
    const { rows } = await this.reads.query<DeliveryWithEventRow>(
      `SELECT ${WITH_EVENT} WHERE d.status = 'pending' AND d.due_at <= $1 ORDER BY d.due_at, d.seq, d.subscription LIMIT $2`,
      [now, n],
    );
    return rows.map(decodeDeliveryWithEvent);
  }

  async claim(now: number, limit: number, leaseMs: number): Promise<(Delivery & { event: StoredEvent })[]> {
    checkTime(now, 'claim now');
    checkTime(now + leaseMs, 'claim lease');
    const n = checkLimit(limit, 'claim limit', EVENTS_DEFAULT_LIMIT);
    await this.reads.readable();
    // One autocommit statement: SKIP LOCKED makes nodes claiming at once take different deliveries.
    const { rows } = await this.reads.query<DeliveryWithEventRow>(
      `WITH c AS (
         UPDATE deliveries SET due_at = $3
         WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, seq, subscription LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING *)
       SELECT ${WITH_EVENT.replace('FROM deliveries d', 'FROM c d')} ORDER BY d.seq, d.subscription`,
      [now, n, now + leaseMs],
    );
    return rows.map(decodeDeliveryWithEvent);
  }

  settle(id: string, outcome: Outcome, at: number): Promise<void> {
    return this.reads.write(
      () => encodeOutcome(id, outcome, at),
      async ({ client }, o) => {
        const result =
          o.status === 'done'
            ? await client.query(`UPDATE deliveries SET status = 'done', updated_at = $2 WHERE id = $1`, [id, at])
            : o.status === 'pending'
              ? await client.query(
                  `UPDATE deliveries SET status = 'pending', attempts = attempts + 1, due_at = $3, last_error = $4, updated_at = $2 WHERE id = $1`,
                  [id, at, o.dueAt, o.error],
                )
              : await client.query(`UPDATE deliveries SET status = 'dead', attempts = attempts + 1, last_error = $3, updated_at = $2 WHERE id = $1`, [id, at, o.error]);
        if (result.rowCount === 0) throw unknownDelivery(id);
      },
    );
  }

  async dead(limit?: number): Promise<(Delivery & { event: StoredEvent })[]> {
    const n = checkLimit(limit, 'dead limit', EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT);
    await this.reads.readable();
    const { rows } = await this.reads.query<DeliveryWithEventRow>(
      `SELECT ${WITH_EVENT} WHERE d.status = 'dead' ORDER BY d.updated_at DESC, d.seq DESC, d.subscription DESC LIMIT $1`,
      [n],
    );
    return rows.map(decodeDeliveryWithEvent);
  }

  async redrive(id: string, now: number): Promise<Delivery | undefined> {
    const row = await this.reads.write(
      () => checkRedrive(id, now),
      async ({ client }) =>
        (
          await client.query<DeliveryRow>(
            `UPDATE deliveries d SET status = 'pending', attempts = 0, due_at = $2, updated_at = $2 WHERE id = $1 RETURNING ${DELIVERY_COLUMNS}`,
            [id, now],
          )
        ).rows[0],
    );
    return row && decodeDelivery(row);
  }

  async oldestPending(): Promise<number | undefined> {
    await this.reads.readable();
    const { rows } = await this.reads.query<{ oldest: number | null }>(
      `SELECT min(e.received_at) AS oldest FROM deliveries d JOIN events e ON e.seq = d.seq WHERE d.status = 'pending'`,
      [],
    );
    return rows[0].oldest ?? undefined;
  }
}

/** A `list` statement with only the clauses `q` uses; tailing (afterSeq) reads oldest first, browsing newest first. */
function listQuery(q: NormalizedEventQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const field of ['type', 'source'] as const) {
    if (q[field] === undefined) continue;
    params.push(q[field]);
    where.push(`${field} = $${params.length}`);
  }
  if (q.since !== undefined) {
    params.push(q.since);
    where.push(`received_at >= $${params.length}`);
  }
  if (q.afterSeq !== undefined) {
    // seq > 1.5 is seq > 1: an integer parameter keeps the comparison on the bigint index.
    params.push(clampSeq(Math.floor(q.afterSeq)));
    where.push(`seq > $${params.length}`);
  }
  params.push(q.limit);
  const order = q.afterSeq === undefined ? 'DESC' : 'ASC';
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${order} LIMIT $${params.length}`,
    params,
  };
}

/** Keeps a cursor within bigint range (and out of exponent notation); beyond the safe integers no seq lies. */
const clampSeq = (n: number): number => Math.min(Math.max(n, -Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
