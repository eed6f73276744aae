/**
 * Coded event errors, each with the HTTP status the gateway answers with and a problem type. Invalid
 * events and data that violates a registered schema are the DSL's `validation` errors.
 */
import { ErrorTypes, type Problem } from '../engine/index.js';
import { problemType } from '../platform/index.js';
import type { Json } from '../shared/index.js';

export const EVENT_ERROR_CODES = {
  /** Not a CloudEvent 1.0 (missing or malformed attributes, bad extension names, wrong encoding). */
  invalid: 'WEFT_ERR_EVENT_INVALID',
  /** `data` violates the JSON Schema registered for the event's type. */
  schema: 'WEFT_ERR_EVENT_SCHEMA',
  /** A subscription, webhook or schedule definition is malformed. */
  config: 'WEFT_ERR_EVENT_CONFIG',
  /** A webhook's signature is missing or wrong. */
  signature: 'WEFT_ERR_EVENT_SIGNATURE',
  notFound: 'WEFT_ERR_EVENT_NOT_FOUND',
  /** A webhook path is taken by another workflow or function. */
  conflict: 'WEFT_ERR_EVENT_CONFLICT',
} as const;

export type EventErrorCode = (typeof EVENT_ERROR_CODES)[keyof typeof EVENT_ERROR_CODES];

const STATUS: Record<EventErrorCode, number> = {
  WEFT_ERR_EVENT_INVALID: 400,
  WEFT_ERR_EVENT_SCHEMA: 400,
  WEFT_ERR_EVENT_CONFIG: 400,
  WEFT_ERR_EVENT_SIGNATURE: 401,
  WEFT_ERR_EVENT_NOT_FOUND: 404,
  WEFT_ERR_EVENT_CONFLICT: 409,
};

export class EventError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;

  constructor(
    readonly code: EventErrorCode,
    message: string,
    readonly extra: { pointer?: string; [k: string]: Json | undefined } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EventError';
    this.status = STATUS[code];
    this.type = code === 'WEFT_ERR_EVENT_INVALID' || code === 'WEFT_ERR_EVENT_SCHEMA' ? ErrorTypes.validation : code === 'WEFT_ERR_EVENT_SIGNATURE' ? ErrorTypes.authentication : problemType(code);
    this.title = code === 'WEFT_ERR_EVENT_SIGNATURE' ? 'Invalid signature' : code === 'WEFT_ERR_EVENT_NOT_FOUND' ? 'Not found' : 'Invalid event';
  }

  /**
   * The error as a problem, the shape the engine takes from a failed effect: an `emit` the bus refuses
   * (say, data against its type's schema) faults its task as a validation error, not a communication one.
   */
  get problem(): Problem {
    const extra: Record<string, Json> = {};
    for (const [k, v] of Object.entries(this.extra)) if (v !== undefined) extra[k] = v;
    return { type: this.type, status: this.status, title: this.title, detail: this.message, code: this.code, ...extra };
  }
}

/**
 * The JSON pointer of a schema violation (ajv's first error), relative to the validated value. A missing
 * property is reported by ajv on its parent: point at the property itself.
 */
export function violationPath(e: { instancePath?: string; keyword?: string; params?: Record<string, unknown> } | undefined): string {
  const base = e?.instancePath ?? '';
  const missing = e?.keyword === 'required' ? e.params?.missingProperty : undefined;
  return typeof missing === 'string' ? `${base}/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}` : base;
}
