/**
 * The engine's public API: starts runs, answers for their results and status, controls them, resumes
 * unfinished ones, and stops. Behind it the driver keeps one RunMachine per active run (active-run.ts),
 * performs the effects the runs wait on through the ports (dispatch.ts, one performer per effect kind in
 * performers/), journals every outcome before the run sees it (stepping.ts), publishes lifecycle events
 * (lifecycle.ts), and resumes runs from their journals (recovery.ts). All I/O goes through ports.
 */
import type { Json } from '../../shared/index.js';
import { workflowError } from '../core/errors.js';
import { TERMINAL } from '../core/journal.js';
import type { RunRecord } from '../../ports/index.js';
import { LIVE } from '../../contracts/index.js';
import { ActiveRuns, type ActiveRun } from './active-run.js';
import { Dispatcher } from './dispatch.js';
import { DEFAULT_SLICE_MS, DEFAULT_SLICE_TASKS, type EngineOptions, type RunResult, type StartOptions } from './engine-options.js';
import { EventListeners } from './event-listeners.js';
import { Lifecycle } from './lifecycle.js';
import { performerOf } from './performers/index.js';
import { Recovery } from './recovery.js';
import { Repair, type RedriveOptions, type RedrivenEntry, type RerunOptions } from './repair.js';
import { RunControl } from './run-control.js';
import { Stepper } from './stepping.js';

export class Engine {
  private readonly listeners = new EventListeners<ActiveRun>((run, effect, filter, event) => {
    void this.stepper.complete(run, { key: effect.key, value: { filter, event: event as unknown as Json } });
  });
  private readonly unsubscribe: () => void;
  private readonly lifecycle: Lifecycle;
  private readonly runs: ActiveRuns;
  private readonly dispatcher: Dispatcher;
  private readonly stepper: Stepper;
  private readonly recovery: Recovery;
  private readonly control: RunControl;
  private readonly repair: Repair;

  constructor(private readonly o: EngineOptions) {
    const source = o.source ?? 'https://weft.dev/engine';
    const { listeners } = this;
    const lifecycle = (this.lifecycle = new Lifecycle(o, source));
    /** Runs pause between tasks after a slice of event-loop time or tasks (see RunMachine). */
    const pace = { now: () => performance.now(), sliceMs: o.sliceMs ?? DEFAULT_SLICE_MS, sliceTasks: DEFAULT_SLICE_TASKS };
    const runs = (this.runs = new ActiveRuns({ options: o, pace, listeners, onEvent: (run, type, data) => lifecycle.publish(run, type, data) }));
    const dispatcher = (this.dispatcher = new Dispatcher({
      options: o,
      source,
      runs,
      lifecycle,
      listeners,
      complete: (run, r) => this.stepper.complete(run, r),
      start: (definition, input, runId) => this.start(definition, input, { runId }),
      result: (id) => this.result(id),
    }));
    const stepper = (this.stepper = new Stepper({ options: o, runs, lifecycle, listeners, dispatcher }));
    const recovery = (this.recovery = new Recovery({ options: o, runs, stepper, draining: () => dispatcher.draining }));
    this.control = new RunControl({ options: o, runs, lifecycle, stepper, recovery, result: (id) => this.result(id) });
    this.repair = new Repair({ options: o, adopt: (ids) => this.adopt(ids) });
    this.unsubscribe = o.bus.subscribe((event) => this.listeners.publish(event));
  }

  /** Starts a run; resolves with its id once the run and its input are durable. */
  async start(definition: Record<string, Json>, input: Json, opts: StartOptions = {}): Promise<string> {
    return (await this.begin(definition, input, opts)).record.id;
  }

