/**
 * The scale-out Store (DESIGN.md §5): PostgreSQL through a `pg` Pool. Writes go through group commit
 * (group-commit.ts: one transaction per batch, one SAVEPOINT per write); reads first wait for the writes
 * already submitted, so a caller reads what it wrote even without awaiting the write.
 *
 * Appends are optimistic. The store remembers, per run, the journal head (last seq) this process last
 * read (`journal()`) or wrote; an append whose run's head in the database differs from it is refused with
 * WEFT_ERR_STORE_CONFLICT, and the journal's primary key (run_id, seq) refuses the second of two writers
 * that raced from the same head. Either way two writers can never both append the next step of a run.
 */
import pg from 'pg';
import type { JournalEntry } from '../../contracts/index.js';
import { TERMINAL } from '../../contracts/index.js';
import type { AuditStore, DeliveryQueue, EventLog, EventTypeStore, FunctionStore, InvocationStore, KeyStore, RunFilter, RunRecord, ScheduleStore, SecretStore, SecretUsageStore, Store, SubscriptionStore, WebhookStore, WorkflowStore } from '../../ports/index.js';
import { type EncodedEntry, type EncodedRun, REOPENABLE, checkTimer, decodeRun, encodeAppend, encodeCreate, normalizeFilter } from '../encoding.js';
import { closed, duplicateIdempotencyKey, duplicateRun, journalConflict, notReopenable, runEnded, unknownRun } from '../errors.js';
import { driverError, uniqueViolation } from './driver-error.js';
import { type PgTx, PgGroupCommit } from './group-commit.js';
import { checkSchema, migrate } from './migrations.js';
import { DB_NOW_MS, PostgresCluster } from './postgres-cluster.js';
import { PostgresAuditStore } from './postgres-audit-store.js';
import { PostgresEventCatalog } from './postgres-event-catalog.js';
import { PostgresEventLog } from './postgres-event-log.js';
import { PostgresFunctionStore, type PgWriteAccess } from './postgres-function-store.js';
import { PostgresKeyStore } from './postgres-key-store.js';
import { PostgresScheduleStore } from './postgres-schedule-store.js';
import { PostgresSecretStore } from './postgres-secret-store.js';
import { PostgresSecretUsageStore } from './postgres-secret-usage-store.js';
import { PostgresWorkflowStore } from './postgres-workflow-store.js';
import { RUN_COLUMNS, runFilterQuery } from './run-filter-sql.js';

/**
 * A named statement: pg prepares it once per connection and then only binds and executes it (the hot
 * statements of runs and journals; their text never varies).
 */
function prepared(name: string, text: string, values: unknown[]): pg.QueryConfig {
  return { name, text, values };
}

export interface PostgresStoreOptions {
  /** The schema holding Weft's tables (created and migrated on open); default `weft`. */
  schema?: string;
  /** Connections in the pool (default 10): one is used by the group commit at a time, the rest by reads. */
  poolSize?: number;
}

type State = 'open' | 'closing' | 'closed';

/** Runs whose journal head is remembered; beyond this the oldest is forgotten (its next append trusts the database). */
const MAX_TRACKED_HEADS = 100_000;

export class PostgresStore implements Store {
  private readonly writes: PgGroupCommit;
  private state: State = 'open';
  /** Journal head (last seq) per run, as this process last read or committed it. */
  private readonly heads = new Map<string, number>();
  /**
   * Set by joinCluster: runs this process creates are leased to `owner` (a worker executes what it
   * starts), or created unowned with a `work` notification (an api-only node leaves them to workers).
   */
  private lease?: { owner?: string; ms: number; workChannel: string };
  /**
   * Deployed functions, workflow definitions, API keys, the audit log, the event log and its delivery
   * queue, the event catalog, schedule state and the vault's sealed secrets, in the same schema: they share
   * the pool, the group commit (a write of theirs commits with the run writes of its batch) and the closed
   * state.
   */
  readonly functions: FunctionStore;
  /** The same adapter object as `functions` (one table set), seen through its InvocationStore port. */
  readonly invocations: InvocationStore;
  readonly workflows: WorkflowStore;
  readonly keys: KeyStore;
  readonly audit: AuditStore;
  readonly events: EventLog;
  /** The same adapter object as `events`: `append` enqueues deliveries in its own transaction. */
  readonly deliveries: DeliveryQueue;
  /** One event catalog adapter behind the three catalog ports. */
  readonly eventTypes: EventTypeStore;
  readonly subscriptions: SubscriptionStore;
  readonly webhooks: WebhookStore;
  readonly schedules: ScheduleStore;
  readonly secrets: SecretStore;
  /** Who read which secret version (the vault's batched notes). */
  readonly secretUsage: SecretUsageStore;

