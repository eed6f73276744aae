/**
 * Run control: cancel, suspend and resume (each journaled, and applied in the run's outcome queue so it
 * takes effect between two outcomes), and dropping a run another node now drives.
 */
import { workflowError } from '../core/errors.js';
import { TERMINAL } from '../core/journal.js';
import type { ActiveRun, ActiveRuns } from './active-run.js';
import type { EngineOptions, RunResult } from './engine-options.js';
import type { Lifecycle } from './lifecycle.js';
import type { Recovery } from './recovery.js';
import type { Stepper } from './stepping.js';

export interface RunControlOptions {
  options: Pick<EngineOptions, 'store' | 'clock'>;
  runs: ActiveRuns;
  lifecycle: Lifecycle;
  stepper: Stepper;
  recovery: Recovery;
  /** The engine's result(): a run not active here is read (or awaited) as stored. */
  result: (id: string) => Promise<RunResult>;
}

export class RunControl {
  constructor(private readonly c: RunControlOptions) {}

  /**
   * Cancels a run: it ends with status `cancelled` (journaled), its timers stop and late effect
   * outcomes are ignored. Cancelling an ended run changes nothing and returns its result.
   */
  async cancel(id: string, reason?: string): Promise<RunResult> {
    const { store, clock } = this.c.options;
    await this.c.recovery.resumed(id);
    const run = this.c.runs.get(id);
    if (!run) {
      const rec = await store.getRun(id);
      if (!rec) throw workflowError('runtime', `run ${id} does not exist`);
      if (!TERMINAL.has(rec.status)) await store.append(id, [{ kind: 'cancelled', at: clock.now(), ...(reason ? { reason } : {}) }]);
      return this.c.result(id);
    }
    run.queue = run.queue.then(async () => {
      if (run.finished) return;
      run.finished = true;
      const at = clock.now();
      await store.append(id, [{ kind: 'cancelled', at, ...(reason ? { reason } : {}) }]);
      this.c.runs.release(run);
      this.c.lifecycle.publish(run, 'io.serverlessworkflow.workflow.cancelled.v1', reason ? { reason } : {});
      run.settle({ id, status: 'cancelled', endedAt: at });
    });
    await run.queue;
    return run.done;
  }

  /** Pauses a run: effects in flight still complete and are journaled, but the run does not move on. */
  async suspend(id: string): Promise<void> {
    await this.c.recovery.resumed(id);
    const run = this.activeOrFail(id);
    run.queue = run.queue.then(async () => {
      if (run.finished || run.suspended) return;
      await this.c.options.store.append(id, [{ kind: 'suspended', at: this.c.options.clock.now() }]);
      run.suspended = true;
      this.c.lifecycle.publish(run, 'io.serverlessworkflow.workflow.suspended.v1', {});
    });
    await run.queue;
  }

  /** Resumes a suspended run, feeding it the outcomes that arrived meanwhile, in order. */
  async resume(id: string): Promise<void> {
    await this.c.recovery.resumed(id);
    const run = this.activeOrFail(id);
    run.queue = run.queue.then(async () => {
      if (run.finished || !run.suspended) return;
      await this.c.options.store.append(id, [{ kind: 'resumed', at: this.c.options.clock.now() }]);
      run.suspended = false;
      this.c.lifecycle.publish(run, 'io.serverlessworkflow.workflow.resumed.v1', {});
      for (const r of run.held.splice(0)) {
        run.inFlight.delete(r.key);
        await this.c.stepper.afterStep(run, run.machine.resolve(r));
        if (run.finished) return;
      }
      await this.c.stepper.afterStep(run, run.machine.state);
    });
    await run.queue;
  }

  /**
   * Stops driving a run without an outcome (another node holds it now): its timers stop, late outcomes
   * are ignored, and waiters here are told to read the run as stored.
   */
  drop(id: string, reason: string): void {
    this.c.recovery.remove(id);
    const run = this.c.runs.get(id);
    if (run && !run.finished) this.c.runs.abandon(run, new Error(reason));
  }

  private activeOrFail(id: string): ActiveRun {
    const run = this.c.runs.get(id);
    if (!run) throw workflowError('runtime', `run ${id} is not active in this process`);
    return run;
  }
}
