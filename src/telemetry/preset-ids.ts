/**
 * An OpenTelemetry IdGenerator whose next ids can be set just before `tracer.startSpan`.
 *
 * Why: the ids of Weft's spans are decided elsewhere — the engine names every run and task span in the
 * `traceparent` of its lifecycle events and passes those ids on to functions and outgoing HTTP, and the
 * gateway hands its request span's id to the run it starts. The SDK has no option to start a span with
 * a given id; it always asks its IdGenerator. So we tell the generator the ids first. That is safe
 * because `startSpan` is synchronous and asks for each id at most once (the span id always, the trace id
 * only for a root span): the preset is consumed by exactly that call, and `clear()` afterwards drops a
 * trace id a child span did not need, so it cannot leak into the next root span.
 */
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { newSpanId, newTraceId } from './traceparent.js';

export class PresetIdGenerator implements IdGenerator {
  private traceId: string | undefined;
  private spanId: string | undefined;

  /** The ids the next `startSpan` takes. */
  preset(traceId: string, spanId: string): void {
    this.traceId = traceId;
    this.spanId = spanId;
  }

  clear(): void {
    this.traceId = undefined;
    this.spanId = undefined;
  }

  generateTraceId(): string {
    const id = this.traceId ?? newTraceId();
    this.traceId = undefined;
    return id;
  }

  generateSpanId(): string {
    const id = this.spanId ?? newSpanId();
    this.spanId = undefined;
    return id;
  }
}
