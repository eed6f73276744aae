/**
 * The engine's driver: keeps one RunMachine per active run, performs the effects the runs wait on
 * through the ports, journals every outcome (committed before the run sees it), and resumes runs after
 * a restart by replaying their journals. All I/O goes through ports; this file only orchestrates.
 */
import type { Json } from '../../shared/index.js';
import type { Effect, Resolution } from '../core/effects.js';
import { type Problem, WorkflowError, workflowError } from '../core/errors.js';
import { type JournalEntry, TERMINAL } from '../core/journal.js';
import { LIVE } from '../../contracts/index.js';
import { EventListeners } from './event-listeners.js';
import { type LifecycleEvent, RunMachine, type MachineOptions, type MachineState } from '../core/machine.js';
import type { CloudEvent, RunRecord } from '../../ports/index.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_SLICE_MS, DEFAULT_SLICE_TASKS, type EngineOptions, type RunResult, type StartOptions, oversize } from './engine-options.js';
import { type TraceContext, formatTraceparent, hex16, runTrace } from '../../shared/trace-context.js';
import { Withdrawn, retryThrottled } from './backpressure.js';
import { Pacer } from './pacing.js';

interface ActiveRun {
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
}

export class Engine {
  private readonly active = new Map<string, ActiveRun>();
  /** Effects being performed (not timers or listens) and, while draining, no new ones start (see drain). */
  private performing = 0;
  private draining = false;
  private readonly source: string;
  private readonly listeners = new EventListeners<ActiveRun>((run, effect, filter, event) => {
    void this.complete(run, { key: effect.key, value: { filter, event: event as unknown as Json } });
  });
  private readonly unsubscribe: () => void;
  /** Runs pause between tasks after a slice of event-loop time or tasks (see RunMachine). */
  private readonly pace: NonNullable<MachineOptions['pace']>;
  /** Resumption after a restart or a takeover, oldest first, a bounded number at a time (pacing.ts). */
  private readonly pacer: Pacer;
  /** Aborted by drain()/stop(): calls waiting for function capacity give up at once (backpressure.ts). */
  private readonly halt = new AbortController();

