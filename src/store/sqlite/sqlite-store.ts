/**
 * The default Store: one SQLite file (WAL) through better-sqlite3. Writes go through group commit (one
 * transaction per event-loop turn, see group-commit.ts); reads run synchronously but first wait for the
 * writes already submitted, so a caller reads what it wrote even without awaiting the write.
 */
import Database from 'better-sqlite3';
import type { JournalEntry } from '../../contracts/index.js';
import { TERMINAL } from '../../contracts/index.js';
import type { AuditStore, DeliveryQueue, EventLog, EventTypeStore, FunctionStore, InvocationStore, KeyStore, RunFilter, RunRecord, ScheduleStore, SecretStore, SecretUsageStore, Store, SubscriptionStore, WebhookStore, WorkflowStore } from '../../ports/index.js';
import { type EncodedEntry, type EncodedRun, REOPENABLE, checkTimer, decodeRun, encodeAppend, encodeCreate, normalizeFilter } from '../encoding.js';
import { StoreError, closed, duplicateIdempotencyKey, duplicateRun, notReopenable, runEnded, unknownRun } from '../errors.js';
import { driverError, isConstraint } from './driver-error.js';
import { GroupCommit, type Outcome } from './group-commit.js';
import { migrate } from './migrations.js';
import { RUN_COLUMNS, runFilterQuery } from './run-filter-sql.js';
import { SqliteAuditStore } from './sqlite-audit-store.js';
import { SqliteEventCatalog } from './sqlite-event-catalog.js';
import { SqliteEventLog } from './sqlite-event-log.js';
import { SqliteFunctionStore, type SqliteWriteAccess } from './sqlite-function-store.js';
import { SqliteKeyStore } from './sqlite-key-store.js';
import { SqliteScheduleStore } from './sqlite-schedule-store.js';
import { SqliteSecretStore } from './sqlite-secret-store.js';
import { SqliteSecretUsageStore } from './sqlite-secret-usage-store.js';
import { SqliteWorkflowStore } from './sqlite-workflow-store.js';

