/**
 * Lifecycle events and trace context: a run's lifecycle CloudEvents (workflow and task started,
 * completed, faulted, …) with the W3C `traceparent` of their span, the `run ended` hook, and the span an
 * effect runs in.
 */
import type { Json } from '../../shared/index.js';
import type { CloudEvent } from '../../ports/index.js';
import { formatTraceparent, hex16 } from '../../shared/index.js';
import type { ActiveRun } from './active-run.js';
import type { EngineOptions } from './engine-options.js';

/** What of a run its lifecycle events and spans need. */
type TracedRun = Pick<ActiveRun, 'record' | 'trace' | 'spans' | 'spanSeq' | 'eventSeq' | 'ref'>;

export class Lifecycle {
  constructor(
    private readonly o: Pick<EngineOptions, 'clock' | 'onLifecycle' | 'onRunEnded'>,
    /** CloudEvents `source` of the events the engine publishes. */
    private readonly source: string,
  ) {}

  /**
   * Publishes a lifecycle CloudEvent carrying the W3C `traceparent` of its span (CloudEvents distributed
   * tracing extension): the run's for workflow events, the task's for task events; workflow.started also
   * carries `weftparent`, the caller's span the run continues.
   */
  publish(run: TracedRun, type: string, data: Record<string, Json>): void {
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

  /** The span an effect runs in: its task's, or the run's when task spans are not tracked. */
  effectTraceparent(run: Pick<ActiveRun, 'trace' | 'spans'>, pointer: string): string {
    return formatTraceparent({ ...run.trace.span, spanId: run.spans.get(pointer) ?? run.trace.span.spanId });
  }

  /** A task's span opens at task.created (or started) and closes at completed/faulted; a retry opens a new one. */
  private taskTraceparent(run: TracedRun, type: string, pointer: string): string {
    let spanId = run.spans.get(pointer);
    if (!spanId) run.spans.set(pointer, (spanId = hex16(`${run.trace.span.spanId}|${++run.spanSeq}`)));
    if (type === 'io.serverlessworkflow.task.completed.v1' || type === 'io.serverlessworkflow.task.faulted.v1') run.spans.delete(pointer);
    return formatTraceparent({ ...run.trace.span, spanId });
  }
}
