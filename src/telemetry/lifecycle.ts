/**
 * Turns the engine's lifecycle CloudEvents into metrics, run/task spans and debug log lines. The engine
 * emits them and never logs (DESIGN.md §9); this is the subscriber.
 *
 * Hot path: every task of every run passes here (tens of thousands of events a second), so an event
 * costs a map lookup for its type, one for its run, a counter or histogram update — and span work only
 * when tracing is enabled, log work only when debug is. Durations are measured at receipt with the
 * monotonic clock: the event's `time` comes from the engine's Clock (a fake one in tests) and has
 * millisecond resolution, too coarse for tasks that take microseconds.
 *
 * Per-run state lives from workflow.started to the run's end. A run this node did not see start (it was
 * recovered after a restart, or moved here from another node) is picked up at its first event; its run
 * span then starts late (`weft.run.partial`), and task spans opened before its first workflow event have
 * no parent. Runs that never end here (moved away) are dropped oldest first beyond `maxRuns`.
 */
import type { Span } from '@opentelemetry/api';
import type { CloudEvent } from '../ports/index.js';
import type { Logger } from './logger.js';
import type { Metrics, WorkflowMetrics } from './metrics.js';
import { type SpanIds, parseTraceparent, traceIdOf } from './traceparent.js';
import { type Tracing, failed } from './tracing.js';

const RUN_STARTED = 1;
const RUN_COMPLETED = 2;
const RUN_FAULTED = 3;
const RUN_CANCELLED = 4;
const RUN_SUSPENDED = 5;
const RUN_RESUMED = 6;
const TASK_CREATED = 7;
const TASK_STARTED = 8;
const TASK_COMPLETED = 9;
const TASK_FAULTED = 10;
const TASK_RETRIED = 11;

const P = 'io.serverlessworkflow.';
const KINDS = new Map<string, { kind: number; name: string }>(
  (
    [
      [RUN_STARTED, 'workflow.started'],
      [RUN_COMPLETED, 'workflow.completed'],
      [RUN_FAULTED, 'workflow.faulted'],
      [RUN_CANCELLED, 'workflow.cancelled'],
      [RUN_SUSPENDED, 'workflow.suspended'],
      [RUN_RESUMED, 'workflow.resumed'],
      [TASK_CREATED, 'task.created'],
      [TASK_STARTED, 'task.started'],
      [TASK_COMPLETED, 'task.completed'],
      [TASK_FAULTED, 'task.faulted'],
      [TASK_RETRIED, 'task.retried'],
    ] as const
  ).map(([kind, name]) => [`${P}${name}.v1`, { kind, name }]),
);

interface OpenTask {
  /** performance.now() at task.started. */
  start: number;
  span?: Span;
  ids?: SpanIds;
}

interface RunState {
  workflow: string;
  metrics: WorkflowMetrics;
  /** Open tasks by JSON pointer. */
  tasks: Map<string, OpenTask>;
  span?: Span;
  ids?: SpanIds;
}

export interface LifecycleOptions {
  metrics: Metrics;
  tracing: Tracing;
  logger: Logger;
  /** Runs tracked at once before the oldest is dropped; default 100 000. */
  maxRuns?: number;
}

export class LifecycleObserver {
  private readonly runs = new Map<string, RunState>();
  private readonly maxRuns: number;

  constructor(private readonly o: LifecycleOptions) {
    this.maxRuns = o.maxRuns ?? 100_000;
  }

  /** Runs currently tracked (for tests and diagnostics). */
  get trackedRuns(): number {
    return this.runs.size;
  }

