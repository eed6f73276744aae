/**
 * OpenTelemetry spans with the ids the rest of Weft already put on the wire, so that one trace runs
 * request → run → task → function → outgoing HTTP (DESIGN.md §1, §7).
 *
 * Invariants:
 * - A span's trace and span id are exactly those of the traceparent that names it (PresetIdGenerator).
 * - Its parent is the traceparent of its caller, rebuilt as a remote span context: spans are reported
 *   after the fact by other modules, so there is no live parent Span object (nor async context) to use.
 * - Without an exporter there is no provider and `startSpan` returns undefined: no span object, no id
 *   parsing, nothing to collect. Request ids are still made and returned, so propagation downstream
 *   (functions, outgoing HTTP, other services) works whether or not this process exports.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Link, type Span, type TimeInput, type Tracer } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import type { FunctionInvoked, HttpCalled } from '../platform/index.js';
import { type Env, spanExportFor } from './exporter.js';
import { PresetIdGenerator } from './preset-ids.js';
import { type SpanIds, formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './traceparent.js';

export interface TracingOptions {
  /** `service.name` of the resource; default `OTEL_SERVICE_NAME`, else `weft`. */
  serviceName?: string;
  /** Export every span synchronously to this exporter (tests); overrides the environment. */
  exporter?: SpanExporter;
  env?: Env;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  startTime?: TimeInput;
}

export interface RequestSpan {
  /** The request span's traceparent: pass it into the runs (and calls) the request starts. */
  traceparent: string;
  traceId: string;
  /** Ends the span with the response status; later calls do nothing. */
  end(status: number): void;
}

export interface RequestStart {
  method: string;
  /** The route template (`/api/v1/runs/:id`), not the raw URL: it names the span and labels metrics. */
  route: string;
  /** The incoming `traceparent` header; malformed values are ignored and a new trace starts. */
  traceparent?: string;
}

export type InvocationOutcome = FunctionInvoked['outcome'];

/** The `function.invoked` hook's payload; the error may be any value (its message and type go on the span). */
export type InvocationReport = Omit<FunctionInvoked, 'error'> & { error?: unknown };

/** The `http.called` hook's payload, with the error as any value. */
export type HttpCallReport = Omit<HttpCalled, 'error'> & { error?: unknown };

export class Tracing {
  /** Masks secret values in span error messages (set with the telemetry's SecretMask). */
  mask: (text: string) => string = (t) => t;
  /** Whether spans are built and exported at all. */
  readonly enabled: boolean;
  /** Where spans go (`exporter` or the OTLP URL); undefined when disabled. */
  readonly target: string | undefined;
  /** Something the environment asked for that was not honoured (said once by createTelemetry). */
  readonly warning: string | undefined;
  private readonly provider: BasicTracerProvider | undefined;
  private readonly tracer: Tracer | undefined;
  private readonly ids = new PresetIdGenerator();
  private closed: Promise<void> | undefined;

