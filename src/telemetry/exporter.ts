/**
 * Where spans go, decided once at start:
 * - an exporter handed in (tests: InMemorySpanExporter) → exported synchronously as each span ends;
 * - `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) set → batched OTLP over HTTP;
 * - otherwise nowhere, and then no span is built at all (see tracing.ts).
 * The environment is passed in rather than read from `process.env`, so one process can host servers
 * with different settings (and tests do not leak into each other).
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

export type Env = Record<string, string | undefined>;

export interface SpanExport {
  processor: SpanProcessor;
  /** For the start-up log line: `exporter`, or the OTLP URL. */
  target: string;
  /** Set when the environment asked for something this build cannot do; said once at start. */
  warning?: string;
}

export function spanExportFor(exporter: SpanExporter | undefined, env: Env): SpanExport | undefined {
  if (exporter) return { processor: new SimpleSpanProcessor(exporter), target: 'exporter' };
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  const url = otlpTracesUrl(env);
  if (!url) return undefined;
  const headers = { ...parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), ...parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) };
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  // The installed exporter speaks http/json; every OTLP/HTTP receiver (collector port 4318) accepts it.
  const warning =
    protocol && protocol !== 'http/json' ? `OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported: exporting spans as http/json` : undefined;
  // Batching keeps export off the hot path: a span end is an array push, the POST happens later.
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url, headers }), batchConfig(env));
  return { processor, target: url, ...(warning ? { warning } : {}) };
}

/** The spec's rule: the signal-specific variable is used as is, the general one gets `/v1/traces` appended. */
export function otlpTracesUrl(env: Env): string | undefined {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return undefined;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * The OTEL_BSP_* settings, read from `env` like the rest, with defaults sized for Weft: a run emits a
 * span per task, so a burst of runs fills the SDK's default 2048-span queue (spans beyond it are
 * dropped) before the 5 s timer fires. A bigger queue, bigger batches and a 1 s delay absorb that.
 */
function batchConfig(env: Env) {
  const num = (name: string, fallback: number) => {
    const v = Number(env[name]);
    return Number.isInteger(v) && v > 0 ? v : fallback;
  };
  const maxQueueSize = num('OTEL_BSP_MAX_QUEUE_SIZE', 16_384);
  return {
    maxQueueSize,
    maxExportBatchSize: Math.min(num('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1024), maxQueueSize),
    scheduledDelayMillis: num('OTEL_BSP_SCHEDULE_DELAY', 1000),
    exportTimeoutMillis: num('OTEL_BSP_EXPORT_TIMEOUT', 30_000),
  };
}

/** `key1=value1,key2=value2` with URL-encoded values (W3C baggage-like, as the OTel spec defines it). */
function parseHeaders(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of raw?.split(',') ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    try {
      out[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      out[key] = pair.slice(eq + 1).trim();
    }
  }
  return out;
}
