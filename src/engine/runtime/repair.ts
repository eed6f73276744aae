/**
 * Repairing ended runs: redrive (the same run goes on from the task that failed, its completed tasks'
 * outcomes kept) and rerun (a new run that copies another's outcomes before a task, then runs from it).
 * What is kept and what is performed again is decided in core/redrive.ts, by replay; here the journal is
 * written and the run activated (on this node, or by whichever worker claims it).
 */
import type { Json } from '../../shared/index.js';
import { workflowError } from '../core/errors.js';
import { type JournalEntry, effectiveJournal } from '../core/journal.js';
import { type RedrivePlan, planRedrive, rerunPrefix } from '../core/redrive.js';
import type { RunRecord } from '../../ports/index.js';
import type { EngineOptions } from './engine-options.js';

export type RedrivenEntry = Extract<JournalEntry, { kind: 'redriven' }>;

export interface RedriveOptions {
  /** Who asked (the principal), for the run's list of redrives. */
  by?: string;
  /** Continue on this version of the workflow (its definition); checked by the caller (compatibleUpTo). */
  version?: { version: string; definition: Record<string, Json> };
  /** The run's input from here on (a patched input). */
  input?: Json;
}

export interface RerunOptions {
  from: string;
  runId?: string;
  version?: { version: string; definition: Record<string, Json> };
  input?: Json;
}

export interface RepairOptions {
  options: Pick<EngineOptions, 'store' | 'clock' | 'ids' | 'executes'>;
  /** Activates these runs here from their journals (Engine.adopt). */
  adopt: (ids: string[]) => Promise<number>;
}

export class Repair {
  constructor(private readonly r: RepairOptions) {}

  /** What a redrive of this run would supersede, and the task it stopped at (nothing is written). */
  async plan(id: string, o: Pick<RedriveOptions, 'version' | 'input'> = {}): Promise<RedrivePlan & { record: RunRecord; journal: JournalEntry[] }> {
    const { store } = this.r.options;
    const record = await store.getRun(id);
    if (!record) throw workflowError('runtime', `run ${id} does not exist`);
    const journal = await store.journal(id);
    const started = journal.find((e) => e.kind === 'started');
    if (!started) throw workflowError('runtime', `run ${id} has no started entry`);
    const plan = planRedrive({ runId: id, definition: o.version?.definition ?? record.definition, input: o.input ?? record.input, startedAt: started.at }, journal);
    return { ...plan, record, journal };
  }

  /**
   * Reopens a faulted or cancelled run (a `redriven` entry; the store refuses any other status, so of
   * two concurrent redrives one wins) and activates it. A failed sub-workflow the run waited on is
   * redriven first (same child id), so its own completed tasks are not performed again either.
   */
  async redrive(id: string, o: RedriveOptions = {}): Promise<RedrivenEntry> {
    const { store, clock } = this.r.options;
    const { superseded, journal } = await this.plan(id, o);
    const failed = new Set(journal.flatMap((e) => (e.kind === 'failed' ? [e.key] : [])));
    for (const key of superseded) {
      if (!failed.has(key)) continue;
      const child = await store.getRun(`${id}/${key}`);
      if (child && (child.status === 'faulted' || child.status === 'cancelled')) await this.redrive(child.id, { ...(o.by ? { by: o.by } : {}) });
    }
    const entry: RedrivenEntry = {
      kind: 'redriven',
      at: clock.now(),
      superseded,
      ...(o.by ? { by: o.by } : {}),
      ...(o.version ? { version: o.version.version, definition: o.version.definition } : {}),
      ...(o.input !== undefined ? { input: o.input, patched: true } : {}),
    };
    await store.append(id, [entry]);
    if (this.r.options.executes !== false) await this.r.adopt([id]);
    return entry;
  }

  /** Starts a new run that copies the outcomes of `id` before task `from`, then runs from there; returns its id. */
  async rerun(id: string, o: RerunOptions): Promise<string> {
    const { store, clock, ids } = this.r.options;
    const original = await store.getRun(id);
    if (!original) throw workflowError('runtime', `run ${id} does not exist`);
    const journal = effectiveJournal(await store.journal(id));
    const started = journal.find((e) => e.kind === 'started');
    if (!started) throw workflowError('runtime', `run ${id} has no started entry`);
    const newId = o.runId ?? ids.newId();
    const now = clock.now();
    const definition = o.version?.definition ?? original.definition;
    const input = o.input ?? original.input;
    // Replayed as the new run will be: its own id, input and start time (the copied outcomes are data).
    const copied = rerunPrefix({ runId: newId, definition, input, startedAt: now }, journal, o.from);
    const record: RunRecord = {
      id: newId,
      namespace: original.namespace,
      name: original.name,
      version: o.version?.version ?? original.version,
      definition,
      input,
      status: 'running',
      createdAt: now,
      ...(original.traceparent ? { traceparent: original.traceparent } : {}),
    };
    await store.createRun(record, { kind: 'started', at: now, input, origin: { run: id, from: o.from } }, copied);
    if (this.r.options.executes !== false) await this.r.adopt([newId]);
    return newId;
  }
}
