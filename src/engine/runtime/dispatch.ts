/**
 * Journaling and durability: when an effect may leave the process, performing it (its performer, by
 * kind), and writing outcomes to the journal without waiting for the commit. A run steps speculatively
 * (before its last outcome is durable), but nothing it does leaves the process until then: `run.durable`
 * follows the journal writes, and every effect but a function call is performed only after it settled;
 * a function call starts at once and its outbound I/O waits for it (FunctionRunner `ready`).
 */
import type { Json } from '../../shared/index.js';
import type { Effect, Resolution } from '../core/effects.js';
import { type Problem, workflowError } from '../core/errors.js';
import type { JournalEntry } from '../core/journal.js';
import type { ActiveRun, ActiveRuns } from './active-run.js';
import { Withdrawn } from './backpressure.js';
import type { EngineOptions, RunResult } from './engine-options.js';
import type { EventListeners } from './event-listeners.js';
import type { Lifecycle } from './lifecycle.js';
import { type PerformerContext, performerOf } from './performers/index.js';

export interface DispatcherOptions {
  options: EngineOptions;
  source: string;
  runs: ActiveRuns;
  lifecycle: Lifecycle;
  listeners: EventListeners<ActiveRun>;
  /** Journals an outcome and feeds it to the run (stepping.ts). */
  complete: (run: ActiveRun, r: Resolution) => Promise<void>;
  /** The engine's own start() and result(), for sub-workflows. */
  start: (definition: Record<string, Json>, input: Json, runId: string) => Promise<string>;
  result: (runId: string) => Promise<RunResult>;
}

export class Dispatcher {
  /** Effects being performed (not timers or listens) and, while draining, no new ones start (Engine.drain). */
  performing = 0;
  draining = false;
  /** Aborted by drain()/stop(): calls waiting for function capacity give up at once (backpressure.ts). */
  private readonly halt = new AbortController();

  constructor(private readonly d: DispatcherOptions) {}

  /** Cuts short the calls waiting for function capacity (the engine drains or stops). */
  abort(): void {
    this.halt.abort();
  }

  /**
   * Performs one effect; its outcome is journaled, then fed to the run. A function call starts at once
   * (its outbound I/O waits for `run.durable` inside the invoker), so in-process calls in a row share a
   * commit; every other effect leaves the process only once what the run journaled so far is durable.
   */
  dispatch(run: ActiveRun, e: Effect): void {
    if (this.draining) return; // the next owner dispatches it from the journal
    run.inFlight.add(e.key);
    if (e.kind === 'function') {
      this.perform(run, e);
      return;
    }
    run.durable.then(
      () => {
        // Draining began meanwhile: leave it to the next owner rather than start what drain() no longer waits for.
        if (!run.finished && run.inFlight.has(e.key) && !this.draining) this.perform(run, e);
      },
      () => {}, // the failed write abandons the run (see journal)
    );
  }

  /**
   * Appends without waiting: `run.durable` follows the write. Batches commit in order and a failed write
   * abandons the run before anything later is submitted for it, so the journal never has a gap.
   */
  journal(run: ActiveRun, entries: JournalEntry[]): void {
    const written = this.d.options.store.append(run.record.id, entries);
    run.durable = written;
    written.catch((err) => {
      if (!run.finished) this.d.runs.abandon(run, err);
    });
  }

  private perform(run: ActiveRun, e: Effect): void {
    const performer = performerOf(e);
    const p = performer.perform(e, this.context(run));
    if (!p) return; // its outcome arrives another way (an event, through the listeners)
    // Timers and sub-workflows only wait: a draining stop need not wait for them (the next owner re-arms
    // them from the journal).
    const counted = !performer.waits;
    if (counted) this.performing++;
    void p
      .then(
        (value) => this.d.complete(run, { key: e.key, value }),
        // Withdrawn: a call that waited for function capacity and is no longer wanted; nothing happened.
        (err) => (err instanceof Withdrawn ? undefined : this.d.complete(run, { key: e.key, error: failure(err, e.pointer) })),
      )
      .finally(() => {
        if (counted) this.performing--;
      });
  }

  /** What a performer may use, for this run (performers/performer.ts). */
  private context(run: ActiveRun): PerformerContext {
    const { options: o, runs, lifecycle, listeners } = this.d;
    const id = run.record.id;
    return {
      ports: o,
      runId: id,
      idempotencyKey: (key) => {
        const n = run.retried.get(key);
        return n === undefined ? `${id}:${key}` : `${id}:${key}#redrive-${n}`;
      },
      namespace: run.record.namespace,
      source: this.d.source,
      traceparent: (pointer) => lifecycle.effectTraceparent(run, pointer),
      durable: run.durable,
      live: () => !run.finished && runs.get(id) === run && !this.draining,
      halt: this.halt.signal,
      arm: (key, fireAt, fire) => {
        run.timers.set(key, o.clock.setTimer(fireAt, fire));
      },
      listen: (effect) => listeners.listen(id, run, effect, run.taken),
      start: this.d.start,
      result: this.d.result,
    };
  }
}

function failure(err: unknown, pointer: string): Problem {
  if (err && typeof err === 'object' && 'problem' in err) return (err as { problem: Problem }).problem;
  return workflowError('communication', err instanceof Error ? err.message : String(err), pointer).problem;
}