  observe(event: CloudEvent): void {
    const k = KINDS.get(event.type);
    const runId = event.subject;
    if (k === undefined || typeof runId !== 'string') return;
    const data = event.data as Record<string, unknown> | undefined;
    const workflow = typeof data?.workflow === 'string' ? data.workflow : undefined;
    const pointer = typeof data?.task === 'string' ? data.task : undefined;
    const run = k.kind === RUN_STARTED ? this.begin(runId, workflow) : this.runs.get(runId) ?? this.begin(runId, workflow);
    const tracing = this.o.tracing.enabled;
    if (tracing && k.kind <= RUN_RESUMED && !run.span) this.startRunSpan(runId, run, event, k.kind !== RUN_STARTED);
    switch (k.kind) {
      case RUN_STARTED:
        run.metrics.started.inc();
        break;
      case RUN_COMPLETED:
      case RUN_FAULTED:
      case RUN_CANCELLED:
        this.end(runId, run, k.kind, data);
        break;
      case RUN_SUSPENDED:
      case RUN_RESUMED:
        run.span?.addEvent(k.name);
        break;
      case TASK_STARTED:
        if (pointer !== undefined) this.startTask(runId, run, pointer, tracing ? event.traceparent : undefined);
        break;
      case TASK_COMPLETED:
      case TASK_FAULTED:
        if (pointer !== undefined) this.endTask(run, pointer, k.kind === TASK_FAULTED ? data?.error : undefined, k.kind === TASK_FAULTED);
        break;
      case TASK_RETRIED:
        run.metrics.retried.inc();
        if (pointer !== undefined) run.tasks.get(pointer)?.span?.addEvent('retry', { 'weft.task.attempt': Number(data?.attempt) || 0 });
        break;
    }
    if (this.o.logger.isLevelEnabled('debug')) {
      this.o.logger.debug({ runId, task: pointer, traceId: traceIdOf(event.traceparent), workflow: run.workflow }, k.name);
    }
  }

  private begin(runId: string, workflow: string | undefined): RunState {
    const name = workflow ?? 'unknown';
    const run: RunState = { workflow: name, metrics: this.o.metrics.workflow(name), tasks: new Map() };
    if (this.runs.size >= this.maxRuns && !this.runs.has(runId)) this.runs.delete(this.runs.keys().next().value as string);
    this.runs.set(runId, run);
    return run;
  }

  private startRunSpan(runId: string, run: RunState, event: CloudEvent, partial: boolean): void {
    const own = parseTraceparent(event.traceparent as string | undefined);
    if (!own) return;
    run.ids = own;
    run.span = this.o.tracing.startSpan(`run ${run.workflow}`, own, parseTraceparent(event.weftparent as string | undefined), {
      attributes: { 'weft.run.id': runId, 'weft.workflow': run.workflow, ...(partial ? { 'weft.run.partial': true } : {}) },
    });
  }

  private startTask(runId: string, run: RunState, pointer: string, traceparent: unknown): void {
    const task: OpenTask = { start: performance.now() };
    const own = traceparent === undefined ? undefined : parseTraceparent(traceparent as string);
    if (own) {
      task.ids = own;
      task.span = this.o.tracing.startSpan(`task ${pointer}`, own, this.parentOf(run, pointer), {
        attributes: { 'weft.task.pointer': pointer, 'weft.run.id': runId },
      });
    }
    run.tasks.set(pointer, task);
  }

  /** The innermost open task whose pointer is an ancestor of `pointer`, else the run. */
  private parentOf(run: RunState, pointer: string): SpanIds | undefined {
    for (let i = pointer.lastIndexOf('/'); i > 0; i = pointer.lastIndexOf('/', i - 1)) {
      const ids = run.tasks.get(pointer.slice(0, i))?.ids;
      if (ids) return ids;
    }
    return run.ids;
  }

  private endTask(run: RunState, pointer: string, error: unknown, faulted: boolean): void {
    const task = run.tasks.get(pointer);
    if (!task) return;
    run.tasks.delete(pointer);
    run.metrics.task.observe((performance.now() - task.start) / 1000);
    if (!task.span) return;
    if (faulted) failed(task.span, 'error', error, this.o.tracing.mask);
    task.span.end();
  }

  private end(runId: string, run: RunState, kind: number, data: Record<string, unknown> | undefined): void {
    this.runs.delete(runId);
    (kind === RUN_COMPLETED ? run.metrics.completed : kind === RUN_FAULTED ? run.metrics.faulted : run.metrics.cancelled).inc();
    // Tasks still open when the run ends were cut short (cancellation, a competing fork branch that lost).
    for (const task of run.tasks.values()) {
      task.span?.setAttribute('weft.task.unfinished', true);
      task.span?.end();
    }
    if (!run.span) return;
    if (kind === RUN_FAULTED) failed(run.span, 'error', data?.error, this.o.tracing.mask);
    if (kind === RUN_CANCELLED) run.span.setAttribute('weft.run.cancelled', true);
    run.span.end();
  }
}
