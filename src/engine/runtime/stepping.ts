/**
 * Stepping a run: after each step, the effects it now waits on are dispatched (and those it no longer
 * waits on are let go); each outcome is journaled and fed to the run, one at a time in journal order; an
 * ended run has its end journaled (in the same append as its last outcome) and is forgotten.
 */
import type { Json } from '../../shared/index.js';
import type { Resolution } from '../core/effects.js';
import { workflowError } from '../core/errors.js';
import type { JournalEntry } from '../core/journal.js';
import type { MachineState } from '../core/machine.js';
import type { ActiveRun, ActiveRuns } from './active-run.js';
import type { Dispatcher } from './dispatch.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, type EngineOptions, oversize } from './engine-options.js';
import type { EventListeners } from './event-listeners.js';
import type { Lifecycle } from './lifecycle.js';

type Ended = Exclude<MachineState, { status: 'running' }>;

export interface StepperOptions {
  options: Pick<EngineOptions, 'store' | 'clock' | 'maxPayloadBytes'>;
  runs: ActiveRuns;
  lifecycle: Lifecycle;
  listeners: EventListeners<ActiveRun>;
  dispatcher: Dispatcher;
}

export class Stepper {
  constructor(private readonly s: StepperOptions) {}

  async afterStep(run: ActiveRun, s: MachineState): Promise<void> {
    if (s.status === 'running') {
      if (run.suspended) return;
      const pending = new Set(s.pending.map((e) => e.key));
      for (const [key, cancel] of run.timers) {
        if (pending.has(key)) continue;
        cancel();
        run.timers.delete(key);
      }
      for (const key of run.inFlight) if (!pending.has(key)) this.s.listeners.drop(run.record.id, key);
      for (const e of s.pending) if (!run.inFlight.has(e.key)) this.s.dispatcher.dispatch(run, e);
      return;
    }
    run.finished = true;
    const end = this.bounded(s);
    const entry = this.endEntry(end);
    await this.s.options.store.append(run.record.id, [entry]);
    this.finish(run, end, entry.at);
  }

  complete(run: ActiveRun, r: Resolution): Promise<void> {
    const { store, clock } = this.s.options;
    run.queue = run.queue
      .then(async () => {
        if (run.finished || !this.s.runs.has(run.record.id)) return;
        const at = clock.now();
        const entry: JournalEntry = 'error' in r ? { kind: 'failed', at, key: r.key, error: r.error } : { kind: 'resolved', at, key: r.key, value: r.value };
        const id = run.record.id;
        const wasTimer = run.timers.delete(r.key);
        if (run.suspended) {
          await Promise.all([store.append(id, [entry]), wasTimer ? store.deleteTimer(id, r.key) : null]);
          run.held.push(r);
          return;
        }
        run.inFlight.delete(r.key);
        // The run steps before the outcome is durable, but nothing leaves it until then (see dispatch),
        // and an end is journaled in the same append as the outcome.
        const state = run.machine.resolve(r);
        if (state.status !== 'running') {
          run.finished = true;
          const end = this.bounded(state);
          const last = this.endEntry(end);
          await store.append(id, [entry, last]);
          this.finish(run, end, last.at);
          return;
        }
        this.s.dispatcher.journal(run, [entry]);
        if (wasTimer) void store.deleteTimer(id, r.key).catch(() => {}); // a stale timer row only re-fires into a resolved key
        await this.afterStep(run, state);
      })
      .catch((err) => this.s.runs.abandon(run, err));
    return run.queue;
  }

  /** A run whose output exceeds the payload bound faults instead (DESIGN.md §6: payloads are bounded). */
  private bounded(s: Ended): Ended {
    if (s.status !== 'completed') return s;
    const limit = this.s.options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    const bytes = oversize(s.output, limit);
    if (bytes === undefined) return s;
    return { status: 'faulted', error: workflowError('validation', `the workflow output is ${bytes} bytes, over the ${limit}-byte payload limit`, '/').problem };
  }

  private endEntry(s: Ended): JournalEntry {
    const at = this.s.options.clock.now();
    return s.status === 'completed' ? { kind: 'completed', at, output: s.output } : { kind: 'faulted', at, error: s.error };
  }

  /** After the end was journaled: tell waiters and listeners, and forget the run. */
  private finish(run: ActiveRun, s: Ended, endedAt: number): void {
    this.s.runs.release(run);
    if (s.status === 'completed') {
      this.s.lifecycle.publish(run, 'io.serverlessworkflow.workflow.completed.v1', { output: s.output });
      run.settle({ id: run.record.id, status: 'completed', output: s.output, endedAt });
    } else {
      this.s.lifecycle.publish(run, 'io.serverlessworkflow.workflow.faulted.v1', { error: s.error as unknown as Json });
      run.settle({ id: run.record.id, status: 'faulted', error: s.error, endedAt });
    }
  }
}
