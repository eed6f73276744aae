/**
 * W3C Trace Context `traceparent` values (https://www.w3.org/TR/trace-context/#traceparent-header).
 * The engine has its own pure parser for the values it writes (engine/trace-context.ts); this one also
 * reads what arrives from outside (HTTP headers from any client), so it follows the spec's forward
 * compatibility rule, and it is where telemetry makes fresh random ids (the engine has no randomness).
 */
import { randomFillSync } from 'node:crypto';

export interface SpanIds {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  spanId: string;
}

const HEX = /^[\da-f]+$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * The trace and span id of a traceparent; undefined when absent or malformed (the caller then starts a
 * new trace, as the spec asks). A version above 00 is read for its first four fields and may carry more
 * after a dash; version ff is invalid.
 */
export function parseTraceparent(value: string | undefined): SpanIds | undefined {
  if (typeof value !== 'string' || value.length < 55) return undefined;
  const version = value.slice(0, 2);
  if (version === 'ff' || !HEX.test(version)) return undefined;
  if (version === '00' ? value.length !== 55 : value.length > 55 && value[55] !== '-') return undefined;
  if (value[2] !== '-' || value[35] !== '-' || value[52] !== '-') return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  if (!HEX.test(traceId) || !HEX.test(spanId) || !HEX.test(value.slice(53, 55))) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId };
}

/** Weft records every span it is told about (sampling is the collector's job), so the flag is always `01`. */
export function formatTraceparent(ids: SpanIds): string {
  return `00-${ids.traceId}-${ids.spanId}-01`;
}

/**
 * The trace id of a well-formed version-00 traceparent, without validating the rest: for log lines,
 * where a cheap slice is enough and a wrong value costs nothing.
 */
export function traceIdOf(traceparent: unknown): string | undefined {
  return typeof traceparent === 'string' && traceparent.length >= 35 ? traceparent.slice(3, 35) : undefined;
}

/**
 * Random bytes from a pooled buffer refilled 4 KiB at a time: a `randomBytes` call costs about 2 µs here
 * (a syscall each), and every request takes a trace id and a span id.
 */
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

function randomHex(bytes: number): string {
  if (offset + bytes > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  offset += bytes;
  return POOL.toString('hex', offset - bytes, offset);
}

export function newTraceId(): string {
  return nonZero(randomHex(16), ZERO_TRACE, newTraceId);
}

export function newSpanId(): string {
  return nonZero(randomHex(8), ZERO_SPAN, newSpanId);
}

/** All-zero ids are invalid; 2^-64 is unlikely, but the retry costs nothing. */
function nonZero(id: string, zero: string, again: () => string): string {
  return id === zero ? again() : id;
}
