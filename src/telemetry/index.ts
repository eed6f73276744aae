/**
 * Telemetry (DESIGN.md §7): pino logs, Prometheus metrics and OpenTelemetry spans for one server
 * instance. It follows the platform hooks (subscribe.ts: engine lifecycle events, function invocations,
 * outgoing HTTP, events, background failures); the gateway reports incoming requests; it never calls back.
 */
import type { CloudEvent } from '../ports/index.js';
import type { Env } from './exporter.js';
import { LifecycleObserver } from './lifecycle.js';
import { type Logger, createLogger } from './logger.js';
import { Metrics } from './metrics.js';
import type { SecretMask } from './secret-mask.js';
import { type HttpCallReport, type InvocationReport, type RequestSpan, type RequestStart, Tracing } from './tracing.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

export { type Env, otlpTracesUrl } from './exporter.js';
export { type LogContext, type Logger, type LoggerOptions, createLogger, logContext } from './logger.js';
export {
  FUNCTION_BUCKETS,
  type GaugeSources,
  HTTP_BUCKETS,
  type HttpRequestSample,
  type InvocationSample,
  Metrics,
  TASK_BUCKETS,
  type WorkflowMetrics,
} from './metrics.js';
export { type Sample, parseSamples, sampleValue } from './prom-text.js';
export { LifecycleObserver, type LifecycleOptions } from './lifecycle.js';
export { PresetIdGenerator } from './preset-ids.js';
export { SecretMask } from './secret-mask.js';
export { type HookListener, subscribeTelemetry } from './subscribe.js';
export { type SpanIds, formatTraceparent, newSpanId, newTraceId, parseTraceparent, traceIdOf } from './traceparent.js';
export {
  type HttpCallReport,
  type InvocationOutcome,
  type InvocationReport,
  type RequestSpan,
  type RequestStart,
  type SpanOptions,
  Tracing,
  type TracingOptions,
} from './tracing.js';

export interface TelemetryOptions {
  /** OpenTelemetry `service.name`; default `OTEL_SERVICE_NAME`, else `weft`. */
  serviceName?: string;
  /** Export spans to this exporter, synchronously (tests); otherwise OTLP when the environment says so. */
  exporter?: SpanExporter;
  /** Where OTEL_* settings are read; default `process.env`. */
  env?: Env;
  logger?: Logger;
  /** The mask the logger was made with (createLogger `mask`), for span messages too. */
  mask?: SecretMask;
}

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracing: Tracing;
  /** A lifecycle event of the engine (the `run.lifecycle` hook, subscribe.ts): metrics, run/task spans, debug lines. */
  onLifecycle(event: CloudEvent): void;
  /** A finished function invocation: its span and the function metrics. */
  onInvocation(r: InvocationReport): void;
  /** A finished outgoing HTTP call: its CLIENT span. */
  onHttpCall(r: HttpCallReport): void;
  /**
   * An incoming request: its SERVER span now, and on `end(status)` the span's end plus the HTTP metrics
   * (so do not also call `metrics.httpRequest` for it).
   */
  startRequest(r: RequestStart): RequestSpan;
  /** Flushes batched spans; call before the process exits. */
  shutdown(): Promise<void>;
}

export function createTelemetry(o: TelemetryOptions = {}): Telemetry {
  const logger = o.logger ?? createLogger();
  const metrics = new Metrics();
  const tracing = new Tracing({ serviceName: o.serviceName, exporter: o.exporter, env: o.env ?? process.env });
  if (o.mask) tracing.mask = (text) => o.mask!.text(text);
  if (tracing.warning) logger.warn(tracing.warning);
  logger.debug({ spans: tracing.target ?? 'off' }, 'telemetry started');
  const lifecycle = new LifecycleObserver({ metrics, tracing, logger });
  return {
    logger,
    metrics,
    tracing,
    onLifecycle: (event) => lifecycle.observe(event),
    onInvocation(r) {
      metrics.invocation({
        function: r.name,
        version: r.version,
        outcome: r.outcome,
        cold: r.cold,
        ...(r.outcome === 'throttled' ? {} : { seconds: Math.max(0, r.endedAt - r.startedAt) / 1000 }),
      });
      tracing.onInvocation(r);
    },
    onHttpCall: (r) => tracing.onHttpCall(r),
    startRequest(r) {
      const t0 = performance.now();
      const span = tracing.startRequest(r);
      let ended = false;
      return {
        traceparent: span.traceparent,
        traceId: span.traceId,
        end(status: number) {
          if (ended) return;
          ended = true;
          metrics.httpRequest({ method: r.method, route: r.route, status, seconds: (performance.now() - t0) / 1000 });
          span.end(status);
        },
      };
    },
    shutdown: () => tracing.shutdown(),
  };
}
