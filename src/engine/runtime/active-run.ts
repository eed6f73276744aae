/**
 * The active-run state: the record the driver keeps for each run it drives in this process (its machine,
 * the effects in flight, its timers, its durability promise, its trace), and the table of those runs —
 * activation, and forgetting a run that ended or can no longer be driven here.
 */
import type { Json } from '../../shared/index.js';
import type { Resolution } from '../core/effects.js';
import { type LifecycleEvent, RunMachine, type MachineOptions } from '../core/machine.js';
import type { RunRecord } from '../../ports/index.js';
import { type TraceContext, runTrace } from '../../shared/index.js';
import type { EngineOptions, RunResult } from './engine-options.js';
import type { EventListeners } from './event-listeners.js';

export interface ActiveRun {
  record: RunRecord;
  machine: RunMachine;
  inFlight: Set<string>;
  timers: Map<string, () => void>;
  /** Outcomes are applied one at a time, in the order they were journaled. */
  queue: Promise<void>;
  finished: boolean;
  /** While suspended, outcomes are journaled but held back from the run until it is resumed. */
  suspended: boolean;
  held: Resolution[];
  done: Promise<RunResult>;
  settle: (r: RunResult) => void;
  /** Rejects waiters when the run cannot go on in this process (it has no outcome yet). */
  fail: (err: Error) => void;
  /**
   * Settles when everything journaled for the run so far is committed. Nothing leaves the process before
   * the outcomes it depends on are durable: effects other than function calls are dispatched after it,
   * and a function call's outbound I/O (ctx.fetch, ctx.emit) waits for it (FunctionRunner `ready`).
   */
  durable: Promise<void>;
  /** The run's span (a new one per activation) and the caller's span it continues, if any. */
  trace: { span: TraceContext; parent?: TraceContext };
  /** Open task spans by task pointer, and a counter that makes their ids unique within the activation. */
  spans: Map<string, string>;
  spanSeq: number;
  /** Lifecycle events published for this activation (their ids), and `namespace/name:version`. */
  eventSeq: number;
  ref?: string;
  /** Per `listen` task (pointer): the position of the last event it took (see EventListeners). */
  taken: Map<string, number>;
  /** Effect keys performed again after a redrive forgot their failure, by redrive number (recovery.ts). */
  retried: Map<string, number>;
}

export interface ActiveRunsOptions {
  options: Pick<EngineOptions, 'ids' | 'runtime' | 'secrets' | 'maxTransitions' | 'onAbandon'>;
  /** Runs pause between tasks after a slice of event-loop time or tasks (see RunMachine). */
  pace: NonNullable<MachineOptions['pace']>;
  /** The `listen` effects waiting for events: a run forgotten here stops waiting. */
  listeners: EventListeners<ActiveRun>;
  /** The run's machine reports a lifecycle event (published with the run's trace, lifecycle.ts). */
  onEvent: (run: ActiveRun, type: string, data: Record<string, Json>) => void;
}

/** The runs this process drives, by id. */
export class ActiveRuns {
  private readonly runs = new Map<string, ActiveRun>();

  constructor(private readonly o: ActiveRunsOptions) {}

  get(id: string): ActiveRun | undefined {
    return this.runs.get(id);
  }

  has(id: string): boolean {
    return this.runs.has(id);
  }

  get size(): number {
    return this.runs.size;
  }

  ids(): IterableIterator<string> {
    return this.runs.keys();
  }

  all(): IterableIterator<ActiveRun> {
    return this.runs.values();
  }

  /** Forgets every run without touching it (their state is durable; see Engine.stop). */
  clear(): void {
    this.runs.clear();
  }

  /** A fresh active run for this record (a new machine, a new span), registered here. */
  activate(record: RunRecord, startedAt: number): ActiveRun {
    const o = this.o.options;
    let settle!: (r: RunResult) => void;
    let fail!: (err: Error) => void;
    const done = new Promise<RunResult>((res, rej) => {
      settle = res;
      fail = rej;
    });
    done.catch(() => {}); // nobody may be waiting; the failure is still reported to those who are
    const run = {} as ActiveRun;
    Object.assign(run, {
      record,
      inFlight: new Set<string>(),
      timers: new Map<string, () => void>(),
      queue: Promise.resolve(),
      finished: false,
      suspended: false,
      held: [],
      durable: Promise.resolve(),
      trace: runTrace(record.id, record.traceparent, o.ids.newId()),
      spans: new Map<string, string>(),
      spanSeq: 0,
      eventSeq: 0,
      taken: new Map<string, number>(),
      retried: new Map<string, number>(),
      done,
      settle,
      fail,
      machine: new RunMachine({
        runId: record.id,
        definition: record.definition,
        input: record.input,
        startedAt,
        runtime: o.runtime,
        secrets: o.secrets ? () => o.secrets!.all(record) : undefined,
        onEvent: (e: LifecycleEvent) => this.o.onEvent(run, e.type, e.data),
        ...(o.maxTransitions ? { maxTransitions: o.maxTransitions } : {}),
        pace: this.o.pace,
      }),
    });
    this.runs.set(record.id, run);
    return run;
  }

  /** Forgets a run that ended here: its timers, its listeners, its slot among the active runs. */
  release(run: ActiveRun): void {
    for (const cancel of run.timers.values()) cancel();
    for (const key of run.inFlight) this.o.listeners.drop(run.record.id, key);
    this.runs.delete(run.record.id);
  }

  /**
   * The store failed: the run cannot make durable progress here. It is dropped from this process (its
   * journal is intact, so `recover()` resumes it) and waiters get an error — not an outcome, since the
   * run has none yet.
   */
  abandon(run: ActiveRun, err: unknown): void {
    run.finished = true;
    this.release(run);
    const detail = `run ${run.record.id} stopped in this process: ${err instanceof Error ? err.message : String(err)}`;
    const failure = new Error(detail, { cause: err });
    this.o.options.onAbandon?.(run.record.id, failure);
    run.fail(failure);
  }
}