  private constructor(
    readonly url: string,
    readonly schema: string,
    private readonly pool: pg.Pool,
  ) {
    this.writes = new PgGroupCommit(pool, (heads) => {
      for (const [runId, seq] of heads) {
        if (seq === null) this.heads.delete(runId);
        else this.noteHead(runId, seq);
      }
    });
    const access: PgWriteAccess = {
      write: (encode, apply) => this.write(encode, apply),
      readable: () => this.readable(),
      assertOpen: () => {
        if (this.state === 'closed') throw closed();
      },
      query: (sql, params) => this.pool.query(sql, params),
    };
    const functions = new PostgresFunctionStore(access);
    this.functions = functions;
    this.invocations = functions;
    this.workflows = new PostgresWorkflowStore(access);
    this.keys = new PostgresKeyStore(access);
    this.audit = new PostgresAuditStore(access, schema);
    const events = new PostgresEventLog(access, schema);
    this.events = events;
    this.deliveries = events;
    const catalog = new PostgresEventCatalog(access);
    this.eventTypes = catalog;
    this.subscriptions = catalog;
    this.webhooks = catalog;
    this.schedules = new PostgresScheduleStore(access);
    this.secrets = new PostgresSecretStore(access);
    this.secretUsage = new PostgresSecretUsageStore(access);
  }

