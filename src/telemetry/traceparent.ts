/**
 * W3C Trace Context `traceparent` values as telemetry reads and writes them, on the one codec
 * (src/shared/trace-context.ts): it reads what arrives from outside (HTTP headers from any client), so
 * it follows the spec's forward compatibility rule, and it is where telemetry makes fresh random ids
 * (the engine has no randomness).
 */
import { randomFillSync } from 'node:crypto';
import { formatTraceparent as format, parseTraceparent as parse } from '../shared/index.js';

export interface SpanIds {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  spanId: string;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * The trace and span id of a traceparent; undefined when absent or malformed (the caller then starts a
 * new trace, as the spec asks). A version above 00 is read for its first four fields and may carry more
 * after a dash; version ff is invalid.
 */
export function parseTraceparent(value: string | undefined): SpanIds | undefined {
  const c = parse(value, { anyVersion: true });
  return c && { traceId: c.traceId, spanId: c.spanId };
}

/** Weft records every span it is told about (sampling is the collector's job), so the flag is always `01`. */
export function formatTraceparent(ids: SpanIds): string {
  return format({ traceId: ids.traceId, spanId: ids.spanId, flags: '01' });
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
