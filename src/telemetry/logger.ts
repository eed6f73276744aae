/**
 * Structured logs: pino, one JSON object per line, `name: "weft"`. Every line about a request, run or
 * task carries its ids (DESIGN.md §7) so logs join traces: derive a child logger with `logContext`
 * rather than repeating the fields at each call.
 */
import { hostname } from 'node:os';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import type { SecretMask } from './secret-mask.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Minimum level; default `info`. */
  level?: Level | 'silent';
  /** Where lines go; default stdout. */
  destination?: DestinationStream;
  /** Fields on every line (besides name, pid and hostname). */
  base?: Record<string, unknown>;
  /** Masks secret values in every line before it is written (secret-mask.ts). */
  mask?: SecretMask;
}

export function createLogger(o: LoggerOptions = {}): Logger {
  const options = {
    name: 'weft',
    level: o.level ?? 'info',
    base: { pid: process.pid, hostname: hostname(), ...o.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Request objects logged by the gateway must never put credentials into log storage (DESIGN.md §6).
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
  };
  const destination = o.destination ?? (o.mask ? process.stdout : undefined);
  if (!destination) return pino(options);
  return pino(options, o.mask ? o.mask.stream(destination as { write(line: string): unknown }) : destination);
}

/** The ids a log line can carry; absent ones are left out rather than logged as null. */
export interface LogContext {
  reqId?: string;
  runId?: string;
  /** The task's JSON pointer. */
  task?: string;
  traceId?: string;
}

/** A child logger whose every line carries the given ids. */
export function logContext(logger: Logger, ctx: LogContext): Logger {
  const fields: Record<string, string> = {};
  for (const key of ['reqId', 'runId', 'task', 'traceId'] as const) {
    const v = ctx[key];
    if (v !== undefined) fields[key] = v;
  }
  return logger.child(fields);
}