  /** Connects, creates the schema if needed and migrates it (once, even when several nodes open at once). */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const schema = checkSchema(options.schema ?? 'weft');
    const pool = new pg.Pool({ connectionString: url, max: Math.max(1, Math.trunc(options.poolSize ?? 10)), options: `-c search_path=${schema}` });
    // An idle client losing its connection emits on the pool; the next query on it fails and is reported there.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migrate(client, schema);
      } finally {
        client.release();
      }
      return new PostgresStore(url, schema, pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw driverError(err);
    }
  }

  /**
   * Makes this process a node of the cluster sharing the database (see postgres-cluster.ts). With
   * `executes`, the runs it creates are leased to it; otherwise they are left for the workers.
   */
  joinCluster(o: { nodeId: string; leaseMs: number; executes: boolean }): PostgresCluster {
    const cluster = new PostgresCluster({
      pool: this.pool,
      connect: () => new pg.Client({ connectionString: this.url, options: `-c search_path=${this.schema}` }),
      schema: this.schema,
      nodeId: o.nodeId,
      leaseMs: o.leaseMs,
    });
    this.lease = { ...(o.executes ? { owner: o.nodeId } : {}), ms: cluster.leaseMs, workChannel: cluster.channel('work') };
    return cluster;
  }

  /** Settles once every write submitted so far has committed (or failed). */
  settled(): Promise<void> {
    return this.writes.settled();
  }

  /** Transactions committed by group commit since open. */
  get commits(): number {
    return this.writes.commits;
  }

  createRun(run: RunRecord, started: JournalEntry, copied?: JournalEntry[]): Promise<void> {
    return this.write(() => encodeCreate(run, started, copied), async (t, { run: row, started: entry, copied: more }) => {
      const { client } = t;
      if (TERMINAL.has(row.status)) throw runEnded(row.id, row.status);
      if (row.idempotencyKey !== null) {
        const { rows } = await client.query<{ id: string }>(prepared('weft_run_by_key', 'SELECT id FROM runs WHERE namespace = $1 AND name = $2 AND idempotency_key = $3', [row.namespace, row.name, row.idempotencyKey]));
        if (rows[0]) throw duplicateIdempotencyKey(row, rows[0].id);
      }
      try {
        // The run and its lease in one statement: unowned (no cluster, or an api-only node) until a worker claims it.
        const inserted = await client.query(
          prepared(
            'weft_create_run',
            `WITH r AS (
               INSERT INTO runs (id, namespace, name, version, definition, input, status, output, error, created_at, ended_at, idempotency_key, traceparent)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING RETURNING id)
             INSERT INTO run_leases (run_id, owner, expires) SELECT id, $14::text, CASE WHEN $14::text IS NULL THEN 0 ELSE ${DB_NOW_MS} + $15 END FROM r`,
            [row.id, row.namespace, row.name, row.version, row.definition, row.input, row.status, row.output, row.error, row.createdAt, row.endedAt, row.idempotencyKey, row.traceparent, this.lease?.owner ?? null, this.lease?.ms ?? 0],
          ),
        );
        if (inserted.rowCount === 0) throw duplicateRun(row.id);
        // Delivered at COMMIT (and once per transaction however many runs it created).
        if (this.lease && !this.lease.owner) await client.query('SELECT pg_notify($1, $2)', [this.lease.workChannel, '']);
      } catch (err) {
        // Another node took the key between the check and the insert: the unique index refuses it.
        if (uniqueViolation(err) === 'runs_idempotency') throw duplicateIdempotencyKey(row, '(a concurrent run)');
        throw err;
      }
      await this.insertEntries(t, row.id, 0, [entry, ...more]);
    });
  }

  append(runId: string, entries: JournalEntry[]): Promise<void> {
    return this.write(() => encodeAppend(runId, entries), async (t, encoded) => {
      const { rows } = await t.client.query<{ status: RunRecord['status']; seq: number | null }>(
        prepared('weft_journal_head', 'SELECT status, (SELECT max(seq) FROM journal WHERE run_id = $1) AS seq FROM runs WHERE id = $1', [runId]),
      );
      if (!rows[0]) throw unknownRun(runId);
      if (encoded[0]?.reopen) {
        if (!REOPENABLE.has(rows[0].status)) throw notReopenable(runId, rows[0].status);
      } else if (TERMINAL.has(rows[0].status)) throw runEnded(runId, rows[0].status);
      const actual = rows[0].seq ?? 0;
      const expected = t.heads.has(runId) ? t.heads.get(runId) : this.heads.get(runId);
      // A redrive appends to an ended run, which nobody appends to: the head this node last saw may be
      // stale (another node drove the run to its end). Its guard is the status above, and journal_pkey
      // for two redrives at once.
      if (!encoded[0]?.reopen && typeof expected === 'number' && expected !== actual) throw journalConflict(runId, expected, actual);
      await this.insertEntries(t, runId, actual, encoded);
    });
  }

  putTimer(runId: string, key: string, fireAt: number): Promise<number> {
    return this.write(() => checkTimer(runId, key, fireAt), async ({ client }) => {
      // FOR SHARE waits for a concurrent transaction ending the run, then sees its final status.
      const { rows } = await client.query<{ status: RunRecord['status'] }>(prepared('weft_run_status_share', 'SELECT status FROM runs WHERE id = $1 FOR SHARE', [runId]));
      if (!rows[0]) throw unknownRun(runId);
      if (TERMINAL.has(rows[0].status)) throw runEnded(runId, rows[0].status);
      // The existing fire time wins: the no-op update makes RETURNING give the stored row.
      const timer = await client.query<{ fire_at: number }>(
        prepared(
          'weft_put_timer',
          `INSERT INTO timers (run_id, key, fire_at) VALUES ($1, $2, $3)
           ON CONFLICT (run_id, key) DO UPDATE SET fire_at = timers.fire_at RETURNING fire_at`,
          [runId, key, fireAt],
        ),
      );
      return timer.rows[0].fire_at;
    });
  }

  deleteTimer(runId: string, key: string): Promise<void> {
    return this.write(() => checkTimer(runId, key), async ({ client }) => {
      await client.query(prepared('weft_delete_timer', 'DELETE FROM timers WHERE run_id = $1 AND key = $2', [runId, key]));
    });
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    await this.readable();
    const { rows } = await this.read<EncodedRun>(prepared('weft_get_run', `SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1`, [id]));
    return rows[0] && decodeRun(rows[0]);
  }

  async listRuns(filter?: RunFilter): Promise<RunRecord[]> {
    const { sql, params } = runFilterQuery(normalizeFilter(filter));
    await this.readable();
    return (await this.read<EncodedRun>({ text: sql, values: params })).rows.map(decodeRun);
  }

  async journal(runId: string): Promise<JournalEntry[]> {
    await this.readable();
    const { rows } = await this.read<{ seq: number; kind: JournalEntry['kind']; body: string }>(prepared('weft_journal', 'SELECT seq, kind, body FROM journal WHERE run_id = $1 ORDER BY seq', [runId]));
    const last = rows[rows.length - 1];
    // What this process has now seen is the head its next append expects (an ended run takes no appends).
    if (last && !TERMINAL.has(last.kind as RunRecord['status'])) this.noteHead(runId, last.seq);
    return rows.map((r) => JSON.parse(r.body) as JournalEntry);
  }

  /** Commits the writes already submitted, then closes the pool. Later calls reject. */
  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    await this.writes.settled();
    await this.pool.end();
    this.state = 'closed';
  }

  /** Encodes synchronously (bad input rejects at once; later mutation cannot leak in), applies in the next batch. */
  private write<E, T>(encode: () => E, apply: (tx: PgTx, encoded: E) => Promise<T>): Promise<T> {
    if (this.state !== 'open') return Promise.reject(closed());
    let encoded: E;
    try {
      encoded = encode();
    } catch (err) {
      return Promise.reject(err);
    }
    return this.writes.submit((t) => apply(t, encoded));
  }

  private async readable(): Promise<void> {
    if (this.state === 'closed') throw closed();
    await this.writes.settled();
    if ((this.state as State) === 'closed') throw closed();
  }

  private async read<R extends pg.QueryResultRow>(query: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(query);
    } catch (err) {
      throw driverError(err);
    }
  }

  private noteHead(runId: string, seq: number): void {
    const known = this.heads.get(runId);
    if (known !== undefined && known >= seq) return;
    this.heads.delete(runId);
    this.heads.set(runId, seq);
    if (this.heads.size > MAX_TRACKED_HEADS) this.heads.delete(this.heads.keys().next().value as string);
  }

  /** Appends after `seq` in one statement; a terminal entry (always last, see encodeAppend) ends the run. */
  private async insertEntries({ client, heads }: PgTx, runId: string, seq: number, entries: EncodedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const params: unknown[] = [runId];
    const values = entries.map((e, i) => {
      params.push(seq + i + 1, e.kind, e.key, e.body, e.at);
      const p = params.length;
      return `($1, $${p - 4}, $${p - 3}, $${p - 2}, $${p - 1}, $${p})`;
    });
    try {
      // One prepared statement per entry count (1 and 2 are nearly all appends).
      const text = `INSERT INTO journal (run_id, seq, kind, key, body, at) VALUES ${values.join(', ')}`;
      await client.query(entries.length <= 4 ? prepared(`weft_journal_insert_${entries.length}`, text, params) : { text, values: params });
    } catch (err) {
      // Another writer appended from the same head and committed first.
      if (uniqueViolation(err) === 'journal_pkey') throw journalConflict(runId, seq, seq + 1);
      throw err;
    }
    const reopen = entries[0].reopen;
    if (reopen) {
      // Live again: its outcome cleared, and a lease like a new run's (this worker's, or nobody's until a
      // worker claims it). Two concurrent redrives insert at the same seq: journal_pkey refuses one above.
      await client.query(
        prepared(
          'weft_reopen_run',
          `WITH u AS (UPDATE runs SET status = 'running', output = NULL, error = NULL, ended_at = NULL, version = coalesce($2, version),
                        definition = coalesce($3, definition), input = coalesce($4, input) WHERE id = $1)
           INSERT INTO run_leases (run_id, owner, expires) VALUES ($1, $5::text, CASE WHEN $5::text IS NULL THEN 0 ELSE ${DB_NOW_MS} + $6 END)
           ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner, expires = excluded.expires`,
          [runId, reopen.version, reopen.definition, reopen.input, this.lease?.owner ?? null, this.lease?.ms ?? 0],
        ),
      );
      if (this.lease && !this.lease.owner) await client.query('SELECT pg_notify($1, $2)', [this.lease.workChannel, '']);
    }
    const last = entries[entries.length - 1];
    if (last.end) {
      // One statement: a finished run has its outcome, and no timers left to fire or lease to renew.
      await client.query(
        prepared(
          'weft_end_run',
          `WITH u AS (UPDATE runs SET status = $1, output = $2, error = $3, ended_at = $4 WHERE id = $5),
                t AS (DELETE FROM timers WHERE run_id = $5)
           DELETE FROM run_leases WHERE run_id = $5`,
          [last.end.status, last.end.output, last.end.error, last.at, runId],
        ),
      );
    } else {
      const status = entries.findLast((e) => e.status)?.status;
      if (status) await client.query(prepared('weft_run_status', 'UPDATE runs SET status = $1 WHERE id = $2', [status, runId]));
    }
    heads.set(runId, last.end ? null : seq + entries.length);
  }
}