export interface SqliteStoreOptions {
  /** How long a write waits for another connection's lock before failing with WEFT_ERR_STORE_BUSY. */
  busyTimeoutMs?: number;
  /**
   * FULL (default) fsyncs the WAL at every commit: an acknowledged write survives power loss. NORMAL
   * fsyncs only at checkpoints: still safe against a process crash, but the last commits can be lost
   * on power loss or an OS crash, which breaks "durable when acknowledged" — opt-in only.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

type State = 'open' | 'closing' | 'closed';

function prepareStatements(db: Database.Database) {
  return {
    insertRun: db.prepare(`INSERT INTO runs (id, namespace, name, version, definition, input, status, output, error,
      created_at, ended_at, idempotency_key, traceparent) VALUES (@id, @namespace, @name, @version, @definition, @input,
      @status, @output, @error, @createdAt, @endedAt, @idempotencyKey, @traceparent) ON CONFLICT (id) DO NOTHING`),
    // The run holding an idempotency key: checked before the insert so that a clash is a coded refusal,
    // not a constraint failure (the unique index runs_idempotency still guarantees it).
    idempotencyHolder: db.prepare('SELECT id FROM runs WHERE namespace = ? AND name = ? AND idempotency_key = ?').pluck(),
    head: db.prepare(`SELECT status, (SELECT max(seq) FROM journal WHERE run_id = @id) AS seq FROM runs WHERE id = @id`),
    insertEntry: db.prepare('INSERT INTO journal (run_id, seq, kind, key, body, at) VALUES (?, ?, ?, ?, ?, ?)'),
    endRun: db.prepare('UPDATE runs SET status = ?, output = ?, error = ?, ended_at = ? WHERE id = ?'),
    setStatus: db.prepare('UPDATE runs SET status = ? WHERE id = ?'),
    reopenRun: db.prepare(`UPDATE runs SET status = 'running', output = NULL, error = NULL, ended_at = NULL, version = coalesce(@version, version),
      definition = coalesce(@definition, definition), input = coalesce(@input, input) WHERE id = @id`),
    deleteRunTimers: db.prepare('DELETE FROM timers WHERE run_id = ?'),
    timerAt: db.prepare('SELECT fire_at FROM timers WHERE run_id = ? AND key = ?').pluck(),
    insertTimer: db.prepare('INSERT INTO timers (run_id, key, fire_at) VALUES (?, ?, ?)'),
    deleteTimer: db.prepare('DELETE FROM timers WHERE run_id = ? AND key = ?'),
    getRun: db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`),
    journal: db.prepare('SELECT body FROM journal WHERE run_id = ? ORDER BY seq').pluck(),
  };
}

export class SqliteStore implements Store {
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly writes: GroupCommit;
  private state: State = 'open';
  /** `listRuns` statements by SQL text (run-filter-sql.ts): one per filter shape, prepared when first used. */
  private readonly listStatements = new Map<string, Database.Statement>();
  /**
   * Deployed functions, workflow definitions, API keys, the audit log, the event log and its delivery
   * queue, the event catalog, schedule state and the vault's sealed secrets, in the same file: they share
   * this connection, its group commit (a write of theirs commits with the run writes of its turn) and its
   * closed state.
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
    /** The database file, or ':memory:'. */
    readonly path: string,
    private readonly db: Database.Database,
  ) {
    this.stmt = prepareStatements(db);
    // Nested inside the batch transaction, better-sqlite3 runs this as a SAVEPOINT: each write is
    // atomic on its own, so one refused write does not undo the others of its batch.
    const atomic = db.transaction((apply: () => unknown) => apply());
    const batch = db.transaction((writes: ReadonlyArray<() => unknown>): Outcome[] =>
      writes.map((apply) => {
        try {
          return { ok: true, value: atomic(apply) };
        } catch (err) {
          // If SQLite rolled back the whole transaction (I/O error, disk full), the batch is lost.
          if (db.inTransaction && (err instanceof StoreError || isConstraint(err))) return { ok: false, error: driverError(err) };
          throw err;
        }
      }),
    );
    this.writes = new GroupCommit((writes) => {
      try {
        return batch.immediate(writes);
      } catch (err) {
        throw driverError(err);
      }
    });
    const access: SqliteWriteAccess = {
      write: (encode, apply) => this.write(encode, apply),
      readable: () => this.readable(),
      assertOpen: () => {
        if (this.state === 'closed') throw closed();
      },
    };
    const functions = new SqliteFunctionStore(db, access);
    this.functions = functions;
    this.invocations = functions;
    this.workflows = new SqliteWorkflowStore(db, access);
    this.keys = new SqliteKeyStore(db, access);
    this.audit = new SqliteAuditStore(db, access);
    const events = new SqliteEventLog(db, access);
    this.events = events;
    this.deliveries = events;
    const catalog = new SqliteEventCatalog(db, access);
    this.eventTypes = catalog;
    this.subscriptions = catalog;
    this.webhooks = catalog;
    this.schedules = new SqliteScheduleStore(db, access);
    this.secrets = new SqliteSecretStore(db, access);
    this.secretUsage = new SqliteSecretUsageStore(db, access);
  }

  /** Opens (creating if needed) the database at `path` and migrates it. The directory must exist. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    const db = new Database(path);
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
      db.pragma('foreign_keys = ON');
      migrate(db);
      return new SqliteStore(path, db);
    } catch (err) {
      db.close();
      throw driverError(err);
    }
  }

  /** Transactions committed by group commit since open. */
  get commits(): number {
    return this.writes.commits;
  }

  createRun(run: RunRecord, started: JournalEntry, copied?: JournalEntry[]): Promise<void> {
    return this.write(() => encodeCreate(run, started, copied), ({ run: row, started: entry, copied: more }) => {
      if (row.idempotencyKey !== null) {
        const holder = this.stmt.idempotencyHolder.get(row.namespace, row.name, row.idempotencyKey) as string | undefined;
        if (holder !== undefined) throw duplicateIdempotencyKey(row, holder);
      }
      if (this.stmt.insertRun.run(row).changes === 0) throw duplicateRun(row.id);
      this.insertEntries(row.id, row.status, 0, [entry, ...more]);
    });
  }

  append(runId: string, entries: JournalEntry[]): Promise<void> {
    return this.write(() => encodeAppend(runId, entries), (encoded) => {
      const head = this.stmt.head.get({ id: runId }) as { status: RunRecord['status']; seq: number | null } | undefined;
      if (!head) throw unknownRun(runId);
      this.insertEntries(runId, head.status, head.seq ?? 0, encoded);
    });
  }

  putTimer(runId: string, key: string, fireAt: number): Promise<number> {
    return this.write(() => checkTimer(runId, key, fireAt), () => {
      const head = this.stmt.head.get({ id: runId }) as { status: RunRecord['status'] } | undefined;
      if (!head) throw unknownRun(runId);
      if (TERMINAL.has(head.status)) throw runEnded(runId, head.status);
      const existing = this.stmt.timerAt.get(runId, key) as number | undefined;
      if (existing !== undefined) return existing;
      this.stmt.insertTimer.run(runId, key, fireAt);
      return fireAt;
    });
  }

  deleteTimer(runId: string, key: string): Promise<void> {
    return this.write(() => checkTimer(runId, key), () => {
      this.stmt.deleteTimer.run(runId, key);
    });
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    await this.readable();
    const row = this.stmt.getRun.get(id) as EncodedRun | undefined;
    return row && decodeRun(row);
  }

  async listRuns(filter?: RunFilter): Promise<RunRecord[]> {
    const { sql, params } = runFilterQuery(normalizeFilter(filter));
    await this.readable();
    let list = this.listStatements.get(sql);
    if (!list) this.listStatements.set(sql, (list = this.db.prepare(sql)));
    return (list.all(params) as EncodedRun[]).map(decodeRun);
  }

  async journal(runId: string): Promise<JournalEntry[]> {
    await this.readable();
    return (this.stmt.journal.all(runId) as string[]).map((body) => JSON.parse(body) as JournalEntry);
  }

  /** Commits the writes already submitted, then closes the database. Later calls reject. */
  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    await this.writes.settled();
    this.db.close();
    this.state = 'closed';
  }

  /**
   * Encodes synchronously (bad input rejects at once, and later mutation of the caller's objects cannot
   * leak into the write), then applies inside the next group-commit transaction.
   */
  private write<E, T>(encode: () => E, apply: (encoded: E) => T): Promise<T> {
    if (this.state !== 'open') return Promise.reject(closed());
    let encoded: E;
    try {
      encoded = encode();
    } catch (err) {
      return Promise.reject(err);
    }
    return this.writes.submit(() => apply(encoded));
  }

  private async readable(): Promise<void> {
    if (this.state === 'closed') throw closed();
    await this.writes.settled();
    // close() may have finished while this read waited for the pending writes.
    if ((this.state as State) === 'closed') throw closed();
  }

  /** Appends after `seq`; a terminal entry (always last, see encodeAppend) ends the run in the same transaction. */
  private insertEntries(runId: string, status: RunRecord['status'], seq: number, entries: EncodedEntry[]): void {
    if (entries[0]?.reopen) {
      if (!REOPENABLE.has(status)) throw notReopenable(runId, status);
    } else if (TERMINAL.has(status)) throw runEnded(runId, status);
    for (const e of entries) {
      this.stmt.insertEntry.run(runId, ++seq, e.kind, e.key, e.body, e.at);
      if (e.reopen) this.stmt.reopenRun.run({ id: runId, ...e.reopen });
      if (e.status) this.stmt.setStatus.run(e.status, runId);
      if (e.end) {
        this.stmt.endRun.run(e.end.status, e.end.output, e.end.error, e.at, runId);
        // A finished run has no timers left to fire.
        this.stmt.deleteRunTimers.run(runId);
      }
    }
  }
}
