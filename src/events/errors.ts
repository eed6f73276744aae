/**
 * Coded event errors, each with the HTTP status the gateway answers with and a problem type. Invalid
 * events and data that violates a registered schema are the DSL's `validation` errors.
 */
import { ErrorTypes, type Problem, defineErrors, problemTypeOf } from '../contracts/index.js';
import type { Json } from '../shared/index.js';

const Event = defineErrors(
  'EventError',
  {
    /** Not a CloudEvent 1.0 (missing or malformed attributes, bad extension names, wrong encoding). */
    invalid: { code: 'WEFT_ERR_EVENT_INVALID', status: 400, title: 'Invalid event', type: ErrorTypes.validation },
    /** `data` violates the JSON Schema registered for the event's type. */
    schema: { code: 'WEFT_ERR_EVENT_SCHEMA', status: 400, title: 'Invalid event', type: ErrorTypes.validation },
    /** A subscription, webhook or schedule definition is malformed. */
    config: { code: 'WEFT_ERR_EVENT_CONFIG', status: 400, title: 'Invalid event' },
    /** A webhook's signature is missing or wrong. */
    signature: { code: 'WEFT_ERR_EVENT_SIGNATURE', status: 401, title: 'Invalid signature', type: ErrorTypes.authentication },
    notFound: { code: 'WEFT_ERR_EVENT_NOT_FOUND', status: 404, title: 'Not found' },
    /** A webhook path is taken by another workflow or function. */
    conflict: { code: 'WEFT_ERR_EVENT_CONFLICT', status: 409, title: 'Invalid event' },
  },
  { defaultType: problemTypeOf },
);

export const EVENT_ERROR_CODES = Event.codes;

export type EventErrorCode = (typeof EVENT_ERROR_CODES)[keyof typeof EVENT_ERROR_CODES];

export class EventError extends Event.Error {
  constructor(
    code: EventErrorCode,
    message: string,
    override readonly extra: { pointer?: string; [k: string]: Json | undefined } = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }

  /**
   * The error as a problem, the shape the engine takes from a failed effect: an `emit` the bus refuses
   * (say, data against its type's schema) faults its task as a validation error, not a communication one.
   */
  get problem(): Problem {
    return this.toProblem() as Problem;
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
