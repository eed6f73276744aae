/**
 * W3C Trace Context for runs without randomness or I/O (the engine stays pure): span ids are FNV-1a
 * hashes of seeds that are unique per run (the run id plus a counter or a fresh id from the Ids port).
 * A run continues its caller's trace (RunRecord.traceparent) or starts one derived from its id.
 */

export interface TraceContext {
  traceId: string;
  spanId: string;
  flags: string;
}

const TRACEPARENT = /^00-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

/** Parses a version-00 traceparent; undefined when absent, malformed or all-zero. */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const m = value ? TRACEPARENT.exec(value) : null;
  if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return undefined;
  return { traceId: m[1], spanId: m[2], flags: m[3] };
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