  constructor(o: TracingOptions = {}) {
    const env = o.env ?? process.env;
    const out = spanExportFor(o.exporter, env);
    this.enabled = out !== undefined;
    this.target = out?.target;
    this.warning = out?.warning;
    if (!out) return;
    this.provider = new BasicTracerProvider({
      resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: o.serviceName ?? env.OTEL_SERVICE_NAME ?? 'weft' })),
      idGenerator: this.ids,
      // Every span the engine names is recorded: its traceparents always say "sampled", and dropping a
      // task span here would orphan its function and HTTP children. Sampling belongs in the collector.
      sampler: new AlwaysOnSampler(),
      spanProcessors: [out.processor],
    });
    this.tracer = this.provider.getTracer('weft');
  }

  /**
   * Starts a span with exactly the ids `own`, child of `parent` when given. A parent from another trace
   * cannot be a parent (the span keeps its own trace id, which others have already seen), so it becomes
   * a link instead. Returns undefined when tracing is disabled.
   */
  startSpan(name: string, own: SpanIds, parent: SpanIds | undefined, o: SpanOptions = {}): Span | undefined {
    if (!this.tracer) return undefined;
    let context = ROOT_CONTEXT;
    let links: Link[] | undefined;
    if (parent) {
      if (parent.traceId === own.traceId) context = trace.setSpanContext(ROOT_CONTEXT, remote(parent));
      else links = [{ context: remote(parent) }];
    }
    this.ids.preset(own.traceId, own.spanId);
    try {
      return this.tracer.startSpan(name, { kind: o.kind ?? SpanKind.INTERNAL, attributes: o.attributes, startTime: o.startTime, links }, context);
    } finally {
      this.ids.clear();
    }
  }

  /** A SERVER span for an incoming HTTP request: continues the caller's trace or starts a new one. */
  startRequest(r: RequestStart): RequestSpan {
    const parent = parseTraceparent(r.traceparent);
    const own = { traceId: parent?.traceId ?? newTraceId(), spanId: newSpanId() };
    const span = this.tracer
      ? this.startSpan(`${r.method} ${r.route}`, own, parent, {
          kind: SpanKind.SERVER,
          attributes: { [ATTR_HTTP_REQUEST_METHOD]: r.method, [ATTR_HTTP_ROUTE]: r.route },
        })
      : undefined;
    let ended = false;
    return {
      traceparent: formatTraceparent(own),
      traceId: own.traceId,
      end(status: number) {
        if (ended || !span) return;
        ended = true;
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
        // Server spans: a 4xx is the client's mistake, not a failure of this service (OTel HTTP semconv).
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR }).setAttribute(ATTR_ERROR_TYPE, String(status));
        span.end();
      },
    };
  }

  /** The span of one function invocation, reported by the function runtime once it has ended. */
  onInvocation(r: InvocationReport): void {
    if (!this.tracer) return;
    const own = parseTraceparent(r.traceparent);
    if (!own) return;
    const span = this.startSpan(`function ${r.name}`, own, parseTraceparent(r.parent), {
      startTime: r.startedAt,
      attributes: {
        'weft.function.name': r.name,
        'weft.function.version': r.version,
        'weft.function.outcome': r.outcome,
        'weft.function.queue_ms': r.queueMs,
        'faas.coldstart': r.cold,
      },
    });
    if (!span) return;
    if (r.outcome !== 'ok') failed(span, r.outcome, r.error, this.mask);
    span.end(r.endedAt);
  }

  /** The CLIENT span of one outgoing HTTP call (workflow `call: http`/`openapi`, or a function's `ctx.fetch`). */
  onHttpCall(r: HttpCallReport): void {
    if (!this.tracer) return;
    const own = parseTraceparent(r.traceparent);
    if (!own) return;
    const method = r.method.toUpperCase();
    const span = this.startSpan(`HTTP ${method}`, own, parseTraceparent(r.parent), {
      kind: SpanKind.CLIENT,
      startTime: r.startedAt,
      attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, ...urlAttributes(r.url) },
    });
    if (!span) return;
    if (r.status !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, r.status);
    if (r.error !== undefined) failed(span, 'error', r.error, this.mask);
    else if (r.status !== undefined && r.status >= 400) failed(span, String(r.status), undefined);
    span.end(r.endedAt);
  }

  /** Flushes what is batched and stops exporting; safe to call twice. */
  shutdown(): Promise<void> {
    this.closed ??= this.provider ? this.provider.shutdown() : Promise.resolve();
    return this.closed;
  }
}

function remote(ids: SpanIds) {
  return { traceId: ids.traceId, spanId: ids.spanId, traceFlags: 1, isRemote: true };
}

/** Marks a span failed with an `error.type` and, when there is one, the error's message. */
export function failed(span: Span, type: string, error: unknown, mask: (text: string) => string = (t) => t): void {
  const raw = errorMessage(error);
  const message = raw === undefined ? undefined : mask(raw);
  span.setStatus(message === undefined ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.ERROR, message });
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error) ?? type);
}

/** Errors arrive as Error objects, strings or RFC 9457 problems (`{ type, title, detail }`). */
function errorMessage(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; detail?: unknown; title?: unknown };
    for (const v of [e.message, e.detail, e.title]) if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

function errorType(error: unknown): string | undefined {
  if (error instanceof Error) return error.name;
  const type = error && typeof error === 'object' ? (error as { type?: unknown }).type : undefined;
  return typeof type === 'string' && type ? type : undefined;
}

/**
 * `url.full` without credentials or query: both routinely carry secrets (basic-auth users, API keys in
 * `?key=`), and spans leave the process (DESIGN.md §6).
 */
function urlAttributes(raw: string): Attributes {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return {};
  }
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : u.protocol === 'http:' ? 80 : undefined;
  return {
    [ATTR_URL_FULL]: `${u.protocol}//${u.host}${u.pathname}`,
    [ATTR_SERVER_ADDRESS]: u.hostname,
    ...(port === undefined ? {} : { [ATTR_SERVER_PORT]: port }),
  };
}
