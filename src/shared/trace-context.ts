/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/#traceparent-header): the one `traceparent`
 * codec, and trace ids for runs without randomness or I/O (the engine stays pure): span ids are FNV-1a
 * hashes of seeds that are unique per run (the run id plus a counter or a fresh id from the Ids port).
 * A run continues its caller's trace (RunRecord.traceparent) or starts one derived from its id.
 */

export interface TraceContext {
  traceId: string;
  spanId: string;
  flags: string;
}

const HEX = /^[\da-f]+$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

export interface TraceparentOptions {
  /**
   * Also read versions above 00, as the spec asks of values from outside (HTTP headers from any client):
   * their first four fields, followed by nothing or by a dash and more. Version ff is invalid. Without
   * it only version 00 is read: the values the engine writes and keeps.
   */
  anyVersion?: boolean;
}

/** Parses a traceparent; undefined when absent, malformed or all-zero. */
export function parseTraceparent(value: string | undefined, options: TraceparentOptions = {}): TraceContext | undefined {
  if (typeof value !== 'string' || value.length < 55) return undefined;
  const version = value.slice(0, 2);
  if (version === '00' ? value.length !== 55 : !options.anyVersion || version === 'ff' || !HEX.test(version) || (value.length > 55 && value[55] !== '-')) return undefined;
  if (value[2] !== '-' || value[35] !== '-' || value[52] !== '-') return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  const flags = value.slice(53, 55);
  if (!HEX.test(traceId) || !HEX.test(spanId) || !HEX.test(flags)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, flags };
}

export function formatTraceparent(c: TraceContext): string {
  return `00-${c.traceId}-${c.spanId}-${c.flags}`;
}

/** 16 hex digits of `seed`: two 32-bit FNV-1a hashes with different offsets (cheap: no BigInt); never all zeros. */
export function hex16(seed: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < seed.length; i++) {
    const c = seed.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  const out = (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  return out === '0000000000000000' ? '0000000000000001' : out;
}

/** The trace a run belongs to: its caller's, or one of its own (a UUID run id is already 32 hex digits). */
export function runTrace(runId: string, parent: string | undefined, spanSeed: string): { span: TraceContext; parent?: TraceContext } {
  const p = parseTraceparent(parent);
  const own = runId.replace(/-/g, '').toLowerCase();
  const traceId = p?.traceId ?? (/^[\da-f]{32}$/.test(own) && !/^0+$/.test(own) ? own : hex16(`${runId}#a`) + hex16(`${runId}#b`));
  return { span: { traceId, spanId: hex16(spanSeed), flags: p?.flags ?? '01' }, ...(p ? { parent: p } : {}) };
}

/**
 * A child span of `parent` (a traceparent) whose id derives from `seed`, unique per call site (an
 * invocation id, an idempotency key plus a counter). Without a valid parent, `newTraceId()` starts a trace.
 */
export function childTraceparent(parent: string | undefined, seed: string, newTraceId: () => string): string {
  const p = parseTraceparent(parent);
  return formatTraceparent({ traceId: p?.traceId ?? newTraceId(), spanId: hex16(`${p?.spanId ?? ''}|${seed}`), flags: p?.flags ?? '01' });
}
