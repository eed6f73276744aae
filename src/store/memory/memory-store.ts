/**
 * The Store in memory, for engine tests and throwaway runs. It keeps values as JSON text exactly like the
 * SQLite adapter (../encoding.ts), so values read back identically from both and callers can never reach
 * stored objects: every read parses a fresh copy. Writes apply at once; each call is atomic because it
 * is validated completely before anything changes.
 */
import type { JournalEntry, RunStatus } from '../../engine/journal.js';
import { TERMINAL } from '../../engine/journal.js';
import type { FunctionStore, RunFilter, RunRecord, Store } from '../../engine/ports.js';
import { type EncodedRun, checkTimer, decodeRun, encodeAppend, encodeCreate, normalizeFilter } from '../encoding.js';
import { closed, duplicateRun, runEnded, unknownRun } from '../errors.js';
import { MemoryFunctionStore } from './memory-function-store.js';

interface StoredRun {
  row: EncodedRun;
  /** Insertion order: breaks createdAt ties in listRuns (later = newer), like SQLite's rowid. */
  order: number;
  journal: string[];
  timers: Map<string, number>;
}

export class MemoryStore implements Store {
  private readonly runs = new Map<string, StoredRun>();
  private created = 0;
  private isClosed = false;
  /** Deployed functions, alongside the runs (as `SqliteStore.functions` is). */
  readonly functions: FunctionStore = new MemoryFunctionStore(() => this.guard());

  async createRun(run: RunRecord, started: JournalEntry): Promise<void> {
    this.guard();
    const { run: row, started: entry } = encodeCreate(run, started);
    if (this.runs.has(row.id)) throw duplicateRun(row.id);
    if (TERMINAL.has(row.status)) throw runEnded(row.id, row.status);
    this.runs.set(row.id, { row, order: this.created++, journal: [entry.body], timers: new Map() });
  }

  async append(runId: string, entries: JournalEntry[]): Promise<void> {
    this.guard();
    const encoded = encodeAppend(runId, entries);
    const run = this.live(runId);
    for (const e of encoded) {
      run.journal.push(e.body);
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
    const { status, limit } = normalizeFilter(filter);
    const wanted = status && new Set<RunStatus>(status);
    const runs = [...this.runs.values()]
      .filter((r) => !wanted || wanted.has(r.row.status))
      .sort((a, b) => b.row.createdAt - a.row.createdAt || b.order - a.order);
    return (limit < 0 ? runs : runs.slice(0, limit)).map((r) => decodeRun(r.row));
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

  /** The run, which must exist and not have ended. */
  private live(runId: string): StoredRun {
    const run = this.runs.get(runId);
    if (!run) throw unknownRun(runId);
    if (TERMINAL.has(run.row.status)) throw runEnded(runId, run.row.status);
    return run;
  }
}