  constructor(private readonly o: EngineOptions) {
    this.source = o.source ?? 'https://weft.dev/engine';
    this.pace = { now: () => performance.now(), sliceMs: o.sliceMs ?? DEFAULT_SLICE_MS, sliceTasks: DEFAULT_SLICE_TASKS };
    this.pacer = new Pacer({ concurrency: o.recoveryConcurrency, clock: o.clock, onError: (id, err) => o.onAbandon?.(id, err instanceof Error ? err : new Error(String(err))) });
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
    const run = this.activate(record, now);
    run.durable = created.then(() => {});
    run.durable.catch(() => {}); // reported below, to the caller of start()
    this.lifecycle(run, 'io.serverlessworkflow.workflow.started.v1', { input });
    // The first step's effects wait for `created` (see dispatch); a terminal append joins its commit.
    const stepped = this.afterStep(run, run.machine.start());
    stepped.catch(() => {}); // a failed createRun fails that step too; the caller hears it once, below
    await created.catch((err) => {
      run.finished = true;
      this.release(run);
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
    await this.resumed(id);
    const run = this.active.get(id);
    if (run) return run.done;
    let rec = await this.o.store.getRun(id);
    if (!rec) throw workflowError('runtime', `run ${id} does not exist`);
    if (!TERMINAL.has(rec.status) && this.o.awaitEnd) {
      await this.o.awaitEnd(id);
      // Taken over by this process meanwhile: its outcome comes from here.
      const adopted = this.active.get(id);
      if (adopted) return adopted.done;
      rec = (await this.o.store.getRun(id)) ?? rec;
    }
    if (!TERMINAL.has(rec.status)) throw workflowError('runtime', `run ${id} is ${rec.status} but not active in this process`);
    return { id, status: rec.status as RunResult['status'], output: rec.output, error: rec.error, ...(rec.endedAt !== undefined ? { endedAt: rec.endedAt } : {}) };
  }

  /**
   * The run as stored, with its live status phase: an active run blocked only on timers, events or
   * sub-workflows is `waiting` (dsl.md §Status Phases); the store keeps `running` for both.
   */
  async describe(id: string): Promise<RunRecord | undefined> {
    const rec = await this.o.store.getRun(id);
    const run = this.active.get(id);
    if (!rec || !run || run.suspended || rec.status !== 'running') return rec;
    const s = run.machine.state;
    const waiting = s.status === 'running' && s.pending.length > 0 && s.pending.every((e) => e.kind === 'timer' || e.kind === 'event' || e.kind === 'subflow');
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
    return this.resumeRuns(await this.o.store.listRuns({ status: [...LIVE] }), false);
  }

  /**
   * Resumes these runs (e.g. whose lease this node just took over) from their journals; returns how many
   * once they are active (paced like recover(), so a claim loop takes no more than it can activate).
   */
  async adopt(ids: string[]): Promise<number> {
    // Read at once, not one after another: each read waits for this process's pending writes.
    const recs = await Promise.all(ids.map((id) => (this.active.has(id) ? undefined : this.o.store.getRun(id))));
    return this.resumeRuns(recs.filter((r): r is RunRecord => r !== undefined && !TERMINAL.has(r.status)), true);
  }

  private async resumeRuns(runs: RunRecord[], wait: boolean): Promise<number> {
    const fresh = runs.filter((r) => !this.active.has(r.id)).sort((a, b) => a.createdAt - b.createdAt);
    const activated = this.pacer.enqueue(fresh.map((rec) => ({ id: rec.id, activate: () => this.resumeRun(rec) })));
    if (wait) await activated;
    return fresh.length;
  }

  /** Replays one run's journal and takes its next step; resolves with its end (undefined when not resumed). */
  private async resumeRun(rec: RunRecord): Promise<{ ended: Promise<RunResult> } | undefined> {
    if (this.active.has(rec.id) || this.draining) return undefined;
    const journal = await this.o.store.journal(rec.id);
    const started = journal.find((e) => e.kind === 'started');
    // Ended while it waited for its turn (e.g. cancelled), or activated meanwhile.
    if (!started || this.active.has(rec.id) || this.draining || journal.some((e) => TERMINAL.has(e.kind as never))) return undefined;
    const run = this.activate(rec, started.at);
    // A suspended run replays up to its suspension; what arrived since stays held until resume().
    const kinds = journal.map((e) => e.kind);
    const cut = kinds.lastIndexOf('suspended') > kinds.lastIndexOf('resumed') ? kinds.lastIndexOf('suspended') : -1;
    if (cut >= 0) {
      run.suspended = true;
      run.held = journal.slice(cut).flatMap((e): Resolution[] => (e.kind === 'resolved' ? [{ key: e.key, value: e.value }] : e.kind === 'failed' ? [{ key: e.key, error: e.error }] : []));
    }
    const state = await this.replay(run, cut >= 0 ? journal.slice(0, cut) : journal);
    if (!run.finished) await this.afterStep(run, state);
    return { ended: run.done };
  }

  /** A run queued for resumption here: waits until it is active (or skipped). */
  private async resumed(id: string): Promise<void> {
    const pending = this.pacer.pending(id);
    if (pending) await pending;
  }

  /** Replays a run's journal a slice at a time, giving the event loop back between slices. */
  private async replay(run: ActiveRun, journal: JournalEntry[]): Promise<MachineState> {
    let state = run.machine.replay(journal);
    while (run.machine.replayUnfinished && !run.finished) {
      await new Promise((resolve) => setImmediate(resolve));
      state = run.machine.continueReplay();
    }
    return state;
  }

  /**
   * Cancels a run: it ends with status `cancelled` (journaled), its timers stop and late effect
   * outcomes are ignored. Cancelling an ended run changes nothing and returns its result.
   */
  async cancel(id: string, reason?: string): Promise<RunResult> {
    await this.resumed(id);
    const run = this.active.get(id);
    if (!run) {
      const rec = await this.o.store.getRun(id);
      if (!rec) throw workflowError('runtime', `run ${id} does not exist`);
      if (!TERMINAL.has(rec.status)) await this.o.store.append(id, [{ kind: 'cancelled', at: this.o.clock.now(), ...(reason ? { reason } : {}) }]);
      return this.result(id);
    }
    run.queue = run.queue.then(async () => {
      if (run.finished) return;
      run.finished = true;
      const at = this.o.clock.now();
      await this.o.store.append(id, [{ kind: 'cancelled', at, ...(reason ? { reason } : {}) }]);
      this.release(run);
      this.lifecycle(run, 'io.serverlessworkflow.workflow.cancelled.v1', reason ? { reason } : {});
      run.settle({ id, status: 'cancelled', endedAt: at });
    });
    await run.queue;
    return run.done;
  }

  /** Pauses a run: effects in flight still complete and are journaled, but the run does not move on. */
  async suspend(id: string): Promise<void> {
    await this.resumed(id);
    const run = this.activeOrFail(id);
    run.queue = run.queue.then(async () => {
      if (run.finished || run.suspended) return;
      await this.o.store.append(id, [{ kind: 'suspended', at: this.o.clock.now() }]);
      run.suspended = true;
      this.lifecycle(run, 'io.serverlessworkflow.workflow.suspended.v1', {});
    });
    await run.queue;
  }

  /** Resumes a suspended run, feeding it the outcomes that arrived meanwhile, in order. */
  async resume(id: string): Promise<void> {
    await this.resumed(id);
    const run = this.activeOrFail(id);
    run.queue = run.queue.then(async () => {
      if (run.finished || !run.suspended) return;
      await this.o.store.append(id, [{ kind: 'resumed', at: this.o.clock.now() }]);
      run.suspended = false;
      this.lifecycle(run, 'io.serverlessworkflow.workflow.resumed.v1', {});
      for (const r of run.held.splice(0)) {
        run.inFlight.delete(r.key);
        await this.afterStep(run, run.machine.resolve(r));
        if (run.finished) return;
      }
      await this.afterStep(run, run.machine.state);
    });
    await run.queue;
  }

  private activeOrFail(id: string): ActiveRun {
    const run = this.active.get(id);
    if (!run) throw workflowError('runtime', `run ${id} is not active in this process`);
    return run;
  }

  /**
   * Graceful stop, first half: starts no new effect, and waits (up to `ms`) for those in progress to
   * finish and their outcomes to be journaled — so that a node handing its runs over (rolling restart)
   * never leaves a step done but not recorded, which the next owner would perform again.
   */
  async drain(ms: number): Promise<void> {
    this.draining = true;
    this.pacer.stop();
    this.halt.abort();
    const until = this.o.clock.now() + ms;
    while (this.performing > 0 && this.o.clock.now() < until) await new Promise<void>((resolve) => this.o.clock.setTimer(this.o.clock.now() + 10, resolve));
    await Promise.all([...this.active.values()].map((r) => r.queue));
  }

  /** Stops timers and forgets active runs (their state is durable); the store stays open. */
  stop(): void {
    this.pacer.stop();
    this.halt.abort();
    for (const run of this.active.values()) for (const cancel of run.timers.values()) cancel();
    this.active.clear();
    this.listeners.clear();
    this.unsubscribe();
  }

  get activeRuns(): number {
    return this.active.size;
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  /** Ids of the runs this process is driving, or queued here for resumption. */
  activeIds(): string[] {
    return [...this.active.keys(), ...this.pacer.ids().filter((id) => !this.active.has(id))];
  }

  /**
   * Stops driving a run without an outcome (another node holds it now): its timers stop, late outcomes
   * are ignored, and waiters here are told to read the run as stored.
   */
  drop(id: string, reason: string): void {
    this.pacer.remove(id);
    const run = this.active.get(id);
    if (run && !run.finished) this.abandon(run, new Error(reason));
  }

  private activate(record: RunRecord, startedAt: number): ActiveRun {
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
      trace: runTrace(record.id, record.traceparent, this.o.ids.newId()),
      spans: new Map<string, string>(),
      spanSeq: 0,
      eventSeq: 0,
      taken: new Map<string, number>(),
      done,
      settle,
      fail,
      machine: new RunMachine({
        runId: record.id,
        definition: record.definition,
        input: record.input,
        startedAt,
        runtime: this.o.runtime,
        secrets: this.o.secrets ? () => this.o.secrets!.all(record) : undefined,
        onEvent: (e: LifecycleEvent) => this.lifecycle(run, e.type, e.data),
        ...(this.o.maxTransitions ? { maxTransitions: this.o.maxTransitions } : {}),
        pace: this.pace,
      }),
    });
    this.active.set(record.id, run);
    return run;
  }

  /**
   * Publishes a lifecycle CloudEvent carrying the W3C `traceparent` of its span (CloudEvents distributed
   * tracing extension): the run's for workflow events, the task's for task events; workflow.started also
   * carries `weftparent`, the caller's span the run continues.
   */
  private lifecycle(run: ActiveRun, type: string, data: Record<string, Json>): void {
    if (type === 'io.serverlessworkflow.workflow.completed.v1' || type === 'io.serverlessworkflow.workflow.faulted.v1' || type === 'io.serverlessworkflow.workflow.cancelled.v1') {
      this.o.onRunEnded?.(run.record);
    }
    if (!this.o.onLifecycle) return;
    // Built for every task of every run: ids are the run id and a counter (unique per source, as
    // CloudEvents asks), not fresh random ids.
    const event: CloudEvent = {
      specversion: '1.0',
      id: `${run.record.id}:${++run.eventSeq}`,
      source: this.source,
      type,
      time: new Date(this.o.clock.now()).toISOString(),
      datacontenttype: 'application/json',
      subject: run.record.id,
      traceparent: typeof data.task === 'string' ? this.taskTraceparent(run, type, data.task) : formatTraceparent(run.trace.span),
      data: { workflow: (run.ref ??= `${run.record.namespace}/${run.record.name}:${run.record.version}`), run: run.record.id, ...data },
    };
    if (type === 'io.serverlessworkflow.workflow.started.v1' && run.trace.parent) event.weftparent = formatTraceparent(run.trace.parent);
    this.o.onLifecycle(event);
  }

  /** A task's span opens at task.created (or started) and closes at completed/faulted; a retry opens a new one. */
  private taskTraceparent(run: ActiveRun, type: string, pointer: string): string {
    let spanId = run.spans.get(pointer);
    if (!spanId) run.spans.set(pointer, (spanId = hex16(`${run.trace.span.spanId}|${++run.spanSeq}`)));
    if (type === 'io.serverlessworkflow.task.completed.v1' || type === 'io.serverlessworkflow.task.faulted.v1') run.spans.delete(pointer);
    return formatTraceparent({ ...run.trace.span, spanId });
  }

  /** The span an effect runs in: its task's, or the run's when task spans are not tracked. */
  private effectTraceparent(run: ActiveRun, pointer: string): string {
    return formatTraceparent({ ...run.trace.span, spanId: run.spans.get(pointer) ?? run.trace.span.spanId });
  }

  private async afterStep(run: ActiveRun, s: MachineState): Promise<void> {
    if (s.status === 'running') {
      if (run.suspended) return;
      const pending = new Set(s.pending.map((e) => e.key));
      for (const [key, cancel] of run.timers) {
        if (pending.has(key)) continue;
        cancel();
        run.timers.delete(key);
      }
      for (const key of run.inFlight) if (!pending.has(key)) this.listeners.drop(run.record.id, key);
      for (const e of s.pending) if (!run.inFlight.has(e.key)) this.dispatch(run, e);
      return;
    }
    run.finished = true;
    const end = this.bounded(s);
    const entry = this.endEntry(end);
    await this.o.store.append(run.record.id, [entry]);
    this.finish(run, end, entry.at);
  }

  /** A run whose output exceeds the payload bound faults instead (DESIGN.md §6: payloads are bounded). */
  private bounded(s: Exclude<MachineState, { status: 'running' }>): Exclude<MachineState, { status: 'running' }> {
    if (s.status !== 'completed') return s;
    const limit = this.o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    const bytes = oversize(s.output, limit);
    if (bytes === undefined) return s;
    return { status: 'faulted', error: workflowError('validation', `the workflow output is ${bytes} bytes, over the ${limit}-byte payload limit`, '/').problem };
  }

  private endEntry(s: Exclude<MachineState, { status: 'running' }>): JournalEntry {
    const at = this.o.clock.now();
    return s.status === 'completed' ? { kind: 'completed', at, output: s.output } : { kind: 'faulted', at, error: s.error };
  }

  /** After the end was journaled: tell waiters and listeners, and forget the run. */
  private finish(run: ActiveRun, s: Exclude<MachineState, { status: 'running' }>, endedAt: number): void {
    this.release(run);
    if (s.status === 'completed') {
      this.lifecycle(run, 'io.serverlessworkflow.workflow.completed.v1', { output: s.output });
      run.settle({ id: run.record.id, status: 'completed', output: s.output, endedAt });
    } else {
      this.lifecycle(run, 'io.serverlessworkflow.workflow.faulted.v1', { error: s.error as unknown as Json });
      run.settle({ id: run.record.id, status: 'faulted', error: s.error, endedAt });
    }
  }

  /** Forgets a run that ended here: its timers, its listeners, its slot among the active runs. */
  private release(run: ActiveRun): void {
    for (const cancel of run.timers.values()) cancel();
    for (const key of run.inFlight) this.listeners.drop(run.record.id, key);
    this.active.delete(run.record.id);
  }

  /**
   * Performs one effect; its outcome is journaled, then fed to the run. A function call starts at once
   * (its outbound I/O waits for `run.durable` inside the invoker), so in-process calls in a row share a
   * commit; every other effect leaves the process only once what the run journaled so far is durable.
   */
  private dispatch(run: ActiveRun, e: Effect): void {
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

  private perform(run: ActiveRun, e: Effect): void {
    const id = run.record.id;
    const outcome = (p: Promise<Json>) => {
      // Timers, listens and sub-workflows only wait: a draining stop need not wait for them (the next owner
      // re-arms them from the journal).
      const counted = e.kind !== 'timer' && e.kind !== 'subflow';
      if (counted) this.performing++;
      void p
        .then(
          (value) => this.complete(run, { key: e.key, value }),
          // Withdrawn: a call that waited for function capacity and is no longer wanted; nothing happened.
          (err) => (err instanceof Withdrawn ? undefined : this.complete(run, { key: e.key, error: failure(err, e.pointer) })),
        )
        .finally(() => {
          if (counted) this.performing--;
        });
    };
    switch (e.kind) {
      case 'now':
        outcome(Promise.resolve(this.o.clock.now()));
        return;
      case 'yield':
        // Other runs, requests and timers go first; the pause is journaled like any outcome.
        outcome(new Promise<Json>((resolve) => setImmediate(() => resolve(null))));
        return;
      case 'timer':
        outcome(
          this.o.store.putTimer(id, e.key, this.o.clock.now() + e.durationMs).then(
            (fireAt) =>
              new Promise<Json>((resolve) => {
                run.timers.set(e.key, this.o.clock.setTimer(fireAt, () => resolve(null)));
              }),
          ),
        );
        return;
      case 'http':
        outcome(this.o.http.request({ ...e.request, idempotencyKey: `${id}:${e.key}`, traceparent: this.effectTraceparent(run, e.pointer) }) as unknown as Promise<Json>);
        return;
      case 'event':
        this.listeners.listen(run.record.id, run, e, run.taken);
        return;
      case 'subflow':
        outcome(this.subflow(`${id}/${e.key}`, e, run.record.namespace));
        return;
      case 'script':
        outcome(
          this.o.scripts
            ? (this.o.scripts.run({ code: e.code, arguments: e.arguments, environment: e.environment, stdin: e.stdin, idempotencyKey: `${id}:${e.key}` }) as unknown as Promise<Json>)
            : Promise.reject(workflowError('configuration', 'run: script: no script runtime is configured', e.pointer)),
        );
        return;
      case 'function': {
        const runner = this.o.functions;
        if (!runner) {
          outcome(Promise.reject(workflowError('configuration', `function ${e.name}:${e.ref}@default: no function runtime is configured`, e.pointer)));
          return;
        }
        const req = { name: e.name, ref: e.ref, input: e.input, idempotencyKey: `${id}:${e.key}`, runId: id, pointer: e.pointer, ready: run.durable, traceparent: this.effectTraceparent(run, e.pointer), ...(e.pinned ? { pinned: e.pinned } : {}) };
        // A refusal for capacity is not an outcome: the run waits and the same call is made again (backpressure.ts).
        const live = () => !run.finished && this.active.get(id) === run && !this.draining;
        outcome(retryThrottled(() => runner.invoke(req) as unknown as Promise<Json>, { clock: this.o.clock, live, signal: this.halt.signal }));
        return;
      }
      case 'emit': {
        const event: CloudEvent = {
          specversion: '1.0',
          id: `${id}:${e.key}`,
          source: this.source,
          time: new Date(this.o.clock.now()).toISOString(),
          // The trace continues into every subscriber (CloudEvents distributed tracing extension).
          traceparent: this.effectTraceparent(run, e.pointer),
          ...(e.event as Record<string, Json>),
        } as unknown as CloudEvent;
        if (event.data !== undefined && event.datacontenttype === undefined) event.datacontenttype = 'application/json';
        outcome(this.o.bus.publish(event).then(() => event as unknown as Json));
        return;
      }
    }
  }

  /** Starts (once: the child's id is derived from the effect key) and, if awaited, waits for a sub-workflow. */
  private async subflow(childId: string, e: Extract<Effect, { kind: 'subflow' }>, from: string): Promise<Json> {
    if (!(await this.o.store.getRun(childId))) {
      const ref = `${e.workflow.namespace}/${e.workflow.name}:${e.workflow.version ?? 'latest'}`;
      const def = this.o.registry ? await this.o.registry.get(e.workflow, { namespace: from }) : undefined;
      if (!def) throw workflowError('configuration', `workflow ${ref} is not registered`, e.pointer);
      await this.start(def, e.input, { runId: childId });
    }
    if (!e.await) return null;
    const r = await this.result(childId);
    if (r.status === 'completed') return r.output ?? null;
    const cause = r.error ?? workflowError('runtime', `sub-workflow run ${childId} ${r.status}`).problem;
    throw new WorkflowError({ ...cause, instance: e.pointer, detail: `${cause.detail ?? cause.title ?? cause.type} (in sub-workflow run ${childId})` });
  }

  private complete(run: ActiveRun, r: Resolution): Promise<void> {
    run.queue = run.queue
      .then(async () => {
        if (run.finished || !this.active.has(run.record.id)) return;
        const at = this.o.clock.now();
        const entry: JournalEntry = 'error' in r ? { kind: 'failed', at, key: r.key, error: r.error } : { kind: 'resolved', at, key: r.key, value: r.value };
        const id = run.record.id;
        const wasTimer = run.timers.delete(r.key);
        if (run.suspended) {
          await Promise.all([this.o.store.append(id, [entry]), wasTimer ? this.o.store.deleteTimer(id, r.key) : null]);
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
          await this.o.store.append(id, [entry, last]);
          this.finish(run, end, last.at);
          return;
        }
        this.journal(run, [entry]);
        if (wasTimer) void this.o.store.deleteTimer(id, r.key).catch(() => {}); // a stale timer row only re-fires into a resolved key
        await this.afterStep(run, state);
      })
      .catch((err) => this.abandon(run, err));
    return run.queue;
  }

  /**
   * Appends without waiting: `run.durable` follows the write. Batches commit in order and a failed write
   * abandons the run before anything later is submitted for it, so the journal never has a gap.
   */
  private journal(run: ActiveRun, entries: JournalEntry[]): void {
    const written = this.o.store.append(run.record.id, entries);
    run.durable = written;
    written.catch((err) => {
      if (!run.finished) this.abandon(run, err);
    });
  }

  /**
   * The store failed: the run cannot make durable progress here. It is dropped from this process (its
   * journal is intact, so `recover()` resumes it) and waiters get an error — not an outcome, since the
   * run has none yet.
   */
  private abandon(run: ActiveRun, err: unknown): void {
    run.finished = true;
    this.release(run);
    const detail = `run ${run.record.id} stopped in this process: ${err instanceof Error ? err.message : String(err)}`;
    const failure = new Error(detail, { cause: err });
    this.o.onAbandon?.(run.record.id, failure);
    run.fail(failure);
  }
}

function failure(err: unknown, pointer: string): Problem {
  if (err && typeof err === 'object' && 'problem' in err) return (err as { problem: Problem }).problem;
  return workflowError('communication', err instanceof Error ? err.message : String(err), pointer).problem;
}
