/**
 * The Store in memory, for engine tests and throwaway runs. It keeps values as JSON text exactly like the
 * SQLite adapter (../encoding.ts), so values read back identically from both and callers can never reach
 * stored objects: every read parses a fresh copy. Writes apply at once; each call is atomic because it
 * is validated completely before anything changes.
 */
import type { JournalEntry } from '../../contracts/index.js';
import { TERMINAL } from '../../contracts/index.js';
import type { AuditStore, DeliveryQueue, EventLog, EventTypeStore, FunctionStore, InvocationStore, KeyStore, RunFilter, SecretStore, SecretUsageStore, RunRecord, ScheduleStore, Store, SubscriptionStore, WebhookStore, WorkflowStore } from '../../ports/index.js';
import { type EncodedRun, REOPENABLE, checkTimer, compareRunsDesc, decodeRun, encodeAppend, encodeCreate, normalizeFilter, runMatches } from '../encoding.js';
import { closed, duplicateIdempotencyKey, duplicateRun, notReopenable, runEnded, unknownRun } from '../errors.js';
import { MemoryAuditStore } from './memory-audit-store.js';
import { MemoryEventCatalog } from './memory-event-catalog.js';
import { MemoryEventLog } from './memory-event-log.js';
import { MemoryFunctionStore } from './memory-function-store.js';
import { MemoryKeyStore } from './memory-key-store.js';
import { MemorySecretStore } from './memory-secret-store.js';
import { MemorySecretUsageStore } from './memory-secret-usage-store.js';
import { MemoryScheduleStore } from './memory-schedule-store.js';
import { MemoryWorkflowStore } from './memory-workflow-store.js';

interface StoredRun {
  row: EncodedRun;
  journal: string[];
  timers: Map<string, number>;
}

export class MemoryStore implements Store {
  private readonly runs = new Map<string, StoredRun>();
  /** JSON [namespace, name, idempotencyKey] → run id: at most one run per key (SQLite's unique index). */
  private readonly idempotent = new Map<string, string>();
  private isClosed = false;
  /** Deployed functions, alongside the runs (as `SqliteStore.functions` is). */
  private readonly functionStore = new MemoryFunctionStore(() => this.guard());
  readonly functions: FunctionStore = this.functionStore;
  /** The same object as `functions`, seen through its InvocationStore port (as on SqliteStore). */
  readonly invocations: InvocationStore = this.functionStore;
  /** Registered workflow definitions, API keys and the audit log: closed with this store, like `functions`. */
  readonly workflows: WorkflowStore = new MemoryWorkflowStore(() => this.guard());
  readonly keys: KeyStore = new MemoryKeyStore(() => this.guard());
  readonly secrets: SecretStore = new MemorySecretStore(() => this.guard());
  /** Who read which secret version (the vault's batched notes). */
  readonly secretUsage: SecretUsageStore = new MemorySecretUsageStore(() => this.guard());
  readonly audit: AuditStore = new MemoryAuditStore(() => this.guard());
  /** The event log and delivery queue, the event catalog and schedule state, likewise. */
  private readonly eventLog = new MemoryEventLog(() => this.guard());
  readonly events: EventLog = this.eventLog;
  readonly deliveries: DeliveryQueue = this.eventLog;
  private readonly catalog = new MemoryEventCatalog(() => this.guard());
  readonly eventTypes: EventTypeStore = this.catalog;
  readonly subscriptions: SubscriptionStore = this.catalog;
  readonly webhooks: WebhookStore = this.catalog;
  readonly schedules: ScheduleStore = new MemoryScheduleStore(() => this.guard());

  async createRun(run: RunRecord, started: JournalEntry, copied: JournalEntry[] = []): Promise<void> {
    this.guard();
    const { run: row, started: entry, copied: more } = encodeCreate(run, started, copied);
    if (this.runs.has(row.id)) throw duplicateRun(row.id);
    const idem = row.idempotencyKey === null ? undefined : JSON.stringify([row.namespace, row.name, row.idempotencyKey]);
    const holder = idem === undefined ? undefined : this.idempotent.get(idem);
    if (holder !== undefined) throw duplicateIdempotencyKey(row, holder);
    if (TERMINAL.has(row.status)) throw runEnded(row.id, row.status);
    this.runs.set(row.id, { row, journal: [entry.body, ...more.map((e) => e.body)], timers: new Map() });
    if (idem !== undefined) this.idempotent.set(idem, row.id);
  }

  async append(runId: string, entries: JournalEntry[]): Promise<void> {
    this.guard();
    const encoded = encodeAppend(runId, entries);
    const run = encoded[0]?.reopen ? this.reopenable(runId) : this.live(runId);
    for (const e of encoded) {
      run.journal.push(e.body);
      if (e.reopen) {
        const { version, definition, input } = e.reopen;
        run.row = { ...run.row, status: 'running', output: null, error: null, endedAt: null, ...(version !== null ? { version } : {}), ...(definition !== null ? { definition } : {}), ...(input !== null ? { input } : {}) };
      }
      if (e.status) run.row = { ...run.row, status: e.status };
      if (e.end) {
        run.row = { ...run.row, status: e.end.status, output: e.end.output, error: e.end.error, endedAt: e.at };
        run.timers.clear();
      }
    }
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    this.guard();
    const run = this.runs.get(id);
    return run && decodeRun(run.row);
  }

  async listRuns(filter?: RunFilter): Promise<RunRecord[]> {
    this.guard();
    const f = normalizeFilter(filter);
    const rows = [...this.runs.values()].map((r) => r.row).filter((row) => runMatches(row, f)).sort(compareRunsDesc);
    return (f.limit < 0 ? rows : rows.slice(0, f.limit)).map(decodeRun);
  }

  async journal(runId: string): Promise<JournalEntry[]> {
    this.guard();
    return (this.runs.get(runId)?.journal ?? []).map((body) => JSON.parse(body) as JournalEntry);
  }

  async putTimer(runId: string, key: string, fireAt: number): Promise<number> {
    this.guard();
    checkTimer(runId, key, fireAt);
    const run = this.live(runId);
    const existing = run.timers.get(key);
    if (existing !== undefined) return existing;
    run.timers.set(key, fireAt);
    return fireAt;
  }

  async deleteTimer(runId: string, key: string): Promise<void> {
    this.guard();
    checkTimer(runId, key);
    this.runs.get(runId)?.timers.delete(key);
  }

  async close(): Promise<void> {
    this.isClosed = true;
  }

  private guard(): void {
    if (this.isClosed) throw closed();
  }

  /** The run, which must exist and be faulted or cancelled (a redrive). */
  private reopenable(runId: string): StoredRun {
    const run = this.runs.get(runId);
    if (!run) throw unknownRun(runId);
    if (!REOPENABLE.has(run.row.status)) throw notReopenable(runId, run.row.status);
    return run;
  }

  /** The run, which must exist and not have ended. */
  private live(runId: string): StoredRun {
    const run = this.runs.get(runId);
    if (!run) throw unknownRun(runId);
    if (TERMINAL.has(run.row.status)) throw runEnded(runId, run.row.status);
    return run;
  }
}