  /**
   * Creates the run and takes its first step in the same event-loop turn, so that a run which ends
   * without effects is created and completed in one group commit. Effects are dispatched only once
   * the run is durable.
   */
  private async begin(definition: Record<string, Json>, input: Json, opts: StartOptions): Promise<{ record: RunRecord; done: Promise<RunResult> }> {
    const id = opts.runId ?? this.o.ids.newId();
    const now = this.o.clock.now();
    const doc = (definition.document ?? {}) as Record<string, Json>;
    const record: RunRecord = {
      id,
      namespace: String(doc.namespace ?? 'default'),
      name: String(doc.name ?? 'workflow'),
      version: String(doc.version ?? '0.0.0'),
      definition,
      input,
      status: 'running',
      createdAt: now,
      ...(opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}),
      ...(opts.traceparent ? { traceparent: opts.traceparent } : {}),
    };
    const created = this.o.store.createRun(record, { kind: 'started', at: now, input });
    if (this.o.executes === false) {
      await created;
      const done = this.result(id);
      done.catch(() => {});
      return { record, done };
    }
    const run = this.runs.activate(record, now);
    run.durable = created.then(() => {});
    run.durable.catch(() => {}); // reported below, to the caller of start()
    this.lifecycle.publish(run, 'io.serverlessworkflow.workflow.started.v1', { input });
    // The first step's effects wait for `created` (see dispatch); a terminal append joins its commit.
    const stepped = this.stepper.afterStep(run, run.machine.start());
    stepped.catch(() => {}); // a failed createRun fails that step too; the caller hears it once, below
    await created.catch((err) => {
      run.finished = true;
      this.runs.release(run);
      throw err;
    });
    await stepped;
    return run;
  }

  /** Starts a run; resolves once it is durable with its record and a promise of its result. */
  async startRun(definition: Record<string, Json>, input: Json, opts: StartOptions = {}): Promise<{ record: RunRecord; done: Promise<RunResult> }> {
    const run = await this.begin(definition, input, opts);
    return { record: run.record, done: run.done };
  }

  /** The run's final result (waits for an active run to end). */
  async result(id: string): Promise<RunResult> {
    await this.recovery.resumed(id);
    const run = this.runs.get(id);
    if (run) return run.done;
    let rec = await this.o.store.getRun(id);
    if (!rec) throw workflowError('runtime', `run ${id} does not exist`);
    if (!TERMINAL.has(rec.status) && this.o.awaitEnd) {
      await this.o.awaitEnd(id);
      // Taken over by this process meanwhile: its outcome comes from here.
      const adopted = this.runs.get(id);
      if (adopted) return adopted.done;
      rec = (await this.o.store.getRun(id)) ?? rec;
    }
    if (!TERMINAL.has(rec.status)) throw workflowError('runtime', `run ${id} is ${rec.status} but not active in this process`);
    return { id, status: rec.status as RunResult['status'], output: rec.output, error: rec.error, ...(rec.endedAt !== undefined ? { endedAt: rec.endedAt } : {}) };
  }

  /**
   * The run as stored, with its live status phase: an active run blocked only on effects that just wait
   * (timers, events, sub-workflows: `waits` in performers/) is `waiting` (dsl.md §Status Phases); the
   * store keeps `running` for both.
   */
  async describe(id: string): Promise<RunRecord | undefined> {
    const rec = await this.o.store.getRun(id);
    const run = this.runs.get(id);
    if (!rec || !run || run.suspended || rec.status !== 'running') return rec;
    const s = run.machine.state;
    const waiting = s.status === 'running' && s.pending.length > 0 && s.pending.every((e) => performerOf(e).waits === true);
    return waiting ? { ...rec, status: 'waiting' } : rec;
  }

  /** Starts a run and waits for it to end. */
  async run(definition: Record<string, Json>, input: Json, opts: StartOptions = {}): Promise<RunResult> {
    return (await this.begin(definition, input, opts)).done;
  }

  /**
   * Resumes every unfinished run in the store from its journal; returns how many. They are re-activated
   * in the background, oldest first, a bounded number at a time (pacing.ts); result(), cancel(),
   * suspend() and resume() of a run still waiting for its turn wait for its activation (so a parent
   * waiting on a sub-workflow finds the child active).
   */
  async recover(): Promise<number> {
    return this.recovery.resumeRuns(await this.o.store.listRuns({ status: [...LIVE] }), false);
  }

  /**
   * Resumes these runs (e.g. whose lease this node just took over) from their journals; returns how many
   * once they are active (paced like recover(), so a claim loop takes no more than it can activate).
   */
  async adopt(ids: string[]): Promise<number> {
    // Read at once, not one after another: each read waits for this process's pending writes.
    const recs = await Promise.all(ids.map((id) => (this.runs.has(id) ? undefined : this.o.store.getRun(id))));
    return this.recovery.resumeRuns(recs.filter((r): r is RunRecord => r !== undefined && !TERMINAL.has(r.status)), true);
  }

  /**
   * Cancels a run: it ends with status `cancelled` (journaled), its timers stop and late effect
   * outcomes are ignored. Cancelling an ended run changes nothing and returns its result.
   */
  cancel(id: string, reason?: string): Promise<RunResult> {
    return this.control.cancel(id, reason);
  }

  /** Pauses a run: effects in flight still complete and are journaled, but the run does not move on. */
  suspend(id: string): Promise<void> {
    return this.control.suspend(id);
  }

  /** Resumes a suspended run, feeding it the outcomes that arrived meanwhile, in order. */
  resume(id: string): Promise<void> {
    return this.control.resume(id);
  }

  /**
   * Redrives a faulted or cancelled run: the same run goes on from the task that failed (a fresh attempt),
   * every completed task's outcome kept (runtime/repair.ts, core/redrive.ts).
   */
  redrive(id: string, o?: RedriveOptions): Promise<RedrivenEntry> {
    return this.repair.redrive(id, o);
  }

  /** The task a redrive would continue from (and what it would supersede), without writing anything. */
  redrivePlan(id: string, o?: Pick<RedriveOptions, 'version' | 'input'>): Promise<{ superseded: string[]; pointer?: string }> {
    return this.repair.plan(id, o);
  }

  /** Starts a new run that copies another's outcomes before task `o.from`, then runs from it; returns its id. */
  rerun(id: string, o: RerunOptions): Promise<string> {
    return this.repair.rerun(id, o);
  }

  /**
   * Graceful stop, first half: starts no new effect, and waits (up to `ms`) for those in progress to
   * finish and their outcomes to be journaled — so that a node handing its runs over (rolling restart)
   * never leaves a step done but not recorded, which the next owner would perform again.
   */
  async drain(ms: number): Promise<void> {
    this.dispatcher.draining = true;
    this.recovery.stop();
    this.dispatcher.abort();
    const until = this.o.clock.now() + ms;
    while (this.dispatcher.performing > 0 && this.o.clock.now() < until) await new Promise<void>((resolve) => this.o.clock.setTimer(this.o.clock.now() + 10, resolve));
    await Promise.all([...this.runs.all()].map((r) => r.queue));
  }

  /** Stops timers and forgets active runs (their state is durable); the store stays open. */
  stop(): void {
    this.recovery.stop();
    this.dispatcher.abort();
    for (const run of this.runs.all()) for (const cancel of run.timers.values()) cancel();
    this.runs.clear();
    this.listeners.clear();
    this.unsubscribe();
  }

  get activeRuns(): number {
    return this.runs.size;
  }

  isActive(id: string): boolean {
    return this.runs.has(id);
  }

  /** Ids of the runs this process is driving, or queued here for resumption. */
  activeIds(): string[] {
    return [...this.runs.ids(), ...this.recovery.queued().filter((id) => !this.runs.has(id))];
  }

  /**
   * Stops driving a run without an outcome (another node holds it now): its timers stop, late outcomes
   * are ignored, and waiters here are told to read the run as stored.
   */
  drop(id: string, reason: string): void {
    this.control.drop(id, reason);
  }
}
