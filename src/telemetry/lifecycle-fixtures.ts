/**
 * Lifecycle CloudEvents shaped as the engine emits them (runner.ts `lifecycle()`), for tests and
 * benchmarks of this module: `subject` = run id, `data.workflow` = `ns/name:version`, `data.task` = the
 * task's JSON pointer, and the `traceparent` extension naming the run's or the task's span (a task's
 * started and its completed/faulted share one span id; a retried task opens a new one).
 */
import type { CloudEvent } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { type SpanIds, formatTraceparent, newSpanId, newTraceId } from './traceparent.js';

const P = 'io.serverlessworkflow.';

export class FakeRun {
  readonly ids: SpanIds;
  private readonly open = new Map<string, SpanIds>();
  private seq = 0;

  constructor(
    readonly runId: string,
    readonly workflow = 'demo/greet:1.0.0',
    /** The caller's traceparent (`weftparent`); the run joins its trace. */
    readonly parent?: SpanIds,
  ) {
    this.ids = { traceId: parent?.traceId ?? newTraceId(), spanId: newSpanId() };
  }

  get traceparent(): string {
    return formatTraceparent(this.ids);
  }

  /** The span id the task at `pointer` has while open. */
  taskIds(pointer: string): SpanIds | undefined {
    return this.open.get(pointer);
  }

  started(): CloudEvent {
    return this.event('workflow.started', {}, this.parent ? { weftparent: formatTraceparent(this.parent) } : {});
  }

  completed(): CloudEvent {
    return this.event('workflow.completed', { output: {} });
  }

  faulted(error: Json = { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/runtime', status: 500, title: 'Boom' }): CloudEvent {
    return this.event('workflow.faulted', { error });
  }

  cancelled(): CloudEvent {
    return this.event('workflow.cancelled', {});
  }

  suspended(): CloudEvent {
    return this.event('workflow.suspended', {});
  }

  taskStarted(pointer: string): CloudEvent {
    if (!this.open.has(pointer)) this.open.set(pointer, { traceId: this.ids.traceId, spanId: newSpanId() });
    return this.taskEvent('task.started', pointer, {});
  }

  taskCompleted(pointer: string): CloudEvent {
    const e = this.taskEvent('task.completed', pointer, { output: null });
    this.open.delete(pointer);
    return e;
  }

  taskFaulted(pointer: string, error: Json = { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/communication', status: 503, title: 'Unavailable' }): CloudEvent {
    const e = this.taskEvent('task.faulted', pointer, { error });
    this.open.delete(pointer);
    return e;
  }

  taskRetried(pointer: string, attempt: number): CloudEvent {
    return this.taskEvent('task.retried', pointer, { attempt });
  }

  private taskEvent(name: string, pointer: string, data: Record<string, Json>): CloudEvent {
    const ids = this.open.get(pointer) ?? this.ids;
    return this.event(name, { task: pointer, ...data }, { traceparent: formatTraceparent(ids) });
  }

  private event(name: string, data: Record<string, Json>, ext: Record<string, string> = {}): CloudEvent {
    return {
      traceparent: this.traceparent,
      ...ext,
      specversion: '1.0',
      id: `${this.runId}-${++this.seq}`,
      source: 'weft/test',
      type: `${P}${name}.v1`,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      subject: this.runId,
      data: { workflow: this.workflow, run: this.runId, ...data },
    };
  }
}
